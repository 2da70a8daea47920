package org.gatehouse.core.internal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.gatehouse.api.context.ApplicationRef;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.core.session.LoginRequest;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LoginRequestServiceTest {

    private static final ApplicationRef APP = new ApplicationRef("app-id", "client-1", "Acme <Portal>");

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void storesEveryFieldAndExpires(TestDatabase db) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
        try (db; LoginRequestService requests = new LoginRequestService(db, clock, Duration.ofMinutes(10), Duration.ofHours(1))) {
            LoginRequest full = new LoginRequest(OrganizationRef.root(), APP, "/oauth2/authorize/resume?id=XYZ&x=%20", true, true,
                    Optional.of(Duration.ofSeconds(300)), Optional.of("alice@example.com"), List.of("de-CH", "en"), List.of("urn:acr:mfa"),
                    clock.instant());
            String id = requests.begin(full);
            assertThat(id).matches("[A-Za-z0-9_-]{43}");
            assertThat(requests.loginPageFor(id)).isEqualTo("/login?request=" + id);
            assertThat(requests.find(id)).contains(full);

            LoginRequest minimal = new LoginRequest(OrganizationRef.root(), APP, "/r", false, false, Optional.empty(), Optional.empty(),
                    List.of(), List.of(), clock.instant());
            String other = requests.begin(minimal);
            assertThat(other).isNotEqualTo(id);
            assertThat(requests.find(other)).contains(minimal);

            for (String bad : new String[] {null, "", "nope", "'; DROP TABLE gh_login_request; --", id + "x"}) {
                assertThat(requests.find(bad)).isEmpty();
            }

            clock.advance(Duration.ofMinutes(9));
            assertThat(requests.find(id)).isPresent();
            assertThat(requests.purge()).isZero();
            clock.advance(Duration.ofMinutes(1));
            assertThat(requests.find(id)).isEmpty();
            assertThat(requests.purge()).isEqualTo(2);
            assertThat(SsoSessionServiceTest.count(db, "gh_login_request")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void migratesAlongsideTheOtherCoreServices(TestDatabase db) {
        try (db; LoginRequestService a = new LoginRequestService(db, java.time.Clock.systemUTC(), Duration.ofMinutes(10), Duration.ofHours(1));
                SsoSessionService b = new SsoSessionService(db, java.time.Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofHours(1))) {
            assertThat(a.find(a.begin(new LoginRequest(OrganizationRef.root(), APP, "/r", false, false, null, null, List.of(), List.of(),
                    Instant.now())))).isPresent();
            assertThatThrownBy(() -> new SsoSessionService(db, java.time.Clock.systemUTC(), Duration.ZERO, Duration.ofMinutes(2), Duration.ofHours(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
