package org.gatehouse.userstore.table.internal;

import java.security.MessageDigest;

/**
 * Unsalted MD5, SHA-1 and SHA-256 hex digests, told apart by length. Only with the explicit legacy
 * opt-in: such hashes fall to a lookup table, so they are accepted to migrate away from, not to keep.
 */
final class UnsaltedDigest implements PasswordFormat {

    @Override
    public String name() {
        return "unsalted-legacy";
    }

    @Override
    public boolean recognizes(StoredPassword stored) {
        String h = stored.hash();
        return Encodings.isHex(h, 32) || Encodings.isHex(h, 40) || Encodings.isHex(h, 64);
    }

    @Override
    public boolean verify(byte[] password, StoredPassword stored) {
        String h = stored.hash();
        String algorithm = switch (h.length()) {
            case 32 -> "MD5";
            case 40 -> "SHA-1";
            default -> "SHA-256";
        };
        return MessageDigest.isEqual(Encodings.hex(h), LdapDigest.digest(algorithm).digest(password));
    }
}
