package org.gatehouse.protocol.oauth2.internal;

import java.time.Clock;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.application.Applications;
import org.gatehouse.core.session.SsoSession;
import org.gatehouse.core.session.SsoSessionListener;
import org.gatehouse.crypto.SigningKeys;
import org.gatehouse.persistence.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Turns an ended SSO session into revoked grants and back-channel logout tokens. Separate from
 * {@link OAuth2Server} because the session store binds its listeners eagerly while the server needs
 * the session store: one component would be a service cycle.
 */
@Component(service = SsoSessionListener.class, configurationPid = OAuth2Configuration.PID)
public final class SessionEndListener implements SsoSessionListener {

    private final BackChannelLogout backChannel;

    @Activate
    public SessionEndListener(OAuth2Configuration config, @Reference Database database, @Reference SigningKeys keys,
            @Reference Applications applications, @Reference ServerInfo server) {
        Json json = new Json();
        Jwts jwts = new Jwts(keys, json);
        OAuth2Server.Context context = new OAuth2Server.Context(config, server, Clock.systemUTC(), jwts);
        this.backChannel = new BackChannelLogout(applications, new OAuthStore(database.dataSource()), jwts, context);
    }

    @Override
    public void sessionEnded(SsoSession session) {
        backChannel.sessionEnded(session);
    }
}
