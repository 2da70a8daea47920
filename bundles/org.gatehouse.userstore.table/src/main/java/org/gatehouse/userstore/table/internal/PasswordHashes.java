package org.gatehouse.userstore.table.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every password format a store accepts, in the order they are recognized: the self-describing
 * formats first (bcrypt, argon2, PBKDF2, LDAP-style), then the configured salted layout, then, only
 * with the legacy opt-in, unsalted hex digests. Also makes the hashes a read-write store writes.
 */
final class PasswordHashes {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordHashes.class);

    /** Spring Security's DelegatingPasswordEncoder prefixes hashes with their encoder's id. */
    private static final List<String> SPRING_PREFIXES = List.of("{bcrypt}", "{argon2}", "{argon2@SpringSecurity_v5_8}");

    /** The result of a check; {@code format} names the format for logs, empty when none was recognized. */
    record Verification(boolean valid, Optional<String> format, boolean needsRehash) {}

    private final List<PasswordFormat> formats;
    private final NewHashFormat newFormat;
    private final int bcryptCost;
    private final boolean rehashOnLogin;
    private final SecureRandom random = new SecureRandom();
    private final Supplier<String> dummy;

    PasswordHashes(SaltLocation saltLocation, SaltedDigest.Algorithm algorithm, SaltedDigest.Encoding encoding, SaltedDigest.Order order,
            boolean legacyUnsalted, NewHashFormat newFormat, int bcryptCost, boolean rehashOnLogin) {
        List<PasswordFormat> list = new ArrayList<>(List.of(new Bcrypt(), new Argon2(), new Pbkdf2(), new LdapDigest(legacyUnsalted)));
        if (saltLocation != SaltLocation.NONE) {
            list.add(new SaltedDigest(saltLocation, algorithm, encoding, order));
        }
        if (legacyUnsalted) {
            list.add(new UnsaltedDigest());
        }
        this.formats = List.copyOf(list);
        this.newFormat = newFormat;
        this.bcryptCost = bcryptCost;
        this.rehashOnLogin = rehashOnLogin;
        this.dummy = memoize(() -> hash("not a password, just the cost of one".toCharArray()));
    }

    Verification verify(char[] password, StoredPassword stored) {
        StoredPassword normalized = withoutSpringPrefix(stored);
        byte[] bytes = Encodings.utf8(password);
        try {
            for (PasswordFormat f : formats) {
                if (f.recognizes(normalized)) {
                    boolean valid;
                    try {
                        valid = f.verify(bytes, normalized);
                    } catch (RuntimeException e) {
                        // a malformed row must not tell the caller more than a wrong password would
                        LOG.warn("A stored {} hash is malformed or out of range: {}", f.name(), e.getMessage());
                        valid = false;
                    }
                    return new Verification(valid, Optional.of(f.name()), valid && rehashOnLogin && !isCurrent(normalized.hash()));
                }
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        // unrecognized (e.g. plain text, or unsalted legacy digests without the opt-in): spend the time anyway
        verifyNothing(password);
        return new Verification(false, Optional.empty(), false);
    }

    /** Spends about the time of one check with a hash in the format of new hashes. */
    void verifyNothing(char[] password) {
        byte[] bytes = Encodings.utf8(password);
        try {
            StoredPassword d = new StoredPassword(dummy.get(), null);
            for (PasswordFormat f : formats) {
                if (f.recognizes(d)) {
                    f.verify(bytes, d);
                    return;
                }
            }
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** @return a new hash in the configured format */
    String hash(char[] password) {
        byte[] bytes = Encodings.utf8(password);
        try {
            return switch (newFormat) {
                case BCRYPT -> Bcrypt.hash(bytes, bcryptCost, random);
                case ARGON2ID -> Argon2.hash(bytes, random);
                case DJANGO_PBKDF2_SHA256 -> Pbkdf2.django(bytes, random);
                case PBKDF2_SHA256 -> Pbkdf2.phc(bytes, random);
            };
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** @return whether the hash is already in the format (and at least the cost) of new hashes */
    boolean isCurrent(String hash) {
        return switch (newFormat) {
            case BCRYPT -> new Bcrypt().recognizes(new StoredPassword(hash, null)) && Bcrypt.cost(hash) >= bcryptCost;
            case ARGON2ID -> hash.startsWith("$argon2id$");
            case DJANGO_PBKDF2_SHA256 -> hash.startsWith("pbkdf2_sha256$");
            case PBKDF2_SHA256 -> hash.startsWith("$pbkdf2-sha256$");
        };
    }

    private static StoredPassword withoutSpringPrefix(StoredPassword stored) {
        for (String prefix : SPRING_PREFIXES) {
            if (stored.hash().startsWith(prefix)) {
                return new StoredPassword(stored.hash().substring(prefix.length()), stored.salt());
            }
        }
        return stored;
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            value = v = supplier.get();
                        }
                    }
                }
                return v;
            }
        };
    }
}
