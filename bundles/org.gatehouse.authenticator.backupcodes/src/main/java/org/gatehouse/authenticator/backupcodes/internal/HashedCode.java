package org.gatehouse.authenticator.backupcodes.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * A backup code as stored: SHA-256 over a per-code random salt and the code.
 *
 * <p>Why a fast hash: a slow password hash exists because people choose passwords from a small,
 * guessable space. These codes are random (about 49.5 bits each, see {@link BackupCode}); online
 * guessing is bounded by account lockout long before it matters, and a per-code salt means an
 * offline attacker holding the database must search the whole space for every single code, with no
 * precomputation and no sharing of work across codes or users. A slow hash would add its full cost
 * to every check of every stored code at each login, for no gain against online guessing.
 *
 * @param salt 16 random bytes
 * @param hash SHA-256(salt || code)
 */
record HashedCode(byte[] salt, byte[] hash) {

    static final int SALT_BYTES = 16;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    static HashedCode of(String code, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new HashedCode(salt, sha256(salt, code));
    }

    /** Compares in constant time: the response time says nothing about how much of a guess was right. */
    boolean matches(String code) {
        return MessageDigest.isEqual(hash, sha256(salt, code));
    }

    /** @return {@code salt.hash}, both base64url */
    String encoded() {
        return ENCODER.encodeToString(salt) + "." + ENCODER.encodeToString(hash);
    }

    /** @return the stored form read back, or empty if it is malformed */
    static Optional<HashedCode> parse(String encoded) {
        int dot = encoded.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            byte[] salt = DECODER.decode(encoded.substring(0, dot));
            byte[] hash = DECODER.decode(encoded.substring(dot + 1));
            return salt.length == SALT_BYTES && hash.length == 32 ? Optional.of(new HashedCode(salt, hash)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] sha256(byte[] salt, String code) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(code.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
