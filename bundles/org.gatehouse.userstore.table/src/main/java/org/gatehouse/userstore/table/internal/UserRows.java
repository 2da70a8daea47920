package org.gatehouse.userstore.table.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;

/**
 * Reads users from rows: the SELECT list over the mapped columns and the mapping back, including
 * each row's version.
 *
 * <p>The version comes from the version column when the table has one, else from the last-modified
 * column (in microseconds), else from a digest of the mapped columns: whichever the table offers,
 * a change by anyone, Gatehouse or the application, changes it.
 */
final class UserRows {

    /** Read in this order; passwords are never part of a user. */
    private static final List<UserField> READ = List.of(UserField.ID, UserField.USERNAME, UserField.ACTIVE, UserField.GIVEN_NAME,
            UserField.FAMILY_NAME, UserField.DISPLAY_NAME, UserField.EMAIL, UserField.EMAIL_VERIFIED, UserField.PHONE_NUMBER,
            UserField.CREATED, UserField.MODIFIED, UserField.VERSION);

    enum VersionSource { COLUMN, MODIFIED, DIGEST }

    /** A user with what the store needs besides: the id as the column holds it and the raw last-modified time. */
    record Row(User user, Object rawId, Timestamp modified) {}

    private final UserTable table;
    private final ActiveColumn active;
    private final String domain;
    private final List<UserField> selected;
    final VersionSource versionSource;

    UserRows(UserTable table, ActiveColumn active, String domain) {
        this.table = table;
        this.active = active;
        this.domain = domain;
        this.selected = READ.stream().filter(table::has).toList();
        this.versionSource = table.has(UserField.VERSION) ? VersionSource.COLUMN
                : table.has(UserField.MODIFIED) ? VersionSource.MODIFIED : VersionSource.DIGEST;
    }

    /** @return the SELECT list, e.g. {@code u."id", u."login", ...} */
    String selectList() {
        return selected.stream().map(f -> table.column(f).sql()).collect(Collectors.joining(", "));
    }

    List<Row> read(ResultSet rs) throws SQLException {
        List<Row> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(row(rs));
        }
        return rows;
    }

    private Row row(ResultSet rs) throws SQLException {
        Object[] values = new Object[UserField.values().length];
        for (int i = 0; i < selected.size(); i++) {
            UserField f = selected.get(i);
            values[f.ordinal()] = switch (table.column(f).kind()) {
                case TIMESTAMP -> rs.getTimestamp(i + 1);
                case TEXT -> rs.getString(i + 1);
                default -> rs.getObject(i + 1);
            };
        }
        Object rawId = values[UserField.ID.ordinal()];
        String username = (String) values[UserField.USERNAME.ordinal()];
        Timestamp created = (Timestamp) values[UserField.CREATED.ordinal()];
        Timestamp modified = (Timestamp) values[UserField.MODIFIED.ordinal()];
        UserProfile profile = new UserProfile(
                text(values, UserField.GIVEN_NAME), text(values, UserField.FAMILY_NAME), text(values, UserField.DISPLAY_NAME),
                text(values, UserField.EMAIL), bool(values[UserField.EMAIL_VERIFIED.ordinal()]), text(values, UserField.PHONE_NUMBER), null, Map.of());
        // tables without a creation time still need one: the epoch says "unknown" without inventing a date
        Instant createdAt = created != null ? created.toInstant() : Instant.EPOCH;
        Instant modifiedAt = modified != null ? modified.toInstant() : createdAt;
        User user = new User(ColumnValues.idString(rawId), domain, username == null ? "" : username,
                active.isActive(values[UserField.ACTIVE.ordinal()]), profile, version(values, modified), createdAt, modifiedAt);
        return new Row(user, rawId, modified);
    }

    private long version(Object[] values, Timestamp modified) {
        return switch (versionSource) {
            case COLUMN -> values[UserField.VERSION.ordinal()] instanceof Number n ? n.longValue() : 0;
            case MODIFIED -> modified == null ? 0 : micros(modified);
            case DIGEST -> digest(values);
        };
    }

    static long micros(Timestamp t) {
        return Math.floorDiv(t.getTime(), 1000L) * 1_000_000L + t.getNanos() / 1000;
    }

    /** A digest of every mapped value (no password): a version for tables that keep none. */
    private long digest(Object[] values) {
        MessageDigest md = LdapDigest.digest("SHA-256");
        for (UserField f : selected) {
            Object v = values[f.ordinal()];
            String s = v == null ? "\u0000null" : v instanceof Timestamp t ? Long.toString(micros(t)) : v.toString();
            md.update(s.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0x1f);
        }
        return ByteBuffer.wrap(md.digest()).getLong() & Long.MAX_VALUE;
    }

    private static String text(Object[] values, UserField f) {
        return (String) values[f.ordinal()];
    }

    private static boolean bool(Object v) {
        return v instanceof Boolean b ? b : v instanceof Number n && n.longValue() != 0;
    }
}
