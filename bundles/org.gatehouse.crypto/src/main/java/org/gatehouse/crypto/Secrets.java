package org.gatehouse.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * High-entropy secrets (client secrets, generated passwords, handles): generated from a strong
 * random source and, since they cannot be guessed, stored as a fast SHA-256 digest rather than a
 * slow password hash.
 */
public final class Secrets {

    /**
     * One generator per thread: a shared SecureRandom serializes every token request on its lock.
     * DRBG instances are independent and self-seeded from the operating system.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Secrets::newRandom);

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {}

    /** @return {@code bytes} random bytes, base64url-encoded without padding */
    public static String generate(int bytes) {
        if (bytes < 16) {
            throw new IllegalArgumentException("A secret needs at least 128 bits");
        }
        byte[] b = new byte[bytes];
        RANDOM.get().nextBytes(b);
        return B64URL.encodeToString(b);
    }

    /** @return the SHA-256 digest of the secret, base64url-encoded, for storage */
    public static String digest(String secret) {
        try {
            return B64URL.encodeToString(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** @return whether the secret matches a stored digest; compares in constant time */
    public static boolean matches(String secret, String storedDigest) {
        return MessageDigest.isEqual(
                digest(secret).getBytes(StandardCharsets.US_ASCII), storedDigest.getBytes(StandardCharsets.US_ASCII));
    }
}
