package org.gatehouse.userstore.table.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** Byte encodings that stored hashes use. */
final class Encodings {

    private static final HexFormat HEX = HexFormat.of();

    private Encodings() {}

    /** @return the password's UTF-8 bytes (what every format here hashes); the caller wipes them */
    static byte[] utf8(char[] password) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }

    /**
     * Decodes base64 in any of the spellings hash formats use: standard, URL-safe, passlib's
     * adapted alphabet ({@code .} for {@code +}), with or without padding.
     */
    static byte[] base64(String s) {
        String normalized = s.replace('.', '+').replace('-', '+').replace('_', '/');
        int end = normalized.length();
        while (end > 0 && normalized.charAt(end - 1) == '=') {
            end--;
        }
        return Base64.getDecoder().decode(normalized.substring(0, end));
    }

    static String base64NoPadding(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /** passlib's "ab64": standard base64 without padding, {@code .} instead of {@code +}. */
    static String adaptedBase64(byte[] bytes) {
        return base64NoPadding(bytes).replace('+', '.');
    }

    static byte[] hex(String s) {
        return HEX.parseHex(s.toLowerCase(java.util.Locale.ROOT));
    }

    static boolean isHex(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
