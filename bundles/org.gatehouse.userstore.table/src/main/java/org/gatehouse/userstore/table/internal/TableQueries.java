package org.gatehouse.userstore.table.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.VersionConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of one store over its checked table: lookups, searches, password checks and writes.
 *
 * <p>Updates and deletes lock the row ({@code SELECT ... FOR UPDATE}), compare its version with the
 * one the caller read and only then write, so of two concurrent updates based on the same version
 * exactly one succeeds, whichever version source the table offers.
 */
final class TableQueries {

    private static final Logger LOG = LoggerFactory.getLogger(TableQueries.class);

    private final TableSettings settings;
    private final UserTable table;
    private final ActiveColumn active;
    private final UserRows rows;
    private final TableFilters filters;
    private final UserValues values;
    private final Sql sql;
    private final Optional<GroupQueries> groups;

    TableQueries(TableSettings settings, UserTable table, DataSource dataSource) {
        this.settings = settings;
        this.table = table;
        this.active = new ActiveColumn(table.optional(UserField.ACTIVE), settings.activeInverted(), settings.activeValues(), settings.inactiveValue());
        this.rows = new UserRows(table, active, settings.domain());
        this.sql = new Sql(dataSource, settings.domain(), table.optional(UserField.EMAIL).map(MappedColumn::raw));
        this.values = new UserValues(table, settings.domain(), active.mapped());
        this.groups = table.groups.map(g -> new GroupQueries(settings.domain(), g, table.column(UserField.ID), table.source, sql));
        this.filters = new TableFilters(settings.domain(), userTargets());
    }

    private Map<String, TableFilters.Target> userTargets() {
        Map<String, TableFilters.Target> t = new HashMap<>();
        t.put("id", new TableFilters.ColumnTarget(table.column(UserField.ID), true));
        t.put("username", new TableFilters.ColumnTarget(table.column(UserField.USERNAME), false));
        t.put("active", new TableFilters.ActiveTarget(active));
        text(t, UserField.DISPLAY_NAME, "displayname");
        text(t, UserField.GIVEN_NAME, "name.givenname");
        text(t, UserField.FAMILY_NAME, "name.familyname");
        text(t, UserField.EMAIL, "emails", "emails.value");
        text(t, UserField.EMAIL_VERIFIED, "emails.verified");
        text(t, UserField.PHONE_NUMBER, "phonenumbers", "phonenumbers.value");
        text(t, UserField.CREATED, "meta.created");
        text(t, UserField.MODIFIED, "meta.lastmodified");
        table.groups.ifPresent(g -> {
            String member = "SELECT 1 FROM " + g.membershipSource() + " m WHERE " + g.memberUser().sql() + " = " + table.column(UserField.ID).sql()
                    + " AND " + g.memberGroup().sql() + " = ?";
            t.put("groups", new TableFilters.MembershipTarget(member, g.memberGroup()));
            t.put("groups.value", new TableFilters.MembershipTarget(member, g.memberGroup()));
        });
        return t;
    }

    private void text(Map<String, TableFilters.Target> t, UserField field, String... paths) {
        table.optional(field).ifPresent(c -> {
            for (String p : paths) {
                t.put(p, new TableFilters.ColumnTarget(c, false));
            }
        });
    }

    GroupQueries groups() {
        return groups.orElseThrow(() -> new EntityNotFoundException("The user store " + settings.domain() + " keeps no groups"));
    }

    private String select() {
        return "SELECT " + rows.selectList() + " FROM " + table.source;
    }

    private String idColumn() {
        return table.column(UserField.ID).sql();
    }

    // ---- reads

    Optional<User> findById(String id) {
        Optional<Object> idValue = ColumnValues.id(table.column(UserField.ID), id);
        if (idValue.isEmpty()) {
            return Optional.empty();
        }
        return sql.read(c -> findRow(c, idValue.get(), false)).map(UserRows.Row::user);
    }

    private Optional<UserRows.Row> findRow(Connection c, Object id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(select() + " WHERE " + idColumn() + " = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rows.read(rs).stream().findFirst();
            }
        }
    }

    /**
     * Usernames compare ignoring case. An application whose table holds both "Alice" and "alice"
     * gets the exact spelling; with two spellings and neither exact, nobody matches rather than a guess.
     */
    Optional<User> findByUsername(String username) {
        if (username == null || username.isEmpty()) {
            return Optional.empty();
        }
        String column = table.column(UserField.USERNAME).sql();
        List<UserRows.Row> found = sql.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(select() + " WHERE LOWER(" + column + ") = ? ORDER BY CASE WHEN " + column
                    + " = ? THEN 0 ELSE 1 END FETCH FIRST 2 ROWS ONLY")) {
                ps.setString(1, username.toLowerCase(Locale.ROOT));
                ps.setString(2, username);
                try (ResultSet rs = ps.executeQuery()) {
                    return rows.read(rs);
                }
            }
        });
        if (found.size() > 1 && !found.get(0).user().username().equals(username)) {
            LOG.warn("User store {}: the username '{}' matches several rows ignoring case; none is used", settings.domain(), username);
            return Optional.empty();
        }
        return found.stream().findFirst().map(UserRows.Row::user);
    }

    Page<User> searchUsers(Query query, boolean serves) {
        SqlCondition where = filters.translate(query.filter());
        String order = query.sort().map(s -> orderBy(s.path(), s.descending()))
                .orElse("LOWER(" + table.column(UserField.USERNAME).sql() + ") ASC NULLS LAST");
        if (!serves) {
            return new Page<>(List.of(), 0, query.offset(), query.limit());
        }
        return sql.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table.source + " WHERE " + where.sql())) {
                Sql.bind(ps, where.params());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            if (query.limit() == 0 || query.offset() >= total) {
                return new Page<>(List.of(), total, query.offset(), query.limit());
            }
            try (PreparedStatement ps = c.prepareStatement(select() + " WHERE " + where.sql() + " ORDER BY " + order + ", " + idColumn()
                    + " ASC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                int i = Sql.bind(ps, where.params());
                ps.setInt(i++, query.offset());
                ps.setInt(i, query.limit());
                try (ResultSet rs = ps.executeQuery()) {
                    return new Page<>(rows.read(rs).stream().map(UserRows.Row::user).toList(), total, query.offset(), query.limit());
                }
            }
        });
    }

    private String orderBy(AttributePath path, boolean descending) {
        TableFilters.Target target = filters.target(path);
        String expr;
        if (target instanceof TableFilters.ColumnTarget t) {
            expr = t.column().kind() == ColumnKind.TEXT && !t.exact() ? "LOWER(" + t.column().sql() + ")" : t.column().sql();
        } else if (target instanceof TableFilters.ActiveTarget) {
            expr = "CASE WHEN " + active.sql() + " THEN 1 ELSE 0 END";
        } else {
            throw new InvalidFilterException("Cannot sort by '" + path + "'");
        }
        return expr + (descending ? " DESC" : " ASC") + " NULLS LAST";
    }

    Page<User> membersOf(String groupId, int offset, int limit) {
        GroupQueries g = groups();
        Optional<Object> gid = g.idValue(groupId);
        return sql.read(c -> {
            if (gid.isEmpty() || !g.exists(c, gid.get())) {
                throw new EntityNotFoundException("No group " + groupId);
            }
            String join = " JOIN " + g.tables().membershipSource() + " m ON " + g.tables().memberUser().sql() + " = " + idColumn()
                    + " WHERE " + g.tables().memberGroup().sql() + " = ?";
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table.source + join)) {
                ps.setObject(1, gid.get());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(select() + join + " ORDER BY LOWER(" + table.column(UserField.USERNAME).sql() + "), "
                    + idColumn() + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                ps.setObject(1, gid.get());
                ps.setInt(2, offset);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    return new Page<>(rows.read(rs).stream().map(UserRows.Row::user).toList(), total, offset, limit);
                }
            }
        });
    }

    // ---- passwords

    CredentialCheck verifyPassword(String userId, char[] password) {
        Optional<Object> id = ColumnValues.id(table.column(UserField.ID), userId);
        Optional<StoredPassword> stored = id.isEmpty() ? Optional.empty() : sql.read(c -> storedPassword(c, id.get()));
        if (stored.isEmpty()) {
            // unknown id: answer and take as long as a wrong password
            settings.passwords().verifyNothing(password);
            return CredentialCheck.INVALID;
        }
        if (stored.get().hash().isEmpty()) {
            settings.passwords().verifyNothing(password);
            return CredentialCheck.NOT_SET;
        }
        PasswordHashes.Verification v = settings.passwords().verify(password, stored.get());
        if (v.format().isEmpty()) {
            LOG.warn("User store {}: the password hash of user {} is in no format this store accepts (see password.salt and "
                    + "password.legacyUnsalted)", settings.domain(), userId);
        }
        if (v.needsRehash()) {
            rehash(id.get(), stored.get(), password, v.format().orElse("?"));
        }
        return v.valid() ? CredentialCheck.VALID : CredentialCheck.INVALID;
    }

    /** @return the stored password; a hash of "" when the row has none; empty when there is no such row */
    private Optional<StoredPassword> storedPassword(Connection c, Object id) throws SQLException {
        MappedColumn pw = table.column(UserField.PASSWORD);
        Optional<MappedColumn> salt = table.optional(UserField.SALT);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + pw.sql() + salt.map(s -> ", " + s.sql()).orElse("")
                + " FROM " + table.source + " WHERE " + idColumn() + " = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String hash = rs.getString(1);
                return Optional.of(new StoredPassword(hash == null ? "" : hash.strip(), salt.isPresent() ? rs.getString(2) : null));
            }
        }
    }

    /**
     * Replaces the hash with one in the configured format after a successful login, only if nobody
     * changed it meanwhile, and without touching the row's version: nothing the user sees changed.
     * A failure is logged, never a failed login.
     */
    private void rehash(Object id, StoredPassword old, char[] password, String oldFormat) {
        String hash = settings.passwords().hash(password);
        MappedColumn pw = table.column(UserField.PASSWORD);
        try {
            sql.write(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + writeTable() + " SET " + pw.name() + " = ?"
                        + table.optional(UserField.SALT).map(s -> ", " + s.name() + " = NULL").orElse("")
                        + " WHERE " + table.column(UserField.ID).name() + " = ? AND " + pw.name() + " = ?")) {
                    ps.setString(1, hash);
                    ps.setObject(2, id);
                    ps.setString(3, old.hash());
                    return ps.executeUpdate();
                }
            });
            LOG.info("User store {}: rehashed the password of user {} from {} to {}", settings.domain(), id, oldFormat, settings.newHashFormat());
        } catch (RuntimeException e) {
            LOG.warn("User store {}: rehashing the password of user {} failed: {}", settings.domain(), id, e.getMessage());
        }
    }

    // ---- writes

    private String writeTable() {
        return table.writeTable.orElseThrow(() -> new IllegalStateException("a query-defined store is read-only"));
    }

    User createUser(NewUser user) {
        String username = values.username(user.username());
        values.active(user.active());
        values.profile(user.profile());
        if (user.password().isPresent() && !table.has(UserField.PASSWORD)) {
            throw new InvalidValueException("password", "The user store " + settings.domain() + " has no password column");
        }
        String hash = user.password().filter(p -> p.length > 0).map(p -> settings.passwords().hash(p)).orElse(null);
        Timestamp now = now();
        Map<UserField, Object> row = profileValues(user.profile());
        row.put(UserField.USERNAME, username);
        if (active.mapped()) {
            row.put(UserField.ACTIVE, active.value(user.active()));
        }
        if (hash != null) {
            row.put(UserField.PASSWORD, hash);
        }
        putIfMapped(row, UserField.CREATED, now);
        putIfMapped(row, UserField.MODIFIED, now);
        putIfMapped(row, UserField.VERSION, 1L);
        boolean generated = settings.idGeneration() == IdGeneration.DATABASE;
        if (!generated) {
            String uuid = java.util.UUID.randomUUID().toString();
            row.put(UserField.ID, table.column(UserField.ID).kind() == ColumnKind.UUID ? java.util.UUID.fromString(uuid) : uuid);
        }
        Object id = sql.write(c -> {
            requireFreeUsername(c, username, null);
            List<UserField> fields = new ArrayList<>(row.keySet());
            String columns = String.join(", ", fields.stream().map(f -> table.column(f).name()).toList());
            String marks = String.join(", ", fields.stream().map(f -> "?").toList());
            String insert = "INSERT INTO " + writeTable() + " (" + columns + ") VALUES (" + marks + ")";
            try (PreparedStatement ps = generated ? c.prepareStatement(insert, new String[] {table.column(UserField.ID).raw()}) : c.prepareStatement(insert)) {
                int i = 1;
                for (UserField f : fields) {
                    set(ps, i++, table.column(f), row.get(f));
                }
                ps.executeUpdate();
                if (!generated) {
                    return row.get(UserField.ID);
                }
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("The table generated no id; set id.generation = UUID if it has no identity, serial or default", "22000");
                    }
                    return keys.getObject(1);
                }
            }
        });
        return findById(ColumnValues.idString(id)).orElseThrow(() -> new EntityNotFoundException("The new user was deleted concurrently"));
    }

    User updateUser(String id, long expectedVersion, UserUpdate update) {
        String username = values.username(update.username());
        values.active(update.active());
        values.profile(update.profile());
        Object idValue = ColumnValues.id(table.column(UserField.ID), id).orElseThrow(() -> new EntityNotFoundException("No user " + id));
        sql.write(c -> {
            UserRows.Row current = lockAndCheck(c, idValue, id, expectedVersion);
            requireFreeUsername(c, username, idValue);
            Map<UserField, Object> row = profileValues(update.profile());
            row.put(UserField.USERNAME, username);
            if (active.mapped()) {
                row.put(UserField.ACTIVE, active.value(update.active()));
            }
            update(c, idValue, current, row);
            return null;
        });
        return findById(id).orElseThrow(() -> new EntityNotFoundException("User " + id + " was deleted concurrently"));
    }

    void deleteUser(String id, long expectedVersion) {
        Object idValue = ColumnValues.id(table.column(UserField.ID), id).orElseThrow(() -> new EntityNotFoundException("No user " + id));
        sql.write(c -> {
            lockAndCheck(c, idValue, id, expectedVersion);
            if (groups.isPresent()) {
                groups.get().removeAllMemberships(c, idValue);
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + writeTable() + " WHERE " + table.column(UserField.ID).name() + " = ?")) {
                ps.setObject(1, idValue);
                ps.executeUpdate();
            }
            return null;
        });
    }

    void setPassword(String userId, char[] password) {
        if (!table.has(UserField.PASSWORD)) {
            throw new InvalidValueException("password", "The user store " + settings.domain() + " has no password column");
        }
        if (password == null || password.length == 0) {
            throw new InvalidValueException("password", "A password must not be empty");
        }
        Object idValue = ColumnValues.id(table.column(UserField.ID), userId).orElseThrow(() -> new EntityNotFoundException("No user " + userId));
        String hash = settings.passwords().hash(password);
        sql.write(c -> {
            UserRows.Row current = findRow(c, idValue, true).orElseThrow(() -> new EntityNotFoundException("No user " + userId));
            Map<UserField, Object> row = new java.util.EnumMap<>(UserField.class);
            row.put(UserField.PASSWORD, hash);
            // the new hash is self-describing: an old salt must not be mistaken for part of it
            if (table.has(UserField.SALT)) {
                row.put(UserField.SALT, null);
            }
            update(c, idValue, current, row);
            return null;
        });
    }

    private UserRows.Row lockAndCheck(Connection c, Object idValue, String id, long expectedVersion) throws SQLException {
        UserRows.Row current = findRow(c, idValue, true).orElseThrow(() -> new EntityNotFoundException("No user " + id));
        if (current.user().version() != expectedVersion) {
            throw new VersionConflictException("User " + id, expectedVersion, current.user().version());
        }
        return current;
    }

    /** Writes the values, the last-modified time and the next version of a locked row. */
    private void update(Connection c, Object idValue, UserRows.Row current, Map<UserField, Object> row) throws SQLException {
        if (table.has(UserField.MODIFIED)) {
            row.put(UserField.MODIFIED, nextModified(current.modified()));
        }
        List<UserField> fields = new ArrayList<>(row.keySet());
        StringBuilder set = new StringBuilder();
        for (UserField f : fields) {
            set.append(set.length() == 0 ? "" : ", ").append(table.column(f).name()).append(" = ?");
        }
        if (table.has(UserField.VERSION)) {
            String v = table.column(UserField.VERSION).name();
            set.append(", ").append(v).append(" = COALESCE(").append(v).append(", 0) + 1");
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + writeTable() + " SET " + set + " WHERE " + table.column(UserField.ID).name() + " = ?")) {
            int i = 1;
            for (UserField f : fields) {
                set(ps, i++, table.column(f), row.get(f));
            }
            ps.setObject(i, idValue);
            ps.executeUpdate();
        }
    }

    /** Usernames are unique ignoring case, even where the application's own constraint is exact. */
    private void requireFreeUsername(Connection c, String username, Object exceptId) throws SQLException {
        String column = table.column(UserField.USERNAME).sql();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table.source + " WHERE LOWER(" + column + ") = ?"
                + (exceptId == null ? "" : " AND " + idColumn() + " <> ?"))) {
            ps.setString(1, username.toLowerCase(Locale.ROOT));
            if (exceptId != null) {
                ps.setObject(2, exceptId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new UniquenessConflictException("userName", "The userName is already taken");
                }
            }
        }
    }

    private Map<UserField, Object> profileValues(UserProfile p) {
        Map<UserField, Object> row = new java.util.EnumMap<>(UserField.class);
        putIfMapped(row, UserField.GIVEN_NAME, p.givenName());
        putIfMapped(row, UserField.FAMILY_NAME, p.familyName());
        putIfMapped(row, UserField.DISPLAY_NAME, p.displayName());
        putIfMapped(row, UserField.EMAIL, p.email());
        putIfMapped(row, UserField.PHONE_NUMBER, p.phoneNumber());
        if (table.has(UserField.EMAIL_VERIFIED)) {
            row.put(UserField.EMAIL_VERIFIED, table.column(UserField.EMAIL_VERIFIED).kind() == ColumnKind.INTEGER
                    ? (Object) (p.emailVerified() ? 1 : 0) : (Object) p.emailVerified());
        }
        return row;
    }

    private void putIfMapped(Map<UserField, Object> row, UserField field, Object value) {
        if (table.has(field)) {
            row.put(field, value);
        }
    }

    private static void set(PreparedStatement ps, int i, MappedColumn column, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(i, switch (column.kind()) {
                case TEXT -> Types.VARCHAR;
                case INTEGER -> Types.BIGINT;
                case BOOLEAN -> Types.BOOLEAN;
                case TIMESTAMP -> Types.TIMESTAMP;
                default -> Types.OTHER;
            });
        } else if (value instanceof Timestamp t) {
            ps.setTimestamp(i, t);
        } else if (value instanceof Boolean b && column.kind() == ColumnKind.INTEGER) {
            ps.setInt(i, b ? 1 : 0);
        } else if (value instanceof Number n && column.kind() == ColumnKind.INTEGER) {
            ps.setLong(i, n.longValue());
        } else {
            ps.setObject(i, value);
        }
    }

    /** Microsecond precision, what both databases store. */
    private static Timestamp now() {
        return Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** Strictly later than the current value, so the last-modified time works as a version even within one clock tick. */
    private static Timestamp nextModified(Timestamp current) {
        Timestamp now = now();
        if (current != null && !now.after(current)) {
            return Timestamp.from(current.toInstant().truncatedTo(ChronoUnit.MICROS).plus(1, ChronoUnit.MICROS));
        }
        return now;
    }
}
