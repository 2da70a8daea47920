package org.gatehouse.userstore.table.internal;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt in the modular crypt format: {@code $2a$}, {@code $2b$} and {@code $2y$} (PHP's name for
 * {@code $2b$}), as Rails, Laravel, Spring Security and most Node and PHP applications write it.
 * BouncyCastle's OpenBSD implementation recomputes the string and compares it in constant time.
 */
final class Bcrypt implements PasswordFormat {

    /** bcrypt uses the first 72 bytes of a password; longer ones are truncated as the reference does. */
    private static final int MAX_PASSWORD_BYTES = 72;
    /** Costs above this take minutes per check: a row like that is an attack on the server, not a hash. */
    private static final int MAX_COST = 20;

    @Override
    public String name() {
        return "bcrypt";
    }

    @Override
    public boolean recognizes(StoredPassword stored) {
        String h = stored.hash();
        return h.length() == 60 && (h.startsWith("$2a$") || h.startsWith("$2b$") || h.startsWith("$2y$"));
    }

    @Override
    public boolean verify(byte[] password, StoredPassword stored) {
        int cost = Integer.parseInt(stored.hash().substring(4, 6));
        if (cost < 4 || cost > MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost out of range: " + cost);
        }
        byte[] truncated = Arrays.copyOf(password, Math.min(password.length, MAX_PASSWORD_BYTES));
        try {
            return OpenBSDBCrypt.checkPassword(stored.hash(), truncated);
        } finally {
            Arrays.fill(truncated, (byte) 0);
        }
    }

    static String hash(byte[] password, int cost, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] truncated = Arrays.copyOf(password, Math.min(password.length, MAX_PASSWORD_BYTES));
        try {
            return OpenBSDBCrypt.generate("2b", truncated, salt, cost);
        } finally {
            Arrays.fill(truncated, (byte) 0);
        }
    }

    /** @return the cost of a bcrypt string */
    static int cost(String hash) {
        return Integer.parseInt(hash.substring(4, 6));
    }
}
