package org.gatehouse.userstore.table.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.gatehouse.api.userstore.ReadOnlyStoreException;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.VersionConflictException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The store against a shop's real users table, on H2 and on PostgreSQL. */
class TableUserStoreTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();
    private static final OrganizationRef OTHER = new OrganizationRef("11111111-1111-1111-1111-111111111111", "other");

    static Stream<AppDatabase> databases() {
        return AppDatabase.all();
    }

    private static TableUserStore shop(AppDatabase db) throws Exception {
        ShopFixture.create(db);
        return ShopFixture.store(ShopFixture.config(db));
    }

    private static TableUserStore readWrite(AppDatabase db, Map<String, Object> extra) throws Exception {
        Map<String, Object> c = ShopFixture.config(db);
        c.put("access", AccessMode.READ_WRITE);
        c.put("password_bcryptCost", 10);
        c.putAll(extra);
        return ShopFixture.store(c);
    }

    private static User user(TableUserStore store, String username) {
        return store.findUserByUsername(ROOT, username).orElseThrow(() -> new AssertionError("no " + username));
    }

    private static CredentialCheck login(TableUserStore store, String username, String password) {
        return store.verifyPassword(ROOT, user(store, username).id(), password.toCharArray());
    }

    private static List<String> names(Page<User> page) {
        return page.items().stream().map(User::username).toList();
    }

    private static Page<User> search(TableUserStore store, String filter) {
        return store.searchUsers(ROOT, Query.of(Filter.parse(filter), 0, 100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyHashFormatInTheTableLogsIn(AppDatabase db) throws Exception {
        try (db) {
            TableUserStore store = shop(db);
            try {
                for (Object[] u : ShopFixture.USERS) {
                    if (u[3] == null) {
                        continue;
                    }
                    String name = (String) u[0];
                    if (name.equals("legacy_lou")) {
                        // unsalted MD5 without the legacy opt-in: refused like a wrong password
                        assertThat(login(store, name, (String) u[3])).isEqualTo(CredentialCheck.INVALID);
                        continue;
                    }
                    assertThat(login(store, name, (String) u[3])).as(name).isEqualTo(CredentialCheck.VALID);
                    assertThat(login(store, name, u[3] + "x")).as(name).isEqualTo(CredentialCheck.INVALID);
                }
                assertThat(user(store, "erin").active()).as("is_active = false").isFalse();
                assertThat(login(store, "henry", "anything")).isEqualTo(CredentialCheck.NOT_SET);
                // unknown ids (and ids that cannot be one) answer like a wrong password
                assertThat(store.verifyPassword(ROOT, "999999", "x".toCharArray())).isEqualTo(CredentialCheck.INVALID);
                assertThat(store.verifyPassword(ROOT, "alice", "x".toCharArray())).isEqualTo(CredentialCheck.INVALID);
                assertThat(store.verifyPassword(OTHER, user(store, "alice").id(), ShopFixture.ALICE_PASSWORD.toCharArray()))
                        .isEqualTo(CredentialCheck.INVALID);
            } finally {
                store.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void legacyDigestsWithTheOptIn(AppDatabase db) throws Exception {
        try (db) {
            ShopFixture.create(db);
            Map<String, Object> c = ShopFixture.config(db);
            c.put("password_legacyUnsalted", true);
            TableUserStore store = ShopFixture.store(c);
            try {
                assertThat(login(store, "legacy_lou", "Legacy-pw-1")).isEqualTo(CredentialCheck.VALID);
                assertThat(login(store, "legacy_lou", "Legacy-pw-2")).isEqualTo(CredentialCheck.INVALID);
            } finally {
                store.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void findsUsersByUsernameIgnoringCaseAndById(AppDatabase db) throws Exception {
        try (db) {
            TableUserStore store = shop(db);
            try {
                User alice = user(store, "ALICE");
                assertThat(alice.username()).isEqualTo("alice");
                assertThat(alice.domain()).isEqualTo("SHOP");
                assertThat(alice.active()).isTrue();
                assertThat(alice.profile().givenName()).isEqualTo("Alice");
                assertThat(alice.profile().familyName()).isEqualTo("Liddell");
                assertThat(alice.profile().email()).isEqualTo("alice@shop.example");
                assertThat(alice.created()).isEqualTo(Instant.parse("2024-01-01T10:00:00Z"));
                assertThat(alice.id()).matches("[0-9]+");
                assertThat(store.findUserById(ROOT, alice.id())).contains(alice);
                assertThat(store.findUserById(ROOT, "0" + alice.id())).isEmpty();
                assertThat(store.findUserById(ROOT, "abc")).isEmpty();
                assertThat(store.findUserById(ROOT, "1 OR 1=1")).isEmpty();
                assertThat(store.findUserByUsername(ROOT, "nobody")).isEmpty();
                assertThat(store.findUserByUsername(ROOT, "alice' OR '1'='1")).isEmpty();
                assertThat(store.findUserByUsername(OTHER, "alice")).as("one organization only").isEmpty();
                assertThat(store.searchUsers(OTHER, Query.all(0, 10)).totalResults()).isZero();
                assertThat(store.descriptor().capabilities()).contains(StoreCapability.PASSWORD, StoreCapability.GROUPS)
                        .doesNotContain(StoreCapability.WRITE);
            } finally {
                store.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void filtersRunAsSql(AppDatabase db) throws Exception {
        try (db) {
            TableUserStore store = shop(db);
            try {
                assertThat(names(search(store, "userName eq \"BOB\""))).containsExactly("bob");
                assertThat(names(search(store, "userName sw \"a\""))).containsExactly("alice");
                assertThat(names(search(store, "name.familyName co \"BR\""))).containsExactly("erin", "mr_100%");
                assertThat(names(search(store, "emails.value ew \"@partner.example.org\""))).containsExactly("carol");
                assertThat(names(search(store, "emails[value co \"PARTNER\"]"))).containsExactly("carol");
                assertThat(names(search(store, "not (emails pr)"))).containsExactly("frank");
                assertThat(names(search(store, "active eq false"))).containsExactly("erin");
                assertThat(search(store, "active eq true").totalResults()).isEqualTo(ShopFixture.USERS.length - 1);
                assertThat(names(search(store, "userName eq \"alice\" or userName eq \"dave\""))).containsExactly("alice", "dave");
                assertThat(names(search(store, "emails ew \"shop.example\" and not (name.givenName sw \"a\") and active eq true and userName lt \"c\"")))
                        .containsExactly("bob");
                assertThat(names(search(store, "meta.created ge \"2024-01-09T00:00:00Z\""))).containsExactly("legacy_lou", "mr_100%");
                assertThat(names(search(store, "name.givenName ne \"Alice\""))).hasSize(ShopFixture.USERS.length - 1);
                String aliceId = user(store, "alice").id();
                assertThat(names(search(store, "id eq \"" + aliceId + "\""))).containsExactly("alice");
                assertThat(search(store, "id eq \"not-a-number\"").totalResults()).isZero();

                // LIKE wildcards and quotes in values are data, not syntax
                assertThat(names(search(store, "userName co \"%\""))).containsExactly("mr_100%");
                assertThat(names(search(store, "userName co \"_\""))).containsExactly("legacy_lou", "mr_100%");
                assertThat(names(search(store, "userName co \"\\\\\""))).isEmpty();
                assertThat(names(search(store, "name.familyName eq \"O'Brien\""))).containsExactly("mr_100%");
                assertThat(search(store, "userName eq \"x' OR '1'='1\"").totalResults()).isZero();
                assertThat(search(store, "userName eq \"x\\\" OR 1=1 --\"").totalResults()).isZero();
                assertThat(search(store, "userName co \"'; DROP TABLE app_users; --\"").totalResults()).isZero();
                assertThat(search(store, "userName pr").totalResults()).isEqualTo(ShopFixture.USERS.length);

                // attributes without a column are refused, never evaluated in memory
                for (String f : new String[] {"phoneNumbers pr", "title eq \"x\"", "locale eq \"en\"", "password eq \"x\"", "password_hash pr",
                        "emails[type eq \"work\"]"}) {
                    assertThatThrownBy(() -> search(store, f)).as(f).isInstanceOf(InvalidFilterException.class).hasMessageContaining("SHOP");
                }
                assertThatThrownBy(() -> search(store, "active eq \"yes\"")).isInstanceOf(InvalidFilterException.class);
                assertThatThrownBy(() -> search(store, "meta.created gt \"yesterday\"")).isInstanceOf(InvalidFilterException.class);
            } finally {
                store.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void pagesAndSortsInTheDatabase(AppDatabase db) throws Exception {
        try (db) {
            TableUserStore store = shop(db);
            try {
                Page<User> first = store.searchUsers(ROOT, Query.all(0, 3));
                assertThat(first.totalResults()).isEqualTo(ShopFixture.USERS.length);
                assertThat(names(first)).containsExactly("alice", "bob", "carol");
                assertThat(names(store.searchUsers(ROOT, Query.all(3, 3)))).containsExactly("dave", "erin", "frank");
                assertThat(names(store.searchUsers(ROOT, Query.all(9, 3)))).containsExactly("mr_100%");
                assertThat(store.searchUsers(ROOT, Query.all(50, 3)).items()).isEmpty();
                assertThat(store.searchUsers(ROOT, Query.all(0, 0)).totalResults()).isEqualTo(ShopFixture.USERS.length);

                Query byFamilyDesc = Query.of(Filter.parse("active eq true"), 0, 3).withSort(new Query.Sort(AttributePath.FAMILY_NAME, true));
                assertThat(names(store.searchUsers(ROOT, byFamilyDesc))).containsExactly("legacy_lou", "mr_100%", "alice");
                Query byCreated = Query.all(0, 2).withSort(new Query.Sort(AttributePath.CREATED, true));
                assertThat(names(store.searchUsers(ROOT, byCreated))).containsExactly("mr_100%", "legacy_lou");
                assertThatThrownBy(() -> store.searchUsers(ROOT, Query.all(0, 3).withSort(new Query.Sort(AttributePath.of("title"), false))))
                        .isInstanceOf(InvalidFilterException.class);
            } finally {
                store.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aReadOnlyStoreRefusesEveryWrite(AppDatabase db) throws Exception {
        try (db) {
            TableUserStore store = shop(db);
            try {
                User alice = user(store, "alice");
                NewUser intruder = new NewUser("intruder", true, null, Optional.of("pw".toCharArray()));
                assertThatThrownBy(() -> store.createUser(ROOT, intruder)).isInstanceOf(ReadOnlyStoreException.class);
                assertThatThrownBy(() -> store.updateUser(ROOT, alice.id(), alice.version(), UserUpdate.of(alice)))
                        .isInstanceOf(ReadOnlyStoreException.class);
                assertThatThrownBy(() -> store.deleteUser(ROOT, alice.id(), alice.version())).isInstanceOf(ReadOnlyStoreException.class);
                assertThatThrownBy(() -> store.setPassword(ROOT, alice.id(), "new".toCharArray())).isInstanceOf(ReadOnlyStoreException.class);
                assertThatThrownBy(() -> store.createGroup(ROOT, new NewGroup("x", null))).isInstanceOf(ReadOnlyStoreException.class);
                assertThat(ShopFixture.column(db, "SELECT COUNT(*) FROM app_users")).isEqualTo(Integer.toString(ShopFixture.USERS.length));
                if (db.postgres) {
                    // and its connections are read-only in the database itself (H2 takes read-only as a hint only)
                    try (java.sql.Connection c = store.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
                        assertThatThrownBy(() -> s.executeUpdate("DELETE FROM app_users")).isInstanceOf(java.sql.SQLException.class)
                                .hasMessageContaining("read-only");
                    }
                }
            } finally {
                store.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aReadWriteStoreCreatesUpdatesAndDeletesRowsTheApplicationCanRead(AppDatabase db) throws Exception {
        try (db) {
            ShopFixture.create(db);
            TableUserStore store = readWrite(db, Map.of());
            try {
                assertThat(store.descriptor().capabilities()).contains(StoreCapability.WRITE);
                UserProfile profile = UserProfile.builder().givenName("Zoe").familyName("Zebra").email("zoe@shop.example").build();
                User zoe = store.createUser(ROOT, new NewUser("zoe", true, profile, Optional.of("Zoe-pass-1".toCharArray())));
                assertThat(zoe.id()).matches("[0-9]+");
                assertThat(zoe.profile().email()).isEqualTo("zoe@shop.example");
                assertThat(ShopFixture.column(db, "SELECT password_hash FROM app_users WHERE login = 'zoe'")).startsWith("$2b$10$").hasSize(60);
                assertThat(store.verifyPassword(ROOT, zoe.id(), "Zoe-pass-1".toCharArray())).isEqualTo(CredentialCheck.VALID);
                assertThat(zoe.version()).isPositive();

                User renamed = store.updateUser(ROOT, zoe.id(), zoe.version(), new UserUpdate("zoe.z", false,
                        profile.toBuilder().email(null).build()));
                assertThat(renamed.username()).isEqualTo("zoe.z");
                assertThat(renamed.active()).isFalse();
                assertThat(renamed.profile().email()).isNull();
                assertThat(renamed.version()).isNotEqualTo(zoe.version());
                assertThat(renamed.lastModified()).isAfter(zoe.lastModified());
                assertThat(ShopFixture.column(db, "SELECT is_active FROM app_users WHERE login = 'zoe.z'")).isIn("false", "f", "FALSE");

                assertThatThrownBy(() -> store.updateUser(ROOT, zoe.id(), zoe.version(), UserUpdate.of(renamed)))
                        .isInstanceOf(VersionConflictException.class);
                assertThatThrownBy(() -> store.createUser(ROOT, new NewUser("ALICE", true, null, Optional.empty())))
                        .isInstanceOf(UniquenessConflictException.class);
                assertThatThrownBy(() -> store.updateUser(ROOT, renamed.id(), renamed.version(), new UserUpdate("Bob", true, null)))
                        .isInstanceOf(UniquenessConflictException.class);
                assertThatThrownBy(() -> store.createUser(ROOT, new NewUser("x".repeat(101), true, null, Optional.empty())))
                        .isInstanceOf(InvalidValueException.class).hasMessageContaining("100");
                assertThatThrownBy(() -> store.createUser(ROOT, new NewUser("pat", true,
                        UserProfile.builder().phoneNumber("+41 44 000 00 00").build(), Optional.empty())))
                        .isInstanceOf(InvalidValueException.class).hasMessageContaining("phoneNumbers");
                assertThatThrownBy(() -> store.createUser(ROOT, new NewUser("pat", true,
                        UserProfile.builder().email("not an email").build(), Optional.empty()))).isInstanceOf(InvalidValueException.class);

                store.setPassword(ROOT, zoe.id(), "Zoe-pass-2".toCharArray());
                assertThat(store.verifyPassword(ROOT, zoe.id(), "Zoe-pass-1".toCharArray())).isEqualTo(CredentialCheck.INVALID);
                assertThat(store.verifyPassword(ROOT, zoe.id(), "Zoe-pass-2".toCharArray())).isEqualTo(CredentialCheck.VALID);

                User current = store.findUserById(ROOT, zoe.id()).orElseThrow();
                assertThatThrownBy(() -> store.deleteUser(ROOT, zoe.id(), renamed.version() - 1)).isInstanceOf(VersionConflictException.class);
                store.deleteUser(ROOT, zoe.id(), current.version());
                assertThat(store.findUserById(ROOT, zoe.id())).isEmpty();
                assertThatThrownBy(() -> store.deleteUser(ROOT, zoe.id(), current.version())).isInstanceOf(EntityNotFoundException.class);
                assertThatThrownBy(() -> store.createUser(OTHER, new NewUser("o", true, null, Optional.empty())))
                        .isInstanceOf(EntityNotFoundException.class);

                // the application's own unique constraints hold, and the conflict names the attribute
                db.execute("CREATE UNIQUE INDEX app_users_email ON app_users (email)");
                assertThatThrownBy(() -> store.createUser(ROOT, new NewUser("alice2", true,
                        UserProfile.builder().email("alice@shop.example").build(), Optional.empty())))
                        .isInstanceOf(UniquenessConflictException.class)
                        .satisfies(e -> assertThat(((UniquenessConflictException) e).attribute()).isEqualTo("emails.value"));

                // a change by the application itself is a new version too
                User bob = user(store, "bob");
                db.execute("UPDATE app_users SET email = 'robert@shop.example', updated_at = CURRENT_TIMESTAMP WHERE login = 'bob'");
                assertThatThrownBy(() -> store.updateUser(ROOT, bob.id(), bob.version(), UserUpdate.of(bob)))
                        .isInstanceOf(VersionConflictException.class);
            } finally {
                store.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void ofTwoConcurrentUpdatesOfOneVersionExactlyOneWins(AppDatabase db) throws Exception {
        try (db) {
            ShopFixture.create(db);
            TableUserStore store = readWrite(db, Map.of());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 5; round++) {
                    User alice = user(store, "alice");
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<User>> results = new ArrayList<>();
                    for (String name : List.of("First" + round, "Second" + round)) {
                        Callable<User> update = () -> {
                            start.await();
                            return store.updateUser(ROOT, alice.id(), alice.version(),
                                    new UserUpdate("alice", true, alice.profile().toBuilder().givenName(name).build()));
                        };
                        results.add(pool.submit(update));
                    }
                    start.countDown();
                    int won = 0;
                    int conflicts = 0;
                    for (Future<User> f : results) {
                        try {
                            f.get();
                            won++;
                        } catch (java.util.concurrent.ExecutionException e) {
                            assertThat(e.getCause()).isInstanceOf(VersionConflictException.class);
                            conflicts++;
                        }
                    }
                    assertThat(won).as("round " + round).isEqualTo(1);
                    assertThat(conflicts).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
                store.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rehashOnLoginMovesOldFormatsToTheConfiguredOne(AppDatabase db) throws Exception {
        try (db) {
            ShopFixture.create(db);
            TableUserStore store = readWrite(db, Map.of("password_rehashOnLogin", true, "password_newFormat", NewHashFormat.ARGON2ID));
            try {
                User bob = user(store, "bob");
                assertThat(login(store, "bob", "wrong")).isEqualTo(CredentialCheck.INVALID);
                assertThat(ShopFixture.column(db, "SELECT password_hash FROM app_users WHERE login = 'bob'")).startsWith("pbkdf2_sha256$");
                assertThat(login(store, "bob", "Wonder-land-2")).isEqualTo(CredentialCheck.VALID);
                assertThat(ShopFixture.column(db, "SELECT password_hash FROM app_users WHERE login = 'bob'")).startsWith("$argon2id$v=19$");
                assertThat(login(store, "bob", "Wonder-land-2")).isEqualTo(CredentialCheck.VALID);
                assertThat(user(store, "bob").version()).as("a rehash is no change of the user").isEqualTo(bob.version());
            } finally {
                store.close();
            }
            // off by default: the application must still be able to read its column
            TableUserStore plain = readWrite(db, Map.of());
            try {
                assertThat(login(plain, "grace", "Grace-pw-7")).isEqualTo(CredentialCheck.VALID);
                assertThat(ShopFixture.column(db, "SELECT password_hash FROM app_users WHERE login = 'grace'")).startsWith("$pbkdf2-sha256$");
            } finally {
                plain.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void groupsFromTheApplicationsTables(AppDatabase db) throws Exception {
        try (db) {
            ShopFixture.create(db);
            TableUserStore store = readWrite(db, Map.of());
            try {
                User alice = user(store, "alice");
                assertThat(store.groupsOf(ROOT, alice.id())).extracting(Group::name).containsExactly("customers", "staff");
                Group customers = store.findGroupByName(ROOT, "CUSTOMERS").orElseThrow();
                assertThat(customers.description()).isEqualTo("Everyone who bought something");
                assertThat(names(store.membersOf(ROOT, customers.id(), 0, 10))).containsExactly("alice", "bob", "carol");
                assertThat(names(search(store, "groups eq \"" + customers.id() + "\" and userName ne \"bob\""))).containsExactly("alice", "carol");
                assertThat(store.searchGroups(ROOT, Query.of(Filter.parse("displayName sw \"st\""), 0, 10)).items())
                        .extracting(Group::name).containsExactly("staff");
                assertThat(store.searchGroups(ROOT, Query.of(Filter.parse("members eq \"" + alice.id() + "\""), 0, 10)).totalResults()).isEqualTo(2);

                Group vip = store.createGroup(ROOT, new NewGroup("vip", "Very important"));
                store.addMember(ROOT, vip.id(), user(store, "dave").id());
                store.addMember(ROOT, vip.id(), user(store, "dave").id());
                assertThat(names(store.membersOf(ROOT, vip.id(), 0, 10))).containsExactly("dave");
                assertThatThrownBy(() -> store.createGroup(ROOT, new NewGroup("VIP", null))).isInstanceOf(UniquenessConflictException.class);
                Group renamed = store.updateGroup(ROOT, vip.id(), vip.version(), new GroupUpdate("gold", "Gold customers"));
                assertThatThrownBy(() -> store.updateGroup(ROOT, vip.id(), vip.version(), new GroupUpdate("x", null)))
                        .isInstanceOf(VersionConflictException.class);
                store.removeMember(ROOT, vip.id(), user(store, "dave").id());
                assertThat(store.membersOf(ROOT, vip.id(), 0, 10).totalResults()).isZero();
                store.addMember(ROOT, vip.id(), user(store, "dave").id());
                store.deleteGroup(ROOT, vip.id(), renamed.version());
                assertThat(store.findGroupById(ROOT, vip.id())).isEmpty();
                assertThat(store.groupsOf(ROOT, user(store, "dave").id())).extracting(Group::name).containsExactly("staff");

                // deleting a user takes their memberships along
                User carol = user(store, "carol");
                store.deleteUser(ROOT, carol.id(), carol.version());
                assertThat(names(store.membersOf(ROOT, customers.id(), 0, 10))).containsExactly("alice", "bob");
            } finally {
                store.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatabaseThatGoesDownDegradesThisStoreOnlyAndComesBack(AppDatabase db) throws Exception {
        try (db; TcpProxy proxy = new TcpProxy(db.port())) {
            ShopFixture.create(db);
            proxy.up();
            Map<String, Object> c = ShopFixture.config(db);
            c.put("url", db.urlVia(proxy.port()));
            TableUserStore store = ShopFixture.store(c);
            try {
                assertThat(login(store, "alice", ShopFixture.ALICE_PASSWORD)).isEqualTo(CredentialCheck.VALID);
                proxy.down();
                long started = System.nanoTime();
                assertThatThrownBy(() -> store.findUserByUsername(ROOT, "alice")).isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("SHOP");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails fast").isLessThan(Duration.ofSeconds(6));
                assertThatThrownBy(() -> store.searchUsers(ROOT, Query.all(0, 5))).isInstanceOf(StoreUnavailableException.class);
                proxy.up();
                assertThat(eventually(() -> store.findUserByUsername(ROOT, "alice"))).isPresent();
                assertThat(login(store, "alice", ShopFixture.ALICE_PASSWORD)).isEqualTo(CredentialCheck.VALID);
            } finally {
                store.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatabaseDownAtActivationIsCheckedOnceItIsBack(AppDatabase db) throws Exception {
        try (db; TcpProxy proxy = new TcpProxy(db.port())) {
            ShopFixture.create(db);
            Map<String, Object> c = ShopFixture.config(db);
            c.put("url", db.urlVia(proxy.port()));
            TableUserStore store = ShopFixture.store(c);
            try {
                assertThatThrownBy(() -> store.findUserByUsername(ROOT, "alice")).isInstanceOf(StoreUnavailableException.class);
                proxy.up();
                assertThat(eventually(() -> store.findUserByUsername(ROOT, "alice"))).isPresent();
            } finally {
                store.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aConfigurationThatDoesNotFitTheTableFailsNamingWhatIsMissing(AppDatabase db) throws Exception {
        try (db) {
            ShopFixture.create(db);
            Map<String, Object> c = ShopFixture.config(db);
            c.put("column_username", "logn");
            assertThatThrownBy(() -> ShopFixture.store(c)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("column.username").hasMessageContaining("'logn'")
                    .satisfies(e -> assertThat(e.getMessage().toLowerCase()).as("names the columns there are").contains("login"));
            Map<String, Object> t = ShopFixture.config(db);
            t.put("table", "app_userz");
            assertThatThrownBy(() -> ShopFixture.store(t)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app_userz");
            Map<String, Object> typed = ShopFixture.config(db);
            typed.put("column_created", "login");
            assertThatThrownBy(() -> ShopFixture.store(typed)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("column.created").hasMessageContaining("timestamp");
            Map<String, Object> active = ShopFixture.config(db);
            active.put("column_active", "email");
            assertThatThrownBy(() -> ShopFixture.store(active)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("active.values");
            Map<String, Object> groups = ShopFixture.config(db);
            groups.put("membership_column_group", "grp");
            assertThatThrownBy(() -> ShopFixture.store(groups)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("membership.column.group").satisfies(e -> assertThat(e.getMessage().toLowerCase()).contains("group_id"));
        }
    }

    /** A legacy table: text ids written by Gatehouse, a Y/N status, salts in their own column, a version column. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLegacyTableWithTextIdsStatusFlagsSaltColumnAndVersions(AppDatabase db) throws Exception {
        try (db) {
            db.execute("CREATE TABLE legacy_accounts (account_id VARCHAR(36) PRIMARY KEY, user_name VARCHAR(50) NOT NULL, pw VARCHAR(128),"
                    + " pw_salt VARCHAR(32), status CHAR(1) DEFAULT 'Y' NOT NULL, row_version INTEGER DEFAULT 1 NOT NULL)",
                    "INSERT INTO legacy_accounts (account_id, user_name, pw, pw_salt, status) VALUES ('a-1', 'carol',"
                            + " '11ff95d05442d5b13506fb2dbe20303270d8f06ba70beb43bdd5662177921f5f', 'x9Y2', 'Y')",
                    "INSERT INTO legacy_accounts (account_id, user_name, pw, pw_salt, status) VALUES ('a-2', 'ivan', NULL, NULL, 'N')");
            Map<String, Object> c = new java.util.HashMap<String, Object>(Map.<String, Object>of("domain", "legacy", "url", db.url(), "table", "legacy_accounts",
                    "access", AccessMode.READ_WRITE, "column_id", "account_id", "id_generation", IdGeneration.UUID, "column_username", "user_name",
                    "column_password", "pw", "column_salt", "pw_salt", "password_salt", SaltLocation.COLUMN));
            c.putAll(Map.of("password_salted_order", SaltedDigest.Order.PASSWORD_THEN_SALT, "column_active", "status",
                    "active_values", new String[] {"Y"}, "active_inactiveValue", "N", "column_version", "row_version", "password_bcryptCost", 10));
            TableUserStore store = ShopFixture.store(c);
            try {
                assertThat(store.descriptor().domain()).isEqualTo("LEGACY");
                assertThat(login(store, "carol", "Carol-pw-3")).isEqualTo(CredentialCheck.VALID);
                assertThat(login(store, "carol", "Carol-pw-4")).isEqualTo(CredentialCheck.INVALID);
                assertThat(user(store, "ivan").active()).isFalse();
                assertThat(names(search(store, "active eq false"))).containsExactly("ivan");
                assertThat(names(search(store, "id eq \"a-1\""))).containsExactly("carol");
                assertThat(names(search(store, "id eq \"A-1\""))).as("ids compare exactly").isEmpty();

                User pat = store.createUser(ROOT, new NewUser("pat", false, null, Optional.of("Pat-pw-1".toCharArray())));
                assertThat(pat.id()).matches("[0-9a-f-]{36}");
                assertThat(pat.version()).isEqualTo(1);
                assertThat(pat.active()).isFalse();
                assertThat(ShopFixture.column(db, "SELECT status FROM legacy_accounts WHERE user_name = 'pat'")).isEqualTo("N");
                User active = store.updateUser(ROOT, pat.id(), 1, new UserUpdate("pat", true, null));
                assertThat(active.version()).isEqualTo(2);
                assertThat(ShopFixture.column(db, "SELECT status FROM legacy_accounts WHERE user_name = 'pat'")).isEqualTo("Y");
                assertThatThrownBy(() -> store.updateUser(ROOT, pat.id(), 1, new UserUpdate("pat", false, null)))
                        .isInstanceOf(VersionConflictException.class).hasMessageContaining("expected version 1, found 2");

                // a new password replaces the salted digest with a self-describing hash and clears the salt
                User carol = user(store, "carol");
                store.setPassword(ROOT, carol.id(), "Carol-new-1".toCharArray());
                assertThat(ShopFixture.column(db, "SELECT pw_salt FROM legacy_accounts WHERE account_id = 'a-1'")).isNull();
                assertThat(login(store, "carol", "Carol-new-1")).isEqualTo(CredentialCheck.VALID);
                assertThatThrownBy(() -> store.updateUser(ROOT, carol.id(), 1, new UserUpdate("carol", true,
                        UserProfile.builder().email("c@x.example").build()))).isInstanceOf(InvalidValueException.class);
            } finally {
                store.close();
            }
        }
    }

    /** A minimal table: no timestamps, no version column, an inverted 0/1 flag; versions are digests of the row. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aMinimalTableWithAnInvertedFlagAndDigestVersions(AppDatabase db) throws Exception {
        try (db) {
            db.execute("CREATE TABLE members (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name VARCHAR(40) NOT NULL,"
                    + " secret VARCHAR(100), is_disabled SMALLINT DEFAULT 0 NOT NULL)",
                    "INSERT INTO members (name, secret, is_disabled) VALUES ('ann', '{SSHA}zrejg1tvVvvBN1egQRuVbKstIjwBAgMEBQYHCA==', 0)",
                    "INSERT INTO members (name, secret, is_disabled) VALUES ('ben', NULL, 1)");
            Map<String, Object> c = new java.util.HashMap<String, Object>(Map.<String, Object>of("domain", "CLUB", "url", db.url(), "table", "members",
                    "access", AccessMode.READ_WRITE, "column_username", "name", "column_password", "secret", "column_active", "is_disabled",
                    "active_inverted", true, "password_bcryptCost", 10));
            TableUserStore store = ShopFixture.store(c);
            try {
                User ann = user(store, "ann");
                assertThat(ann.active()).isTrue();
                assertThat(user(store, "ben").active()).isFalse();
                assertThat(ann.created()).isEqualTo(Instant.EPOCH);
                assertThat(login(store, "ann", "Frank-pw-5")).isEqualTo(CredentialCheck.VALID);
                assertThat(names(search(store, "active eq true"))).containsExactly("ann");
                assertThatThrownBy(() -> search(store, "emails pr")).isInstanceOf(InvalidFilterException.class);

                User disabled = store.updateUser(ROOT, ann.id(), ann.version(), new UserUpdate("ann", false, null));
                assertThat(disabled.active()).isFalse();
                assertThat(disabled.version()).isNotEqualTo(ann.version());
                assertThat(ShopFixture.column(db, "SELECT is_disabled FROM members WHERE name = 'ann'")).isEqualTo("1");
                assertThatThrownBy(() -> store.updateUser(ROOT, ann.id(), ann.version(), new UserUpdate("ann", true, null)))
                        .isInstanceOf(VersionConflictException.class);
                User created = store.createUser(ROOT, new NewUser("cid", true, null, Optional.empty()));
                assertThat(created.id()).matches("[0-9]+");
                assertThat(login(store, "cid", "x")).isEqualTo(CredentialCheck.NOT_SET);
            } finally {
                store.close();
            }
        }
    }

    /** Instead of a table, a query over the application's tables: read-only. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aUsersQueryInsteadOfATable(AppDatabase db) throws Exception {
        try (db) {
            ShopFixture.create(db);
            db.execute("CREATE TABLE app_profiles (user_id BIGINT PRIMARY KEY, nickname VARCHAR(40))",
                    "INSERT INTO app_profiles (user_id, nickname) SELECT id, UPPER(login) FROM app_users WHERE login IN ('alice', 'bob')");
            Map<String, Object> c = new java.util.HashMap<String, Object>(Map.<String, Object>of("domain", "SHOPQ", "url", db.url(),
                    "query", "SELECT a.id, a.login, a.password_hash, p.nickname FROM app_users a JOIN app_profiles p ON p.user_id = a.id",
                    "column_username", "login", "column_displayName", "nickname"));
            TableUserStore store = ShopFixture.store(c);
            try {
                assertThat(names(store.searchUsers(ROOT, Query.all(0, 10)))).containsExactly("alice", "bob");
                assertThat(user(store, "alice").profile().displayName()).isEqualTo("ALICE");
                assertThat(names(search(store, "displayName eq \"bob\""))).containsExactly("bob");
                assertThat(login(store, "alice", ShopFixture.ALICE_PASSWORD)).isEqualTo(CredentialCheck.VALID);
                assertThat(store.descriptor().capabilities()).doesNotContain(StoreCapability.WRITE);
            } finally {
                store.close();
            }
            Map<String, Object> broken = new java.util.HashMap<>(c);
            broken.put("query", "SELECT nothing FROM nowhere");
            assertThatThrownBy(() -> ShopFixture.store(broken)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query");
        }
    }

    private static <T> T eventually(Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return call.call();
            } catch (StoreUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
