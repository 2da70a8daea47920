package org.gatehouse.authenticator.onetimecode.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes codes and their hashes. Only the hash goes into the persisted step state: an HMAC-SHA256
 * keyed with a fresh random salt over the user and the code, so equal codes never hash alike and a
 * state copied into another user's login does not verify.
 *
 * <p>A salt kept beside the hash does not stop someone who can read the flow table from trying all
 * 10^6 codes; the code's short life and the attempt limit bound that risk (a server-side pepper
 * would remove it, but the published API offers no key for it).
 */
public final class OneTimeCodes {

    private static final String MAC = "HmacSHA256";
    private static final int SALT_BYTES = 16;

    private final SecureRandom random;

    public OneTimeCodes(SecureRandom random) {
        this.random = random;
    }

    /** @return {@code length} uniformly random decimal digits */
    public String generate(int length) {
        char[] digits = new char[length];
        for (int i = 0; i < length; i++) {
            digits[i] = (char) ('0' + random.nextInt(10));
        }
        return new String(digits);
    }

    public String newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return Base64.getEncoder().encodeToString(salt);
    }

    public String hash(String salt, String subject, String code) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(salt), MAC));
            mac.update(subject.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            // every Java platform must provide HmacSHA256
            throw new IllegalStateException(e);
        }
    }

    /** Compares in constant time, so response times tell nothing about how close a guess was. */
    public boolean matches(String salt, String subject, String code, String expectedHash) {
        byte[] actual = hash(salt, subject, code).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(actual, expectedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
