package org.gatehouse.userstore.table.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * PBKDF2 in the two spellings applications use:
 * <ul>
 *   <li>Django: {@code pbkdf2_sha256$<iterations>$<salt>$<base64 hash>} (also {@code pbkdf2_sha1}),
 *       the salt used as its UTF-8 text;</li>
 *   <li>PHC / passlib: {@code $pbkdf2-sha256$<rounds>$<salt>$<hash>} (also {@code -sha512} and
 *       {@code $pbkdf2$} for SHA-1), salt and hash in base64; Gatehouse's own {@code i=<rounds>}
 *       spelling is read too.</li>
 * </ul>
 */
final class Pbkdf2 implements PasswordFormat {

    static final int NEW_ITERATIONS = 600_000;
    /** Ten million rounds take seconds: beyond that a row is an attack on the server. */
    private static final int MAX_ITERATIONS = 10_000_000;

    @Override
    public String name() {
        return "pbkdf2";
    }

    @Override
    public boolean recognizes(StoredPassword stored) {
        String h = stored.hash();
        return h.startsWith("pbkdf2_sha256$") || h.startsWith("pbkdf2_sha1$")
                || h.startsWith("$pbkdf2-sha256$") || h.startsWith("$pbkdf2-sha512$") || h.startsWith("$pbkdf2$");
    }

    @Override
    public boolean verify(byte[] password, StoredPassword stored) {
        String h = stored.hash();
        if (h.startsWith("pbkdf2_")) {
            String[] parts = h.split("\\$", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("Django PBKDF2 has four fields");
            }
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return matches(digest(parts[0].substring("pbkdf2_".length())), iterations(parts[1]),
                    parts[2].getBytes(StandardCharsets.UTF_8), password, expected);
        }
        String[] parts = h.split("\\$", -1);
        if (parts.length != 5 || !parts[0].isEmpty()) {
            throw new IllegalArgumentException("PHC PBKDF2 has four fields");
        }
        String algorithm = parts[1].equals("pbkdf2") ? "sha1" : parts[1].substring("pbkdf2-".length());
        String rounds = parts[2].startsWith("i=") ? parts[2].substring(2) : parts[2];
        return matches(digest(algorithm), iterations(rounds), Encodings.base64(parts[3]), password, Encodings.base64(parts[4]));
    }

    private static boolean matches(Digest digest, int iterations, byte[] salt, byte[] password, byte[] expected) {
        if (expected.length < 16 || expected.length > 128) {
            throw new IllegalArgumentException("PBKDF2 hash length out of range");
        }
        return MessageDigest.isEqual(expected, derive(digest, iterations, salt, password, expected.length));
    }

    /**
     * PBKDF2 (RFC 8018) over the JDK's HMAC, which is several times faster here than BouncyCastle's
     * pure-Java digests: 600,000 rounds are a login's whole budget. BouncyCastle only for the empty
     * password, which the JDK refuses as an HMAC key.
     */
    private static byte[] derive(Digest digest, int iterations, byte[] salt, byte[] password, int length) {
        if (password.length == 0) {
            PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digest);
            generator.init(password, salt, iterations);
            return ((KeyParameter) generator.generateDerivedParameters(length * 8)).getKey();
        }
        String algorithm = switch (digest.getAlgorithmName()) {
            case "SHA-1" -> "HmacSHA1";
            case "SHA-256" -> "HmacSHA256";
            default -> "HmacSHA512";
        };
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(password, algorithm));
            int hLen = mac.getMacLength();
            byte[] out = new byte[length];
            byte[] u = new byte[hLen];
            byte[] t = new byte[hLen];
            for (int block = 1, offset = 0; offset < length; block++, offset += hLen) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
                mac.doFinal(u, 0);
                System.arraycopy(u, 0, t, 0, hLen);
                for (int i = 1; i < iterations; i++) {
                    mac.update(u);
                    mac.doFinal(u, 0);
                    for (int j = 0; j < hLen; j++) {
                        t[j] ^= u[j];
                    }
                }
                System.arraycopy(t, 0, out, offset, Math.min(hLen, length - offset));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    private static int iterations(String s) {
        int n = Integer.parseInt(s);
        if (n < 1 || n > MAX_ITERATIONS) {
            throw new IllegalArgumentException("PBKDF2 iterations out of range: " + n);
        }
        return n;
    }

    private static Digest digest(String name) {
        return switch (name) {
            case "sha1" -> new SHA1Digest();
            case "sha256" -> new SHA256Digest();
            case "sha512" -> new SHA512Digest();
            default -> throw new IllegalArgumentException("Unsupported PBKDF2 digest: " + name);
        };
    }

    /** Django's format; the salt is 22 characters from its own alphabet, as Django makes them. */
    static String django(byte[] password, SecureRandom random) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder salt = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            salt.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        byte[] h = derive(new SHA256Digest(), NEW_ITERATIONS, salt.toString().getBytes(StandardCharsets.UTF_8), password, 32);
        return "pbkdf2_sha256$" + NEW_ITERATIONS + "$" + salt + "$" + Base64.getEncoder().encodeToString(h);
    }

    /** passlib's {@code $pbkdf2-sha256$} format. */
    static String phc(byte[] password, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] h = derive(new SHA256Digest(), NEW_ITERATIONS, salt, password, 32);
        return "$pbkdf2-sha256$" + NEW_ITERATIONS + "$" + Encodings.adaptedBase64(salt) + "$" + Encodings.adaptedBase64(h);
    }
}
