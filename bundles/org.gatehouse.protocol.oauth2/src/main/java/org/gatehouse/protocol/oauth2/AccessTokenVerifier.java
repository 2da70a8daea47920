package org.gatehouse.protocol.oauth2;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Verifies bearer access tokens issued by this server, JWT or opaque, as introspection would
 * (RFC 7662) but in process. Cheap for JWT access tokens: a signature check and one indexed lookup
 * for revocation.
 */
@ProviderType
public interface AccessTokenVerifier {
    /** @return the token when it is active; empty for anything else, never an exception */
    Optional<VerifiedAccessToken> verify(String accessToken);
}
