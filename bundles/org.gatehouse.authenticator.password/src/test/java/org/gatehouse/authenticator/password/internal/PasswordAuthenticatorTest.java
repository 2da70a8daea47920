package org.gatehouse.authenticator.password.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.AuthenticatorKind;
import org.gatehouse.api.authn.FailureReason;
import org.gatehouse.api.authn.Field;
import org.gatehouse.api.authn.FieldType;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.event.IdentityEventPublisher;
import org.gatehouse.api.userstore.AuthenticationOutcome;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.core.internal.UserDirectoryService;
import org.gatehouse.crypto.PasswordHasher;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.gatehouse.userstore.jdbc.internal.JdbcUserStoreFactory;
import org.gatehouse.sdk.testsupport.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The password step against the real user directory and JDBC store, on H2 and PostgreSQL. */
class PasswordAuthenticatorTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    /** Cheap and deterministic; the real PBKDF2 hasher is tested in the crypto bundle. */
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
        public void verifyNothing(char[] password) {}
    }

    private static Submission login(String username, String password) {
        Map<String, String> values = new HashMap<>();
        if (username != null) {
            values.put("username", username);
        }
        if (password != null) {
            values.put("password", password);
        }
        return new Submission(Action.SUBMIT, values);
    }

    @Test
    void describesItselfAndPromptsForUsernameAndPassword() {
        PasswordAuthenticator step = new PasswordAuthenticator(unavailableDirectory(), NO_LOCKOUT);
        assertThat(step.descriptor().id()).isEqualTo("password");
        assertThat(step.descriptor().kind()).isEqualTo(AuthenticatorKind.FIRST_FACTOR);
        assertThat(step.descriptor().amr()).containsExactly("pwd");

        StepResult result = step.start(new TestContext());
        assertThat(result).isInstanceOf(StepResult.Prompted.class);
        var prompt = ((StepResult.Prompted) result).prompt();
        assertThat(prompt.messageKey()).isEqualTo("login.prompt.password");
        assertThat(prompt.fields()).extracting(Field::name, Field::type, Field::labelKey, Field::required).containsExactly(
                org.assertj.core.groups.Tuple.tuple("username", FieldType.USERNAME, "login.field.username", true),
                org.assertj.core.groups.Tuple.tuple("password", FieldType.PASSWORD, "login.field.password", true));
        assertThat(prompt.fields().get(1).hints()).containsEntry("autocomplete", "current-password");
        assertThat(prompt.actions()).containsExactly(new Action("submit", "login.action.submit"));
        assertThat(step.submit(new TestContext(), new Submission("other", Map.of()))).isEqualTo(result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void succeedsWithTheRightPasswordAndAnswersEveryOtherCaseAlike(TestDatabase db) {
        try (db) {
            PlainHasher hasher = new PlainHasher();
            IdentityEventPublisher events = e -> {};
            UserDirectoryService directory = new UserDirectoryService(hasher, events);
            WritableUserStore store = JdbcUserStoreFactory.create("PRIMARY", db, hasher);
            bind(directory, store);
            User alice = store.createUser(ROOT, new NewUser("alice", true, null, Optional.of("Wonder-land-1".toCharArray())));
            store.createUser(ROOT, new NewUser("dormant", false, null, Optional.of("Sleepy-time-1".toCharArray())));
            PasswordAuthenticator step = new PasswordAuthenticator(directory, lockout(db, directory, 100));

            StepResult ok = step.submit(new TestContext(), login(" alice ", "Wonder-land-1"));
            assertThat(ok).isEqualTo(StepResult.success(alice.ref(), Set.of("pwd")));
            assertThat(step.submit(new TestContext(), login("PRIMARY/Alice", "Wonder-land-1"))).isInstanceOf(StepResult.Success.class);

            StepResult generic = StepResult.failure(FailureReason.CREDENTIALS, "login.error.invalid_credentials", true);
            assertThat(step.submit(new TestContext(), login("alice", "wrong"))).isEqualTo(generic);
            assertThat(step.submit(new TestContext(), login("nobody", "Wonder-land-1"))).isEqualTo(generic);
            assertThat(step.submit(new TestContext(), login("dormant", "Sleepy-time-1"))).as("disabled: no hint that the password was right").isEqualTo(generic);
            assertThat(step.submit(new TestContext(), login("alice", "x".repeat(5000)))).isEqualTo(generic);

            StepResult missing = StepResult.failure(FailureReason.CREDENTIALS, "login.error.missing_credentials", true);
            assertThat(step.submit(new TestContext(), login("alice", null))).isEqualTo(missing);
            assertThat(step.submit(new TestContext(), login("  ", "pw"))).isEqualTo(missing);
            assertThat(step.submit(new TestContext(), login(null, null))).isEqualTo(missing);
        }
    }

    /** Lockout switched off, for the cases that are not about it. */
    static final org.gatehouse.api.authn.LoginAttempts NO_LOCKOUT = new org.gatehouse.api.authn.LoginAttempts() {
        @Override
        public Optional<java.time.Instant> lockedUntil(OrganizationRef organization, String identifier) {
            return Optional.empty();
        }

        @Override
        public Optional<java.time.Instant> failed(OrganizationRef organization, String identifier) {
            return Optional.empty();
        }

        @Override
        public void succeeded(OrganizationRef organization, String identifier) {}
    };

    private static org.gatehouse.core.internal.login.LoginAttemptService lockout(TestDatabase db, UserDirectory directory, int maxFailures) {
        return new org.gatehouse.core.internal.login.LoginAttemptService(db, e -> {}, directory, java.time.Clock.systemUTC(), true, maxFailures,
                java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void failuresLockTheNameTypedWhetherOrNotItExists(TestDatabase db) {
        try (db) {
            PlainHasher hasher = new PlainHasher();
            UserDirectoryService directory = new UserDirectoryService(hasher, e -> {});
            WritableUserStore store = JdbcUserStoreFactory.create("PRIMARY", db, hasher);
            bind(directory, store);
            store.createUser(ROOT, new NewUser("alice", true, null, Optional.of("Wonder-land-1".toCharArray())));
            PasswordAuthenticator step = new PasswordAuthenticator(directory, lockout(db, directory, 3));
            StepResult generic = StepResult.failure(FailureReason.CREDENTIALS, "login.error.invalid_credentials", true);
            StepResult locked = StepResult.failure(FailureReason.ACCOUNT_LOCKED, "login.error.locked", true);
            for (String name : new String[] {"alice", "mallory"}) {
                assertThat(step.submit(new TestContext(), login(name, "guess-1"))).isEqualTo(generic);
                assertThat(step.submit(new TestContext(), login(name.toUpperCase(java.util.Locale.ROOT), "guess-2"))).isEqualTo(generic);
                assertThat(step.submit(new TestContext(), login("PRIMARY/" + name, "guess-3"))).as(name + ": the third failure locks").isEqualTo(locked);
                assertThat(step.submit(new TestContext(), login(name, "Wonder-land-1"))).as(name + ": locked, right password or not").isEqualTo(locked);
            }
        }
    }

    private static void bind(UserDirectoryService directory, WritableUserStore store) {
        try {
            var m = UserDirectoryService.class.getDeclaredMethod("bindStore", org.gatehouse.api.userstore.UserStore.class, Map.class,
                    org.osgi.framework.ServiceReference.class);
            m.setAccessible(true);
            m.invoke(directory, store, Map.of("service.id", 1L), null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anUnreachableStoreAsksTheUserToTryLater() {
        StepResult later = StepResult.failure(FailureReason.UPSTREAM, "login.error.try_later", true);
        assertThat(new PasswordAuthenticator(unavailableDirectory(), NO_LOCKOUT).submit(new TestContext(), login("alice", "pw"))).isEqualTo(later);
        UserDirectory down = directory((org, user, pw) -> new AuthenticationOutcome(AuthenticationOutcome.Status.STORE_UNAVAILABLE, Optional.empty()));
        assertThat(new PasswordAuthenticator(down, NO_LOCKOUT).submit(new TestContext(), login("alice", "pw"))).isEqualTo(later);
    }

    @Test
    void wipesThePasswordItHandedToTheDirectory() {
        AtomicReference<char[]> seen = new AtomicReference<>();
        AtomicReference<String> atCall = new AtomicReference<>();
        UserDirectory recording = directory((org, user, pw) -> {
            seen.set(pw);
            atCall.set(new String(pw));
            return new AuthenticationOutcome(AuthenticationOutcome.Status.INVALID_CREDENTIALS, Optional.empty());
        });
        new PasswordAuthenticator(recording, NO_LOCKOUT).submit(new TestContext(), login("alice", "secret"));
        assertThat(atCall.get()).isEqualTo("secret");
        assertThat(seen.get()).containsOnly('\0');
    }

    interface Authenticate {
        AuthenticationOutcome apply(OrganizationRef org, String username, char[] password);
    }

    private static UserDirectory directory(Authenticate authenticate) {
        return (UserDirectory) Proxy.newProxyInstance(UserDirectory.class.getClassLoader(), new Class<?>[] {UserDirectory.class}, (proxy, method, args) -> {
            if (method.getName().equals("authenticate")) {
                return authenticate.apply((OrganizationRef) args[0], (String) args[1], (char[]) args[2]);
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    private static UserDirectory unavailableDirectory() {
        return directory((org, user, pw) -> {
            throw new StoreUnavailableException("down", null);
        });
    }
}
