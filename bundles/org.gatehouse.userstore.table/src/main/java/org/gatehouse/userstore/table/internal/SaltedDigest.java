package org.gatehouse.userstore.table.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A plain salted SHA-2 digest in a layout the configuration describes: the salt in its own column or
 * in front of the digest ({@code salt$digest}), salt before or after the password, hex or base64.
 * The salt is used as the text the table holds (its UTF-8 bytes), as the applications that write
 * such hashes do ({@code sha256($salt . $password)}).
 */
final class SaltedDigest implements PasswordFormat {

    public enum Algorithm {
        SHA_256("SHA-256"), SHA_512("SHA-512");

        final String jca;

        Algorithm(String jca) {
            this.jca = jca;
        }
    }

    public enum Encoding { HEX, BASE64 }

    public enum Order { SALT_THEN_PASSWORD, PASSWORD_THEN_SALT }

    private final SaltLocation location;
    private final Algorithm algorithm;
    private final Encoding encoding;
    private final Order order;

    SaltedDigest(SaltLocation location, Algorithm algorithm, Encoding encoding, Order order) {
        this.location = location;
        this.algorithm = algorithm;
        this.encoding = encoding;
        this.order = order;
    }

    @Override
    public String name() {
        return "salted-" + algorithm.jca.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean recognizes(StoredPassword stored) {
        return switch (location) {
            case NONE -> false;
            case COLUMN -> stored.salt() != null && !stored.salt().isEmpty();
            case PREFIX -> stored.hash().indexOf('$') > 0;
        };
    }

    @Override
    public boolean verify(byte[] password, StoredPassword stored) {
        String salt;
        String digest;
        if (location == SaltLocation.COLUMN) {
            salt = stored.salt();
            digest = stored.hash();
        } else {
            int split = stored.hash().lastIndexOf('$');
            salt = stored.hash().substring(0, split);
            digest = stored.hash().substring(split + 1);
        }
        MessageDigest md = LdapDigest.digest(algorithm.jca);
        byte[] expected = encoding == Encoding.HEX ? Encodings.hex(digest) : Encodings.base64(digest);
        if (expected.length != md.getDigestLength()) {
            throw new IllegalArgumentException("digest length does not match " + algorithm.jca);
        }
        byte[] saltBytes = salt.getBytes(StandardCharsets.UTF_8);
        if (order == Order.SALT_THEN_PASSWORD) {
            md.update(saltBytes);
            md.update(password);
        } else {
            md.update(password);
            md.update(saltBytes);
        }
        return MessageDigest.isEqual(expected, md.digest());
    }
}
