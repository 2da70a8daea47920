package org.gatehouse.core.internal.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.event.IdentityEvent;
import org.gatehouse.core.internal.session.MutableClock;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LoginAttemptServiceTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    /** The real directory with a JDBC store as the primary, whose domain qualifies bare names. */
    static org.gatehouse.api.userstore.UserDirectory directory(TestDatabase db) {
        org.gatehouse.core.internal.UserDirectoryService directory = new org.gatehouse.core.internal.UserDirectoryService(
                new LoginEngineServiceTest.PlainHasher(), new LoginEngineServiceTest.Events());
        directory.bindStore(org.gatehouse.userstore.jdbc.internal.JdbcUserStoreFactory.create("PRIMARY", db, new LoginEngineServiceTest.PlainHasher()),
                java.util.Map.of("service.id", 1L), null);
        return directory;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void locksAfterTheLimitWithinTheWindowForAnyNameAndUnlocks(TestDatabase db) {
        try (db) {
            MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
            LoginEngineServiceTest.Events events = new LoginEngineServiceTest.Events();
            LoginAttemptService attempts = new LoginAttemptService(db, events, directory(db), clock, true, 3, Duration.ofMinutes(10), Duration.ofMinutes(15));

            assertThat(attempts.failed(ROOT, "Alice")).isEmpty();
            assertThat(attempts.failed(ROOT, " primary/alice ")).as("the same account, qualified").isEmpty();
            Optional<Instant> locked = attempts.failed(ROOT, "ALICE");
            assertThat(locked).contains(clock.instant().plus(Duration.ofMinutes(15)));
            assertThat(attempts.lockedUntil(ROOT, "alice")).isEqualTo(locked);
            assertThat(attempts.lockedUntil(ROOT, "CORP/alice")).as("another store's alice is another account").isEmpty();
            assertThat(attempts.failed(ROOT, "alice")).as("guesses during a lock do not extend it").isEqualTo(locked);
            assertThat(events.published).extracting(IdentityEvent::type).containsExactly("account.locked");
            assertThat(events.published.get(0).attributes()).doesNotContainValue("alice");

            // a name nobody has is counted and locked the same way
            for (int i = 0; i < 3; i++) {
                attempts.failed(ROOT, "no-such-user");
            }
            assertThat(attempts.lockedUntil(ROOT, "no-such-user")).isPresent();

            clock.advance(Duration.ofMinutes(16));
            assertThat(attempts.lockedUntil(ROOT, "alice")).as("locks run out").isEmpty();
            assertThat(attempts.failed(ROOT, "alice")).as("and the count starts again").isEmpty();

            attempts.failed(ROOT, "bob");
            attempts.failed(ROOT, "bob");
            clock.advance(Duration.ofMinutes(11));
            assertThat(attempts.failed(ROOT, "bob")).as("failures outside the window do not count").isEmpty();
            attempts.succeeded(ROOT, "bob");
            attempts.failed(ROOT, "bob");
            assertThat(attempts.failed(ROOT, "bob")).as("a success reset the count").isEmpty();

            for (int i = 0; i < 3; i++) {
                attempts.failed(ROOT, "carol");
            }
            assertThat(attempts.unlock(ROOT, "Carol")).isTrue();
            assertThat(attempts.lockedUntil(ROOT, "carol")).isEmpty();
            assertThat(attempts.unlock(ROOT, "carol")).isFalse();
            assertThat(events.published).extracting(IdentityEvent::type).contains("account.unlocked");
            clock.advance(Duration.ofHours(1));
            assertThat(attempts.purge()).isGreaterThanOrEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void concurrentGuessesAreAllCounted(TestDatabase db) throws Exception {
        try (db) {
            MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
            LoginAttemptService attempts = new LoginAttemptService(db, new LoginEngineServiceTest.Events(), directory(db), clock, true, 8, Duration.ofMinutes(10),
                    Duration.ofMinutes(15));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Callable<Optional<Instant>>> guesses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                guesses.add(() -> attempts.failed(ROOT, "dave"));
            }
            pool.invokeAll(guesses);
            pool.shutdown();
            assertThat(attempts.lockedUntil(ROOT, "dave")).as("8 concurrent failures reach the limit of 8").isPresent();
        }
    }
}
