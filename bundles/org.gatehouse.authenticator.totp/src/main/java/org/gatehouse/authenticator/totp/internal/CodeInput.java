package org.gatehouse.authenticator.totp.internal;

import java.util.Optional;

/**
 * Checks a typed code before any cryptography runs: bounded length first, then ASCII digits only
 * (not {@link Character#isDigit}, which accepts other scripts' digits), of a length some TOTP could
 * have. Spaces are dropped because apps show codes as {@code 123 456} and users copy them so.
 */
final class CodeInput {

    /** Far above any code with spaces, far below anything worth processing. */
    static final int MAX_RAW_LENGTH = 20;

    private CodeInput() {}

    /** @return the code as digits only, or empty if it cannot be a TOTP code */
    static Optional<String> parse(String raw) {
        if (raw == null || raw.length() > MAX_RAW_LENGTH) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder(8);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c != ' ' && c != '\t') {
                return Optional.empty();
            }
        }
        int length = digits.length();
        return length == 6 || length == 8 ? Optional.of(digits.toString()) : Optional.empty();
    }
}
