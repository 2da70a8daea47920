package org.gatehouse.management.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Credentials of an HTTP Basic {@code Authorization} header (RFC 7617), decoded as UTF-8. The
 * password stays a char array so the caller can wipe it.
 */
final class BasicCredentials {

    private static final int MAX_HEADER = 8 * 1024;

    private final String username;
    private final char[] password;

    private BasicCredentials(String username, char[] password) {
        this.username = username;
        this.password = password;
    }

    String username() {
        return username;
    }

    char[] password() {
        return password;
    }

    void wipe() {
        Arrays.fill(password, '\0');
    }

    /** @return the credentials, or empty when the header is absent, of another scheme or malformed */
    static Optional<BasicCredentials> parse(String header) {
        if (header == null || header.length() > MAX_HEADER) {
            return Optional.empty();
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Basic")) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value.substring(space + 1).strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        char[] chars;
        try {
            CharBuffer buffer = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded));
            chars = new char[buffer.remaining()];
            buffer.get(chars);
            if (buffer.hasArray()) {
                Arrays.fill(buffer.array(), '\0');
            }
        } catch (CharacterCodingException e) {
            return Optional.empty();
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
        int colon = -1;
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            Arrays.fill(chars, '\0');
            return Optional.empty();
        }
        String username = new String(chars, 0, colon);
        char[] password = Arrays.copyOfRange(chars, colon + 1, chars.length);
        Arrays.fill(chars, '\0');
        for (int i = 0; i < username.length(); i++) {
            if (Character.isISOControl(username.charAt(i))) {
                Arrays.fill(password, '\0');
                return Optional.empty();
            }
        }
        return Optional.of(new BasicCredentials(username, password));
    }
}
