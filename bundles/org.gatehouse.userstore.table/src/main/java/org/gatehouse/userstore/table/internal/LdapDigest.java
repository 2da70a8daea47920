package org.gatehouse.userstore.table.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The LDAP-style digests applications copied from directories: salted {@code {SSHA}},
 * {@code {SSHA256}}, {@code {SSHA512}} (base64 of digest then salt), and, only as a legacy opt-in,
 * unsalted {@code {SHA}} and {@code {MD5}}.
 */
final class LdapDigest implements PasswordFormat {

    private final boolean acceptUnsalted;

    LdapDigest(boolean acceptUnsalted) {
        this.acceptUnsalted = acceptUnsalted;
    }

    @Override
    public String name() {
        return "ldap-digest";
    }

    @Override
    public boolean recognizes(StoredPassword stored) {
        String scheme = scheme(stored.hash());
        return scheme != null && switch (scheme) {
            case "SSHA", "SSHA256", "SSHA512" -> true;
            case "SHA", "MD5" -> acceptUnsalted;
            default -> false;
        };
    }

    @Override
    public boolean verify(byte[] password, StoredPassword stored) {
        String scheme = scheme(stored.hash());
        byte[] decoded = Encodings.base64(stored.hash().substring(scheme.length() + 2));
        String algorithm = switch (scheme) {
            case "SSHA", "SHA" -> "SHA-1";
            case "SSHA256" -> "SHA-256";
            case "SSHA512" -> "SHA-512";
            case "MD5" -> "MD5";
            default -> throw new IllegalArgumentException("unsupported scheme");
        };
        MessageDigest md = digest(algorithm);
        int length = md.getDigestLength();
        boolean salted = scheme.startsWith("SS");
        if (salted ? decoded.length <= length : decoded.length != length) {
            throw new IllegalArgumentException("digest length does not match " + scheme);
        }
        md.update(password);
        if (salted) {
            md.update(decoded, length, decoded.length - length);
        }
        return MessageDigest.isEqual(Arrays.copyOf(decoded, length), md.digest());
    }

    private static String scheme(String hash) {
        if (!hash.startsWith("{")) {
            return null;
        }
        int end = hash.indexOf('}');
        return end < 2 ? null : hash.substring(1, end).toUpperCase(Locale.ROOT);
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
