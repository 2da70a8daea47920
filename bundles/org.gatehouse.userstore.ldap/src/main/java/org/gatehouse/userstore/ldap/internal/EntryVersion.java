package org.gatehouse.userstore.ldap.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The version of a directory entry, for optimistic concurrency: a number that grows with every
 * change, derived from what the directory itself maintains.
 *
 * <ul>
 * <li>OpenLDAP: {@code entryCSN}, the change sequence number of the entry's last change
 * ({@code 20261127041000.123456Z#000001#000#000000}): microseconds since the epoch times 100 plus
 * the change count within that microsecond (at most 99). Unlike {@code modifyTimestamp} (whole seconds) it
 * tells apart two changes in the same second.</li>
 * <li>Active Directory: {@code uSNChanged}, the domain controller's update sequence number of the
 * entry's last change. It is per domain controller: configure one DC (or a stable DNS alias).</li>
 * <li>Neither readable (an ACL hides it): a hash of the entry's values, which still changes with
 * every change the store can see but does not grow; conflicts are detected all the same.</li>
 * </ul>
 *
 * <p>Every version is at most {@link #MAX_VERSION} (18 digits).
 */
final class EntryVersion {

    /**
     * Versions stay below 10^18: they travel as ETags, and clients (the management API among them)
     * read at most 18 digits. Microseconds times 100 reach 10^18 only in the year 2286.
     */
    static final long MAX_VERSION = 999_999_999_999_999_999L;

    private static final DateTimeFormatter CSN_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSSSS'Z'", Locale.ROOT);

    private EntryVersion() {}

    /**
     * @param value the raw entryCSN or uSNChanged, if the entry has one
     * @param values the entry's attribute values, for the hash fallback
     */
    static long of(Optional<String> value, Supplier<TreeMap<String, List<String>>> values) {
        if (value.isPresent()) {
            Optional<Long> parsed = parse(value.get());
            if (parsed.isPresent()) {
                return parsed.get();
            }
        }
        return hash(values.get());
    }

    static Optional<Long> parse(String raw) {
        String v = raw.strip();
        if (v.matches("[0-9]{1,19}")) {
            try {
                return Optional.of(Long.parseLong(v)); // uSNChanged
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        String[] parts = v.split("#");
        if (parts.length >= 2) {
            try {
                LocalDateTime time = LocalDateTime.parse(parts[0], CSN_TIME);
                long micros = Math.multiplyExact(time.toEpochSecond(ZoneOffset.UTC), 1_000_000L) + time.getNano() / 1000;
                long count = Long.parseLong(parts[1], 16);
                return Optional.of(Math.addExact(Math.multiplyExact(micros, 100L), Math.min(count, 99)));
            } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static long hash(TreeMap<String, List<String>> values) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            values.forEach((name, list) -> {
                sha.update(name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                for (String v : list) {
                    sha.update(v.getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 1);
                }
            });
            byte[] d = sha.digest();
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return Math.floorMod(h, MAX_VERSION + 1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
