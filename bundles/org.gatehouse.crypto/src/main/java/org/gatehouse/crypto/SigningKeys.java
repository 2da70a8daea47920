package org.gatehouse.crypto;

import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The server's signing keys, one active key per algorithm, generated at first start and rotated
 * with overlap: a retired key stays published (and verifies) until the tokens it signed have
 * expired.
 */
@ProviderType
public interface SigningKeys {

    /** @return the algorithms keys exist for, e.g. {@code ES256}, {@code RS256}, {@code PS256} */
    Set<String> algorithms();

    /**
     * @return the active key for the algorithm
     * @throws IllegalArgumentException for an algorithm not in {@link #algorithms()}
     */
    SigningKey active(String algorithm);

    /** @return the public JWK set (RFC 7517) of every active and still-published retired key, as JSON */
    String jwkSetJson();

    /**
     * Verifies a JWS signature made by one of the published keys.
     *
     * @return false for an unknown or expired {@code kid}, a mismatching algorithm or a bad signature
     */
    boolean verify(String keyId, String algorithm, byte[] signingInput, byte[] signature);

    /** Makes a new active key for the algorithm and retires the current one; returns the new key id. */
    String rotate(String algorithm);

    /** @return the key with that id, if it is published */
    Optional<String> algorithmOf(String keyId);
}
