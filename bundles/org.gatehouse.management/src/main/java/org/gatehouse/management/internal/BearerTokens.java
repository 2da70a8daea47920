package org.gatehouse.management.internal;

import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.userstore.UserRef;

/**
 * Verifies bearer access tokens for the management API. A seam of this bundle's own: the OAuth 2
 * verifier's package is an optional import, so only {@link OAuthBearerTokens} names it.
 */
interface BearerTokens {

    /**
     * An active access token.
     *
     * @param clientId the application it was issued to
     * @param organizationId the organization of that application
     * @param user the user it acts for; empty for a client-credentials token
     * @param scopes the scopes granted
     * @param authTime when the user last actively authenticated, for a token that acts for a user
     */
    record Token(String clientId, String organizationId, Optional<UserRef> user, Set<String> scopes, Optional<java.time.Instant> authTime) {
        Token(String clientId, String organizationId, Optional<UserRef> user, Set<String> scopes) {
            this(clientId, organizationId, user, scopes, Optional.empty());
        }
    }

    /** @return the token when it is active, else empty */
    Optional<Token> verify(String accessToken);
}
