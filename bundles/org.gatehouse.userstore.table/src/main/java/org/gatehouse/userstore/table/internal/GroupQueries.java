package org.gatehouse.userstore.table.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.GroupUpdate;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.NewGroup;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.VersionConflictException;

/**
 * Groups and memberships in the application's own tables. Such tables rarely keep versions or
 * timestamps, so a group's version is a digest of its columns and its creation time is unknown
 * (the epoch). New group ids come from the table when the id column is an integer (identity or
 * serial), else they are random UUIDs.
 */
final class GroupQueries {

    private final String domain;
    private final UserTable.GroupTables g;
    private final MappedColumn userId;
    private final String usersSource;
    private final Sql sql;
    private final TableFilters filters;

    /**
     * @param userId the users table's id column (alias {@code u})
     * @param usersSource the users table as read, {@code app_users u}
     */
    GroupQueries(String domain, UserTable.GroupTables g, MappedColumn userId, String usersSource, Sql sql) {
        this.domain = domain;
        this.g = g;
        this.userId = userId;
        this.usersSource = usersSource;
        this.sql = sql;
        String members = "SELECT 1 FROM " + g.membershipSource() + " m WHERE " + g.memberGroup().sql() + " = " + g.id().sql()
                + " AND " + g.memberUser().sql() + " = ?";
        Map<String, TableFilters.Target> targets = new java.util.HashMap<>(Map.of(
                "id", new TableFilters.ColumnTarget(g.id(), true),
                "displayname", new TableFilters.ColumnTarget(g.name(), false),
                "members", new TableFilters.MembershipTarget(members, userId),
                "members.value", new TableFilters.MembershipTarget(members, userId)));
        g.description().ifPresent(d -> targets.put("description", new TableFilters.ColumnTarget(d, false)));
        this.filters = new TableFilters(domain, targets);
    }

    UserTable.GroupTables tables() {
        return g;
    }

    Optional<Object> idValue(String id) {
        return ColumnValues.id(g.id(), id);
    }

    private String select() {
        return "SELECT " + g.id().sql() + ", " + g.name().sql() + ", " + g.description().map(MappedColumn::sql).orElse("NULL")
                + " FROM " + g.groupSource() + " g";
    }

    Optional<Group> findById(String id) {
        Optional<Object> idValue = idValue(id);
        return idValue.isEmpty() ? Optional.empty() : sql.read(c -> find(c, idValue.get(), false));
    }

    private Optional<Group> find(Connection c, Object id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(select() + " WHERE " + g.id().sql() + " = ?" + (lock ? " FOR UPDATE" : ""))) {
            ps.setObject(1, id);
            return read(ps).stream().findFirst();
        }
    }

    boolean exists(Connection c, Object id) throws SQLException {
        return find(c, id, false).isPresent();
    }

    Optional<Group> findByName(String name) {
        return sql.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(select() + " WHERE LOWER(" + g.name().sql() + ") = ? ORDER BY " + g.id().sql() + " FETCH FIRST 1 ROWS ONLY")) {
                ps.setString(1, name.toLowerCase(Locale.ROOT));
                return read(ps).stream().findFirst();
            }
        });
    }

    Page<Group> search(Query query, boolean serves) {
        SqlCondition where = filters.translate(query.filter());
        String order = "LOWER(" + g.name().sql() + ")";
        if (query.sort().isPresent()) {
            AttributePath path = query.sort().get().path();
            if (!(filters.target(path) instanceof TableFilters.ColumnTarget t)) {
                throw new InvalidFilterException("Cannot sort groups by '" + path + "'");
            }
            order = (t.exact() || t.column().kind() != ColumnKind.TEXT ? t.column().sql() : "LOWER(" + t.column().sql() + ")")
                    + (query.sort().get().descending() ? " DESC" : " ASC");
        }
        if (!serves) {
            return new Page<>(List.of(), 0, query.offset(), query.limit());
        }
        String orderBy = order;
        return sql.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + g.groupSource() + " g WHERE " + where.sql())) {
                Sql.bind(ps, where.params());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(select() + " WHERE " + where.sql() + " ORDER BY " + orderBy + " NULLS LAST, "
                    + g.id().sql() + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
                int i = Sql.bind(ps, where.params());
                ps.setInt(i++, query.offset());
                ps.setInt(i, query.limit());
                return new Page<>(read(ps), total, query.offset(), query.limit());
            }
        });
    }

    List<Group> groupsOf(String user) {
        Optional<Object> uid = ColumnValues.id(userId, user);
        if (uid.isEmpty()) {
            return List.of();
        }
        return sql.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(select() + " JOIN " + g.membershipSource() + " m ON " + g.memberGroup().sql() + " = "
                    + g.id().sql() + " WHERE " + g.memberUser().sql() + " = ? ORDER BY LOWER(" + g.name().sql() + "), " + g.id().sql())) {
                ps.setObject(1, uid.get());
                return read(ps);
            }
        });
    }

    Group create(NewGroup group) {
        String name = name(group.name());
        String description = description(group.description());
        boolean generated = g.id().kind() == ColumnKind.INTEGER;
        Object id = sql.write(c -> {
            requireFreeName(c, name, null);
            List<String> columns = new ArrayList<>(List.of(g.name().name()));
            List<Object> values = new ArrayList<>(List.of(name));
            if (g.description().isPresent()) {
                columns.add(g.description().get().name());
                values.add(description);
            }
            Object newId = null;
            if (!generated) {
                newId = g.id().kind() == ColumnKind.UUID ? java.util.UUID.randomUUID() : java.util.UUID.randomUUID().toString();
                columns.add(g.id().name());
                values.add(newId);
            }
            String insert = "INSERT INTO " + g.groupSource() + " (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
            try (PreparedStatement ps = generated ? c.prepareStatement(insert, new String[] {g.id().raw()}) : c.prepareStatement(insert)) {
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) == null) {
                        ps.setNull(i + 1, java.sql.Types.VARCHAR);
                    } else {
                        ps.setObject(i + 1, values.get(i));
                    }
                }
                ps.executeUpdate();
                if (!generated) {
                    return newId;
                }
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getObject(1);
                }
            }
        });
        return findById(ColumnValues.idString(id)).orElseThrow(() -> new EntityNotFoundException("The new group was deleted concurrently"));
    }

    Group update(String id, long expectedVersion, GroupUpdate update) {
        String name = name(update.name());
        String description = description(update.description());
        Object idValue = idValue(id).orElseThrow(() -> new EntityNotFoundException("No group " + id));
        sql.write(c -> {
            lockAndCheck(c, idValue, id, expectedVersion);
            requireFreeName(c, name, idValue);
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + g.groupSource() + " SET " + g.name().name() + " = ?"
                    + g.description().map(d -> ", " + d.name() + " = ?").orElse("") + " WHERE " + g.id().name() + " = ?")) {
                int i = 1;
                ps.setString(i++, name);
                if (g.description().isPresent()) {
                    ps.setString(i++, description);
                }
                ps.setObject(i, idValue);
                ps.executeUpdate();
            }
            return null;
        });
        return findById(id).orElseThrow(() -> new EntityNotFoundException("Group " + id + " was deleted concurrently"));
    }

    void delete(String id, long expectedVersion) {
        Object idValue = idValue(id).orElseThrow(() -> new EntityNotFoundException("No group " + id));
        sql.write(c -> {
            lockAndCheck(c, idValue, id, expectedVersion);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + g.membershipSource() + " WHERE " + g.memberGroup().name() + " = ?")) {
                ps.setObject(1, idValue);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + g.groupSource() + " WHERE " + g.id().name() + " = ?")) {
                ps.setObject(1, idValue);
                ps.executeUpdate();
            }
            return null;
        });
    }

    void addMember(String groupId, String user) {
        Object gid = idValue(groupId).orElseThrow(() -> new EntityNotFoundException("No group " + groupId));
        Object uid = ColumnValues.id(userId, user).orElseThrow(() -> new EntityNotFoundException("No user " + user));
        sql.write(c -> {
            if (!exists(c, gid)) {
                throw new EntityNotFoundException("No group " + groupId);
            }
            requireUser(c, uid, user);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + g.membershipSource() + " (" + g.memberUser().name() + ", "
                    + g.memberGroup().name() + ") SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM " + g.membershipSource() + " WHERE "
                    + g.memberUser().name() + " = ? AND " + g.memberGroup().name() + " = ?)")) {
                ps.setObject(1, uid);
                ps.setObject(2, gid);
                ps.setObject(3, uid);
                ps.setObject(4, gid);
                return ps.executeUpdate();
            }
        });
    }

    void removeMember(String groupId, String user) {
        Object gid = idValue(groupId).orElseThrow(() -> new EntityNotFoundException("No group " + groupId));
        Optional<Object> uid = ColumnValues.id(userId, user);
        sql.write(c -> {
            if (!exists(c, gid)) {
                throw new EntityNotFoundException("No group " + groupId);
            }
            if (uid.isEmpty()) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + g.membershipSource() + " WHERE " + g.memberUser().name() + " = ? AND "
                    + g.memberGroup().name() + " = ?")) {
                ps.setObject(1, uid.get());
                ps.setObject(2, gid);
                return ps.executeUpdate();
            }
        });
    }

    void removeAllMemberships(Connection c, Object user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + g.membershipSource() + " WHERE " + g.memberUser().name() + " = ?")) {
            ps.setObject(1, user);
            ps.executeUpdate();
        }
    }

    /** The membership table's own foreign key may be missing in an application's schema: check here. */
    private void requireUser(Connection c, Object uid, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + usersSource + " WHERE " + userId.sql() + " = ?")) {
            ps.setObject(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new EntityNotFoundException("No user " + user);
                }
            }
        }
    }

    private void lockAndCheck(Connection c, Object idValue, String id, long expectedVersion) throws SQLException {
        Group current = find(c, idValue, true).orElseThrow(() -> new EntityNotFoundException("No group " + id));
        if (current.version() != expectedVersion) {
            throw new VersionConflictException("Group " + id, expectedVersion, current.version());
        }
    }

    private void requireFreeName(Connection c, String name, Object exceptId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + g.groupSource() + " g WHERE LOWER(" + g.name().sql() + ") = ?"
                + (exceptId == null ? "" : " AND " + g.id().sql() + " <> ?"))) {
            ps.setString(1, name.toLowerCase(Locale.ROOT));
            if (exceptId != null) {
                ps.setObject(2, exceptId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new UniquenessConflictException("displayName", "The group name is already taken");
                }
            }
        }
    }

    private String name(String name) {
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isISOControl)
                || (g.name().maxLength() > 0 && name.strip().length() > g.name().maxLength())) {
            throw new InvalidValueException("displayName", "A group name is 1-" + (g.name().maxLength() > 0 ? g.name().maxLength() : 255)
                    + " characters without control characters");
        }
        return name.strip();
    }

    private String description(String description) {
        if (description == null) {
            return null;
        }
        if (g.description().isEmpty()) {
            throw new InvalidValueException("description", "The user store " + domain + " has no column for group descriptions");
        }
        int max = g.description().get().maxLength();
        if (max > 0 && description.length() > max) {
            throw new InvalidValueException("description", "A description is at most " + max + " characters");
        }
        return description;
    }

    private List<Group> read(PreparedStatement ps) throws SQLException {
        List<Group> result = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = ColumnValues.idString(rs.getObject(1));
                String name = rs.getString(2);
                String description = rs.getString(3);
                result.add(new Group(id, domain, name == null ? "" : name, description, version(id, name, description), Instant.EPOCH, Instant.EPOCH));
            }
        }
        return result;
    }

    private static long version(String... values) {
        MessageDigest md = LdapDigest.digest("SHA-256");
        for (String v : values) {
            md.update((v == null ? "\u0000null" : v).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0x1f);
        }
        return ByteBuffer.wrap(md.digest()).getLong() & Long.MAX_VALUE;
    }
}
