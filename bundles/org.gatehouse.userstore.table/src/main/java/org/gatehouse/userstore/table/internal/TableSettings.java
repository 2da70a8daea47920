package org.gatehouse.userstore.table.internal;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gatehouse.api.userstore.UserStoreDescriptor;

/**
 * The checked form of a {@link TableUserStoreConfiguration}. Anything that could not work (a bad
 * name, a query in a read-write store, a salt column without salted digests) fails the activation
 * here, with a message that names the setting, instead of failing every request later.
 */
record TableSettings(
        String domain,
        String displayName,
        AccessMode access,
        String organizationId,
        String url,
        String user,
        String password,
        int poolMaxSize,
        int connectionTimeoutMillis,
        Optional<String> table,
        Optional<String> query,
        Map<UserField, String> columns,
        IdGeneration idGeneration,
        boolean activeInverted,
        List<String> activeValues,
        Optional<String> inactiveValue,
        PasswordHashes passwords,
        NewHashFormat newHashFormat,
        boolean rehashOnLogin,
        Optional<GroupMapping> groups) {

    private static final Pattern DOMAIN = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,63}");
    private static final Pattern ACTIVE_VALUE = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /** Where groups and memberships live, by checked names. */
    record GroupMapping(String table, String id, String name, Optional<String> description,
            String membershipTable, String memberUser, String memberGroup) {}

    static TableSettings from(TableUserStoreConfiguration c) {
        String domain = required("domain", c.domain()).toUpperCase(Locale.ROOT);
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("domain must be 1-64 upper-case letters, digits, '-' or '_': " + domain);
        }
        if (domain.equals(UserStoreDescriptor.PRIMARY_DOMAIN)) {
            throw new IllegalArgumentException("domain PRIMARY is the Gatehouse database's own store: choose another, e.g. SHOP");
        }
        AccessMode access = c.access() == null ? AccessMode.READ_ONLY : c.access();
        String url = required("url", c.url());
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("url must be a PostgreSQL or H2 JDBC URL (jdbc:postgresql://host:5432/db): " + redact(url));
        }
        Optional<String> table = optional(c.table()).map(t -> Identifiers.table("table", t));
        Optional<String> query = optional(c.query()).map(TableSettings::checkQuery);
        if (table.isPresent() == query.isPresent()) {
            throw new IllegalArgumentException("Set either table (a users table) or query (a SELECT over the application's tables), not "
                    + (table.isPresent() ? "both" : "neither"));
        }
        if (query.isPresent() && access == AccessMode.READ_WRITE) {
            throw new IllegalArgumentException("A store defined by a query is read-only: set table to make it READ_WRITE");
        }
        if (c.pool_maxSize() < 1 || c.pool_maxSize() > 50) {
            throw new IllegalArgumentException("pool.maxSize must be 1-50: " + c.pool_maxSize());
        }
        if (c.pool_connectionTimeoutMillis() < 250 || c.pool_connectionTimeoutMillis() > 60_000) {
            throw new IllegalArgumentException("pool.connectionTimeoutMillis must be 250-60000: " + c.pool_connectionTimeoutMillis());
        }

        Map<UserField, String> columns = new EnumMap<>(UserField.class);
        columns.put(UserField.ID, Identifiers.column("column.id", required("column.id", c.column_id())));
        columns.put(UserField.USERNAME, Identifiers.column("column.username", required("column.username", c.column_username())));
        putOptional(columns, UserField.PASSWORD, c.column_password());
        putOptional(columns, UserField.SALT, c.column_salt());
        putOptional(columns, UserField.EMAIL, c.column_email());
        putOptional(columns, UserField.EMAIL_VERIFIED, c.column_emailVerified());
        putOptional(columns, UserField.GIVEN_NAME, c.column_givenName());
        putOptional(columns, UserField.FAMILY_NAME, c.column_familyName());
        putOptional(columns, UserField.DISPLAY_NAME, c.column_displayName());
        putOptional(columns, UserField.PHONE_NUMBER, c.column_phoneNumber());
        putOptional(columns, UserField.ACTIVE, c.column_active());
        putOptional(columns, UserField.CREATED, c.column_created());
        putOptional(columns, UserField.MODIFIED, c.column_modified());
        putOptional(columns, UserField.VERSION, c.column_version());

        // one value, a list, or "Y, A" in one .cfg line: all the same
        List<String> activeValues = Arrays.stream(c.active_values() == null ? new String[0] : c.active_values())
                .flatMap(v -> Arrays.stream(v.split(","))).map(String::strip).filter(s -> !s.isEmpty())
                .map(v -> activeValue("active.values", v)).toList();
        Optional<String> inactiveValue = optional(c.active_inactiveValue()).map(v -> activeValue("active.inactiveValue", v));
        if (!columns.containsKey(UserField.ACTIVE) && (!activeValues.isEmpty() || c.active_inverted())) {
            throw new IllegalArgumentException("active.values and active.inverted need column.active");
        }
        if (!activeValues.isEmpty() && c.active_inverted()) {
            throw new IllegalArgumentException("active.values lists the values that mean active; active.inverted is for boolean columns only");
        }

        SaltLocation salt = c.password_salt() == null ? SaltLocation.NONE : c.password_salt();
        if (salt == SaltLocation.COLUMN && !columns.containsKey(UserField.SALT)) {
            throw new IllegalArgumentException("password.salt = COLUMN needs column.salt");
        }
        if (salt != SaltLocation.COLUMN && columns.containsKey(UserField.SALT)) {
            throw new IllegalArgumentException("column.salt is only used with password.salt = COLUMN");
        }
        if (c.password_bcryptCost() < 10 || c.password_bcryptCost() > 16) {
            throw new IllegalArgumentException("password.bcryptCost must be 10-16: " + c.password_bcryptCost());
        }
        NewHashFormat newFormat = c.password_newFormat() == null ? NewHashFormat.BCRYPT : c.password_newFormat();
        boolean rehash = c.password_rehashOnLogin() && access == AccessMode.READ_WRITE && columns.containsKey(UserField.PASSWORD);
        PasswordHashes passwords = new PasswordHashes(salt, c.password_salted_algorithm(), c.password_salted_encoding(), c.password_salted_order(),
                c.password_legacyUnsalted(), newFormat, c.password_bcryptCost(), rehash);

        Optional<GroupMapping> groups = Optional.empty();
        Optional<String> groupTable = optional(c.group_table());
        Optional<String> membershipTable = optional(c.membership_table());
        if (groupTable.isPresent() != membershipTable.isPresent()) {
            throw new IllegalArgumentException("Groups need both group.table and membership.table");
        }
        if (groupTable.isPresent()) {
            groups = Optional.of(new GroupMapping(
                    Identifiers.table("group.table", groupTable.get()),
                    Identifiers.column("group.column.id", c.group_column_id()),
                    Identifiers.column("group.column.name", c.group_column_name()),
                    optional(c.group_column_description()).map(d -> Identifiers.column("group.column.description", d)),
                    Identifiers.table("membership.table", membershipTable.get()),
                    Identifiers.column("membership.column.user", c.membership_column_user()),
                    Identifiers.column("membership.column.group", c.membership_column_group())));
        }
        return new TableSettings(domain, optional(c.displayName()).orElse("Users of " + table.orElse("a query")), access,
                optional(c.organization()).orElse(org.gatehouse.api.context.OrganizationRef.ROOT_ID), url, optional(c.user()).orElse(""),
                c._password() == null ? "" : c._password(), c.pool_maxSize(), c.pool_connectionTimeoutMillis(), table, query, Map.copyOf(columns),
                c.id_generation() == null ? IdGeneration.DATABASE : c.id_generation(), c.active_inverted(), activeValues, inactiveValue,
                passwords, newFormat, rehash, groups);
    }

    boolean writable() {
        return access == AccessMode.READ_WRITE;
    }

    /** The URL as it may appear in logs: no password parameter. */
    String redactedUrl() {
        return redact(url);
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        // the database password stays out of every log line
        return "TableSettings[domain=" + domain + ", access=" + access + ", url=" + redactedUrl() + ", user=" + user
                + ", table=" + table.orElse("(query)") + ", columns=" + columns + "]";
    }

    /**
     * A users query is trusted configuration (like the JDBC URL), but it must be one SELECT: the
     * store wraps it as a derived table, and a second statement would never be what was meant.
     */
    private static String checkQuery(String query) {
        String q = query.strip();
        String head = q.toUpperCase(Locale.ROOT);
        if (!(head.startsWith("SELECT") || head.startsWith("WITH")) || q.contains(";")) {
            throw new IllegalArgumentException("query must be a single SELECT statement without ';'");
        }
        return q;
    }

    private static String activeValue(String property, String v) {
        if (!ACTIVE_VALUE.matcher(v).matches()) {
            throw new IllegalArgumentException(property + " values are 1-32 letters, digits, '_' or '-': '" + v + "'");
        }
        return v;
    }

    private static void putOptional(Map<UserField, String> columns, UserField field, String value) {
        optional(value).ifPresent(v -> columns.put(field, Identifiers.column(field.property, v)));
    }

    private static String required(String name, String value) {
        return optional(value).orElseThrow(() -> new IllegalArgumentException("The setting " + name + " is required"));
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
