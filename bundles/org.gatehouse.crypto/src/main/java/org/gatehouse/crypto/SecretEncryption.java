package org.gatehouse.crypto;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Encrypts secrets for storage (private keys, connector secrets) under the server's master key,
 * which lives outside the database: a database dump alone reveals none of them.
 *
 * <p>Each value is sealed with AES-256-GCM and bound to a context string (e.g. the table and row
 * it belongs to), so a sealed value copied to another row does not decrypt there.
 */
@ProviderType
public interface SecretEncryption {

    /** @return the sealed value, a printable string that names its format version */
    String seal(byte[] plaintext, String context);

    /**
     * @throws IllegalArgumentException when the value was tampered with, sealed for another context
     *     or under another master key
     */
    byte[] open(String sealed, String context);
}
