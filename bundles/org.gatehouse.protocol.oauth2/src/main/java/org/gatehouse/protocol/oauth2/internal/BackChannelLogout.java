package org.gatehouse.protocol.oauth2.internal;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gatehouse.application.Application;
import org.gatehouse.application.Applications;
import org.gatehouse.core.session.SsoSession;
import org.gatehouse.crypto.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a session ends: revokes the grants bound to it (all but offline access) and sends an OpenID
 * Connect Back-Channel Logout token to every application of the session that registered a {@code
 * backchannel_logout_uri}. Deliveries are asynchronous and bounded; failures are logged.
 */
final class BackChannelLogout {

    private static final Logger LOG = LoggerFactory.getLogger(BackChannelLogout.class);
    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private final Applications applications;
    private final OAuthStore store;
    private final Jwts jwts;
    private final OAuth2Server.Context context;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NEVER).build();

    BackChannelLogout(Applications applications, OAuthStore store, Jwts jwts, OAuth2Server.Context context) {
        this.applications = applications;
        this.store = store;
        this.jwts = jwts;
        this.context = context;
    }

    void sessionEnded(SsoSession session) {
        Instant now = context.now();
        for (String grant : store.grantsOfSession(session.id())) {
            store.revokeGrant(grant, now);
        }
        for (String clientId : session.clients()) {
            applications.findByClientId(clientId).filter(a -> a.metadata().backchannelLogoutUri().isPresent())
                    .ifPresent(a -> send(a, session, now));
        }
    }

    private void send(Application app, SsoSession session, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", context.issuer());
        claims.put("sub", Subjects.of(session.user()));
        claims.put("aud", app.clientId());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 120);
        claims.put("jti", Secrets.generate(16));
        claims.put("sid", session.id());
        claims.put("events", Map.of(EVENT, Map.of()));
        String token = jwts.sign(claims, app.metadata().idTokenSignedResponseAlg(), "logout+jwt");
        HttpRequest request = HttpRequest.newBuilder(app.metadata().backchannelLogoutUri().get())
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + URLEncoder.encode(token, StandardCharsets.US_ASCII)))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null) {
                LOG.warn("Back-channel logout to {} failed: {}", app.clientId(), failure.toString());
            } else if (response.statusCode() != 200 && response.statusCode() != 204) {
                LOG.warn("Back-channel logout to {} answered {}", app.clientId(), response.statusCode());
            }
        });
    }
}
