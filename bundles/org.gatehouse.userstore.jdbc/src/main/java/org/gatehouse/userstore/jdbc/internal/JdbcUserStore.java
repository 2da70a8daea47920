package org.gatehouse.userstore.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.GroupUpdate;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.NewGroup;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserCreation;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.VersionConflictException;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.crypto.PasswordHasher;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Dialect;
import org.gatehouse.persistence.Migration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default user store, in the Gatehouse database. Every row carries its organization; every
 * update is conditional on the version the caller read.
 */
@Component(
        service = {UserStore.class, WritableUserStore.class},
        configurationPid = JdbcUserStoreConfiguration.PID,
        // the default domain as a service property too, so the bootstrap can target the primary store
        property = "domain=" + UserStoreDescriptor.PRIMARY_DOMAIN)
@Designate(ocd = JdbcUserStoreConfiguration.class)
public final class JdbcUserStore implements WritableUserStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcUserStore.class);
    static final String PASSWORD = "password";

    private static final String USER_COLUMNS = "u.id, u.username, u.active, u.given_name, u.family_name, u.display_name, u.email, "
            + "u.email_verified, u.phone_number, u.locale, u.version, u.created_at, u.modified_at";
    private static final String GROUP_COLUMNS = "g.id, g.name, g.description, g.version, g.created_at, g.modified_at";

    private static final FilterTranslator USER_FILTERS = new FilterTranslator(
            Map.ofEntries(
                    Map.entry("id", Column.exact("u.id")),
                    Map.entry("username", Column.key("u.username_key")),
                    Map.entry("active", Column.bool("u.active")),
                    Map.entry("displayname", Column.text("u.display_name")),
                    Map.entry("name.givenname", Column.text("u.given_name")),
                    Map.entry("name.familyname", Column.text("u.family_name")),
                    Map.entry("emails", Column.key("u.email_key")),
                    Map.entry("emails.value", Column.key("u.email_key")),
                    Map.entry("emails.verified", Column.bool("u.email_verified")),
                    Map.entry("phonenumbers", Column.text("u.phone_number")),
                    Map.entry("phonenumbers.value", Column.text("u.phone_number")),
                    Map.entry("locale", Column.text("u.locale")),
                    Map.entry("meta.created", Column.time("u.created_at")),
                    Map.entry("meta.lastmodified", Column.time("u.modified_at"))),
            Optional.of(new FilterTranslator.AttributeTable("gh_user_attribute", "user_id", "u.id")),
            Map.of("groups.value", "SELECT 1 FROM gh_group_member m WHERE m.user_id = u.id AND m.group_id = ?",
                    "groups", "SELECT 1 FROM gh_group_member m WHERE m.user_id = u.id AND m.group_id = ?"));

    private static final FilterTranslator GROUP_FILTERS = new FilterTranslator(
            Map.of(
                    "id", Column.exact("g.id"),
                    "displayname", Column.key("g.name_key"),
                    "description", Column.text("g.description"),
                    "meta.created", Column.time("g.created_at"),
                    "meta.lastmodified", Column.time("g.modified_at")),
            Optional.empty(),
            Map.of("members.value", "SELECT 1 FROM gh_group_member m WHERE m.group_id = g.id AND m.user_id = ?",
                    "members", "SELECT 1 FROM gh_group_member m WHERE m.group_id = g.id AND m.user_id = ?"));

    private final UserStoreDescriptor descriptor;
    private final Transactions tx;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final TimeOrderedIds ids;
    private final PlannerStatistics statistics;

    @Activate
    public JdbcUserStore(JdbcUserStoreConfiguration config, @Reference Database database, @Reference PasswordHasher hasher) {
        this(new UserStoreDescriptor(config.domain(), config.displayName(),
                EnumSet.of(StoreCapability.WRITE, StoreCapability.GROUPS, StoreCapability.PASSWORD, StoreCapability.SORT)),
                database, hasher, Clock.systemUTC());
    }

    JdbcUserStore(UserStoreDescriptor descriptor, Database database, PasswordHasher hasher, Clock clock) {
        database.migrate("userstore.jdbc", Migration.load(JdbcUserStore.class.getClassLoader(), "db/userstore.jdbc"));
        this.descriptor = descriptor;
        this.tx = new Transactions(database.dataSource());
        this.hasher = hasher;
        this.clock = clock;
        this.ids = new TimeOrderedIds(clock);
        this.statistics = new PlannerStatistics(database.dataSource(), database.dialect() == Dialect.POSTGRESQL);
        LOG.info("JDBC user store {} ready", descriptor.domain());
    }

    @Override
    public UserStoreDescriptor descriptor() {
        return descriptor;
    }

    // ---- users: reads

    @Override
    public Optional<User> findUserById(OrganizationRef org, String id) {
        return tx.read(c -> loadUser(c, org, "u.id = ?", id));
    }

    @Override
    public Optional<User> findUserByUsername(OrganizationRef org, String username) {
        return tx.read(c -> loadUser(c, org, "u.username_key = ?", key(username)));
    }

    private Optional<User> loadUser(Connection c, OrganizationRef org, String condition, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM gh_user u WHERE u.org_id = ? AND " + condition)) {
            ps.setString(1, org.id());
            ps.setString(2, value);
            List<User> users = readUsers(c, ps);
            return users.stream().findFirst();
        }
    }

    @Override
    public Page<User> searchUsers(OrganizationRef org, Query query) {
        SqlCondition where = USER_FILTERS.translate(query.filter());
        return tx.read(c -> {
            List<User> users = List.of();
            if (query.limit() > 0) {
                try (PreparedStatement ps = c.prepareStatement(userPageSql(where, query.sort()))) {
                    int i = bind(ps, org, where.params());
                    ps.setInt(i++, query.limit());
                    ps.setInt(i, query.offset());
                    users = readUsers(c, ps);
                }
                if (query.offset() == 0 && users.size() < query.limit()) {
                    // the first page holds every match (a lookup by name or email, say): it is the count
                    return new Page<>(users, users.size(), query.offset(), query.limit());
                }
            }
            long total = count(c, "SELECT COUNT(*) FROM gh_user u WHERE u.org_id = ? AND " + where.sql(), org, where.params());
            return new Page<>(users, total, query.offset(), query.limit());
        });
    }

    /** A page of a user search: the organization, the filter's parameters, then limit and offset. */
    static String userPageSql(SqlCondition where, Optional<Query.Sort> sort) {
        return "SELECT " + USER_COLUMNS + " FROM gh_user u WHERE u.org_id = ? AND " + where.sql() + userOrder(where, sort) + " LIMIT ? OFFSET ?";
    }

    /**
     * The ORDER BY of a user search, after the WHERE. Unfiltered and by username (the default), a page walks the (org_id,
     * username_key) index instead of sorting the whole organization for each page: the always-true range on username_key
     * makes H2's planner take that index rather than the one it keeps for the org_id foreign key (with that one it sorted
     * every user per page, seconds at 100,000). With a filter the planner must stay free to take the filter's index (an
     * email lookup, say), and H2 would trade it for one that matches an ORDER BY on (org_id, username_key): so there the
     * order is on username_key alone and the matches are sorted. Keys other than the username are not unique and take
     * the id as a tie-breaker, so pages never overlap.
     */
    private static String userOrder(SqlCondition where, Optional<Query.Sort> sort) {
        String direction = sort.map(s -> s.descending() ? " DESC" : " ASC").orElse(" ASC");
        String column = sort.map(s -> userSortColumn(s.path().key())).orElse("u.username_key");
        return switch (column) {
            case "u.username_key" -> where == SqlCondition.ALWAYS
                    ? " AND u.username_key >= '' ORDER BY u.org_id" + direction + ", u.username_key" + direction
                    : " ORDER BY u.username_key" + direction;
            case "u.id" -> " ORDER BY u.id" + direction;
            default -> " ORDER BY " + column + direction + ", u.id ASC";
        };
    }

    private static String userSortColumn(String path) {
        return switch (path) {
            case "username" -> "u.username_key";
            case "id" -> "u.id";
            case "displayname" -> "LOWER(u.display_name)";
            case "name.givenname" -> "LOWER(u.given_name)";
            case "name.familyname" -> "LOWER(u.family_name)";
            case "emails", "emails.value" -> "u.email_key";
            case "active" -> "u.active";
            case "meta.created" -> "u.created_at";
            case "meta.lastmodified" -> "u.modified_at";
            default -> throw new InvalidFilterException("Cannot sort by '" + path + "'");
        };
    }

    private List<User> readUsers(Connection c, PreparedStatement ps) throws SQLException {
        List<User> users = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                users.add(new User(
                        rs.getString(1), descriptor.domain(), rs.getString(2), rs.getBoolean(3),
                        new UserProfile(rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8),
                                rs.getString(9), rs.getString(10), Map.of()),
                        rs.getLong(11), instant(rs, 12), instant(rs, 13)));
            }
        }
        if (users.isEmpty()) {
            return users;
        }
        Map<String, Map<String, List<String>>> attributes = loadAttributes(c, users.stream().map(User::id).toList());
        List<User> result = new ArrayList<>(users.size());
        for (User u : users) {
            Map<String, List<String>> a = attributes.get(u.id());
            result.add(a == null ? u : new User(u.id(), u.domain(), u.username(), u.active(),
                    new UserProfile(u.profile().givenName(), u.profile().familyName(), u.profile().displayName(), u.profile().email(),
                            u.profile().emailVerified(), u.profile().phoneNumber(), u.profile().locale(), a),
                    u.version(), u.created(), u.lastModified()));
        }
        return result;
    }

    private static Map<String, Map<String, List<String>>> loadAttributes(Connection c, List<String> userIds) throws SQLException {
        String placeholders = String.join(",", Collections.nCopies(userIds.size(), "?"));
        Map<String, Map<String, List<String>>> result = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id, name, val FROM gh_user_attribute WHERE user_id IN ("
                + placeholders + ") ORDER BY user_id, name_key, position")) {
            for (int i = 0; i < userIds.size(); i++) {
                ps.setString(i + 1, userIds.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add(rs.getString(3));
                }
            }
        }
        return result;
    }

    @Override
    public CredentialCheck verifyPassword(OrganizationRef org, String userId, char[] password) {
        Optional<String> stored = tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT cr.secret FROM gh_user_credential cr JOIN gh_user u ON u.id = cr.user_id"
                    + " WHERE u.org_id = ? AND u.id = ? AND cr.type = ?")) {
                ps.setString(1, org.id());
                ps.setString(2, userId);
                ps.setString(3, PASSWORD);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
        if (stored.isEmpty()) {
            hasher.verifyNothing(password);
            return CredentialCheck.NOT_SET;
        }
        if (!hasher.verify(password, stored.get())) {
            return CredentialCheck.INVALID;
        }
        if (hasher.needsRehash(stored.get())) {
            rehash(userId, password, stored.get());
        }
        return CredentialCheck.VALID;
    }

    /** Upgrades an outdated hash after a successful check; only if nobody changed the password meanwhile. */
    private void rehash(String userId, char[] password, String oldHash) {
        String newHash = hasher.hash(password);
        tx.write(null, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE gh_user_credential SET secret = ?, updated_at = ? WHERE user_id = ? AND type = ? AND secret = ?")) {
                ps.setString(1, newHash);
                ps.setObject(2, now());
                ps.setString(3, userId);
                ps.setString(4, PASSWORD);
                ps.setString(5, oldHash);
                return ps.executeUpdate();
            }
        });
        LOG.debug("Rehashed the password of user {}", userId);
    }

    // ---- users: writes

    @Override
    public User createUser(OrganizationRef org, NewUser user) {
        String username = Validation.username(user.username());
        UserProfile profile = Validation.profile(user.profile());
        String passwordHash = user.password().map(hasher::hash).orElse(null);
        String id = ids.next();
        OffsetDateTime now = now();
        tx.write("userName", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_user (id, org_id, username, username_key, active, given_name, family_name,"
                    + " display_name, email, email_key, email_verified, phone_number, locale, version, created_at, modified_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, org.id());
                ps.setString(3, username);
                ps.setString(4, key(username));
                ps.setBoolean(5, user.active());
                int i = bindProfile(ps, 6, profile);
                ps.setObject(i++, now);
                ps.setObject(i, now);
                ps.executeUpdate();
            }
            insertAttributes(c, id, profile);
            if (passwordHash != null) {
                upsertPassword(c, id, passwordHash, false);
            }
            return null;
        });
        statistics.grew("gh_user", 1);
        return findUserById(org, id).orElseThrow();
    }

    /**
     * Creates users in transactions of up to {@value #BATCH} with batched statements. A name earlier
     * in the same list is a conflict at once; a batch is first inserted as if its names were free,
     * and when one is taken in the store the unique constraint says so, the batch goes back to a
     * savepoint, and one query finds the taken names, which are answered as conflicts. Should a
     * concurrent writer take a name in between, that batch is rolled back and its users created one
     * by one, so each still gets its own outcome.
     */
    @Override
    public List<UserCreation> createUsers(OrganizationRef org, List<NewUser> users) {
        UserCreation[] outcome = new UserCreation[users.size()];
        List<PendingUser> pending = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            NewUser user = users.get(i);
            try {
                String username = Validation.username(user.username());
                UserProfile profile = Validation.profile(user.profile());
                if (!names.add(key(username))) {
                    outcome[i] = UserCreation.failed(new UniquenessConflictException("userName", "The userName is already taken"));
                    continue;
                }
                pending.add(new PendingUser(i, user, username, profile, user.password().map(hasher::hash).orElse(null)));
            } catch (InvalidValueException e) {
                outcome[i] = UserCreation.failed(e);
            }
        }
        for (int from = 0; from < pending.size(); from += BATCH) {
            List<PendingUser> batch = pending.subList(from, Math.min(pending.size(), from + BATCH));
            try {
                createBatch(org, batch, outcome);
            } catch (UniquenessConflictException race) {
                for (PendingUser p : batch) {
                    try {
                        outcome[p.index()] = UserCreation.created(createUser(org, p.user()));
                    } catch (UniquenessConflictException | InvalidValueException e) {
                        outcome[p.index()] = UserCreation.failed(e);
                    }
                }
            }
        }
        return List.of(outcome);
    }

    static final int BATCH = 500;

    private record PendingUser(int index, NewUser user, String username, UserProfile profile, String passwordHash) {}

    private void createBatch(OrganizationRef org, List<PendingUser> batch, UserCreation[] outcome) {
        OffsetDateTime now = now();
        long[] rows = new long[3]; // users, attributes, passwords written
        List<UserCreation> created = tx.write("userName", c -> {
            // first as if every name were free, which is what an import into a store that lacks these users finds; a name
            // taken after all fails the batch on the unique constraint, and it goes again with the taken names left out
            Savepoint optimistic = c.setSavepoint();
            try {
                return insertUsers(c, org, batch, Set.of(), now, rows);
            } catch (SQLException e) {
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
                c.rollback(optimistic);
            }
            return insertUsers(c, org, batch, takenNames(c, org, batch), now, rows);
        });
        statistics.grew("gh_user", rows[0]);
        statistics.grew("gh_user_attribute", rows[1]);
        statistics.grew("gh_user_credential", rows[2]);
        for (int i = 0; i < batch.size(); i++) {
            outcome[batch.get(i).index()] = created.get(i);
        }
    }

    /** The keys of the batch's names that users of the organization have. */
    private static Set<String> takenNames(Connection c, OrganizationRef org, List<PendingUser> batch) throws SQLException {
        Set<String> taken = new HashSet<>();
        // a join with the names as a VALUES table, not "username_key IN (?, ...)": H2 uses only the org_id half of the
        // (org_id, username_key) index for a parameter list and compares every user of the organization with every name
        // (0.7 s per batch of 500 at 100,000 users); the join is one index lookup per name on H2 and PostgreSQL alike
        String names = String.join(", ", Collections.nCopies(batch.size(), "(CAST(? AS VARCHAR(255)))"));
        try (PreparedStatement ps = c.prepareStatement("SELECT u.username_key FROM (VALUES " + names + ") n (username_key)"
                + " JOIN gh_user u ON u.org_id = ? AND u.username_key = n.username_key")) {
            for (int i = 0; i < batch.size(); i++) {
                ps.setString(i + 1, key(batch.get(i).username()));
            }
            ps.setString(batch.size() + 1, org.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    taken.add(rs.getString(1));
                }
            }
        }
        return taken;
    }

    /**
     * Inserts the batch's users but those whose name is taken, with batched statements.
     *
     * @param rows filled with the rows written: users, attributes, passwords
     */
    private List<UserCreation> insertUsers(Connection c, OrganizationRef org, List<PendingUser> batch, Set<String> taken, OffsetDateTime now,
            long[] rows) throws SQLException {
        java.util.Arrays.fill(rows, 0);
        String domain = descriptor().domain();
        List<UserCreation> results = new ArrayList<>(batch.size());
        try (PreparedStatement users = c.prepareStatement("INSERT INTO gh_user (id, org_id, username, username_key, active, given_name,"
                + " family_name, display_name, email, email_key, email_verified, phone_number, locale, version, created_at, modified_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
                PreparedStatement attributes = c.prepareStatement(INSERT_ATTRIBUTE);
                PreparedStatement passwords = c.prepareStatement(
                        "INSERT INTO gh_user_credential (user_id, type, secret, updated_at) VALUES (?, ?, ?, ?)")) {
            for (PendingUser p : batch) {
                if (taken.contains(key(p.username()))) {
                    results.add(UserCreation.failed(new UniquenessConflictException("userName", "The userName is already taken")));
                    continue;
                }
                String id = ids.next();
                users.setString(1, id);
                users.setString(2, org.id());
                users.setString(3, p.username());
                users.setString(4, key(p.username()));
                users.setBoolean(5, p.user().active());
                int i = bindProfile(users, 6, p.profile());
                users.setObject(i++, now);
                users.setObject(i, now);
                users.addBatch();
                rows[0]++;
                rows[1] += addAttributeRows(attributes, id, p.profile());
                if (p.passwordHash() != null) {
                    passwords.setString(1, id);
                    passwords.setString(2, PASSWORD);
                    passwords.setString(3, p.passwordHash());
                    passwords.setObject(4, now);
                    passwords.addBatch();
                    rows[2]++;
                }
                results.add(UserCreation.created(new User(id, domain, p.username(), p.user().active(), p.profile(), 1, now.toInstant(),
                        now.toInstant())));
            }
            users.executeBatch();
            if (rows[1] > 0) {
                attributes.executeBatch();
            }
            if (rows[2] > 0) {
                passwords.executeBatch();
            }
        }
        return results;
    }

    @Override
    public User updateUser(OrganizationRef org, String id, long expectedVersion, UserUpdate update) {
        String username = Validation.username(update.username());
        UserProfile profile = Validation.profile(update.profile());
        tx.write("userName", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE gh_user SET username = ?, username_key = ?, active = ?, given_name = ?,"
                    + " family_name = ?, display_name = ?, email = ?, email_key = ?, email_verified = ?, phone_number = ?, locale = ?,"
                    + " version = version + 1, modified_at = ? WHERE org_id = ? AND id = ? AND version = ?")) {
                ps.setString(1, username);
                ps.setString(2, key(username));
                ps.setBoolean(3, update.active());
                int i = bindProfile(ps, 4, profile);
                ps.setObject(i++, now());
                ps.setString(i++, org.id());
                ps.setString(i++, id);
                ps.setLong(i, expectedVersion);
                if (ps.executeUpdate() == 0) {
                    throw missingOrConflict(c, "gh_user", "User", org, id, expectedVersion);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gh_user_attribute WHERE user_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            insertAttributes(c, id, profile);
            return null;
        });
        return findUserById(org, id).orElseThrow(() -> new EntityNotFoundException("User " + id + " was deleted concurrently"));
    }

    @Override
    public void deleteUser(OrganizationRef org, String id, long expectedVersion) {
        tx.write(null, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gh_user WHERE org_id = ? AND id = ? AND version = ?")) {
                ps.setString(1, org.id());
                ps.setString(2, id);
                ps.setLong(3, expectedVersion);
                if (ps.executeUpdate() == 0) {
                    throw missingOrConflict(c, "gh_user", "User", org, id, expectedVersion);
                }
            }
            return null;
        });
    }

    @Override
    public void setPassword(OrganizationRef org, String userId, char[] password) {
        if (password == null || password.length == 0) {
            throw new org.gatehouse.api.userstore.InvalidValueException("password", "A password must not be empty");
        }
        String hash = hasher.hash(password);
        tx.write(null, c -> {
            requireUser(c, org, userId);
            upsertPassword(c, userId, hash, true);
            return null;
        });
    }

    private void upsertPassword(Connection c, String userId, String hash, boolean replace) throws SQLException {
        if (replace) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gh_user_credential WHERE user_id = ? AND type = ?")) {
                ps.setString(1, userId);
                ps.setString(2, PASSWORD);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_user_credential (user_id, type, secret, updated_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, userId);
            ps.setString(2, PASSWORD);
            ps.setString(3, hash);
            ps.setObject(4, now());
            ps.executeUpdate();
        }
    }

    private static int bindProfile(PreparedStatement ps, int i, UserProfile p) throws SQLException {
        ps.setString(i++, p.givenName());
        ps.setString(i++, p.familyName());
        ps.setString(i++, p.displayName());
        ps.setString(i++, p.email());
        ps.setString(i++, p.email() == null ? null : key(p.email()));
        ps.setBoolean(i++, p.emailVerified());
        ps.setString(i++, p.phoneNumber());
        ps.setString(i++, p.locale());
        return i;
    }

    private static void insertAttributes(Connection c, String userId, UserProfile profile) throws SQLException {
        if (profile.attributes().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_ATTRIBUTE)) {
            addAttributeRows(ps, userId, profile);
            ps.executeBatch();
        }
    }

    private static final String INSERT_ATTRIBUTE =
            "INSERT INTO gh_user_attribute (user_id, name, name_key, position, val, val_key) VALUES (?, ?, ?, ?, ?, ?)";

    /** Adds a row per attribute value to a batch of {@link #INSERT_ATTRIBUTE}, and says how many. */
    private static int addAttributeRows(PreparedStatement ps, String userId, UserProfile profile) throws SQLException {
        int rows = 0;
        for (Map.Entry<String, List<String>> e : profile.attributes().entrySet()) {
            int position = 0;
            for (String value : e.getValue()) {
                ps.setString(1, userId);
                ps.setString(2, e.getKey());
                ps.setString(3, key(e.getKey()));
                ps.setInt(4, position++);
                ps.setString(5, value);
                ps.setString(6, key(value));
                ps.addBatch();
                rows++;
            }
        }
        return rows;
    }

    // ---- groups

    @Override
    public Optional<Group> findGroupById(OrganizationRef org, String id) {
        return tx.read(c -> loadGroup(c, org, "g.id = ?", id));
    }

    @Override
    public Optional<Group> findGroupByName(OrganizationRef org, String name) {
        return tx.read(c -> loadGroup(c, org, "g.name_key = ?", key(name)));
    }

    private Optional<Group> loadGroup(Connection c, OrganizationRef org, String condition, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + GROUP_COLUMNS + " FROM gh_group g WHERE g.org_id = ? AND " + condition)) {
            ps.setString(1, org.id());
            ps.setString(2, value);
            return readGroups(ps).stream().findFirst();
        }
    }

    @Override
    public Page<Group> searchGroups(OrganizationRef org, Query query) {
        SqlCondition where = GROUP_FILTERS.translate(query.filter());
        String order = query.sort().map(s -> groupSortColumn(s.path().key()) + (s.descending() ? " DESC" : " ASC")).orElse("g.name_key ASC");
        return tx.read(c -> {
            List<Group> groups = List.of();
            if (query.limit() > 0) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + GROUP_COLUMNS + " FROM gh_group g WHERE g.org_id = ? AND "
                        + where.sql() + " ORDER BY " + order + ", g.id ASC LIMIT ? OFFSET ?")) {
                    int i = bind(ps, org, where.params());
                    ps.setInt(i++, query.limit());
                    ps.setInt(i, query.offset());
                    groups = readGroups(ps);
                }
                if (query.offset() == 0 && groups.size() < query.limit()) {
                    return new Page<>(groups, groups.size(), query.offset(), query.limit());
                }
            }
            long total = count(c, "SELECT COUNT(*) FROM gh_group g WHERE g.org_id = ? AND " + where.sql(), org, where.params());
            return new Page<>(groups, total, query.offset(), query.limit());
        });
    }

    private static String groupSortColumn(String path) {
        return switch (path) {
            case "displayname" -> "g.name_key";
            case "id" -> "g.id";
            case "meta.created" -> "g.created_at";
            case "meta.lastmodified" -> "g.modified_at";
            default -> throw new InvalidFilterException("Cannot sort groups by '" + path + "'");
        };
    }

    @Override
    public List<Group> groupsOf(OrganizationRef org, String userId) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + GROUP_COLUMNS + " FROM gh_group g JOIN gh_group_member m ON m.group_id = g.id"
                    + " WHERE g.org_id = ? AND m.user_id = ? ORDER BY g.name_key")) {
                ps.setString(1, org.id());
                ps.setString(2, userId);
                return readGroups(ps);
            }
        });
    }

    @Override
    public Page<User> membersOf(OrganizationRef org, String groupId, int offset, int limit) {
        return tx.read(c -> {
            requireGroup(c, org, groupId);
            long total = count(c, "SELECT COUNT(*) FROM gh_group_member m WHERE m.group_id = ?", null, List.of(groupId));
            try (PreparedStatement ps = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM gh_user u JOIN gh_group_member m ON m.user_id = u.id"
                    + " WHERE u.org_id = ? AND m.group_id = ? ORDER BY u.username_key, u.id LIMIT ? OFFSET ?")) {
                ps.setString(1, org.id());
                ps.setString(2, groupId);
                ps.setInt(3, limit);
                ps.setInt(4, offset);
                return new Page<>(readUsers(c, ps), total, offset, limit);
            }
        });
    }

    @Override
    public Group createGroup(OrganizationRef org, NewGroup group) {
        String name = Validation.groupName(group.name());
        String description = Validation.description(group.description());
        String id = ids.next();
        OffsetDateTime now = now();
        tx.write("displayName", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_group (id, org_id, name, name_key, description, version, created_at, modified_at)"
                    + " VALUES (?, ?, ?, ?, ?, 1, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, org.id());
                ps.setString(3, name);
                ps.setString(4, key(name));
                ps.setString(5, description);
                ps.setObject(6, now);
                ps.setObject(7, now);
                return ps.executeUpdate();
            }
        });
        return findGroupById(org, id).orElseThrow();
    }

    @Override
    public Group updateGroup(OrganizationRef org, String id, long expectedVersion, GroupUpdate update) {
        String name = Validation.groupName(update.name());
        String description = Validation.description(update.description());
        tx.write("displayName", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE gh_group SET name = ?, name_key = ?, description = ?, version = version + 1,"
                    + " modified_at = ? WHERE org_id = ? AND id = ? AND version = ?")) {
                ps.setString(1, name);
                ps.setString(2, key(name));
                ps.setString(3, description);
                ps.setObject(4, now());
                ps.setString(5, org.id());
                ps.setString(6, id);
                ps.setLong(7, expectedVersion);
                if (ps.executeUpdate() == 0) {
                    throw missingOrConflict(c, "gh_group", "Group", org, id, expectedVersion);
                }
                return null;
            }
        });
        return findGroupById(org, id).orElseThrow(() -> new EntityNotFoundException("Group " + id + " was deleted concurrently"));
    }

    @Override
    public void deleteGroup(OrganizationRef org, String id, long expectedVersion) {
        tx.write(null, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gh_group WHERE org_id = ? AND id = ? AND version = ?")) {
                ps.setString(1, org.id());
                ps.setString(2, id);
                ps.setLong(3, expectedVersion);
                if (ps.executeUpdate() == 0) {
                    throw missingOrConflict(c, "gh_group", "Group", org, id, expectedVersion);
                }
                return null;
            }
        });
    }

    @Override
    public void addMember(OrganizationRef org, String groupId, String userId) {
        int inserted = tx.write(null, c -> {
            requireGroup(c, org, groupId);
            requireUser(c, org, userId);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_group_member (group_id, user_id) SELECT ?, ? WHERE NOT EXISTS"
                    + " (SELECT 1 FROM gh_group_member WHERE group_id = ? AND user_id = ?)")) {
                ps.setString(1, groupId);
                ps.setString(2, userId);
                ps.setString(3, groupId);
                ps.setString(4, userId);
                return ps.executeUpdate();
            }
        });
        statistics.grew("gh_group_member", inserted);
    }

    /**
     * All or none, in one transaction, with a few statements for any number of members: one query per 500 groups and per
     * 500 users finds which exist (by primary key), one per 500 users finds their memberships already made (by the
     * user index), and the missing rows go in as one batch of plain inserts. A membership made meanwhile by someone else
     * fails the batch on the primary key: the transaction is then run once more, and finds it in place.
     */
    @Override
    public void addMembers(OrganizationRef org, Map<String, ? extends Collection<String>> usersByGroup) {
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        usersByGroup.forEach((group, users) -> {
            if (!users.isEmpty()) {
                wanted.computeIfAbsent(group, g -> new LinkedHashSet<>()).addAll(users);
            }
        });
        if (wanted.isEmpty()) {
            return;
        }
        try {
            insertMembers(org, wanted);
        } catch (UniquenessConflictException raced) {
            insertMembers(org, wanted);
        }
    }

    private void insertMembers(OrganizationRef org, Map<String, Set<String>> wanted) {
        Set<String> users = new LinkedHashSet<>();
        wanted.values().forEach(users::addAll);
        long inserted = tx.write("members", c -> {
            Set<String> groups = existing(c, "gh_group", org, wanted.keySet());
            for (String group : wanted.keySet()) {
                if (!groups.contains(group)) {
                    throw new EntityNotFoundException("No group " + group);
                }
            }
            Set<String> found = existing(c, "gh_user", org, users);
            for (String user : users) {
                if (!found.contains(user)) {
                    throw new EntityNotFoundException("User " + user + " does not exist");
                }
            }
            // as if none of the memberships existed, the common case; one that does fails the batch on the primary key
            Savepoint optimistic = c.setSavepoint();
            try {
                return insertMemberRows(c, wanted, Set.of());
            } catch (SQLException e) {
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
                c.rollback(optimistic);
            }
            return insertMemberRows(c, wanted, memberships(c, users));
        });
        statistics.grew("gh_group_member", inserted);
    }

    /** The (group, user) pairs of the users' memberships. */
    private static Set<List<String>> memberships(Connection c, Set<String> users) throws SQLException {
        Set<List<String>> made = new HashSet<>();
        for (List<String> part : partition(new ArrayList<>(users), BATCH)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT m.group_id, m.user_id FROM " + ids(part.size())
                    + " JOIN gh_group_member m ON m.user_id = v.id")) {
                bindAll(ps, 1, part);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        made.add(List.of(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        return made;
    }

    /** Inserts the wanted memberships but those made already, and says how many it inserted. */
    private static long insertMemberRows(Connection c, Map<String, Set<String>> wanted, Set<List<String>> made) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO gh_group_member (group_id, user_id) VALUES (?, ?)")) {
            long rows = 0;
            for (Map.Entry<String, Set<String>> group : wanted.entrySet()) {
                for (String user : group.getValue()) {
                    if (!made.contains(List.of(group.getKey(), user))) {
                        ps.setString(1, group.getKey());
                        ps.setString(2, user);
                        ps.addBatch();
                        rows++;
                    }
                }
            }
            if (rows > 0) {
                ps.executeBatch();
            }
            return rows;
        }
    }

    /**
     * Which of the ids are rows of the organization in the table, 500 at a time, joined as a VALUES table: a parameter list
     * ("id IN (?, ...)") became, in PostgreSQL's cached generic plan made while the table was young, a scan comparing every
     * row with every parameter (0.4-0.9 s per call at 30,000 users); the join is index lookups or one hashed scan.
     */
    private static Set<String> existing(Connection c, String table, OrganizationRef org, Collection<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        for (List<String> part : partition(new ArrayList<>(ids), BATCH)) {
            // the organization is compared here: in the WHERE, H2 started from its org_id index, every row of the organization
            try (PreparedStatement ps = c.prepareStatement("SELECT t.id, t.org_id FROM " + ids(part.size()) + " JOIN " + table
                    + " t ON t.id = v.id")) {
                bindAll(ps, 1, part);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (org.id().equals(rs.getString(2))) {
                            found.add(rs.getString(1));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** A VALUES table {@code v (id)} of n id parameters. */
    private static String ids(int n) {
        return "(VALUES " + String.join(", ", Collections.nCopies(n, "(CAST(? AS VARCHAR(36)))")) + ") v (id)";
    }

    private static int bindAll(PreparedStatement ps, int first, List<String> values) throws SQLException {
        int i = first;
        for (String value : values) {
            ps.setString(i++, value);
        }
        return i;
    }

    private static <T> List<List<T>> partition(List<T> list, int size) {
        List<List<T>> parts = new ArrayList<>();
        for (int from = 0; from < list.size(); from += size) {
            parts.add(list.subList(from, Math.min(list.size(), from + size)));
        }
        return parts;
    }

    @Override
    public void removeMember(OrganizationRef org, String groupId, String userId) {
        tx.write(null, c -> {
            requireGroup(c, org, groupId);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM gh_group_member WHERE group_id = ? AND user_id = ?")) {
                ps.setString(1, groupId);
                ps.setString(2, userId);
                return ps.executeUpdate();
            }
        });
    }

    private List<Group> readGroups(PreparedStatement ps) throws SQLException {
        List<Group> groups = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                groups.add(new Group(rs.getString(1), descriptor.domain(), rs.getString(2), rs.getString(3), rs.getLong(4), instant(rs, 5), instant(rs, 6)));
            }
        }
        return groups;
    }

    // ---- helpers

    private static void requireUser(Connection c, OrganizationRef org, String userId) throws SQLException {
        if (version(c, "gh_user", org, userId).isEmpty()) {
            throw new EntityNotFoundException("No user " + userId);
        }
    }

    private static void requireGroup(Connection c, OrganizationRef org, String groupId) throws SQLException {
        if (version(c, "gh_group", org, groupId).isEmpty()) {
            throw new EntityNotFoundException("No group " + groupId);
        }
    }

    private static RuntimeException missingOrConflict(Connection c, String table, String entity, OrganizationRef org, String id, long expected)
            throws SQLException {
        Optional<Long> actual = version(c, table, org, id);
        return actual.<RuntimeException>map(v -> new VersionConflictException(entity + " " + id, expected, v))
                .orElseGet(() -> new EntityNotFoundException("No " + entity.toLowerCase(Locale.ROOT) + " " + id));
    }

    private static Optional<Long> version(Connection c, String table, OrganizationRef org, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM " + table + " WHERE org_id = ? AND id = ?")) {
            ps.setString(1, org.id());
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static long count(Connection c, String sql, OrganizationRef org, List<Object> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (org == null) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
            } else {
                bind(ps, org, params);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Binds the organization and then the filter parameters; returns the next parameter index. */
    private static int bind(PreparedStatement ps, OrganizationRef org, List<Object> params) throws SQLException {
        int i = 1;
        ps.setString(i++, org.id());
        for (Object p : params) {
            ps.setObject(i++, p);
        }
        return i;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** Millisecond precision: what both databases store and what JSON clients round-trip. */
    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
