package org.gatehouse.application.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.application.Application;
import org.gatehouse.application.ApplicationConflictException;
import org.gatehouse.application.ApplicationNotFoundException;
import org.gatehouse.application.ApplicationTemplate;
import org.gatehouse.application.CreatedApplication;
import org.gatehouse.application.InvalidClientMetadataException;
import org.gatehouse.crypto.SecretEncryption;
import org.gatehouse.crypto.Secrets;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry against real H2 and PostgreSQL databases. */
class JdbcApplicationsTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();
    private static final OrganizationRef OTHER = new OrganizationRef("11111111-1111-1111-1111-111111111111", "other");

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    /** Seals reversibly, bound to the context, like the real AES-GCM implementation (which needs a master key). */
    static final class TestEncryption implements SecretEncryption {
        @Override
        public String seal(byte[] plaintext, String context) {
            return "t1:" + Base64.getEncoder().encodeToString(context.getBytes(StandardCharsets.UTF_8)) + ":"
                    + Base64.getEncoder().encodeToString(plaintext);
        }

        @Override
        public byte[] open(String sealed, String context) {
            String[] parts = sealed.split(":");
            if (!new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8).equals(context)) {
                throw new IllegalArgumentException("sealed for another context");
            }
            return Base64.getDecoder().decode(parts[2]);
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-26T12:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static JdbcApplications registry(TestDatabase db, Clock clock) throws Exception {
        return new JdbcApplications(db, new TestEncryption(), clock, Duration.ofSeconds(5), 1000);
    }

    private static void addOtherOrganization(TestDatabase db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO gh_organization (id, handle, name, created_at) VALUES ('" + OTHER.id() + "', 'other', 'Other', CURRENT_TIMESTAMP)");
        }
    }

    static Map<String, Object> web(String name) {
        Map<String, Object> m = new HashMap<>();
        m.put("client_name", name);
        m.put("redirect_uris", List.of("https://app.example.com/callback"));
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void createsReadsUpdatesAndDeletes(TestDatabase db) throws Exception {
        try (db) {
            JdbcApplications apps = registry(db, Clock.systemUTC());
            CreatedApplication created = apps.create(ROOT, ApplicationTemplate.TRADITIONAL_WEB, web("Portal"), false);
            Application app = created.application();
            assertThat(app.clientId()).matches("[A-Za-z0-9_-]{22}");
            assertThat(app.version()).isEqualTo(1);
            assertThat(app.name()).isEqualTo("Portal");
            assertThat(created.clientSecret()).hasValueSatisfying(s -> assertThat(s).hasSizeGreaterThanOrEqualTo(43));
            assertThat(created.registrationAccessToken()).isEmpty();

            Application found = apps.findByClientId(app.clientId()).orElseThrow();
            assertThat(found).isEqualTo(app);
            assertThat(apps.verifySecret(found, created.clientSecret().get())).isTrue();
            assertThat(apps.verifySecret(found, created.clientSecret().get() + "x")).isFalse();
            assertThat(apps.verifySecret(found, null)).isFalse();
            assertThat(apps.sharedSecret(found)).isEmpty();

            // the secret is stored only as its digest
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT secret_digest, secret_sealed, metadata FROM gh_application WHERE client_id = ?")) {
                ps.setString(1, app.clientId());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(Secrets.digest(created.clientSecret().get()));
                    assertThat(rs.getString(2)).isNull();
                    assertThat(rs.getString(3)).doesNotContain(created.clientSecret().get()).contains("\"redirect_uris\"");
                }
            }

            Map<String, Object> described = apps.describe(found);
            assertThat(described).containsEntry("client_id", app.clientId()).containsEntry("client_name", "Portal")
                    .containsEntry("template", "web").containsEntry("token_endpoint_auth_method", "client_secret_basic")
                    .containsKey("client_id_issued_at").doesNotContainKeys("client_secret", "secret_digest");

            Map<String, Object> change = new HashMap<>(described);
            change.put("client_name", "Portal 2");
            change.put("scope", "openid email");
            Application updated = apps.update(ROOT, app.clientId(), 1, change);
            assertThat(updated.version()).isEqualTo(2);
            assertThat(updated.name()).isEqualTo("Portal 2");
            assertThat(apps.findByClientId(app.clientId()).orElseThrow().metadata().scopes()).containsExactlyInAnyOrder("openid", "email");
            assertThat(apps.verifySecret(updated, created.clientSecret().get())).as("the secret survives an update").isTrue();

            assertThatThrownBy(() -> apps.update(ROOT, app.clientId(), 1, change)).isInstanceOf(ApplicationConflictException.class);
            assertThatThrownBy(() -> apps.delete(ROOT, app.clientId(), 1)).isInstanceOf(ApplicationConflictException.class);
            assertThatThrownBy(() -> apps.update(ROOT, "nope-nope", 1, change)).isInstanceOf(ApplicationNotFoundException.class);
            Map<String, Object> renamed = new HashMap<>(change);
            renamed.put("client_id", "another-id");
            assertThatThrownBy(() -> apps.update(ROOT, app.clientId(), 2, renamed)).isInstanceOf(InvalidClientMetadataException.class);

            apps.delete(ROOT, app.clientId(), 2);
            assertThat(apps.findByClientId(app.clientId())).isEmpty();
            assertThat(apps.verifySecret(updated, created.clientSecret().get())).isFalse();
            assertThatThrownBy(() -> apps.delete(ROOT, app.clientId(), 2)).isInstanceOf(ApplicationNotFoundException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void applicationsBelongToTheirOrganization(TestDatabase db) throws Exception {
        try (db) {
            addOtherOrganization(db);
            JdbcApplications apps = registry(db, Clock.systemUTC());
            Application b = apps.create(ROOT, ApplicationTemplate.TRADITIONAL_WEB, web("Beta"), false).application();
            Application a = apps.create(ROOT, ApplicationTemplate.TRADITIONAL_WEB, web("Alpha"), false).application();
            Application other = apps.create(OTHER, ApplicationTemplate.TRADITIONAL_WEB, web("Other"), false).application();
            assertThat(apps.list(ROOT)).extracting(Application::name).containsExactly("Alpha", "Beta");
            assertThat(apps.list(OTHER)).extracting(Application::clientId).containsExactly(other.clientId());
            assertThatThrownBy(() -> apps.delete(OTHER, a.clientId(), 1)).isInstanceOf(ApplicationNotFoundException.class);
            assertThatThrownBy(() -> apps.rotateSecret(OTHER, b.clientId())).isInstanceOf(ApplicationNotFoundException.class);
            assertThatThrownBy(() -> apps.update(OTHER, b.clientId(), 1, web("X"))).isInstanceOf(ApplicationNotFoundException.class);
            assertThat(apps.findByClientId(other.clientId())).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void requestedClientIdsAreUnique(TestDatabase db) throws Exception {
        try (db) {
            JdbcApplications apps = registry(db, Clock.systemUTC());
            Map<String, Object> body = web("One");
            body.put("client_id", "portal.example");
            assertThat(apps.create(ROOT, ApplicationTemplate.TRADITIONAL_WEB, body, false).application().clientId()).isEqualTo("portal.example");
            assertThatThrownBy(() -> apps.create(ROOT, ApplicationTemplate.TRADITIONAL_WEB, body, false))
                    .isInstanceOf(ApplicationConflictException.class).hasMessageContaining("portal.example");
            assertThat(apps.list(ROOT)).hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void publicClientsHaveNoSecret(TestDatabase db) throws Exception {
        try (db) {
            JdbcApplications apps = registry(db, Clock.systemUTC());
            Map<String, Object> body = web("SPA");
            CreatedApplication spa = apps.create(ROOT, ApplicationTemplate.SINGLE_PAGE, body, false);
            assertThat(spa.clientSecret()).isEmpty();
            assertThat(apps.verifySecret(spa.application(), "")).isFalse();
            assertThatThrownBy(() -> apps.rotateSecret(ROOT, spa.application().clientId()))
                    .isInstanceOfSatisfying(InvalidClientMetadataException.class, e -> assertThat(e.field()).isEqualTo("token_endpoint_auth_method"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void clientSecretJwtKeepsTheSecretSealed(TestDatabase db) throws Exception {
        try (db) {
            JdbcApplications apps = registry(db, Clock.systemUTC());
            Map<String, Object> body = web("HMAC");
            body.put("token_endpoint_auth_method", "client_secret_jwt");
            CreatedApplication created = apps.create(ROOT, ApplicationTemplate.TRADITIONAL_WEB, body, false);
            String secret = created.clientSecret().orElseThrow();
            Application app = created.application();
            assertThat(apps.sharedSecret(app)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(secret));
            assertThat(apps.verifySecret(app, secret)).isTrue();
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT secret_digest, secret_sealed FROM gh_application WHERE client_id = ?")) {
                ps.setString(1, app.clientId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isNull();
                    assertThat(rs.getString(2)).isNotNull().doesNotContain(secret);
                }
            }
            // switching to client_secret_basic keeps the same secret, as a digest
            Map<String, Object> basic = new HashMap<>(apps.describe(app));
            basic.put("token_endpoint_auth_method", "client_secret_basic");
            Application now = apps.update(ROOT, app.clientId(), 1, basic);
            assertThat(apps.verifySecret(now, secret)).isTrue();
            assertThat(apps.sharedSecret(now)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void changingTheAuthenticationMethodKeepsOrDropsTheSecret(TestDatabase db) throws Exception {
        try (db) {
            JdbcApplications apps = registry(db, Clock.systemUTC());
            Map<String, Object> body = web("Switch");
            body.put("token_endpoint_auth_method", "none");
            CreatedApplication created = apps.create(ROOT, ApplicationTemplate.STANDARD_OIDC, body, false);
            assertThat(created.clientSecret()).isEmpty();
            String clientId = created.application().clientId();

            // public -> confidential: no secret until one is issued
            Map<String, Object> basic = new HashMap<>(apps.describe(created.application()));
            basic.put("token_endpoint_auth_method", "client_secret_basic");
            Application confidential = apps.update(ROOT, clientId, 1, basic);
            assertThat(apps.verifySecret(confidential, "")).isFalse();
            String secret = apps.rotateSecret(ROOT, clientId);
            Application withSecret = apps.findByClientId(clientId).orElseThrow();
            assertThat(apps.verifySecret(withSecret, secret)).isTrue();

            // client_secret_basic -> client_secret_post keeps it
            Map<String, Object> post = new HashMap<>(apps.describe(withSecret));
            post.put("token_endpoint_auth_method", "client_secret_post");
            Application posted = apps.update(ROOT, clientId, withSecret.version(), post);
            assertThat(apps.verifySecret(posted, secret)).isTrue();

            // a digest cannot become an HMAC key: client_secret_jwt needs a new secret
            Map<String, Object> jwt = new HashMap<>(apps.describe(posted));
            jwt.put("token_endpoint_auth_method", "client_secret_jwt");
            Application hmac = apps.update(ROOT, clientId, posted.version(), jwt);
            assertThat(apps.verifySecret(hmac, secret)).isFalse();
            assertThat(apps.sharedSecret(hmac)).isEmpty();
            String hmacSecret = apps.rotateSecret(ROOT, clientId);
            assertThat(apps.sharedSecret(apps.findByClientId(clientId).orElseThrow()))
                    .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(hmacSecret));

            // back to public: the secret is gone
            Application current = apps.findByClientId(clientId).orElseThrow();
            Map<String, Object> none = new HashMap<>(apps.describe(current));
            none.put("token_endpoint_auth_method", "none");
            Application publicAgain = apps.update(ROOT, clientId, current.version(), none);
            assertThat(apps.verifySecret(publicAgain, hmacSecret)).isFalse();
            assertThat(apps.sharedSecret(publicAgain)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rotatingTheSecretRetiresTheOldOneAtOnce(TestDatabase db) throws Exception {
        try (db) {
            JdbcApplications apps = registry(db, Clock.systemUTC());
            CreatedApplication created = apps.create(ROOT, ApplicationTemplate.MACHINE_TO_MACHINE, Map.of("client_name", "Job"), false);
            String old = created.clientSecret().orElseThrow();
            String fresh = apps.rotateSecret(ROOT, created.application().clientId());
            assertThat(fresh).isNotEqualTo(old);
            Application app = apps.findByClientId(created.application().clientId()).orElseThrow();
            assertThat(app.version()).isEqualTo(2);
            assertThat(apps.verifySecret(app, fresh)).isTrue();
            assertThat(apps.verifySecret(app, old)).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void dynamicRegistrationIssuesARegistrationAccessToken(TestDatabase db) throws Exception {
        try (db) {
            JdbcApplications apps = registry(db, Clock.systemUTC());
            CreatedApplication created = apps.create(ROOT, ApplicationTemplate.STANDARD_OIDC,
                    Map.of("redirect_uris", List.of("https://rp.example.com/cb")), true);
            Application app = created.application();
            assertThat(app.name()).as("defaults to the client id").isEqualTo(app.clientId());
            String token = created.registrationAccessToken().orElseThrow();
            assertThat(apps.verifyRegistrationAccessToken(app, token)).isTrue();
            assertThat(apps.verifyRegistrationAccessToken(app, token + "x")).isFalse();
            assertThat(apps.verifyRegistrationAccessToken(app, null)).isFalse();

            Map<String, Object> firstParty = new HashMap<>(apps.describe(app));
            firstParty.put("skip_consent", true);
            assertThatThrownBy(() -> apps.update(ROOT, app.clientId(), 1, firstParty))
                    .isInstanceOfSatisfying(InvalidClientMetadataException.class, e -> assertThat(e.field()).isEqualTo("skip_consent"));
            assertThatThrownBy(() -> apps.create(ROOT, ApplicationTemplate.STANDARD_OIDC,
                    Map.of("redirect_uris", List.of("https://rp.example.com/cb"), "skip_consent", true), true))
                    .isInstanceOf(InvalidClientMetadataException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentUpdatesOfTheSameVersionHaveOneWinner(TestDatabase db) throws Exception {
        try (db) {
            JdbcApplications apps = registry(db, Clock.systemUTC());
            Application app = apps.create(ROOT, ApplicationTemplate.TRADITIONAL_WEB, web("Race"), false).application();
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Application>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Map<String, Object> body = web("Race " + i);
                results.add(pool.submit((Callable<Application>) () -> {
                    start.await();
                    return apps.update(ROOT, app.clientId(), 1, body);
                }));
            }
            start.countDown();
            int won = 0;
            int conflicts = 0;
            for (Future<Application> f : results) {
                try {
                    f.get();
                    won++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ApplicationConflictException.class);
                    conflicts++;
                }
            }
            pool.shutdown();
            assertThat(won).isEqualTo(1);
            assertThat(conflicts).isEqualTo(threads - 1);
            assertThat(apps.findByClientId(app.clientId()).orElseThrow().version()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void changesOnAnotherNodeShowAfterTheCacheTtl(TestDatabase db) throws Exception {
        try (db) {
            MutableClock clock = new MutableClock();
            JdbcApplications node1 = registry(db, clock);
            JdbcApplications node2 = registry(db, clock);
            CreatedApplication created = node1.create(ROOT, ApplicationTemplate.MACHINE_TO_MACHINE, Map.of("client_name", "Job"), false);
            String clientId = created.application().clientId();
            assertThat(node2.findByClientId(clientId)).isPresent();

            String fresh = node1.rotateSecret(ROOT, clientId);
            Application seenBy2 = node2.findByClientId(clientId).orElseThrow();
            assertThat(seenBy2.version()).as("still cached").isEqualTo(1);
            clock.now = clock.now.plusSeconds(6);
            Application refreshed = node2.findByClientId(clientId).orElseThrow();
            assertThat(refreshed.version()).isEqualTo(2);
            assertThat(node2.verifySecret(refreshed, fresh)).isTrue();

            node1.delete(ROOT, clientId, 2);
            clock.now = clock.now.plusSeconds(6);
            assertThat(node2.findByClientId(clientId)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void unknownClientIdsAreNotCached(TestDatabase db) throws Exception {
        try (db) {
            JdbcApplications apps = registry(db, Clock.systemUTC());
            for (int i = 0; i < 200; i++) {
                assertThat(apps.findByClientId("unknown-" + i)).isEmpty();
            }
            assertThat(apps.findByClientId("x".repeat(10_000))).isEmpty();
            assertThat(apps.findByClientId(null)).isEmpty();
            assertThat(apps.cachedEntries()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theBootstrapClientBecomesAMachineApplication(TestDatabase db) throws Exception {
        try (db) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                // the core's table, as its migration creates it
                s.execute("CREATE TABLE gh_bootstrap_client (org_id VARCHAR(36) NOT NULL REFERENCES gh_organization (id),"
                        + " client_id VARCHAR(255) NOT NULL, secret_digest VARCHAR(128) NOT NULL, scopes VARCHAR(1024) NOT NULL,"
                        + " created_at TIMESTAMP WITH TIME ZONE NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (org_id, client_id))");
                s.execute("INSERT INTO gh_bootstrap_client VALUES ('" + ROOT.id() + "', 'gatehouse-bootstrap', '" + Secrets.digest("first-secret")
                        + "', 'gatehouse:admin', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            }
            JdbcApplications node1 = registry(db, Clock.systemUTC());
            JdbcApplications node2 = registry(db, Clock.systemUTC());
            // two nodes start at once
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            Future<Integer> a = pool.submit(() -> {
                start.await();
                return new BootstrapClientSync(db, node1).synchronize();
            });
            Future<Integer> b = pool.submit(() -> {
                start.await();
                return new BootstrapClientSync(db, node2).synchronize();
            });
            start.countDown();
            assertThat(a.get() + b.get()).isEqualTo(1);
            pool.shutdown();

            Application app = node1.findByClientId("gatehouse-bootstrap").orElseThrow();
            assertThat(app.template()).isEqualTo(ApplicationTemplate.MACHINE_TO_MACHINE);
            assertThat(app.metadata().scopes()).containsExactly("gatehouse:admin");
            assertThat(app.metadata().grantTypes()).containsExactly("client_credentials");
            assertThat(app.metadata().tokenEndpointAuthMethod()).isEqualTo("client_secret_basic");
            assertThat(node1.verifySecret(app, "first-secret")).isTrue();
            assertThat(new BootstrapClientSync(db, node1).synchronize()).as("idempotent").isZero();

            // an administrator rotates it through the API: the next sync leaves that alone
            String rotated = node1.rotateSecret(ROOT, "gatehouse-bootstrap");
            assertThat(new BootstrapClientSync(db, node1).synchronize()).isZero();
            assertThat(node1.verifySecret(node1.findByClientId("gatehouse-bootstrap").orElseThrow(), rotated)).isTrue();

            // the operator sets a new secret through the environment: the core records its digest
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE gh_bootstrap_client SET secret_digest = '" + Secrets.digest("second-secret") + "'");
            }
            assertThat(new BootstrapClientSync(db, node1).synchronize()).isEqualTo(1);
            Application now = node1.findByClientId("gatehouse-bootstrap").orElseThrow();
            assertThat(node1.verifySecret(now, "second-secret")).isTrue();
            assertThat(node1.verifySecret(now, "first-secret")).isFalse();
            assertThat(node1.verifySecret(now, rotated)).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theActivatedComponentImportsAtOnceAndPicksUpALateCore(TestDatabase db) throws Exception {
        try (db) {
            JdbcApplications apps = registry(db, Clock.systemUTC());
            ApplicationsConfiguration config = new ApplicationsConfiguration() {
                @Override
                public Class<? extends java.lang.annotation.Annotation> annotationType() {
                    return ApplicationsConfiguration.class;
                }

                @Override
                public int cacheTtlSeconds() {
                    return 5;
                }

                @Override
                public int cacheMaxEntries() {
                    return 100;
                }

                @Override
                public int bootstrapSyncSeconds() {
                    return 3600;
                }
            };
            // the core has not created its table yet
            BootstrapClientSync sync = new BootstrapClientSync(config, db, apps);
            try {
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE gh_bootstrap_client (org_id VARCHAR(36) NOT NULL, client_id VARCHAR(255) NOT NULL,"
                            + " secret_digest VARCHAR(128) NOT NULL, scopes VARCHAR(1024) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                            + " updated_at TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY (org_id, client_id))");
                    s.execute("INSERT INTO gh_bootstrap_client VALUES ('" + ROOT.id() + "', 'late-bootstrap', '" + Secrets.digest("s3cret")
                            + "', 'gatehouse:admin', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                }
                long deadline = System.currentTimeMillis() + 10_000;
                while (apps.findByClientId("late-bootstrap").isEmpty() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                Application app = apps.findByClientId("late-bootstrap").orElseThrow();
                assertThat(apps.verifySecret(app, "s3cret")).isTrue();
            } finally {
                sync.deactivate();
            }
            // a new component finds it at activation, synchronously
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO gh_bootstrap_client VALUES ('" + ROOT.id() + "', 'second-bootstrap', '" + Secrets.digest("x")
                        + "', 'gatehouse:admin', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            }
            BootstrapClientSync again = new BootstrapClientSync(config, db, apps);
            again.deactivate();
            assertThat(apps.findByClientId("second-bootstrap")).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void bootstrapSyncWaitsForTheCoreTable(TestDatabase db) throws Exception {
        try (db) {
            JdbcApplications apps = registry(db, Clock.systemUTC());
            assertThat(new BootstrapClientSync(db, apps).synchronize()).isZero();
            assertThat(apps.list(ROOT)).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aBootstrapClientIdTakenByAnotherApplicationIsLeftAlone(TestDatabase db) throws Exception {
        try (db) {
            JdbcApplications apps = registry(db, Clock.systemUTC());
            Map<String, Object> body = web("Squatter");
            body.put("client_id", "gatehouse-bootstrap");
            apps.create(ROOT, ApplicationTemplate.TRADITIONAL_WEB, body, false);
            assertThat(apps.ensureMachineClient(ROOT.id(), "gatehouse-bootstrap", Secrets.digest("s"), "gatehouse:admin"))
                    .isEqualTo(MachineClients.Outcome.CONFLICTING_APPLICATION);
            assertThat(apps.findByClientId("gatehouse-bootstrap").orElseThrow().template()).isEqualTo(ApplicationTemplate.TRADITIONAL_WEB);
            assertThat(Optional.of(apps.list(ROOT).size())).contains(1);
        }
    }
}
