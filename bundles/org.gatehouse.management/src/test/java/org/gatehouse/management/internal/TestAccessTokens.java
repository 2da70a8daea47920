package org.gatehouse.management.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.protocol.oauth2.AccessTokenVerifier;
import org.gatehouse.protocol.oauth2.VerifiedAccessToken;

/**
 * A small but real {@link AccessTokenVerifier}: opaque tokens held in memory, with expiry and
 * revocation, as introspection would answer. The OAuth 2 bundle's own verifier runs in the
 * distribution tests.
 */
final class TestAccessTokens implements AccessTokenVerifier {

    private final Map<String, VerifiedAccessToken> active = new ConcurrentHashMap<>();
    volatile Instant now = Instant.now();

    String issue(String clientId, String organizationId, Optional<UserRef> user, Set<String> scopes, Duration lifetime) {
        String token = UUID.randomUUID().toString().replace("-", "") + "." + UUID.randomUUID();
        active.put(token, new VerifiedAccessToken(UUID.randomUUID().toString(), clientId, organizationId, user, scopes, now, now.plus(lifetime)));
        return token;
    }

    /** A token a user obtained by logging in at {@code authTime}. */
    String userToken(String clientId, UserRef user, Instant authTime, String... scopes) {
        String token = UUID.randomUUID().toString().replace("-", "") + "." + UUID.randomUUID();
        active.put(token, new VerifiedAccessToken(UUID.randomUUID().toString(), clientId, OrganizationRef.ROOT_ID, Optional.of(user), Set.of(scopes),
                now, now.plus(Duration.ofMinutes(5)), Optional.of(authTime)));
        return token;
    }

    String clientToken(String clientId, String... scopes) {
        return issue(clientId, OrganizationRef.ROOT_ID, Optional.empty(), Set.of(scopes), Duration.ofMinutes(5));
    }

    void revoke(String token) {
        active.remove(token);
    }

    @Override
    public Optional<VerifiedAccessToken> verify(String accessToken) {
        VerifiedAccessToken t = active.get(accessToken);
        if (t == null || !now.isBefore(t.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(t);
    }
}
