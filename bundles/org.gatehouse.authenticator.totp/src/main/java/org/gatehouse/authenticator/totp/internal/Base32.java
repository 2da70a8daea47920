package org.gatehouse.authenticator.totp.internal;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * Base 32 of RFC 4648 (section 6), without padding: the encoding of TOTP secrets in
 * {@code otpauth://} URIs and in the keys users type into authenticator apps by hand. The JDK has
 * none.
 */
final class Base32 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {}

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 0x1f));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 0x1f));
        }
        return out.toString();
    }

    /**
     * Decodes upper- or lower-case base 32; padding ({@code =}) is ignored.
     *
     * @return empty if the text holds a character outside the alphabet
     */
    static Optional<byte[]> decode(String text) {
        String normalised = text.replace("=", "").toUpperCase(Locale.ROOT);
        ByteArrayOutputStream out = new ByteArrayOutputStream(normalised.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < normalised.length(); i++) {
            int value = ALPHABET.indexOf(normalised.charAt(i));
            if (value < 0) {
                return Optional.empty();
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return Optional.of(out.toByteArray());
    }
}
