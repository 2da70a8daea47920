package org.gatehouse.protocol.oauth2;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.userstore.UserRef;

/**
 * An access token that is active: well-formed, issued by this server, not expired, not revoked,
 * and its application still exists.
 *
 * @param tokenId the token's identifier ({@code jti})
 * @param clientId the application it was issued to
 * @param organizationId the organization of that application
 * @param user the user it acts for; empty for a client-credentials token
 * @param scopes the scopes granted
 * @param issuedAt when it was issued
 * @param expiresAt when it expires
 */
public record VerifiedAccessToken(
        String tokenId,
        String clientId,
        String organizationId,
        Optional<UserRef> user,
        Set<String> scopes,
        Instant issuedAt,
        Instant expiresAt,
        Optional<Instant> authTime) {

    public VerifiedAccessToken {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(organizationId, "organizationId");
        user = user == null ? Optional.empty() : user;
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        authTime = authTime == null ? Optional.empty() : authTime;
    }

    /** A token without a known authentication time (client credentials). */
    public VerifiedAccessToken(String tokenId, String clientId, String organizationId, Optional<UserRef> user, Set<String> scopes, Instant issuedAt,
            Instant expiresAt) {
        this(tokenId, clientId, organizationId, user, scopes, issuedAt, expiresAt, Optional.empty());
    }

    /** @return whether the token carries the scope */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }
}
