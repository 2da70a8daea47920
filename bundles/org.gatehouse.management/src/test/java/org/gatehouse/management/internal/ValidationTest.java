package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.management.internal.Representations.GroupInput;
import org.gatehouse.management.internal.Representations.NameInput;
import org.gatehouse.management.internal.Representations.UserInput;
import org.gatehouse.management.internal.Validation.Mode;
import org.gatehouse.management.internal.Validation.UserChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

    private static UserInput user(String userName) {
        return new UserInput(userName, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static List<String> invalidFields(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.problem().errors().stream().map(Problem.FieldError::field).toList();
        }
        throw new AssertionError("expected a validation error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "a", "Alice.Liddell", "alice@example.com", "a+b", "a_b-c", "élodie", "用户", "user123", "0"})
    void acceptsUsernames(String name) {
        assertThat(Validation.isValidUsername(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "al ice", "alice ", "a\tb", "a\u0000b", "a/b", "a:b", "a\\b", "a\"b", "a#b", "a\u202Eb", "a\nb"})
    void rejectsUsernames(String name) {
        assertThat(Validation.isValidUsername(name)).isFalse();
    }

    @Test
    void usernameLengthIsCountedInCharacters() {
        assertThat(Validation.isValidUsername("a".repeat(255))).isTrue();
        assertThat(Validation.isValidUsername("a".repeat(256))).isFalse();
        assertThat(Validation.isValidUsername("é".repeat(255))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "a.b+tag@sub.example.co.uk", "\"john doe\"@example.com", "user@localhost",
        "x@[192.168.0.1]", "o'brien@example.ie", "josé@exemplo.com.br", "a!#$%&'*+/=?^_`{|}~-@example.com"})
    void acceptsEmails(String email) {
        assertThat(Validation.isValidEmail(email)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "alice", "@example.com", "alice@", "a@b@c", "a..b@example.com", ".a@example.com", "a.@example.com",
        "a b@example.com", "alice@exa mple.com", "alice@-example.com", "alice@example-.com", "alice@example..com",
        "alice@example.com.", "\"unterminated@example.com", "alice@example.com\n", "alice(comment)@example.com"})
    void rejectsEmails(String email) {
        assertThat(Validation.isValidEmail(email)).isFalse();
    }

    @Test
    void emailLengthLimits() {
        assertThat(Validation.isValidEmail("a".repeat(64) + "@example.com")).isTrue();
        assertThat(Validation.isValidEmail("a".repeat(65) + "@example.com")).isFalse();
        assertThat(Validation.isValidEmail("a@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "." + "e".repeat(70))).isFalse();
    }

    @Test
    void createDefaultsActiveAndVerified() {
        UserChange c = Validation.user(user("alice"), Mode.CREATE, null, null);
        assertThat(c.active()).isTrue();
        assertThat(c.profile().emailVerified()).isFalse();
        assertThat(c.password()).isEmpty();
    }

    @Test
    void missingUsernameIsNamed() {
        assertThat(invalidFields(() -> Validation.user(user(null), Mode.CREATE, null, null))).containsExactly("userName");
    }

    @Test
    void replaceRequiresActive() {
        assertThat(invalidFields(() -> Validation.user(user("alice"), Mode.REPLACE, "1", "PRIMARY"))).containsExactly("active");
    }

    @Test
    void collectsEveryInvalidField() {
        Map<String, List<String>> attributes = new HashMap<>();
        attributes.put("9bad", List.of("x"));
        attributes.put("ok", Arrays.asList("x", null));
        UserInput in = new UserInput("bad name", true, "short", new NameInput("A\u0007", null), "x".repeat(256), "not-an-email", null,
                "0123", "not a tag!", attributes, 3L, "given-id", null, null, JsonNodeFactory.instance.objectNode());
        assertThat(invalidFields(() -> Validation.user(in, Mode.CREATE, null, null))).containsExactlyInAnyOrder(
                "userName", "password", "name.givenName", "displayName", "email", "phoneNumber", "locale",
                "attributes.9bad", "attributes.ok[1]", "id", "version", "meta");
    }

    @Test
    void passwordOnlyOnCreate() {
        UserInput in = new UserInput("alice", true, "long-enough-password", null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(Validation.user(in, Mode.CREATE, null, null).password()).isPresent();
        assertThat(invalidFields(() -> Validation.user(in, Mode.REPLACE, "1", "PRIMARY"))).containsExactly("password");
    }

    @Test
    void replaceChecksReadOnlyFields() {
        UserInput in = new UserInput("alice", true, null, null, null, null, null, null, null, null, 2L, "other", "LDAP", null, null);
        assertThat(invalidFields(() -> Validation.user(in, Mode.REPLACE, "1", "PRIMARY"))).containsExactlyInAnyOrder("id", "domain");
        UserInput same = new UserInput("alice", true, null, null, null, null, null, null, null, null, 2L, "1", "primary",
                JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode());
        assertThat(Validation.user(same, Mode.REPLACE, "1", "PRIMARY").version()).contains(2L);
    }

    @Test
    void emptyStringsClearOptionalFields() {
        UserInput in = new UserInput("alice", true, null, new NameInput("", ""), "", "", false, "", "", Map.of("a", List.of()),
                null, null, null, null, null);
        UserChange c = Validation.user(in, Mode.REPLACE, "1", "PRIMARY");
        assertThat(c.profile().email()).isNull();
        assertThat(c.profile().givenName()).isNull();
        assertThat(c.profile().attributes()).isEmpty();
    }

    @Test
    void acceptsValidProfile() {
        UserInput in = new UserInput("alice", true, null, new NameInput("Alice", "Liddell"), "Alice", "alice@example.com", true,
                "+14155550123", "pt-BR", Map.of("department", List.of("R&D")), null, null, null, null, null);
        UserChange c = Validation.user(in, Mode.REPLACE, "1", "PRIMARY");
        assertThat(c.profile().locale()).isEqualTo("pt-BR");
        assertThat(c.profile().attributes()).containsEntry("department", List.of("R&D"));
    }

    @Test
    void passwordRules() {
        assertThat(invalidFields(() -> Validation.password(null))).containsExactly("password");
        assertThat(invalidFields(() -> Validation.password("1234567"))).containsExactly("password");
        assertThat(invalidFields(() -> Validation.password("x".repeat(1025)))).containsExactly("password");
        assertThat(Validation.password("correct horse battery staple")).hasSize(28);
    }

    @Test
    void groupRules() {
        GroupInput missing = new GroupInput(null, null, null, null, null, null, null, null);
        assertThat(invalidFields(() -> Validation.group(missing, Mode.CREATE, null, null))).containsExactly("displayName");
        GroupInput blank = new GroupInput("  ", "d\u0000", null, null, null, null, null, null);
        assertThat(invalidFields(() -> Validation.group(blank, Mode.CREATE, null, null))).containsExactly("displayName", "description");
        GroupInput withMembers = new GroupInput("Ops", "line one\nline two", 1L, null, null, JsonNodeFactory.instance.arrayNode(), null, null);
        assertThat(invalidFields(() -> Validation.group(withMembers, Mode.CREATE, null, null))).containsExactly("version", "members");
        assertThat(Validation.group(withMembers, Mode.REPLACE, "g", "PRIMARY").description()).isEqualTo("line one\nline two");
    }

    @Test
    void domainsAreNormalized() {
        assertThat(Validation.normalizeDomain("domain", "ldap-1")).isEqualTo("LDAP-1");
        assertThat(Validation.normalizeDomain("domain", null)).isNull();
        assertThatThrownBy(() -> Validation.normalizeDomain("domain", "a/b")).isInstanceOf(ApiException.class);
    }
}
