package org.gatehouse.core.internal.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.gatehouse.api.authn.Authenticator;
import org.gatehouse.api.context.ApplicationRef;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.context.RequestInfo;
import org.gatehouse.api.event.IdentityEvent;
import org.gatehouse.api.event.IdentityEventPublisher;
import org.gatehouse.api.userstore.NewGroup;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.core.internal.AuthenticatorRegistry;
import org.gatehouse.core.internal.UserDirectoryService;
import org.gatehouse.core.internal.session.LoginRequestService;
import org.gatehouse.core.internal.session.MutableClock;
import org.gatehouse.core.login.FlowDefinition;
import org.gatehouse.core.login.FlowValidationException;
import org.gatehouse.core.login.LoginEngine;
import org.gatehouse.core.login.LoginEngine.Completed;
import org.gatehouse.core.login.LoginEngine.Ended;
import org.gatehouse.core.login.LoginEngine.FlowView;
import org.gatehouse.core.login.LoginEngine.Input;
import org.gatehouse.core.login.LoginEngine.Prompting;
import org.gatehouse.core.login.LoginFlowDefinitions;
import org.gatehouse.core.session.LoginRequest;
import org.gatehouse.crypto.PasswordHasher;
import org.gatehouse.crypto.Secrets;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.gatehouse.userstore.jdbc.internal.JdbcUserStoreFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The flow engine on real H2 and PostgreSQL, with a real user directory and small test plugins. */
class LoginEngineServiceTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();
    private static final ApplicationRef APP = new ApplicationRef("app-1", "client-1", "App One");
    private static final LoginEngine.Environment ENV = new LoginEngine.Environment(
            new RequestInfo("192.0.2.7", "Test/1", Optional.of("https://id.example")), Locale.ENGLISH, URI.create("https://id.example/login/callback"));
    private static final String PASSWORD = "right-password";

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    static final class PlainHasher implements PasswordHasher {
        @Override
        public String hash(char[] password) {
            return "h:" + new String(password);
        }

        @Override
        public boolean verify(char[] password, String encoded) {
            return encoded.equals(hash(password));
        }

        @Override
        public boolean needsRehash(String encoded) {
            return false;
        }

        @Override
        public void verifyNothing(char[] password) {
            hash(password);
        }
    }

    static final class Events implements IdentityEventPublisher {
        final List<IdentityEvent> published = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(IdentityEvent event) {
            published.add(event);
        }
    }

    private static final class Fixture implements AutoCloseable {
        final TestDatabase db;
        final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
        final Events events = new Events();
        final UserDirectoryService directory = new UserDirectoryService(new PlainHasher(), events);
        final WritableUserStore store;
        final AuthenticatorRegistry registry = new AuthenticatorRegistry();
        final org.gatehouse.crypto.SecretEncryption encryption = sealer();
        final TestAuthenticators.Secret secret;
        final TestAuthenticators.Code totp = new TestAuthenticators.Code("totp");
        final TestAuthenticators.Code email = new TestAuthenticators.Code("email-otp");
        final LoginRequestService requests;
        final FlowDefinitionService definitions;
        final LoginAttemptService attempts;
        LoginEngineService engine;
        final User alice;
        final User bob;
        long serviceId = 1;

        Fixture(TestDatabase db) {
            this.db = db;
            store = JdbcUserStoreFactory.create("PRIMARY", db, new PlainHasher());
            directory.bindStore(store, Map.of("service.id", 1L), null);
            alice = store.createUser(ROOT, new NewUser("alice", true, null, Optional.of(PASSWORD.toCharArray())));
            bob = store.createUser(ROOT, new NewUser("bob", true, null, Optional.of(PASSWORD.toCharArray())));
            secret = new TestAuthenticators.Secret("password", directory);
            install(secret);
            install(totp);
            install(email);
            requests = new LoginRequestService(db, clock, Duration.ofMinutes(10), Duration.ofHours(1));
            definitions = new FlowDefinitionService(db, registry, clock);
            attempts = new LoginAttemptService(db, events, directory, clock, true, 3, Duration.ofMinutes(15), Duration.ofMinutes(15));
            engine = newEngine();
        }

        LoginEngineService newEngine() {
            return new LoginEngineService(db, registry, definitions, directory, attempts, requests, encryption, clock, Duration.ofMinutes(15), 5,
                    Duration.ofHours(1), Duration.ofMillis(600));
        }

        void install(Authenticator a) {
            registry.bindAuthenticator(a, Map.of("service.id", serviceId++), null);
        }

        void flow(String json) {
            int current = definitions.stored(ROOT, APP.clientId()).map(LoginFlowDefinitions.Versioned::version).orElse(0);
            definitions.save(ROOT, APP.clientId(), definitions.parse(json), current);
        }

        /** Begins a login; returns its handle (the request id, as the login pages use it). */
        String begin(List<String> acrValues) {
            return begin(acrValues, Optional.empty());
        }

        String begin(List<String> acrValues, Optional<String> enrol) {
            LoginRequest request = new LoginRequest(ROOT, APP, "/oauth2/authorize/resume?x=1", enrol.isPresent(), false, Optional.empty(),
                    Optional.empty(), List.of(), acrValues, clock.instant(), enrol);
            String id = requests.begin(request);
            last = engine.begin(id, requests.find(id).orElseThrow(), id, ENV);
            return id;
        }

        FlowView last;

        FlowView submit(String handle, Map<String, String> values) {
            last = engine.submit(handle, new Input("submit", values, Optional.empty()), ENV);
            return last;
        }

        FlowView password(String handle, String user, String password) {
            return submit(handle, Map.of("username", user, "password", password));
        }

        @Override
        public void close() {
            engine.close();
            requests.close();
            db.close();
        }
    }

    static org.gatehouse.crypto.SecretEncryption sealer() {
        return org.gatehouse.core.internal.credential.CredentialServiceTest.sealer();
    }

    private static Prompting prompting(FlowView view, String authenticator) {
        assertThat(view).isInstanceOf(Prompting.class);
        Prompting p = (Prompting) view;
        assertThat(p.authenticatorId()).isEqualTo(authenticator);
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void oneStepLoginCompletesWithAcrOneAndPasswordAmr(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            f.flow("{\"steps\":[{\"options\":[\"password\"]}]}");
            String h = f.begin(List.of());
            Prompting p = prompting(f.last, "password");
            assertThat(p.step()).isEqualTo(1);
            assertThat(p.steps()).isEqualTo(1);
            FlowView done = f.password(h, "alice", PASSWORD);
            assertThat(done).isInstanceOfSatisfying(Completed.class, c -> {
                assertThat(c.user().id()).isEqualTo(f.alice.id());
                assertThat(c.amr()).containsExactly("pwd");
                assertThat(c.acr()).isEqualTo("1");
                assertThat(c.requestId()).isEqualTo(h);
                assertThat(c.authTime()).isEqualTo(f.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            });
            assertThat(f.engine.current(h, ENV)).as("a reload after completion still says completed").isInstanceOf(Completed.class);
            f.engine.discard(h);
            assertThat(f.engine.current(h, ENV)).isEqualTo(new Ended(LoginEngineService.EXPIRED));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void optionalSecondStepRunsOnlyForEnrolledUsersAndMakesAcrTwo(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            f.totp.enrolled.put(f.alice.id(), "123456");
            f.flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\",\"email-otp\"],\"when\":\"enrolled\"}]}");

            String h = f.begin(List.of());
            f.password(h, "alice", PASSWORD);
            Prompting second = prompting(f.last, "totp");
            assertThat(second.step()).isEqualTo(2);
            assertThat(second.alternatives()).as("email-otp is not set up for alice").isEmpty();
            assertThat(second.prompt().data()).containsKey("nested");
            FlowView wrong = f.submit(h, Map.of("code", "000000"));
            assertThat(prompting(wrong, "totp").error()).contains("totp.wrong");
            assertThat(f.submit(h, Map.of("code", "123456"))).isInstanceOfSatisfying(Completed.class, c -> {
                assertThat(c.amr()).containsExactlyInAnyOrder("pwd", "otp");
                assertThat(c.acr()).isEqualTo("2");
            });

            String hb = f.begin(List.of());
            assertThat(f.password(hb, "bob", PASSWORD)).as("bob has no second factor: the step is skipped")
                    .isInstanceOfSatisfying(Completed.class, c -> assertThat(c.acr()).isEqualTo("1"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void requiredStepMakesAUserWithoutTheFactorEnrolOne(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            f.flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\"]}]}");
            String h = f.begin(List.of());
            f.password(h, "bob", PASSWORD);
            Prompting enrol = prompting(f.last, "totp");
            assertThat(enrol.enrolment()).isTrue();
            assertThat(enrol.prompt().messageKey()).isEqualTo("totp.enrol");
            assertThat(f.submit(h, Map.of("code", "777777"))).isInstanceOfSatisfying(Completed.class,
                    c -> assertThat(c.amr()).containsExactlyInAnyOrder("pwd", "otp"));
            assertThat(f.totp.enrolled).containsEntry(f.bob.id(), "777777");

            f.email.proofOnEnrolment = false;
            f.flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"email-otp\"]}]}");
            String h2 = f.begin(List.of());
            f.password(h2, "bob", PASSWORD);
            assertThat(f.submit(h2, Map.of("code", "1"))).as("an enrolment without proof passes the step but is no second factor")
                    .isInstanceOfSatisfying(Completed.class, c -> {
                        assertThat(c.amr()).containsExactly("pwd");
                        assertThat(c.acr()).isEqualTo("1");
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRequestedEnrolmentFollowsEveryStepAndAddsNoFactor(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            f.totp.enrolled.put(f.alice.id(), "123456");
            f.flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\"],\"when\":\"enrolled\"}]}");

            // bob (password only) asks to set up a code generator: password first, then the enrolment, counted as a step
            String h = f.begin(List.of(), Optional.of("totp"));
            assertThat(prompting(f.last, "password").steps()).isEqualTo(3);
            Prompting enrol = prompting(f.password(h, "bob", PASSWORD), "totp");
            assertThat(enrol.enrolment()).isTrue();
            assertThat(enrol.step()).isEqualTo(enrol.steps());
            assertThat(f.engine.current(h, ENV)).as("a reload shows the enrolment again").isEqualTo(enrol);
            assertThat(f.submit(h, Map.of("code", "424242"))).isInstanceOfSatisfying(Completed.class, c -> {
                assertThat(c.amr()).as("setting a factor up proves nothing new").containsExactly("pwd");
                assertThat(c.acr()).isEqualTo("1");
            });
            assertThat(f.totp.enrolled).containsEntry(f.bob.id(), "424242");

            // alice, who has one, must use it before she may set up another
            String ha = f.begin(List.of(), Optional.of("totp"));
            Prompting use = prompting(f.password(ha, "alice", PASSWORD), "totp");
            assertThat(use.enrolment()).as("her existing factor first").isFalse();
            Prompting another = prompting(f.submit(ha, Map.of("code", "123456")), "totp");
            assertThat(another.enrolment()).isTrue();
            assertThat(f.submit(ha, Map.of("code", "555555"))).isInstanceOfSatisfying(Completed.class,
                    c -> assertThat(c.acr()).as("her login used two factors").isEqualTo("2"));

            // a wrong password never reaches the enrolment
            String hw = f.begin(List.of(), Optional.of("totp"));
            assertThat(prompting(f.password(hw, "bob", "wrong"), "password").error()).isPresent();

            // an authenticator that is not installed, or sets nothing up, ends the login after the steps
            String hn = f.begin(List.of(), Optional.of("no-such-authenticator"));
            assertThat(f.password(hn, "bob", PASSWORD)).isInstanceOfSatisfying(Prompting.class, p -> assertThat(p.authenticatorId()).isEqualTo("totp"));
            assertThat(f.submit(hn, Map.of("code", "424242"))).isEqualTo(new Ended(LoginEngineService.CANNOT_ENROL));
            String hp = f.begin(List.of(), Optional.of("password"));
            prompting(f.password(hp, "bob", PASSWORD), "totp");
            assertThat(f.submit(hp, Map.of("code", "424242"))).as("the password authenticator sets nothing up")
                    .isEqualTo(new Ended(LoginEngineService.CANNOT_ENROL));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void groupsAndAcrValuesMakeAnOptionalStepRequired(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            var admins = f.store.createGroup(ROOT, new NewGroup("admins", "x"));
            f.store.addMember(ROOT, admins.id(), f.alice.id());
            f.flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\"],\"when\":\"enrolled\",\"requiredForGroups\":[\"admins\"]}]}");

            String ha = f.begin(List.of());
            f.password(ha, "alice", PASSWORD);
            assertThat(prompting(f.last, "totp").enrolment()).as("an admin without TOTP must set it up").isTrue();

            String hb = f.begin(List.of());
            assertThat(f.password(hb, "bob", PASSWORD)).as("not an admin: skipped").isInstanceOf(Completed.class);

            String hc = f.begin(List.of("2"));
            f.password(hc, "bob", PASSWORD);
            assertThat(prompting(f.last, "totp").enrolment()).as("acr_values=2 asks for a second factor").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void alternativesCanBeChosenAndAVerifiedPasskeyCountsAsTwoFactors(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            f.install(new TestAuthenticators.Passkey(f.alice.ref()));
            f.totp.enrolled.put(f.alice.id(), "123456");
            f.flow("{\"steps\":[{\"options\":[\"password\",\"passkey\"]},{\"options\":[\"totp\"],\"when\":\"enrolled\"}]}");
            String h = f.begin(List.of());
            Prompting first = prompting(f.last, "password");
            assertThat(first.alternatives()).extracting(LoginEngine.Option::authenticatorId).containsExactly("passkey");
            FlowView switched = f.engine.submit(h, Input.switchTo("passkey"), ENV);
            assertThat(prompting(switched, "passkey").alternatives()).extracting(LoginEngine.Option::authenticatorId).containsExactly("password");
            assertThat(f.engine.submit(h, Input.switchTo("not-offered"), ENV)).isInstanceOfSatisfying(Prompting.class,
                    p -> assertThat(p.error()).contains("login.error.option_unavailable"));
            assertThat(f.submit(h, Map.of("credential", "ok"))).as("passkey with user verification: no TOTP asked")
                    .isInstanceOfSatisfying(Completed.class, c -> {
                        assertThat(c.acr()).isEqualTo("2");
                        assertThat(c.amr()).containsExactlyInAnyOrder("hwk", "user");
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void wrongAnswersEndTheLoginAndSecondFactorFailuresLockTheAccount(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            f.totp.enrolled.put(f.alice.id(), "123456");
            f.flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\"]}]}");
            String h = f.begin(List.of());
            f.password(h, "alice", PASSWORD);
            f.submit(h, Map.of("code", "1"));
            f.submit(h, Map.of("code", "2"));
            FlowView third = f.submit(h, Map.of("code", "3"));
            assertThat(third).as("3 failures lock alice (lockout at 3)").isEqualTo(new Ended(LoginEngineService.LOCKED));
            assertThat(f.submit(h, Map.of("code", "123456"))).as("an ended login stays ended").isEqualTo(new Ended(LoginEngineService.LOCKED));
            assertThat(f.events.published).extracting(IdentityEvent::type).contains("account.locked");

            String again = f.begin(List.of());
            assertThat(f.password(again, "alice", PASSWORD)).as("locked: even the right password ends at the lock")
                    .isEqualTo(new Ended(LoginEngineService.LOCKED));
            assertThat(f.attempts.unlock(ROOT, "ALICE")).isTrue();
            String after = f.begin(List.of());
            f.password(after, "alice", PASSWORD);
            assertThat(f.submit(after, Map.of("code", "123456"))).isInstanceOf(Completed.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void tooManyWrongFirstFactorAnswersEndTheLogin(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            f.flow("{\"steps\":[{\"options\":[\"password\"]}]}");
            String h = f.begin(List.of());
            for (int i = 0; i < 4; i++) {
                assertThat(prompting(f.password(h, "user" + i, "x"), "password").error()).contains("password.wrong");
            }
            assertThat(f.password(h, "user5", "x")).isEqualTo(new Ended(LoginEngineService.TOO_MANY));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLoginSurvivesARestartAndAFlowEditAndAReloadDoesNotRestartTheStep(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            f.totp.enrolled.put(f.alice.id(), "123456");
            f.flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\"]}]}");
            String h = f.begin(List.of());
            f.password(h, "alice", PASSWORD);
            assertThat(f.totp.starts.get()).isEqualTo(1);

            f.engine.close();
            f.engine = f.newEngine(); // a new node, or this one restarted
            f.flow("{\"steps\":[{\"options\":[\"password\"]}]}"); // an edit while alice is half-way
            assertThat(prompting(f.engine.current(h, ENV), "totp").step()).isEqualTo(2);
            assertThat(f.totp.starts.get()).as("showing the page again sends no new code").isEqualTo(1);
            assertThat(f.submit(h, Map.of("code", "123456"))).as("the state set by start() came back").isInstanceOf(Completed.class);

            String fresh = f.begin(List.of());
            assertThat(f.password(fresh, "alice", PASSWORD)).as("new logins follow the edited flow").isInstanceOf(Completed.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRemovedOrBrokenAuthenticatorEndsOnlyTheLoginsThatNeedIt(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            f.totp.enrolled.put(f.alice.id(), "123456");
            f.flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\"]}]}");
            String h = f.begin(List.of());
            f.password(h, "alice", PASSWORD);
            f.registry.unbindAuthenticator(f.totp);
            assertThat(f.submit(h, Map.of("code", "123456"))).isEqualTo(new Ended(LoginEngineService.UNAVAILABLE));

            String other = f.begin(List.of());
            assertThat(f.password(other, "bob", PASSWORD)).as("bob's login reaches the missing step").isEqualTo(new Ended(LoginEngineService.UNAVAILABLE));

            f.install(f.totp);
            f.totp.broken = true;
            String broken = f.begin(List.of());
            assertThat(f.password(broken, "alice", PASSWORD)).isEqualTo(new Ended(LoginEngineService.UNAVAILABLE));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLoginWaitsForAnAuthenticatorThatIsBeingReplaced(TestDatabase db) throws Exception {
        try (Fixture f = new Fixture(db)) {
            f.totp.enrolled.put(f.alice.id(), "123456");
            f.flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\"]}]}");
            String midway = f.begin(List.of());
            f.password(midway, "alice", PASSWORD);
            String starting = f.begin(List.of());
            f.registry.unbindAuthenticator(f.totp); // a bundle update: the old version goes...
            Thread upgrade = new Thread(() -> {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                f.install(f.totp); // ...and the new one arrives a moment later
            });
            upgrade.start();
            assertThat(f.submit(midway, Map.of("code", "123456"))).as("a login in the step waits for the new version").isInstanceOf(Completed.class);
            upgrade.join();
            assertThat(prompting(f.password(starting, "alice", PASSWORD), "totp").step()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void answersRacingForOneLoginLeaveItConsistent(TestDatabase db) throws Exception {
        try (Fixture f = new Fixture(db)) {
            f.totp.enrolled.put(f.alice.id(), "123456");
            f.flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\"]}]}");
            String h = f.begin(List.of());
            f.password(h, "alice", PASSWORD);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Callable<FlowView>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(() -> f.engine.submit(h, new Input("submit", Map.of("code", "999999"), Optional.empty()), ENV));
                }
                for (Future<FlowView> r : pool.invokeAll(calls)) {
                    // every guess is checked and counted toward the lock (at 3 here); none corrupts the stored login
                    assertThat(r.get()).satisfiesAnyOf(v -> assertThat(v).isInstanceOf(Prompting.class),
                            v -> assertThat(v).isEqualTo(new Ended(LoginEngineService.LOCKED)));
                }
            } finally {
                pool.shutdown();
            }
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT progress FROM gh_flow_context WHERE id = ?")) {
                ps.setString(1, Secrets.digest(h));
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).as("sealed at rest").doesNotContain("alice");
                    var stored = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                            f.encryption.open(rs.getString(1), "gh_flow_context/" + Secrets.digest(h)));
                    assertThat(stored.get("failures").asInt()).as("each stored answer started from the one before").isBetween(1, 4);
                    assertThat(stored.get("user").get("id").asText()).isEqualTo(f.alice.id());
                    assertThat(rs.getString(1)).as("the row holds no typed code").doesNotContain("999999");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aStepIdentifyingSomeoneElseIsRefusedAndHandlesAreChecked(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            f.flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"password2\"]}]}".replace("password2", "passkey"));
        } catch (FlowValidationException e) {
            assertThat(e.problems()).anyMatch(p -> p.contains("no authenticator 'passkey' is installed"));
        }
        try (Fixture f = new Fixture(TestDatabases.h2())) {
            f.install(new TestAuthenticators.Secret("password-again", f.directory));
            f.flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"password-again\"]}]}");
            String h = f.begin(List.of());
            f.password(h, "alice", PASSWORD);
            assertThat(f.password(h, "bob", PASSWORD)).isEqualTo(new Ended(LoginEngineService.DIFFERENT_USER));
            assertThat(f.engine.current("short", ENV)).isEqualTo(new Ended(LoginEngineService.EXPIRED));
            assertThat(f.engine.submit(Secrets.generate(32), new Input("submit", Map.of(), Optional.empty()), ENV))
                    .isEqualTo(new Ended(LoginEngineService.EXPIRED));
            assertThatThrownBy(() -> f.engine.begin("x", null, "short", ENV)).isInstanceOf(IllegalArgumentException.class);

            String expiring = f.begin(List.of());
            f.clock.advance(Duration.ofMinutes(16));
            assertThat(f.password(expiring, "alice", PASSWORD)).isEqualTo(new Ended(LoginEngineService.EXPIRED));
            assertThat(f.engine.purge()).isGreaterThanOrEqualTo(1);
        }
    }

    static UserRef ref(User u) {
        return u.ref();
    }

    static FlowDefinition single(String option) {
        return new FlowDefinition(List.of(new FlowDefinition.Step(List.of(option), FlowDefinition.When.ALWAYS, Set.of())));
    }
}
