package org.gatehouse.core.internal.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.core.internal.AuthenticatorRegistry;
import org.gatehouse.core.internal.session.MutableClock;
import org.gatehouse.core.login.FlowDefinition;
import org.gatehouse.core.login.FlowValidationException;
import org.gatehouse.core.login.LoginFlowDefinitions;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FlowDefinitionServiceTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    private static FlowDefinitionService service(TestDatabase db) {
        AuthenticatorRegistry registry = new AuthenticatorRegistry();
        registry.bindAuthenticator(new TestAuthenticators.Secret("password", null), Map.of("service.id", 1L), null);
        registry.bindAuthenticator(new TestAuthenticators.Code("totp"), Map.of("service.id", 2L), null);
        return new FlowDefinitionService(db, registry, new MutableClock(Instant.parse("2026-11-27T10:00:00Z")));
    }

    private static void invalid(FlowDefinitionService s, String json, String problem) {
        assertThatThrownBy(() -> s.parse(json)).as(json).isInstanceOfSatisfying(FlowValidationException.class,
                e -> assertThat(e.problems()).anyMatch(p -> p.contains(problem)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void refusesFlowsThatCannotWorkWithEveryProblemNamed(TestDatabase db) {
        try (db) {
            FlowDefinitionService s = service(db);
            invalid(s, "{\"steps\":[", "not valid JSON");
            invalid(s, "[]", "JSON object");
            invalid(s, "{\"steps\":[]}", "at least one step");
            invalid(s, "{\"steps\":[{\"options\":[]}]}", "is empty");
            invalid(s, "{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"sms-magic\"]}]}", "no authenticator 'sms-magic' is installed");
            invalid(s, "{\"steps\":[{\"options\":[\"totp\"]}]}", "can never run");
            invalid(s, "{\"steps\":[{\"options\":[\"password\"],\"when\":\"enrolled\"}]}", "user is not known yet");
            invalid(s, "{\"steps\":[{\"options\":[\"password\",\"password\"]}]}", "same authenticator twice");
            invalid(s, "{\"steps\":[{\"options\":[\"password\"],\"when\":\"sometimes\"}]}", "\"always\" or \"enrolled\"");
            invalid(s, "{\"steps\":[{\"options\":[\"password\"],\"colour\":\"red\"}]}", "unknown field \"colour\"");
            invalid(s, "{\"steps\":[{\"options\":[\"Password!\"]}]}", "is not an authenticator id");
            invalid(s, "{\"steps\":[{\"options\":[1]}]}", "strings only");
            invalid(s, "{\"steps\":[" + "{\"options\":[\"password\"]},".repeat(11) + "{\"options\":[\"password\"]}]}", "at most 10 steps");
            assertThatThrownBy(() -> s.parse("x".repeat(20_000))).isInstanceOf(FlowValidationException.class);

            FlowDefinition ok = s.parse("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\"],\"when\":\"enrolled\",\"requiredForGroups\":[\"admins\"]}]}");
            assertThat(ok.steps()).hasSize(2);
            assertThat(s.parse(s.toJson(ok))).isEqualTo(ok);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void versionsAreAddedNeverChangedAndEditsDoNotOverwriteEachOther(TestDatabase db) {
        try (db) {
            FlowDefinitionService s = service(db);
            assertThat(s.effective(ROOT, "app").version()).as("built in").isZero();
            FlowDefinition one = s.parse("{\"steps\":[{\"options\":[\"password\"]}]}");
            FlowDefinition two = s.parse("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\"]}]}");
            s.save(ROOT, LoginFlowDefinitions.ORGANIZATION_DEFAULT, one, 0);
            assertThat(s.effective(ROOT, "app").scope()).as("the organization's default").isEmpty();
            assertThat(s.save(ROOT, "app", one, 0).version()).isEqualTo(1);
            assertThat(s.save(ROOT, "app", two, 1).version()).isEqualTo(2);
            assertThatThrownBy(() -> s.save(ROOT, "app", one, 1)).isInstanceOfSatisfying(LoginFlowDefinitions.FlowVersionConflictException.class,
                    e -> assertThat(e.current()).isEqualTo(2));
            assertThat(s.effective(ROOT, "app").definition()).isEqualTo(two);
            assertThat(s.version(ROOT, "app", 1).orElseThrow().definition()).isEqualTo(one);
            assertThat(s.version(ROOT, "app", 7)).isEmpty();
        }
    }
}
