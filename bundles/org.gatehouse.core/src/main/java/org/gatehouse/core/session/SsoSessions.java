package org.gatehouse.core.session;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.context.RequestInfo;
import org.gatehouse.api.userstore.UserRef;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The store of single sign-on sessions. Implemented by the runtime; protocols and login pages use
 * it.
 *
 * <p>The browser holds the session in the cookie {@link #COOKIE_NAME} (path {@code /}, HttpOnly,
 * SameSite=Lax, Secure whenever the server is reached over HTTPS). Its value is a high-entropy
 * secret that the store keeps only as a digest.
 */
@ProviderType
public interface SsoSessions {

    /** The name of the session cookie. */
    String COOKIE_NAME = "GH_SESSION";

    /**
     * A session just established.
     *
     * @param session the session
     * @param cookieValue the secret to set as the cookie value; returned only here
     * @param cookieMaxAge the lifetime to give the cookie (the session's absolute lifetime)
     */
    record Established(SsoSession session, String cookieValue, Duration cookieMaxAge) {}

    /**
     * Establishes a session after a successful login.
     *
     * @param replacing the session this one replaces (a re-authentication in the same browser); it
     *     ends, and the applications that joined it are carried over
     */
    Established establish(
            OrganizationRef organization,
            UserRef user,
            Set<String> amr,
            String acr,
            RequestInfo request,
            Optional<String> replacing);

    /**
     * @return the live session the cookie value belongs to (not expired, not ended, not idle for
     *     too long), after recording it as seen; empty for anything else, including malformed values
     */
    Optional<SsoSession> resolve(String cookieValue);

    /** @return the live session with that public id */
    Optional<SsoSession> find(String sessionId);

    /** @return the user's live sessions, most recent first */
    List<SsoSession> sessionsOf(OrganizationRef organization, UserRef user);

    /** Records that an application obtained tokens in the session, so that logout can reach it. */
    void join(String sessionId, String clientId);

    /**
     * Ends a session. Every {@link SsoSessionListener} hears of it (e.g. back-channel logout).
     *
     * @return whether a live session ended
     */
    boolean end(String sessionId);
}
