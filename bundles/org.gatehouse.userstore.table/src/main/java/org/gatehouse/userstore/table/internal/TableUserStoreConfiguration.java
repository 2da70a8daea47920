package org.gatehouse.userstore.table.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One existing users table, as a secondary user store. A factory configuration: every instance
 * (e.g. {@code etc/org.gatehouse.userstore.table-shop.cfg}) is one store, added, changed and
 * removed at run time.
 *
 * <p>Attribute names with {@code _} become property names with {@code .}: {@code column_username}
 * is {@code column.username}. The database password is {@code _password}, the property
 * {@code .password}: Declarative Services does not copy properties whose names start with a dot
 * into the service registration, so the secret is not visible to every bundle that looks the store up.
 *
 * <p>Table and column names are checked against {@code [A-Za-z_][A-Za-z0-9_]*} (a table may carry
 * its schema, {@code shop.app_users}) and against the table itself at activation; nothing from the
 * configuration is pasted into SQL otherwise.
 */
@ObjectClassDefinition(
        name = "Gatehouse existing-table user store",
        description = "Users from a table that an application already has, e.g. app_users(id, login, email, password_hash, ...). "
                + "Users log in as DOMAIN/username.")
public @interface TableUserStoreConfiguration {

    String FACTORY_PID = "org.gatehouse.userstore.table";

    @AttributeDefinition(name = "Domain", description = "Upper-case name of the store, e.g. SHOP; users log in as SHOP/alice. PRIMARY is reserved.")
    String domain();

    @AttributeDefinition(name = "Display name", required = false)
    String displayName() default "";

    @AttributeDefinition(name = "Access", description = "READ_ONLY leaves the table to its application; READ_WRITE lets Gatehouse create, "
            + "update and delete users and set passwords.")
    AccessMode access() default AccessMode.READ_ONLY;

    @AttributeDefinition(name = "Organization id", description = "The organization whose users this table holds (the root organization by default).",
            required = false)
    String organization() default "00000000-0000-0000-0000-000000000000";

    // ---- connection

    @AttributeDefinition(name = "JDBC URL", description = "jdbc:postgresql://host:5432/shop or jdbc:h2:...")
    String url();

    @AttributeDefinition(name = "Database user", required = false)
    String user() default "";

    @AttributeDefinition(name = "Database password", type = AttributeType.PASSWORD, required = false)
    String _password() default "";

    @AttributeDefinition(name = "Largest pool size", description = "This store's own connections; keep it small.", min = "1", max = "50")
    int pool_maxSize() default 4;

    @AttributeDefinition(name = "Connection timeout (ms)", description = "How long a request waits for the database before the store counts as down.",
            min = "250", max = "60000")
    int pool_connectionTimeoutMillis() default 2000;

    // ---- where the users are

    @AttributeDefinition(name = "Table", description = "The users table, optionally with its schema: app_users or shop.app_users.", required = false)
    String table() default "";

    @AttributeDefinition(name = "Users query", description = "Instead of a table (read-only): one SELECT whose columns carry the names mapped below, "
            + "e.g. SELECT u.id, u.login, c.pw FROM users u JOIN credentials c ON c.user_id = u.id. Gatehouse adds its own WHERE, ORDER BY and paging around it.",
            required = false)
    String query() default "";

    @AttributeDefinition(name = "Id column")
    String column_id() default "id";

    @AttributeDefinition(name = "Id generation", description = "DATABASE: the table generates ids (identity, serial, default); UUID: Gatehouse writes a random UUID.")
    IdGeneration id_generation() default IdGeneration.DATABASE;

    @AttributeDefinition(name = "Username column")
    String column_username() default "username";

    @AttributeDefinition(name = "Password hash column", description = "Empty when the table holds no passwords.", required = false)
    String column_password() default "password_hash";

    @AttributeDefinition(name = "Email column", required = false)
    String column_email() default "";

    @AttributeDefinition(name = "Email verified column (boolean)", required = false)
    String column_emailVerified() default "";

    @AttributeDefinition(name = "Given name column", required = false)
    String column_givenName() default "";

    @AttributeDefinition(name = "Family name column", required = false)
    String column_familyName() default "";

    @AttributeDefinition(name = "Display name column", required = false)
    String column_displayName() default "";

    @AttributeDefinition(name = "Phone number column", required = false)
    String column_phoneNumber() default "";

    @AttributeDefinition(name = "Active column", description = "Empty: every user is active. A boolean or 0/1 column, or a text column with active.values.",
            required = false)
    String column_active() default "";

    @AttributeDefinition(name = "Active column is inverted", description = "For columns such as is_disabled or locked: true means inactive.")
    boolean active_inverted() default false;

    @AttributeDefinition(name = "Active values", description = "For a text column: the values that mean active, e.g. Y or ACTIVE (letters, digits, _ and -).",
            required = false)
    String[] active_values() default {};

    @AttributeDefinition(name = "Inactive value", description = "For a text column: the value written when Gatehouse disables a user, e.g. N or DISABLED.",
            required = false)
    String active_inactiveValue() default "";

    @AttributeDefinition(name = "Created column (timestamp)", required = false)
    String column_created() default "";

    @AttributeDefinition(name = "Last modified column (timestamp)", description = "Gatehouse sets it on every change it makes.", required = false)
    String column_modified() default "";

    @AttributeDefinition(name = "Version column (integer)", description = "Optimistic locking: incremented on every change. Without one the last-modified "
            + "column serves, and without that a digest of the mapped columns.", required = false)
    String column_version() default "";

    // ---- passwords

    @AttributeDefinition(name = "Salt column", description = "For salted digests whose salt lives in its own column (password.salt = COLUMN).", required = false)
    String column_salt() default "";

    @AttributeDefinition(name = "Salted digests", description = "How plain salted SHA-2 digests are stored: NONE (not used), COLUMN (salt in column.salt) "
            + "or PREFIX (salt$digest in the hash column). Self-describing formats (bcrypt, argon2, PBKDF2, {SSHA}) are recognized anyway.")
    SaltLocation password_salt() default SaltLocation.NONE;

    @AttributeDefinition(name = "Salted digest algorithm")
    SaltedDigest.Algorithm password_salted_algorithm() default SaltedDigest.Algorithm.SHA_256;

    @AttributeDefinition(name = "Salted digest encoding")
    SaltedDigest.Encoding password_salted_encoding() default SaltedDigest.Encoding.HEX;

    @AttributeDefinition(name = "Salted digest order", description = "What is hashed: the salt then the password, or the password then the salt.")
    SaltedDigest.Order password_salted_order() default SaltedDigest.Order.SALT_THEN_PASSWORD;

    @AttributeDefinition(name = "Accept unsalted legacy digests", description = "Accept unsalted MD5, SHA-1 and SHA-256 hex digests. They are "
            + "cracked in seconds: enable only to migrate, ideally with rehash on login.")
    boolean password_legacyUnsalted() default false;

    @AttributeDefinition(name = "Format of new hashes", description = "How passwords set through Gatehouse are hashed (read-write stores).")
    NewHashFormat password_newFormat() default NewHashFormat.BCRYPT;

    @AttributeDefinition(name = "bcrypt cost", min = "10", max = "16")
    int password_bcryptCost() default 12;

    @AttributeDefinition(name = "Rehash on login", description = "After a successful login, replace a hash in another format with one in the format "
            + "of new hashes. Off by default: the application that owns the table must be able to read the new format.")
    boolean password_rehashOnLogin() default false;

    // ---- groups

    @AttributeDefinition(name = "Groups table", description = "Empty for a store without groups.", required = false)
    String group_table() default "";

    @AttributeDefinition(name = "Group id column")
    String group_column_id() default "id";

    @AttributeDefinition(name = "Group name column")
    String group_column_name() default "name";

    @AttributeDefinition(name = "Group description column", required = false)
    String group_column_description() default "";

    @AttributeDefinition(name = "Membership table", description = "One row per member: user id and group id.", required = false)
    String membership_table() default "";

    @AttributeDefinition(name = "Membership user column")
    String membership_column_user() default "user_id";

    @AttributeDefinition(name = "Membership group column")
    String membership_column_group() default "group_id";
}
