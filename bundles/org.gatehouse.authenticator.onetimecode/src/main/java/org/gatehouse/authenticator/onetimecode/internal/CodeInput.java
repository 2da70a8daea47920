package org.gatehouse.authenticator.onetimecode.internal;

import java.util.Optional;

/**
 * Checks a typed code before any cryptography runs: bounded length first, then ASCII digits only
 * (not {@link Character#isDigit}, which accepts other scripts' digits). Spaces and dashes are
 * dropped because people copy codes as {@code 123 456} or {@code 123-456}.
 */
public final class CodeInput {

    public static final int MAX_RAW_LENGTH = 32;

    private CodeInput() {}

    /** @return the digits, if the input is a code of the expected length */
    public static Optional<String> parse(String raw, int length) {
        if (raw == null || raw.length() > MAX_RAW_LENGTH) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder(length);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c != ' ' && c != '-' && c != '\t') {
                return Optional.empty();
            }
        }
        return digits.length() == length ? Optional.of(digits.toString()) : Optional.empty();
    }
}
