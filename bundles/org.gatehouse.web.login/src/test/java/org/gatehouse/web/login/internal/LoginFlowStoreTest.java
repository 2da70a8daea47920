package org.gatehouse.web.login.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.gatehouse.api.context.ApplicationRef;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.core.internal.session.LoginRequestService;
import org.gatehouse.core.session.LoginRequest;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LoginFlowStoreTest {

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void keepsAFlowPerLoginRequestUntilTheRequestGoes(TestDatabase db) {
        LoginFlowStoreTestClock clock = new LoginFlowStoreTestClock();
        try (db; LoginRequestService requests = new LoginRequestService(db, clock, Duration.ofMinutes(10), Duration.ofHours(1))) {
            LoginFlowStore flows = new LoginFlowStore(db, clock);
            String id = requests.begin(new LoginRequest(OrganizationRef.root(), new ApplicationRef("a", "c", "App"), "/r", false, false,
                    Optional.empty(), Optional.empty(), List.of(), List.of(), clock.instant()));
            assertThat(flows.find(id)).isEmpty();

            LoginFlow opened = flows.open(id);
            assertThat(opened.stage()).isEqualTo(LoginFlow.Stage.NEW);
            assertThat(opened.csrfToken()).matches("[A-Za-z0-9_-]{43}");
            assertThat(flows.open(id)).as("opening again finds the same flow").isEqualTo(opened);

            flows.stage(id, LoginFlow.Stage.STEP);
            LoginFlow saved = flows.find(id).orElseThrow();
            assertThat(saved.stage()).isEqualTo(LoginFlow.Stage.STEP);
            assertThat(saved.csrfToken()).isEqualTo(opened.csrfToken());
            flows.stage(id, LoginFlow.Stage.ENDED);
            assertThat(flows.find(id).orElseThrow().stage()).isEqualTo(LoginFlow.Stage.ENDED);
            flows.delete(id);
            assertThat(flows.find(id)).isEmpty();

            flows.open(id);
            clock.now = clock.now.plus(Duration.ofMinutes(11));
            assertThat(requests.purge()).isEqualTo(1);
            assertThat(flows.find(id)).as("purging the request deletes its flow").isEmpty();
        }
    }

    static final class LoginFlowStoreTestClock extends Clock {
        volatile java.time.Instant now = java.time.Instant.now();

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }
}
