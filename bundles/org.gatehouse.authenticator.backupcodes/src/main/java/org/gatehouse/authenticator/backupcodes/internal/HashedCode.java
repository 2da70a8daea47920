package org.gatehouse.authenticator.backupcodes.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A backup code as stored: HMAC-SHA256 under the set's key (sealed with the credential, outside
 * the database's plain columns) over a per-code random salt and the code; sets from before keys
 * were used have SHA-256 over salt and code, and are still read.
 *
 * <p>Why the key: with it, a copy of the database alone is not enough to test guesses offline; the
 * master key that seals credential secrets is needed too.
 *
 * <p>Why a fast hash: a slow password hash exists because people choose passwords from a small,
 * guessable space. These codes are random (about 49.5 bits each, see {@link BackupCode}); online
 * guessing is bounded by account lockout long before it matters, and a per-code salt means an
 * offline attacker holding the database must search the whole space for every single code, with no
 * precomputation and no sharing of work across codes or users. A slow hash would add its full cost
 * to every check of every stored code at each login, for no gain against online guessing.
 *
 * @param salt 16 random bytes
 * @param hash HMAC-SHA256(key, salt || code), or SHA-256(salt || code) in an unkeyed (older) set
 */
record HashedCode(byte[] salt, byte[] hash) {

    static final int SALT_BYTES = 16;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    static HashedCode of(String code, byte[] key, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new HashedCode(salt, hmac(key, salt, code));
    }

    /** Compares in constant time: the response time says nothing about how much of a guess was right. */
    boolean matches(String code, Optional<byte[]> key) {
        return MessageDigest.isEqual(hash, key.isPresent() ? hmac(key.get(), salt, code) : sha256(salt, code));
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

    private static byte[] hmac(byte[] key, byte[] salt, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(salt);
            return mac.doFinal(code.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has HmacSHA256", e);
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
