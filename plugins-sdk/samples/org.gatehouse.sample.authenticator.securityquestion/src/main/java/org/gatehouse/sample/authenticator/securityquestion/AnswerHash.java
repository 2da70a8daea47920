package org.gatehouse.sample.authenticator.securityquestion;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * An answer as it is stored: PBKDF2-HMAC-SHA256 (from the JDK) of the normalised answer with a
 * random 16-byte salt, never the answer itself. Answers are short and guessable, so the hash is
 * deliberately slow; the iteration count travels with each hash so it can be raised later.
 *
 * @param question the id of the question the answer belongs to
 */
record AnswerHash(String question, byte[] salt, byte[] hash, int iterations) {

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    static final int DEFAULT_ITERATIONS = 600_000;
    static final int MIN_ITERATIONS = 100_000;
    static final String QUESTION = "question";
    static final String SALT = "salt";
    static final String HASH = "hash";
    static final String ITERATIONS = "iterations";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    /**
     * Case and spacing do not count: "  Rex ", "rex" and "REX" are one answer. Unicode
     * compatibility forms are folded too (NFKC), so a full-width or ligature spelling matches.
     */
    static String normalise(String answer) {
        return Normalizer.normalize(answer, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static AnswerHash create(String question, String answer, int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        int rounds = Math.max(MIN_ITERATIONS, iterations);
        return new AnswerHash(question, salt, derive(normalise(answer), salt, rounds), rounds);
    }

    /** Compares in constant time: both sides are hashes of the same length. */
    boolean matches(String answer) {
        return MessageDigest.isEqual(hash, derive(normalise(answer), salt, iterations));
    }

    Map<String, String> data() {
        Base64.Encoder b64 = Base64.getEncoder();
        return Map.of(QUESTION, question, SALT, b64.encodeToString(salt), HASH, b64.encodeToString(hash), ITERATIONS, Integer.toString(iterations));
    }

    /** @return the stored hash, or empty when the data is not one (damaged, or another authenticator's) */
    static Optional<AnswerHash> read(Map<String, String> data) {
        try {
            String question = data.get(QUESTION);
            byte[] salt = Base64.getDecoder().decode(data.getOrDefault(SALT, ""));
            byte[] hash = Base64.getDecoder().decode(data.getOrDefault(HASH, ""));
            int iterations = Integer.parseInt(data.getOrDefault(ITERATIONS, Integer.toString(DEFAULT_ITERATIONS)));
            if (question == null || question.isBlank() || salt.length == 0 || hash.length * 8 != HASH_BITS || iterations < 1) {
                return Optional.empty();
            }
            return Optional.of(new AnswerHash(question, salt, hash, iterations));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] derive(String normalised, byte[] salt, int iterations) {
        char[] chars = normalised.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public String toString() {
        return "AnswerHash[question=" + question + ", iterations=" + iterations + "]";
    }
}
