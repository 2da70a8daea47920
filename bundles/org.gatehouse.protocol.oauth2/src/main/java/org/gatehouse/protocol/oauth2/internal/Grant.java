package org.gatehouse.protocol.oauth2.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.userstore.UserRef;

/**
 * What a user authorized an application to do (or, without a user, what a client obtained on its
 * own behalf). Codes, refresh tokens and access tokens descend from it; revoking it revokes them all.
 */
record Grant(
        String id,
        String organizationId,
        String clientId,
        Optional<UserRef> user,
        Set<String> scopes,
        Optional<String> sessionId,
        Optional<Instant> authTime,
        Set<String> amr,
        String acr,
        Optional<String> claimsRequest,
        Instant created,
        Instant expires,
        Optional<Instant> revoked) {

    Grant {
        scopes = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(scopes));
        amr = Set.copyOf(amr);
    }

    boolean activeAt(Instant now) {
        return revoked.isEmpty() && now.isBefore(expires);
    }
}
