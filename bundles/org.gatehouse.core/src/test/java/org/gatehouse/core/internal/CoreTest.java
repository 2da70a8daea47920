package org.gatehouse.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.event.IdentityEvent;
import org.gatehouse.api.event.IdentityEventPublisher;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.AuthenticationOutcome.Status;
import org.gatehouse.api.userstore.DirectoryPage;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.ReadOnlyStoreException;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.crypto.PasswordHasher;
import org.gatehouse.crypto.Secrets;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.gatehouse.userstore.jdbc.internal.JdbcUserStoreFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The core services, wired by hand to real JDBC stores on real databases. */
class CoreTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    /** Counts verifications, so tests can see that unknown users cost a verification too. */
    static final class CountingHasher implements PasswordHasher {
        int verifications;

        @Override
        public String hash(char[] password) {
            return "h:" + new String(password);
        }

        @Override
        public boolean verify(char[] password, String encoded) {
            verifications++;
            return encoded.equals(hash(password));
        }

        @Override
        public boolean needsRehash(String encoded) {
            return false;
        }

        @Override
        public void verifyNothing(char[] password) {
            verifications++;
        }
    }

    static final class RecordingPublisher implements IdentityEventPublisher {
        final List<IdentityEvent> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(IdentityEvent event) {
            events.add(event);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void authenticatesAcrossStoresWithoutRevealingWhichUsersExist(TestDatabase db) {
        try (db) {
            CountingHasher hasher = new CountingHasher();
            UserDirectoryService directory = new UserDirectoryService(hasher, new RecordingPublisher());
            WritableUserStore primary = JdbcUserStoreFactory.create("PRIMARY", db, hasher);
            directory.bindStore(primary, Map.of("service.id", 1L), null);
            primary.createUser(ROOT, new NewUser("alice", true, null, Optional.of("pw".toCharArray())));
            primary.createUser(ROOT, new NewUser("off", false, null, Optional.of("pw".toCharArray())));

            assertThat(directory.authenticate(ROOT, "ALICE", "pw".toCharArray()).status()).isEqualTo(Status.SUCCESS);
            assertThat(directory.authenticate(ROOT, "PRIMARY/alice", "pw".toCharArray()).user()).isPresent();
            assertThat(directory.authenticate(ROOT, "alice", "wrong".toCharArray()).status()).isEqualTo(Status.INVALID_CREDENTIALS);
            assertThat(directory.authenticate(ROOT, "off", "wrong".toCharArray()).status()).isEqualTo(Status.INVALID_CREDENTIALS);
            assertThat(directory.authenticate(ROOT, "off", "pw".toCharArray()).status()).isEqualTo(Status.DISABLED);

            int before = hasher.verifications;
            assertThat(directory.authenticate(ROOT, "nobody", "pw".toCharArray()).status()).isEqualTo(Status.INVALID_CREDENTIALS);
            assertThat(hasher.verifications).as("an unknown user costs one verification, like a wrong password").isEqualTo(before + 1);
            assertThat(directory.authenticate(ROOT, "nobody", "pw".toCharArray()).user()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void writesThroughTheDirectoryPublishEvents(TestDatabase db) {
        try (db) {
            RecordingPublisher events = new RecordingPublisher();
            UserDirectoryService directory = new UserDirectoryService(new CountingHasher(), events);
            directory.bindStore(JdbcUserStoreFactory.create("PRIMARY", db, new CountingHasher()), Map.of("service.id", 1L), null);
            WritableUserStore store = directory.writable("PRIMARY");
            User u = store.createUser(ROOT, new NewUser("bob", true, null, Optional.empty()));
            store.updateUser(ROOT, u.id(), u.version(), new UserUpdate("bob", false, UserProfile.empty()));
            store.deleteUser(ROOT, u.id(), u.version() + 1);
            assertThat(events.events).extracting(IdentityEvent::type).containsExactly("user.created", "user.updated", "user.deleted");
            assertThat(events.events.get(0).subjectId()).contains(u.id());
        }
    }

    @Test
    void aSecondStoreIsConsultedInOrderAndByPrefixAndRemovedOnUnbind() {
        try (TestDatabase a = TestDatabases.h2(); TestDatabase b = TestDatabases.h2()) {
            CountingHasher hasher = new CountingHasher();
            UserDirectoryService directory = new UserDirectoryService(hasher, new RecordingPublisher());
            WritableUserStore primary = JdbcUserStoreFactory.create("PRIMARY", a, hasher);
            WritableUserStore corp = JdbcUserStoreFactory.create("CORP", b, hasher);
            directory.bindStore(corp, Map.of("service.id", 2L), null);
            directory.bindStore(primary, Map.of("service.id", 1L), null);
            corp.createUser(ROOT, new NewUser("carol", true, null, Optional.of("pw".toCharArray())));
            primary.createUser(ROOT, new NewUser("carol", true, null, Optional.of("other".toCharArray())));

            assertThat(directory.stores()).extracting(s -> s.descriptor().domain()).containsExactly("PRIMARY", "CORP");
            assertThat(directory.authenticate(ROOT, "carol", "pw".toCharArray()).status()).isEqualTo(Status.INVALID_CREDENTIALS);
            assertThat(directory.authenticate(ROOT, "corp/carol", "pw".toCharArray()).user().map(User::domain)).contains("CORP");

            directory.unbindStore(corp);
            assertThat(directory.store("CORP")).isEmpty();
            assertThat(directory.authenticate(ROOT, "CORP/carol", "pw".toCharArray()).status()).isEqualTo(Status.INVALID_CREDENTIALS);
            directory.unbindStore(primary);
            assertThatThrownBy(directory::primary).isInstanceOf(StoreUnavailableException.class);
        }
    }

    @Test
    void searchesSpanStoresWithPagingTotalsNarrowingAndADownStoreSkipped() {
        try (TestDatabase a = TestDatabases.h2(); TestDatabase b = TestDatabases.h2()) {
            CountingHasher hasher = new CountingHasher();
            UserDirectoryService directory = new UserDirectoryService(hasher, new RecordingPublisher());
            WritableUserStore primary = JdbcUserStoreFactory.create("PRIMARY", a, hasher);
            WritableUserStore corp = JdbcUserStoreFactory.create("CORP", b, hasher);
            directory.bindStore(primary, Map.of("service.id", 1L), null);
            directory.bindStore(corp, Map.of("service.id", 2L), null);
            for (String name : List.of("p1", "p2", "p3")) {
                primary.createUser(ROOT, new NewUser(name, true, null, Optional.empty()));
            }
            for (String name : List.of("c1", "c2", "x9")) {
                corp.createUser(ROOT, new NewUser(name, true, null, Optional.empty()));
            }
            primary.createGroup(ROOT, new org.gatehouse.api.userstore.NewGroup("staff", null));
            corp.createGroup(ROOT, new org.gatehouse.api.userstore.NewGroup("staff", null));

            // one sequence in resolution order: p1 p2 p3 c1 c2 x9
            DirectoryPage<User> page = directory.searchAllUsers(ROOT, Query.all(2, 3));
            assertThat(page.page().totalResults()).isEqualTo(6);
            assertThat(page.page().items()).extracting(User::username).containsExactly("p3", "c1", "c2");
            assertThat(page.complete()).isTrue();
            assertThat(directory.searchAllUsers(ROOT, Query.all(5, 10)).page().items()).extracting(User::username).containsExactly("x9");
            assertThat(directory.searchAllUsers(ROOT, Query.all(0, 0)).page().totalResults()).isEqualTo(6);
            assertThat(directory.searchAllUsers(ROOT, Query.all(9, 10)).page().items()).isEmpty();

            // each store filters and sorts by itself
            Query startsWithC = Query.of(Filter.parse("userName sw \"c\" or userName eq \"p2\""), 0, 10)
                    .withSort(new Query.Sort(AttributePath.USERNAME, true));
            assertThat(directory.searchAllUsers(ROOT, startsWithC).page().items()).extracting(User::username).containsExactly("p2", "c2", "c1");

            // a domain-qualified userName asks only that store
            DirectoryPage<User> qualified = directory.searchAllUsers(ROOT, Query.of(Filter.parse("userName eq \"corp/C1\" and active eq true"), 0, 10));
            assertThat(qualified.page().items()).extracting(User::domain).containsExactly("CORP");
            assertThat(directory.searchAllGroups(ROOT, Query.of(Filter.parse("displayName eq \"CORP/staff\""), 0, 10)).page().items())
                    .extracting(org.gatehouse.api.userstore.Group::domain).containsExactly("CORP");
            assertThat(directory.searchAllGroups(ROOT, Query.all(0, 10)).page().totalResults()).isEqualTo(2);

            // a store that is down degrades its own users only, and is named
            UserStore down = (UserStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {UserStore.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("descriptor")) {
                            return new UserStoreDescriptor("DOWN", "down", EnumSet.of(StoreCapability.GROUPS));
                        }
                        throw new StoreUnavailableException("connection refused", null);
                    });
            directory.bindStore(down, Map.of("service.id", 3L), null);
            DirectoryPage<User> partial = directory.searchAllUsers(ROOT, Query.all(0, 100));
            assertThat(partial.page().totalResults()).isEqualTo(6);
            assertThat(partial.page().items()).hasSize(6);
            assertThat(partial.unavailableDomains()).containsExactly("DOWN");
            assertThat(directory.searchAllGroups(ROOT, Query.all(0, 100)).unavailableDomains()).containsExactly("DOWN");
        }
    }

    @Test
    void aStoreThatFailsDuringThePasswordCheckAnswersUnavailableNotAnError() {
        CountingHasher hasher = new CountingHasher();
        UserDirectoryService directory = new UserDirectoryService(hasher, new RecordingPublisher());
        User known = new User("u-1", "FLAKY", "alice", true, null, 1, java.time.Instant.now(), null);
        UserStore flaky = (UserStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {UserStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "descriptor" -> new UserStoreDescriptor("FLAKY", "flaky", EnumSet.of(StoreCapability.PASSWORD));
                    case "findUserByUsername" -> java.util.Optional.of(known);
                    case "verifyPassword" -> throw new StoreUnavailableException("connection reset", null);
                    default -> null;
                });
        directory.bindStore(flaky, Map.of("service.id", 9L), null);
        assertThat(directory.authenticate(ROOT, "FLAKY/alice", "pw".toCharArray()).status()).isEqualTo(Status.STORE_UNAVAILABLE);
        assertThat(hasher.verifications).as("as long as for anyone else whose store is down").isEqualTo(1);
    }

    @Test
    void aReadOnlyStoreRefusesWrites() {
        UserDirectoryService directory = new UserDirectoryService(new CountingHasher(), new RecordingPublisher());
        UserStore readOnly = (UserStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {UserStore.class},
                (proxy, method, args) -> method.getName().equals("descriptor")
                        ? new UserStoreDescriptor("RO", "read only", EnumSet.noneOf(StoreCapability.class)) : null);
        directory.bindStore(readOnly, Map.of("service.id", 3L), null);
        assertThatThrownBy(() -> directory.writable("RO")).isInstanceOf(ReadOnlyStoreException.class);
    }

    @Test
    void theHigherRankedOfTwoPluginsWithOneIdWinsAndTheOtherTakesOver() {
        PluginRegistry<String> registry = new PluginRegistry<>("Thing");
        registry.add(PluginEntry.of("x", "old", "v1", Map.of("service.id", 10L), null));
        registry.add(PluginEntry.of("x", "new", "v2", Map.of("service.id", 11L, "service.ranking", 5), null));
        assertThat(registry.find("x")).contains("v2");
        registry.remove("v2");
        assertThat(registry.find("x")).contains("v1");
        registry.remove("v1");
        assertThat(registry.find("x")).isEmpty();
        assertThat(registry.entries()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void bootstrapCreatesTheAdminOnceAndRecordsTheMachineClient(TestDatabase db) {
        try (db) {
            CountingHasher hasher = new CountingHasher();
            WritableUserStore primary = JdbcUserStoreFactory.create("PRIMARY", db, hasher);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Bootstrap first = new Bootstrap(config("admin", ""), Map.of("GATEHOUSE_BOOTSTRAP_CLIENT_ID", "robot"), db, primary,
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            String printed = out.toString(StandardCharsets.UTF_8);
            String password = printed.replaceAll("(?s).*username 'admin', password '([^']+)'.*", "$1");
            String secret = printed.replaceAll("(?s).*client_secret '([^']+)'.*", "$1");
            assertThat(password).hasSizeGreaterThanOrEqualTo(24);
            assertThat(secret).hasSizeGreaterThanOrEqualTo(43);

            User admin = primary.findUserByUsername(ROOT, "admin").orElseThrow();
            assertThat(primary.verifyPassword(ROOT, admin.id(), password.toCharArray())).isEqualTo(org.gatehouse.api.userstore.CredentialCheck.VALID);
            assertThat(primary.groupsOf(ROOT, admin.id())).extracting(g -> g.name()).containsExactly(Bootstrap.ADMIN_GROUP);
            assertThat(first.clientDigest("robot")).contains(Secrets.digest(secret));

            // a second start changes nothing and prints nothing, even after the admin was renamed
            primary.updateUser(ROOT, admin.id(), admin.version(), new UserUpdate("root-admin", true, admin.profile()));
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            new Bootstrap(config("admin", "chosen"), Map.of("GATEHOUSE_BOOTSTRAP_CLIENT_ID", "robot"), db, primary,
                    new PrintStream(again, true, StandardCharsets.UTF_8));
            assertThat(again.size()).isZero();
            assertThat(primary.findUserByUsername(ROOT, "admin")).isEmpty();

            // a secret from the environment replaces the recorded one
            new Bootstrap(config("admin", ""), Map.of("GATEHOUSE_BOOTSTRAP_CLIENT_ID", "robot", "GATEHOUSE_BOOTSTRAP_CLIENT_SECRET", "rotated-secret-value"),
                    db, primary, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(first.clientDigest("robot")).contains(Secrets.digest("rotated-secret-value"));
        }
    }

    @Test
    void theBaseUrlComesFromTheEnvironmentAndIsValidated() {
        assertThat(new ServerInfoService(serverConfig(""), Map.of(), "9123", "0.1.0.2026").baseUrl()).hasToString("http://127.0.0.1:9123");
        assertThat(new ServerInfoService(serverConfig("http://ignored"), Map.of("GATEHOUSE_BASE_URL", "https://id.example.com/"), null, "0.1.0")
                .baseUrl()).hasToString("https://id.example.com");
        assertThat(new ServerInfoService(serverConfig(""), Map.of(), null, "0.1.0.2026").version()).isEqualTo("0.1.0");
        for (String bad : new String[] {"id.example.com", "ftp://x", "https://id.example.com/?a=b", "https://u:p@id.example.com", "http://"}) {
            assertThatThrownBy(() -> new ServerInfoService(serverConfig(""), Map.of("GATEHOUSE_BASE_URL", bad), null, "0.1.0"))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static BootstrapConfiguration config(String username, String password) {
        Map<String, Object> values = new HashMap<>(Map.of("admin_username", username, "admin_password", password,
                "client_id", "gatehouse-bootstrap", "client_secret", ""));
        return annotation(BootstrapConfiguration.class, values);
    }

    private static ServerConfiguration serverConfig(String baseUrl) {
        return annotation(ServerConfiguration.class, Map.of("baseUrl", baseUrl));
    }

    /** Typed configuration outside OSGi: the annotation backed by a map, as DS would build it. */
    @SuppressWarnings("unchecked")
    private static <A extends Annotation> A annotation(Class<A> type, Map<String, Object> values) {
        return (A) java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> values.containsKey(method.getName()) ? values.get(method.getName()) : method.getDefaultValue());
    }
}
