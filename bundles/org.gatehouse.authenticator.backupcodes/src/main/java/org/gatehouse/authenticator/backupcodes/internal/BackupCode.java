package org.gatehouse.authenticator.backupcodes.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a backup code looks like: ten characters from an alphabet without look-alikes (no 0/o,
 * 1/l/i), shown as {@code xxxxx-xxxxx}. Ten of 31 symbols are about 49.5 bits from {@link
 * SecureRandom}: far beyond what online guessing under account lockout can reach.
 */
final class BackupCode {

    static final String ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
    static final int LENGTH = 10;

    /** Room for a code typed with spaces and dashes; anything longer is refused unread. */
    static final int MAX_RAW_LENGTH = 24;

    private BackupCode() {}

    /** @return {@code count} fresh codes in their normalised form */
    static List<String> generate(SecureRandom random, int count) {
        List<String> codes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder code = new StringBuilder(LENGTH);
            for (int j = 0; j < LENGTH; j++) {
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** @return the code as users see it, {@code xxxxx-xxxxx} */
    static String grouped(String code) {
        return code.substring(0, LENGTH / 2) + "-" + code.substring(LENGTH / 2);
    }

    /**
     * Normalises a typed code: spaces and dashes go, upper case is folded (ASCII only, so no
     * look-alike from another script slips through), and the result must be a code of the alphabet.
     *
     * @return the normalised code, or empty if the input cannot be one
     */
    static Optional<String> normalise(String raw) {
        if (raw == null || raw.length() > MAX_RAW_LENGTH) {
            return Optional.empty();
        }
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ' ' || c == '\t' || c == '-') {
                continue;
            }
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (ALPHABET.indexOf(lower) < 0) {
                return Optional.empty();
            }
            code.append(lower);
        }
        return code.length() == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }
}
