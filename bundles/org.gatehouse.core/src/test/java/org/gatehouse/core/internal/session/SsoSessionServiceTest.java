package org.gatehouse.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.context.RequestInfo;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.core.session.SsoSession;
import org.gatehouse.core.session.SsoSessionListener;
import org.gatehouse.core.session.SsoSessions.Established;
import org.gatehouse.crypto.Secrets;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Sessions on real H2 and PostgreSQL databases, with a clock the test moves. */
class SsoSessionServiceTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();
    private static final UserRef ALICE = new UserRef("PRIMARY", "u-alice", "alice");
    private static final UserRef BOB = new UserRef("PRIMARY", "u-bob", "bob");
    private static final RequestInfo REQUEST = new RequestInfo("192.0.2.1", "Test/1.0", Optional.of("https://id.example"));

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    private static final class Fixture implements AutoCloseable {
        final TestDatabase db;
        final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
        final SsoSessionService sessions;

        Fixture(TestDatabase db) {
            this.db = db;
            this.sessions = new SsoSessionService(db, clock, Duration.ofMinutes(30), Duration.ofHours(10), Duration.ofHours(1));
        }

        @Override
        public void close() {
            sessions.close();
            db.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void establishesAndResolvesByCookieStoringOnlyItsDigest(TestDatabase db) throws Exception {
        try (Fixture f = new Fixture(db)) {
            Established e = f.sessions.establish(ROOT, ALICE, Set.of("pwd"), "", REQUEST, Optional.empty());
            assertThat(e.cookieValue()).matches("[A-Za-z0-9_-]{43}");
            assertThat(e.session().id()).isNotEqualTo(e.cookieValue()).matches("[A-Za-z0-9_-]{43}");
            assertThat(e.cookieMaxAge()).isEqualTo(Duration.ofHours(10));
            assertThat(e.session().expires()).isEqualTo(f.clock.instant().plus(Duration.ofHours(10)));

            SsoSession s = f.sessions.resolve(e.cookieValue()).orElseThrow();
            assertThat(s.id()).isEqualTo(e.session().id());
            assertThat(s.user()).isEqualTo(ALICE);
            assertThat(s.amr()).containsExactly("pwd");
            assertThat(s.organizationId()).isEqualTo(ROOT.id());
            assertThat(s.authTime()).isEqualTo(f.clock.instant());
            assertThat(f.sessions.find(s.id())).contains(s);

            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT cookie_digest FROM gh_sso_session")) {
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(Secrets.digest(e.cookieValue())).isNotEqualTo(e.cookieValue());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void malformedOrUnknownCookiesResolveToNothing(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            f.sessions.establish(ROOT, ALICE, Set.of("pwd"), "", REQUEST, Optional.empty());
            for (String bad : new String[] {null, "", "x", "' OR 1=1 --", "a".repeat(5000), Secrets.generate(32), Secrets.generate(32) + "="}) {
                assertThat(f.sessions.resolve(bad)).as(String.valueOf(bad)).isEmpty();
            }
            assertThat(f.sessions.find(null)).isEmpty();
            assertThat(f.sessions.find("nope")).isEmpty();
            assertThat(f.sessions.end("nope")).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void idleTimeoutCountsFromLastUseRecordedAtMostOncePerMinute(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            Established e = f.sessions.establish(ROOT, ALICE, Set.of("pwd"), "", REQUEST, Optional.empty());
            Instant start = f.clock.instant();
            f.clock.advance(Duration.ofSeconds(30));
            assertThat(f.sessions.resolve(e.cookieValue()).orElseThrow().lastSeen()).as("within a minute: no write").isEqualTo(start);
            f.clock.advance(Duration.ofSeconds(40));
            assertThat(f.sessions.resolve(e.cookieValue()).orElseThrow().lastSeen()).isEqualTo(start.plusSeconds(70));
            assertThat(f.sessions.find(e.session().id()).orElseThrow().lastSeen()).as("stored").isEqualTo(start.plusSeconds(70));

            f.clock.advance(Duration.ofMinutes(29));
            assertThat(f.sessions.resolve(e.cookieValue())).as("29 minutes idle").isPresent();
            f.clock.advance(Duration.ofMinutes(30));
            assertThat(f.sessions.resolve(e.cookieValue())).as("30 minutes idle").isEmpty();
            assertThat(f.sessions.find(e.session().id())).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void absoluteLifetimeEndsEvenAnActiveSession(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            Established e = f.sessions.establish(ROOT, ALICE, Set.of("pwd"), "", REQUEST, Optional.empty());
            for (int i = 0; i < 39; i++) {
                f.clock.advance(Duration.ofMinutes(15));
                assertThat(f.sessions.resolve(e.cookieValue())).isPresent();
            }
            f.clock.advance(Duration.ofMinutes(15));
            assertThat(f.sessions.resolve(e.cookieValue())).as("10 hours after login").isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void endNotifiesListenersAsynchronouslyAndAFailingListenerDoesNotPropagate(TestDatabase db) throws Exception {
        try (Fixture f = new Fixture(db)) {
            List<SsoSession> heard = new CopyOnWriteArrayList<>();
            CountDownLatch latch = new CountDownLatch(1);
            f.sessions.bindListener(s -> {
                throw new IllegalStateException("boom");
            });
            SsoSessionListener recorder = s -> {
                heard.add(s);
                latch.countDown();
            };
            f.sessions.bindListener(recorder);
            Established e = f.sessions.establish(ROOT, ALICE, Set.of("pwd"), "", REQUEST, Optional.empty());
            f.sessions.join(e.session().id(), "app-1");
            f.sessions.join(e.session().id(), "app-1");
            f.sessions.join(e.session().id(), "app-2");
            assertThat(f.sessions.find(e.session().id()).orElseThrow().clients()).containsExactlyInAnyOrder("app-1", "app-2");

            assertThat(f.sessions.end(e.session().id())).isTrue();
            assertThat(f.sessions.end(e.session().id())).as("only once").isFalse();
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(heard).singleElement().satisfies(s -> {
                assertThat(s.id()).isEqualTo(e.session().id());
                assertThat(s.clients()).containsExactlyInAnyOrder("app-1", "app-2");
            });
            assertThat(f.sessions.resolve(e.cookieValue())).isEmpty();
            assertThat(f.sessions.find(e.session().id())).isEmpty();

            f.sessions.unbindListener(recorder);
            Established other = f.sessions.establish(ROOT, BOB, Set.of("pwd"), "", REQUEST, Optional.empty());
            f.sessions.end(other.session().id());
            Thread.sleep(200);
            assertThat(heard).as("an unbound listener hears nothing").hasSize(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void reAuthenticationReplacesTheSessionCarryingClientsOverForTheSameUserOnly(TestDatabase db) throws Exception {
        try (Fixture f = new Fixture(db)) {
            List<SsoSession> heard = new CopyOnWriteArrayList<>();
            f.sessions.bindListener(heard::add);
            Established first = f.sessions.establish(ROOT, ALICE, Set.of("pwd"), "", REQUEST, Optional.empty());
            f.sessions.join(first.session().id(), "app-1");
            f.clock.advance(Duration.ofMinutes(5));

            Established again = f.sessions.establish(ROOT, ALICE, Set.of("pwd", "otp"), "", REQUEST, Optional.of(first.session().id()));
            assertThat(again.session().id()).isNotEqualTo(first.session().id());
            assertThat(again.session().clients()).containsExactly("app-1");
            assertThat(f.sessions.resolve(first.cookieValue())).as("the old cookie is dead").isEmpty();
            SsoSession current = f.sessions.resolve(again.cookieValue()).orElseThrow();
            assertThat(current.clients()).containsExactly("app-1");
            assertThat(current.authTime()).isEqualTo(f.clock.instant());
            assertThat(current.amr()).containsExactlyInAnyOrder("pwd", "otp");

            Established bob = f.sessions.establish(ROOT, BOB, Set.of("pwd"), "", REQUEST, Optional.of(again.session().id()));
            assertThat(bob.session().clients()).as("another user inherits nothing").isEmpty();
            assertThat(f.sessions.find(again.session().id())).isEmpty();
            long deadline = System.currentTimeMillis() + 5000;
            while (heard.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(heard).as("only the switch to another user is announced").extracting(SsoSession::id).containsExactly(again.session().id());

            Established stale = f.sessions.establish(ROOT, ALICE, Set.of("pwd"), "", REQUEST, Optional.of("not-a-session"));
            assertThat(f.sessions.resolve(stale.cookieValue())).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void listsAUsersLiveSessionsMostRecentFirst(TestDatabase db) {
        try (Fixture f = new Fixture(db)) {
            Established one = f.sessions.establish(ROOT, ALICE, Set.of("pwd"), "", REQUEST, Optional.empty());
            f.clock.advance(Duration.ofMinutes(1));
            Established two = f.sessions.establish(ROOT, ALICE, Set.of("pwd"), "", REQUEST, Optional.empty());
            f.clock.advance(Duration.ofMinutes(1));
            Established three = f.sessions.establish(ROOT, ALICE, Set.of("pwd"), "", REQUEST, Optional.empty());
            f.sessions.establish(ROOT, BOB, Set.of("pwd"), "", REQUEST, Optional.empty());
            f.sessions.join(two.session().id(), "app");
            f.sessions.end(three.session().id());

            assertThat(f.sessions.sessionsOf(ROOT, ALICE)).extracting(SsoSession::id).containsExactly(two.session().id(), one.session().id());
            assertThat(f.sessions.sessionsOf(ROOT, ALICE).get(0).clients()).containsExactly("app");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void purgeDeletesExpiredIdleAndLongEndedSessions(TestDatabase db) throws Exception {
        try (Fixture f = new Fixture(db)) {
            Established ended = f.sessions.establish(ROOT, ALICE, Set.of("pwd"), "", REQUEST, Optional.empty());
            f.sessions.join(ended.session().id(), "app");
            f.sessions.end(ended.session().id());
            Established idle = f.sessions.establish(ROOT, ALICE, Set.of("pwd"), "", REQUEST, Optional.empty());
            assertThat(f.sessions.purge()).as("nothing is old enough yet").isZero();

            f.clock.advance(Duration.ofMinutes(20));
            Established active = f.sessions.establish(ROOT, BOB, Set.of("pwd"), "", REQUEST, Optional.empty());
            f.clock.advance(Duration.ofMinutes(15));
            assertThat(f.sessions.resolve(active.cookieValue())).isPresent();
            assertThat(f.sessions.purge()).as("the idle one and the ended one").isEqualTo(2);
            assertThat(count(db, "gh_sso_session")).isEqualTo(1);
            assertThat(count(db, "gh_sso_session_client")).as("cascaded").isZero();
            for (int i = 0; i < 40; i++) {
                f.clock.advance(Duration.ofMinutes(15));
                f.sessions.resolve(active.cookieValue());
            }
            assertThat(f.sessions.purge()).as("past its absolute lifetime").isEqualTo(1);
            assertThat(idle.session().expires()).isBefore(f.clock.instant());
        }
    }

    static int count(TestDatabase db, String table) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
