package org.gatehouse.core.session;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears of sessions that ended (logout, re-authentication as someone else, administrator action),
 * for example to send back-channel logout tokens. Called asynchronously after the end is stored; a
 * slow or failing listener never delays the logout.
 */
@ConsumerType
public interface SsoSessionListener {
    void sessionEnded(SsoSession session);
}
