package org.gatehouse.authenticator.totp.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TOTP function of RFC 6238 for one set of parameters: HOTP (RFC 4226) over the number of
 * {@code period}-second steps since the Unix epoch (T0 = 0).
 *
 * @param algorithm the HMAC
 * @param digits the code length, 6 or 8
 * @param periodSeconds the length of a time step
 */
record Totp(HashAlgorithm algorithm, int digits, int periodSeconds) {

    /** Every authenticator app supports 30 s; most ignore any other value, so it is not configurable. */
    static final int DEFAULT_PERIOD = 30;

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    Totp {
        Objects.requireNonNull(algorithm, "algorithm");
        if (digits != 6 && digits != 8) {
            throw new IllegalArgumentException("A TOTP code has 6 or 8 digits, not " + digits);
        }
        if (periodSeconds < 1) {
            throw new IllegalArgumentException("A TOTP time step is at least one second, not " + periodSeconds);
        }
    }

    /** @return the time step that contains the instant */
    long step(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), periodSeconds);
    }

    /** @return the code for one time step, left-padded with zeros to {@link #digits} */
    String code(byte[] secret, long step) {
        return code(mac(secret), step);
    }

    /**
     * Looks for the code among the steps {@code from..to} (inclusive). Every step of the window is
     * computed and compared in constant time, match or not, so the response time says nothing about
     * which step (if any) matched.
     *
     * @param code the code as typed, already checked to be {@link #digits} ASCII digits
     * @param notAfter steps at or before this one are spent (a replay); they never match
     * @return the earliest unspent step in the window whose code is {@code code}
     */
    OptionalLong matchingStep(byte[] secret, String code, long from, long to, long notAfter) {
        Mac mac = mac(secret);
        byte[] typed = code.getBytes(StandardCharsets.US_ASCII);
        long match = -1;
        for (long step = Math.max(from, 0); step <= to; step++) {
            boolean equal = MessageDigest.isEqual(typed, code(mac, step).getBytes(StandardCharsets.US_ASCII));
            if (equal && step > notAfter && match < 0) {
                match = step;
            }
        }
        return match < 0 ? OptionalLong.empty() : OptionalLong.of(match);
    }

    private String code(Mac mac, long step) {
        byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        // RFC 4226 section 5.3, dynamic truncation
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        String value = Integer.toString(binary % POWERS_OF_TEN[digits]);
        return "0".repeat(digits - value.length()) + value;
    }

    private Mac mac(byte[] secret) {
        try {
            Mac mac = Mac.getInstance(algorithm.macName());
            mac.init(new SecretKeySpec(secret, algorithm.macName()));
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("Unusable TOTP secret", e);
        } catch (GeneralSecurityException e) {
            // every Java SE runtime must provide HmacSHA1 and HmacSHA256; HmacSHA512 is in every JDK
            throw new IllegalStateException(algorithm.macName() + " is not available", e);
        }
    }
}
