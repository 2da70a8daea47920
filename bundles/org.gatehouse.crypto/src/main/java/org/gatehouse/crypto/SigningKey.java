package org.gatehouse.crypto;

import org.osgi.annotation.versioning.ProviderType;

/** A private signing key, held by the runtime; callers get signatures, never the key. */
@ProviderType
public interface SigningKey {

    /** @return the JWK {@code kid} published in the JWK set */
    String keyId();

    /** @return the JWS algorithm, e.g. {@code ES256} or {@code RS256} */
    String algorithm();

    /**
     * Signs a JWS signing input ({@code BASE64URL(header) '.' BASE64URL(payload)}).
     *
     * @return the signature in JWS form (for ECDSA the fixed-length R || S concatenation)
     */
    byte[] sign(byte[] signingInput);
}
