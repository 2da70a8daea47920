package org.gatehouse.userstore.table.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The users table (or query) as the database describes it, checked against the configuration: every
 * mapped column exists and has a type the store can use. Resolved once, on the first connection.
 */
final class UserTable {

    /** SQLSTATEs of "no such table" on PostgreSQL and H2. */
    private static final Set<String> UNDEFINED_TABLE = Set.of("42P01", "42S02", "42S01", "42S04", "3F000");

    final String source;
    final Optional<String> writeTable;
    final Map<UserField, MappedColumn> columns;
    final Optional<GroupTables> groups;

    /** The groups and membership tables, resolved. */
    record GroupTables(String groupSource, MappedColumn id, MappedColumn name, Optional<MappedColumn> description,
            String membershipSource, MappedColumn memberUser, MappedColumn memberGroup) {}

    private UserTable(String source, Optional<String> writeTable, Map<UserField, MappedColumn> columns, Optional<GroupTables> groups) {
        this.source = source;
        this.writeTable = writeTable;
        this.columns = columns;
        this.groups = groups;
    }

    MappedColumn column(UserField field) {
        return columns.get(field);
    }

    Optional<MappedColumn> optional(UserField field) {
        return Optional.ofNullable(columns.get(field));
    }

    boolean has(UserField field) {
        return columns.containsKey(field);
    }

    /**
     * @throws SchemaException when the configuration does not fit the database
     * @throws SQLException when the database cannot be asked
     */
    static UserTable resolve(Connection c, TableSettings s) throws SQLException {
        String what;
        Map<String, Described> described;
        String source;
        Optional<String> writeTable;
        if (s.table().isPresent()) {
            what = "table " + s.table().get();
            Probe probe = probeTable(c, "table", s.table().get());
            described = probe.columns;
            writeTable = Optional.of(probe.sql);
            source = probe.sql + " u";
        } else {
            what = "the users query";
            String derived = "(" + s.query().get() + ")";
            try {
                described = describe(c, "SELECT * FROM " + derived + " q WHERE 1 = 0");
            } catch (SQLException e) {
                if (isConnectionFailure(e)) {
                    throw e;
                }
                throw new SchemaException("The users query fails: " + e.getMessage());
            }
            writeTable = Optional.empty();
            source = derived + " u";
        }
        Map<UserField, MappedColumn> columns = new EnumMap<>(UserField.class);
        for (Map.Entry<UserField, String> e : s.columns().entrySet()) {
            columns.put(e.getKey(), find(described, what, e.getKey().property, e.getValue(), "u"));
        }
        checkTypes(columns, s);
        Optional<GroupTables> groups = Optional.empty();
        if (s.groups().isPresent()) {
            TableSettings.GroupMapping g = s.groups().get();
            Probe gt = probeTable(c, "group.table", g.table());
            Probe mt = probeTable(c, "membership.table", g.membershipTable());
            String gw = "group table " + g.table();
            String mw = "membership table " + g.membershipTable();
            groups = Optional.of(new GroupTables(gt.sql, find(gt.columns, gw, "group.column.id", g.id(), "g"),
                    find(gt.columns, gw, "group.column.name", g.name(), "g"),
                    g.description().map(d -> find(gt.columns, gw, "group.column.description", d, "g")),
                    mt.sql, find(mt.columns, mw, "membership.column.user", g.memberUser(), "m"),
                    find(mt.columns, mw, "membership.column.group", g.memberGroup(), "m")));
            requireKind(groups.get().name(), "group.column.name", ColumnKind.TEXT);
        }
        return new UserTable(source, writeTable, Map.copyOf(columns), groups);
    }

    private static void checkTypes(Map<UserField, MappedColumn> columns, TableSettings s) {
        MappedColumn id = columns.get(UserField.ID);
        if (id.kind() != ColumnKind.TEXT && id.kind() != ColumnKind.INTEGER && id.kind() != ColumnKind.UUID) {
            throw new SchemaException("column.id must be a text, integer or uuid column");
        }
        for (UserField f : new UserField[] {UserField.USERNAME, UserField.PASSWORD, UserField.SALT, UserField.EMAIL, UserField.GIVEN_NAME,
                UserField.FAMILY_NAME, UserField.DISPLAY_NAME, UserField.PHONE_NUMBER}) {
            if (columns.containsKey(f)) {
                requireKind(columns.get(f), f.property, ColumnKind.TEXT);
            }
        }
        if (columns.containsKey(UserField.EMAIL_VERIFIED)) {
            requireKind(columns.get(UserField.EMAIL_VERIFIED), UserField.EMAIL_VERIFIED.property, ColumnKind.BOOLEAN, ColumnKind.INTEGER);
        }
        for (UserField f : new UserField[] {UserField.CREATED, UserField.MODIFIED}) {
            if (columns.containsKey(f)) {
                requireKind(columns.get(f), f.property, ColumnKind.TIMESTAMP);
            }
        }
        if (columns.containsKey(UserField.VERSION)) {
            requireKind(columns.get(UserField.VERSION), UserField.VERSION.property, ColumnKind.INTEGER);
        }
        MappedColumn active = columns.get(UserField.ACTIVE);
        if (active != null) {
            if (active.kind() == ColumnKind.TEXT) {
                if (s.activeValues().isEmpty()) {
                    throw new SchemaException("column.active (" + active.name() + ") is a text column: set active.values to the values that mean "
                            + "active, e.g. Y or ACTIVE");
                }
                if (s.writable() && s.inactiveValue().isEmpty()) {
                    throw new SchemaException("A READ_WRITE store with a text column.active needs active.inactiveValue, e.g. N or DISABLED");
                }
            } else {
                requireKind(active, "column.active", ColumnKind.BOOLEAN, ColumnKind.INTEGER);
                if (!s.activeValues().isEmpty()) {
                    throw new SchemaException("active.values is for text columns; column.active (" + active.name() + ") is " + active.kind());
                }
            }
        }
    }

    private static void requireKind(MappedColumn column, String property, ColumnKind... kinds) {
        for (ColumnKind k : kinds) {
            if (column.kind() == k) {
                return;
            }
        }
        throw new SchemaException(property + " (" + column.name() + ") must be a " + java.util.Arrays.stream(kinds)
                .map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" or ")) + " column, not " + column.kind().name().toLowerCase(Locale.ROOT));
    }

    /** A column as the database described it: exact name and kind. */
    private record Described(String name, ColumnKind kind, int maxLength) {}

    private record Probe(String sql, Map<String, Described> columns) {}

    /**
     * Finds the table as unquoted SQL would (the database folds the case, as the application's own
     * SQL does), then as spelled exactly; the name was checked, so neither form can carry anything else.
     */
    private static Probe probeTable(Connection c, String property, String table) throws SQLException {
        SQLException first = null;
        for (String sql : new String[] {table, Identifiers.quoteQualified(table)}) {
            try {
                return new Probe(sql, describe(c, "SELECT * FROM " + sql + " WHERE 1 = 0"));
            } catch (SQLException e) {
                if (isConnectionFailure(e)) {
                    throw e;
                }
                if (first == null) {
                    first = e;
                }
                if (e.getSQLState() == null || !UNDEFINED_TABLE.contains(e.getSQLState())) {
                    break;
                }
            }
        }
        throw new SchemaException(property + ": the table " + table + " does not exist or cannot be read by this database user ("
                + first.getMessage().lines().findFirst().orElse("") + ")");
    }

    private static Map<String, Described> describe(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            Map<String, Described> columns = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String label = md.getColumnLabel(i);
                ColumnKind kind = ColumnKind.of(md.getColumnType(i), md.getColumnTypeName(i), md.getScale(i));
                int precision = md.getPrecision(i);
                // text without a declared length reports a huge or zero precision: treat both as unbounded
                int maxLength = kind == ColumnKind.TEXT && precision > 0 && precision < 1_000_000 ? precision : 0;
                columns.put(label.toLowerCase(Locale.ROOT), new Described(label, kind, maxLength));
            }
            return columns;
        }
    }

    private static MappedColumn find(Map<String, Described> described, String what, String property, String configured, String alias) {
        Described d = described.get(configured.toLowerCase(Locale.ROOT));
        if (d == null) {
            throw new SchemaException(property + ": " + what + " has no column '" + configured + "' (its columns: "
                    + described.values().stream().map(Described::name).collect(Collectors.joining(", ")) + ")");
        }
        return new MappedColumn(d.name(), alias, d.kind(), d.maxLength());
    }

    /**
     * A failure to talk to the database rather than a statement it refused: SQLSTATE class 08
     * (connection exception), 57P (PostgreSQL shutting down), 53 (out of resources), the JDBC
     * connection exception types (the pool's timeout, H2's broken connection), or no SQLSTATE at all.
     */
    static boolean isConnectionFailure(SQLException e) {
        if (e instanceof java.sql.SQLTransientConnectionException || e instanceof java.sql.SQLNonTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
    }
}
