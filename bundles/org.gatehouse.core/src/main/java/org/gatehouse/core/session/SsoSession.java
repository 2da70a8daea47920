package org.gatehouse.core.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.gatehouse.api.userstore.UserRef;

/**
 * A browser's single sign-on session: who logged in, when and how.
 *
 * @param id the public session identifier (OpenID Connect {@code sid}); not the cookie value, which
 *     is a separate secret only the browser holds
 * @param organizationId the organization the user logged in to
 * @param user the user
 * @param authTime when the user last actively authenticated (OpenID Connect {@code auth_time})
 * @param amr the authentication methods used (RFC 8176)
 * @param acr the authentication context class reached, or an empty string
 * @param created when the session began
 * @param lastSeen when the session was last used (idle timeout counts from here)
 * @param expires when the session ends at the latest (absolute lifetime)
 * @param clients the OAuth clients / applications that obtained tokens in this session (for logout)
 */
public record SsoSession(
        String id,
        String organizationId,
        UserRef user,
        Instant authTime,
        Set<String> amr,
        String acr,
        Instant created,
        Instant lastSeen,
        Instant expires,
        Set<String> clients) {

    public SsoSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(authTime, "authTime");
        amr = Set.copyOf(amr);
        acr = acr == null ? "" : acr;
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(expires, "expires");
        clients = Set.copyOf(clients);
    }
}
