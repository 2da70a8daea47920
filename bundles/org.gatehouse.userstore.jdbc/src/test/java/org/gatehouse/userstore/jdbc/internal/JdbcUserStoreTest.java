package org.gatehouse.userstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.Filter;
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
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.VersionConflictException;
import org.gatehouse.crypto.PasswordHasher;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.gatehouse.api.userstore.UserCreation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JDBC store against real H2 and PostgreSQL databases. */
class JdbcUserStoreTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();
    private static final OrganizationRef OTHER = new OrganizationRef("11111111-1111-1111-1111-111111111111", "other");

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    private static JdbcUserStore store(TestDatabase db, PasswordHasher hasher) throws Exception {
        JdbcUserStore store = new JdbcUserStore(new UserStoreDescriptor("PRIMARY", "test", EnumSet.allOf(StoreCapability.class)), db, hasher, Clock.systemUTC());
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO gh_organization (id, handle, name, created_at) VALUES ('" + OTHER.id() + "', 'other', 'Other', CURRENT_TIMESTAMP)");
        }
        return store;
    }

    private static NewUser user(String username, String email) {
        return new NewUser(username, true, UserProfile.builder().email(email).givenName("Given " + username).familyName("Family").build(), Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void createsReadsUpdatesAndDeletesUsers(TestDatabase db) throws Exception {
        try (db) {
            JdbcUserStore store = store(db, new FastHasher(1));
            UserProfile profile = UserProfile.builder().givenName("Alice").familyName("Liddell").displayName("Alice L.")
                    .email("Alice@Example.com").emailVerified(true).phoneNumber("+41 44 000 00 00").locale("en-GB")
                    .attribute("department", List.of("R&D")).attribute("badge", List.of("a1", "b2")).build();
            User alice = store.createUser(ROOT, new NewUser("Alice", true, profile, Optional.of("pw".toCharArray())));

            assertThat(alice.username()).isEqualTo("Alice");
            assertThat(alice.version()).isEqualTo(1);
            assertThat(alice.domain()).isEqualTo("PRIMARY");
            assertThat(alice.profile()).isEqualTo(profile);
            assertThat(store.findUserByUsername(ROOT, "aLiCe")).contains(alice);
            assertThat(store.findUserByUsername(OTHER, "alice")).isEmpty();
            assertThat(store.findUserById(ROOT, alice.id())).contains(alice);

            User renamed = store.updateUser(ROOT, alice.id(), 1, new UserUpdate("alice2", false,
                    profile.toBuilder().attribute("badge", null).email(null).build()));
            assertThat(renamed.version()).isEqualTo(2);
            assertThat(renamed.active()).isFalse();
            assertThat(renamed.profile().email()).isNull();
            assertThat(renamed.profile().attributes()).containsOnlyKeys("department");
            assertThat(renamed.lastModified()).isAfterOrEqualTo(alice.lastModified());

            assertThatThrownBy(() -> store.deleteUser(ROOT, alice.id(), 1)).isInstanceOf(VersionConflictException.class);
            store.deleteUser(ROOT, alice.id(), 2);
            assertThat(store.findUserById(ROOT, alice.id())).isEmpty();
            assertThatThrownBy(() -> store.deleteUser(ROOT, alice.id(), 2)).isInstanceOf(EntityNotFoundException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void usernamesAreUniquePerOrganizationIgnoringCase(TestDatabase db) throws Exception {
        try (db) {
            JdbcUserStore store = store(db, new FastHasher(1));
            User bob = store.createUser(ROOT, user("bob", null));
            assertThatThrownBy(() -> store.createUser(ROOT, user("BOB", null)))
                    .isInstanceOf(UniquenessConflictException.class)
                    .satisfies(e -> assertThat(((UniquenessConflictException) e).attribute()).isEqualTo("userName"));
            assertThat(store.createUser(OTHER, user("Bob", null)).id()).isNotEqualTo(bob.id());
            User carol = store.createUser(ROOT, user("carol", null));
            assertThatThrownBy(() -> store.updateUser(ROOT, carol.id(), 1, new UserUpdate("Bob", true, null)))
                    .isInstanceOf(UniquenessConflictException.class);
            assertThat(store.findUserById(ROOT, carol.id()).orElseThrow().username()).isEqualTo("carol");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void createsManyUsersInBatchesEachWithItsOwnOutcome(TestDatabase db) throws Exception {
        try (db) {
            JdbcUserStore store = store(db, new FastHasher(1));
            store.createUser(ROOT, new NewUser("Taken", true, null, Optional.empty()));
            List<NewUser> users = new ArrayList<>();
            for (int i = 0; i < JdbcUserStore.BATCH + 50; i++) {
                users.add(new NewUser("bulk" + i, i % 2 == 0, UserProfile.builder().email("bulk" + i + "@example.test")
                        .attribute("department", List.of("d" + (i % 3))).build(), i == 7 ? Optional.of("pw-7".toCharArray()) : Optional.empty()));
            }
            users.add(new NewUser("taken", true, null, Optional.empty()));          // in the store already, other case
            users.add(new NewUser("BULK3", true, null, Optional.empty()));          // earlier in this list
            users.add(new NewUser("has space", true, null, Optional.empty()));      // invalid
            List<UserCreation> outcomes = store.createUsers(ROOT, users);

            assertThat(outcomes).hasSize(users.size());
            assertThat(outcomes.subList(0, JdbcUserStore.BATCH + 50)).allMatch(o -> o.user().isPresent());
            int n = users.size();
            assertThat(outcomes.get(n - 3).failure()).get().isInstanceOf(UniquenessConflictException.class);
            assertThat(outcomes.get(n - 2).failure()).get().isInstanceOf(UniquenessConflictException.class);
            assertThat(outcomes.get(n - 1).failure()).get().isInstanceOf(InvalidValueException.class);

            User returned = outcomes.get(10).user().orElseThrow();
            User stored = store.findUserByUsername(ROOT, "bulk10").orElseThrow();
            assertThat(returned).isEqualTo(stored);
            assertThat(stored.profile().attributes()).containsEntry("department", List.of("d1"));
            assertThat(store.findUserByUsername(ROOT, "bulk11").orElseThrow().active()).isFalse();
            User seven = store.findUserByUsername(ROOT, "bulk7").orElseThrow();
            assertThat(store.verifyPassword(ROOT, seven.id(), "pw-7".toCharArray())).isEqualTo(CredentialCheck.VALID);
            assertThat(store.searchUsers(ROOT, Query.of(Filter.parse("userName sw \"bulk\""), 0, 1)).totalResults()).isEqualTo(JdbcUserStore.BATCH + 50);
            assertThat(store.findUserByUsername(ROOT, "has space")).isEmpty();
        }
    }

    /**
     * PostgreSQL's cached plans follow the statistics of the moment, and autovacuum refreshes them about once a minute: a bulk
     * write that doubles a table analyses it, so the next lookups are planned for its real size (PlannerStatistics).
     */
    @org.junit.jupiter.api.Test
    void bulkWritesKeepPostgresStatisticsCurrent() throws Exception {
        String pg = System.getenv("GATEHOUSE_TEST_PG_URL");
        org.junit.jupiter.api.Assumptions.assumeTrue(pg != null && !pg.isBlank(), "needs PostgreSQL");
        try (TestDatabase db = TestDatabases.postgres(pg)) {
            JdbcUserStore store = store(db, new FastHasher(1));
            Group staff = store.createGroup(ROOT, new NewGroup("staff", null));
            List<NewUser> users = new ArrayList<>();
            for (int i = 0; i < 2 * PlannerStatistics.MIN_GROWTH; i++) {
                users.add(new NewUser("stat" + i, true, UserProfile.builder().attribute("department", List.of("d" + i % 7)).build(), Optional.empty()));
            }
            List<String> ids = store.createUsers(ROOT, users).stream().map(o -> o.user().orElseThrow().id()).toList();
            store.addMembers(ROOT, Map.of(staff.id(), ids));

            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = CAST(? AS regclass)")) {
                for (String table : List.of("gh_user", "gh_user_attribute", "gh_group_member")) {
                    ps.setString(1, table);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getDouble(1)).as(table + " as PostgreSQL last counted it").isGreaterThanOrEqualTo(PlannerStatistics.MIN_GROWTH);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void addsManyMembersAtOnceAllOrNone(TestDatabase db) throws Exception {
        try (db) {
            JdbcUserStore store = store(db, new FastHasher(1));
            org.gatehouse.api.userstore.Group staff = store.createGroup(ROOT, new org.gatehouse.api.userstore.NewGroup("staff", null));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ids.add(store.createUser(ROOT, user("m" + i, "m" + i + "@example.test")).id());
            }
            store.addMember(ROOT, staff.id(), ids.get(0));
            store.addMembers(ROOT, Map.of(staff.id(), ids));          // one was a member already: changes nothing for it
            assertThat(store.membersOf(ROOT, staff.id(), 0, 100).totalResults()).isEqualTo(30);

            org.gatehouse.api.userstore.Group other = store.createGroup(ROOT, new org.gatehouse.api.userstore.NewGroup("other", null));
            List<String> withUnknown = new ArrayList<>(ids.subList(0, 5));
            withUnknown.add("no-such-user");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.addMembers(ROOT, Map.of(other.id(), withUnknown)))
                    .isInstanceOf(org.gatehouse.api.userstore.EntityNotFoundException.class);
            assertThat(store.membersOf(ROOT, other.id(), 0, 100).totalResults()).as("none added").isZero();

            // several groups in one call, one of them unknown or another organization's: nothing is added anywhere
            org.gatehouse.api.userstore.Group foreign = store.createGroup(OTHER, new org.gatehouse.api.userstore.NewGroup("foreign", null));
            for (String missing : List.of("no-such-group", foreign.id())) {
                Map<String, List<String>> mixed = new java.util.LinkedHashMap<>();
                mixed.put(other.id(), ids.subList(0, 3));
                mixed.put(missing, ids.subList(3, 4));
                assertThatThrownBy(() -> store.addMembers(ROOT, mixed)).as(missing)
                        .isInstanceOf(org.gatehouse.api.userstore.EntityNotFoundException.class);
                assertThat(store.membersOf(ROOT, other.id(), 0, 100).totalResults()).as("none added with " + missing).isZero();
            }
            User stranger = store.createUser(OTHER, user("stranger", null));
            assertThatThrownBy(() -> store.addMembers(ROOT, Map.of(other.id(), List.of(ids.get(0), stranger.id()))))
                    .as("another organization's user").isInstanceOf(org.gatehouse.api.userstore.EntityNotFoundException.class);

            // more users than one statement takes, spread over two groups, some of them members already
            List<String> many = new ArrayList<>(ids);
            List<NewUser> more = new ArrayList<>();
            for (int i = 0; i < JdbcUserStore.BATCH + 20; i++) {
                more.add(user("many" + i, null));
            }
            store.createUsers(ROOT, more).forEach(created -> many.add(created.user().orElseThrow().id()));
            store.addMembers(ROOT, Map.of(staff.id(), many, other.id(), many.subList(0, JdbcUserStore.BATCH + 1)));
            assertThat(store.membersOf(ROOT, staff.id(), 0, 1).totalResults()).isEqualTo(many.size());
            assertThat(store.membersOf(ROOT, other.id(), 0, 1).totalResults()).isEqualTo(JdbcUserStore.BATCH + 1);
            assertThat(store.groupsOf(ROOT, many.get(JdbcUserStore.BATCH)).stream().map(org.gatehouse.api.userstore.Group::name))
                    .containsExactly("other", "staff");
        }
    }

    /**
     * H2 keeps an index of its own for the org_id foreign key, and once picked it for pages by userName, then sorted the
     * whole organization for each page (seconds at 100,000 users): a page must walk the (org_id, username_key) index.
     */
    @org.junit.jupiter.api.Test
    void pagesByUserNameWalkTheUsernameIndexOnH2() throws Exception {
        try (TestDatabase db = org.gatehouse.persistence.internal.TestDatabases.h2()) {
            JdbcUserStore store = store(db, new FastHasher(1));
            List<NewUser> users = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                users.add(user("page" + i, "page" + i + "@example.test"));
            }
            store.createUsers(ROOT, users);
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("ANALYZE");
                for (Optional<Query.Sort> sort : List.of(Optional.<Query.Sort>empty(), Optional.of(new Query.Sort(AttributePath.USERNAME, false)),
                        Optional.of(new Query.Sort(AttributePath.USERNAME, true)))) {
                    try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + JdbcUserStore.userPageSql(SqlCondition.ALWAYS, sort))) {
                        ps.setString(1, ROOT.id());
                        ps.setInt(2, 100);
                        ps.setInt(3, 2000);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            assertThat(rs.getString(1)).as(sort.toString()).contains("gh_user_username_uq").contains("/* index sorted */");
                        }
                    }
                }
            }
            // with a filter, its own index: H2 would take the username index for the ORDER BY and read every user
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("EXPLAIN " + JdbcUserStore.userPageSql(
                            new SqlCondition("(u.email_key = ?)", List.of("page5@example.test")), Optional.empty()))) {
                ps.setString(1, ROOT.id());
                ps.setString(2, "page5@example.test");
                ps.setInt(3, 100);
                ps.setInt(4, 0);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).contains("gh_user_email_idx");
                }
            }
            assertThat(store.searchUsers(ROOT, Query.of(Filter.parse("emails.value eq \"PAGE5@example.test\""), 0, 10)).items())
                    .extracting(User::username).containsExactly("page5");
            Page<User> page = store.searchUsers(ROOT, new Query(Optional.empty(), Optional.of(new Query.Sort(AttributePath.USERNAME, true)), 10, 3));
            assertThat(page.items()).extracting(User::username).containsExactly("page99", "page989", "page988");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rejectsInvalidValuesBeforeWriting(TestDatabase db) throws Exception {
        try (db) {
            JdbcUserStore store = store(db, new FastHasher(1));
            for (String bad : new String[] {"", "has space", "tab\t", "x".repeat(256), "semi;colon", "quote\""}) {
                assertThatThrownBy(() -> store.createUser(ROOT, user(bad, null))).as(bad).isInstanceOf(InvalidValueException.class);
            }
            for (String bad : new String[] {"plain", "a@b", "a b@example.com", "@example.com", "a@@example.com"}) {
                assertThatThrownBy(() -> store.createUser(ROOT, user("ok", bad))).as(bad).isInstanceOf(InvalidValueException.class);
            }
            assertThat(store.searchUsers(ROOT, Query.all(0, 10)).totalResults()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentUpdatesOfOneUserConflictInsteadOfOverwriting(TestDatabase db) throws Exception {
        try (db) {
            JdbcUserStore store = store(db, new FastHasher(1));
            User u = store.createUser(ROOT, user("dave", "dave@example.com"));
            int writers = 8;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String name = "Name " + i;
                Callable<String> write = () -> {
                    go.await();
                    try {
                        store.updateUser(ROOT, u.id(), u.version(), new UserUpdate("dave", true, u.profile().toBuilder().displayName(name).build()));
                        return name;
                    } catch (VersionConflictException e) {
                        return null;
                    }
                };
                results.add(pool.submit(write));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<String> f : results) {
                if (f.get() != null) {
                    winners.add(f.get());
                }
            }
            pool.shutdown();
            assertThat(winners).hasSize(1);
            User stored = store.findUserById(ROOT, u.id()).orElseThrow();
            assertThat(stored.version()).isEqualTo(2);
            assertThat(stored.profile().displayName()).isEqualTo(winners.get(0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void filtersRunInTheDatabase(TestDatabase db) throws Exception {
        try (db) {
            JdbcUserStore store = store(db, new FastHasher(1));
            store.createUser(ROOT, new NewUser("alice", true, UserProfile.builder().email("alice@example.com").givenName("Alice")
                    .attribute("department", List.of("Sales")).build(), Optional.empty()));
            store.createUser(ROOT, new NewUser("albert", false, UserProfile.builder().email("albert@corp.test").givenName("Albert").build(), Optional.empty()));
            store.createUser(ROOT, new NewUser("bob_1", true, UserProfile.builder().givenName("Bob").attribute("department", List.of("R&D")).build(), Optional.empty()));
            store.createUser(OTHER, new NewUser("alice", true, UserProfile.empty(), Optional.empty()));

            assertThat(names(store, "userName eq \"ALICE\"")).containsExactly("alice");
            assertThat(names(store, "userName sw \"al\"")).containsExactly("albert", "alice");
            assertThat(names(store, "userName co \"_\"")).containsExactly("bob_1"); // '_' is literal, not a wildcard
            assertThat(names(store, "userName ew \"ce\" or name.givenName eq \"bob\"")).containsExactly("alice", "bob_1");
            assertThat(names(store, "active eq false")).containsExactly("albert");
            assertThat(names(store, "not (active eq false)")).containsExactly("alice", "bob_1");
            assertThat(names(store, "emails.value ew \"@example.com\"")).containsExactly("alice");
            assertThat(names(store, "emails[value co \"corp\"]")).containsExactly("albert");
            assertThat(names(store, "emails pr")).containsExactly("albert", "alice");
            assertThat(names(store, "not (emails pr)")).containsExactly("bob_1");
            assertThat(names(store, "emails.value ne \"alice@example.com\"")).containsExactly("albert", "bob_1");
            assertThat(names(store, "department eq \"r&d\"")).containsExactly("bob_1");
            assertThat(names(store, "department pr and userName sw \"a\"")).containsExactly("alice");
            assertThat(names(store, "meta.created gt \"2000-01-01T00:00:00Z\"")).hasSize(3);
            assertThat(names(store, "userName gt \"albert\"")).containsExactly("alice", "bob_1");
            assertThat(names(store, "userName eq \"x' OR '1'='1\"")).isEmpty();

            assertThatThrownBy(() -> names(store, "active gt true")).isInstanceOf(InvalidFilterException.class);
            assertThatThrownBy(() -> names(store, "meta.created gt \"yesterday\"")).isInstanceOf(InvalidFilterException.class);
            assertThatThrownBy(() -> store.searchUsers(ROOT, Query.all(0, 10).withSort(new Query.Sort(AttributePath.of("department"), false))))
                    .isInstanceOf(InvalidFilterException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void pagesAndSortsStably(TestDatabase db) throws Exception {
        try (db) {
            JdbcUserStore store = store(db, new FastHasher(1));
            for (int i = 0; i < 25; i++) {
                store.createUser(ROOT, user(String.format("user%02d", i), null));
            }
            Page<User> first = store.searchUsers(ROOT, Query.all(0, 10));
            Page<User> third = store.searchUsers(ROOT, Query.all(20, 10));
            assertThat(first.totalResults()).isEqualTo(25);
            assertThat(first.items()).extracting(User::username).startsWith("user00", "user01").hasSize(10);
            assertThat(third.items()).extracting(User::username).containsExactly("user20", "user21", "user22", "user23", "user24");
            assertThat(store.searchUsers(ROOT, Query.all(100, 10)).items()).isEmpty();
            Page<User> desc = store.searchUsers(ROOT, Query.all(0, 2).withSort(new Query.Sort(AttributePath.USERNAME, true)));
            assertThat(desc.items()).extracting(User::username).containsExactly("user24", "user23");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void verifiesAndUpgradesPasswords(TestDatabase db) throws Exception {
        try (db) {
            JdbcUserStore weak = store(db, new FastHasher(1));
            User erin = weak.createUser(ROOT, new NewUser("erin", true, null, Optional.of("s3cret".toCharArray())));
            User frank = weak.createUser(ROOT, user("frank", null));
            assertThat(weak.verifyPassword(ROOT, erin.id(), "s3cret".toCharArray())).isEqualTo(CredentialCheck.VALID);
            assertThat(weak.verifyPassword(ROOT, erin.id(), "S3cret".toCharArray())).isEqualTo(CredentialCheck.INVALID);
            assertThat(weak.verifyPassword(ROOT, frank.id(), "x".toCharArray())).isEqualTo(CredentialCheck.NOT_SET);
            assertThat(weak.verifyPassword(OTHER, erin.id(), "s3cret".toCharArray())).isEqualTo(CredentialCheck.NOT_SET);
            assertThat(storedHash(db, erin.id())).isEqualTo("fast$1$s3cret");

            JdbcUserStore stronger = new JdbcUserStore(weak.descriptor(), db, new FastHasher(2), Clock.systemUTC());
            assertThat(stronger.verifyPassword(ROOT, erin.id(), "s3cret".toCharArray())).isEqualTo(CredentialCheck.VALID);
            assertThat(storedHash(db, erin.id())).isEqualTo("fast$2$s3cret");

            stronger.setPassword(ROOT, erin.id(), "new".toCharArray());
            assertThat(stronger.verifyPassword(ROOT, erin.id(), "s3cret".toCharArray())).isEqualTo(CredentialCheck.INVALID);
            assertThat(stronger.verifyPassword(ROOT, erin.id(), "new".toCharArray())).isEqualTo(CredentialCheck.VALID);
            assertThatThrownBy(() -> stronger.setPassword(ROOT, "nobody", "x".toCharArray())).isInstanceOf(EntityNotFoundException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void managesGroupsAndMemberships(TestDatabase db) throws Exception {
        try (db) {
            JdbcUserStore store = store(db, new FastHasher(1));
            User a = store.createUser(ROOT, user("a", null));
            User b = store.createUser(ROOT, user("b", null));
            Group admins = store.createGroup(ROOT, new NewGroup("Admins", "People who run things"));
            Group ops = store.createGroup(ROOT, new NewGroup("ops", null));
            assertThatThrownBy(() -> store.createGroup(ROOT, new NewGroup("ADMINS", null))).isInstanceOf(UniquenessConflictException.class);
            assertThat(store.findGroupByName(ROOT, "admins")).contains(admins);

            store.addMember(ROOT, admins.id(), a.id());
            store.addMember(ROOT, admins.id(), a.id());
            store.addMember(ROOT, admins.id(), b.id());
            store.addMember(ROOT, ops.id(), a.id());
            assertThat(store.membersOf(ROOT, admins.id(), 0, 10).items()).extracting(User::username).containsExactly("a", "b");
            assertThat(store.groupsOf(ROOT, a.id())).extracting(Group::name).containsExactly("Admins", "ops");
            assertThat(names(store, "groups.value eq \"" + ops.id() + "\"")).containsExactly("a");
            assertThat(store.searchGroups(ROOT, Query.of(Filter.parse("members.value eq \"" + b.id() + "\""), 0, 10)).items())
                    .extracting(Group::name).containsExactly("Admins");
            assertThat(store.searchGroups(ROOT, Query.of(Filter.parse("displayName sw \"ADM\""), 0, 10)).items()).hasSize(1);

            store.removeMember(ROOT, admins.id(), b.id());
            store.removeMember(ROOT, admins.id(), b.id());
            assertThat(store.membersOf(ROOT, admins.id(), 0, 10).totalResults()).isEqualTo(1);
            assertThatThrownBy(() -> store.addMember(ROOT, admins.id(), "no-such-user")).isInstanceOf(EntityNotFoundException.class);
            assertThatThrownBy(() -> store.addMember(OTHER, admins.id(), a.id())).isInstanceOf(EntityNotFoundException.class);

            Group renamed = store.updateGroup(ROOT, admins.id(), 1, new GroupUpdate("Administrators", null));
            assertThat(renamed.version()).isEqualTo(2);
            assertThat(renamed.description()).isNull();
            assertThatThrownBy(() -> store.updateGroup(ROOT, admins.id(), 1, new GroupUpdate("x", null))).isInstanceOf(VersionConflictException.class);

            store.deleteUser(ROOT, a.id(), a.version());
            assertThat(store.membersOf(ROOT, admins.id(), 0, 10).totalResults()).isZero();
            store.deleteGroup(ROOT, admins.id(), 2);
            assertThat(store.findGroupById(ROOT, admins.id())).isEmpty();
        }
    }

    private static List<String> names(JdbcUserStore store, String filter) {
        return store.searchUsers(ROOT, Query.of(Filter.parse(filter), 0, 100)).items().stream().map(User::username).toList();
    }

    private static String storedHash(TestDatabase db, String userId) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT secret FROM gh_user_credential WHERE user_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** A transparent stand-in for the PBKDF2 hasher (which has its own tests), so rehashing is observable. */
    private record FastHasher(int generation) implements PasswordHasher {
        @Override
        public String hash(char[] password) {
            return "fast$" + generation + "$" + new String(password);
        }

        @Override
        public boolean verify(char[] password, String encoded) {
            return encoded.endsWith("$" + new String(password));
        }

        @Override
        public boolean needsRehash(String encoded) {
            return !encoded.startsWith("fast$" + generation + "$");
        }

        @Override
        public void verifyNothing(char[] password) {}
    }

}
