package org.gatehouse.crypto;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Hashes and verifies passwords. Hashes are self-describing strings in the PHC format, e.g.
 * {@code $pbkdf2-sha256$i=600000$<salt>$<hash>}, so the work factor can be raised without
 * invalidating stored hashes: {@link #needsRehash} tells when a stored hash should be replaced
 * after the next successful login.
 */
@ProviderType
public interface PasswordHasher {

    /** @return a new salted hash of the password at the current parameters */
    String hash(char[] password);

    /** @return whether the password matches the encoded hash; compares in constant time */
    boolean verify(char[] password, String encodedHash);

    /** @return whether the hash was made with other parameters than the current ones */
    boolean needsRehash(String encodedHash);

    /**
     * Spends the time of one verification without a stored hash, so an unknown username takes as
     * long to reject as a wrong password.
     */
    void verifyNothing(char[] password);
}
