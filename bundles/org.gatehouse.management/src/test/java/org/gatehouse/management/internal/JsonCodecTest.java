package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gatehouse.management.internal.Representations.GroupInput;
import org.gatehouse.management.internal.Representations.Meta;
import org.gatehouse.management.internal.Representations.UserInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonCodecTest {

    private final JsonCodec codec = new JsonCodec();

    private static InputStream body(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    private ApiException failure(String json, Class<?> type) {
        try {
            codec.read(body(json), type);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("Expected " + json + " to be rejected");
    }

    @Test
    void readsAFullUser() {
        UserInput in = codec.read(body("""
                {"userName":"alice","active":false,"password":"s3cret-pass","name":{"givenName":"Alice","familyName":"Liddell"},
                 "displayName":"Alice L.","email":"alice@example.com","emailVerified":true,"phoneNumber":"+441234567890",
                 "locale":"en-GB","attributes":{"department":["R&D","Ops"]}}
                """), UserInput.class);
        assertThat(in.userName()).isEqualTo("alice");
        assertThat(in.active()).isFalse();
        assertThat(in.name().familyName()).isEqualTo("Liddell");
        assertThat(in.attributes()).containsEntry("department", List.of("R&D", "Ops"));
    }

    @Test
    void absentFieldsAreNull() {
        UserInput in = codec.read(body("{\"userName\":\"bob\"}"), UserInput.class);
        assertThat(in.active()).isNull();
        assertThat(in.name()).isNull();
    }

    @Test
    void unknownFieldIsNamed() {
        ApiException e = failure("{\"userName\":\"a\",\"nickname\":\"x\"}", UserInput.class);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.problem().errors()).extracting(Problem.FieldError::field).containsExactly("nickname");
        assertThat(e.problem().type()).isEqualTo(ProblemType.VALIDATION.uri());
    }

    @Test
    void unknownNestedFieldIsNamedWithItsPath() {
        ApiException e = failure("{\"userName\":\"a\",\"name\":{\"middleName\":\"x\"}}", UserInput.class);
        assertThat(e.problem().errors()).extracting(Problem.FieldError::field).containsExactly("name.middleName");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"userName\":123}|userName",
        "{\"userName\":true}|userName",
        "{\"userName\":1.5}|userName",
        "{\"userName\":[\"a\"]}|userName",
        "{\"userName\":{}}|userName",
        "{\"active\":\"true\"}|active",
        "{\"active\":1}|active",
        "{\"active\":\"\"}|active",
        "{\"name\":\"Alice\"}|name",
        "{\"name\":\"\"}|name",
        "{\"version\":\"3\"}|version",
        "{\"version\":3.5}|version",
        "{\"version\":true}|version",
        "{\"attributes\":[]}|attributes",
        "{\"attributes\":{\"a\":\"b\"}}|attributes.a",
        "{\"attributes\":{\"a\":[1]}}|attributes.a[0]",
        "{\"emailVerified\":\"yes\"}|emailVerified",
    })
    void wrongTypesAreNamed(String json, String field) {
        ApiException e = failure(json, UserInput.class);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.problem().errors()).extracting(Problem.FieldError::field).containsExactly(field);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"userName\":",
        "{\"userName\":\"a\",}",
        "{'userName':'a'}",
        "{\"userName\":\"a\"} trailing",
        "{\"userName\":\"a\"}{}",
        "{\"userName\":\"a\",\"userName\":\"b\"}",
        "nonsense",
    })
    void malformedJsonIs400(String json) {
        ApiException e = failure(json, UserInput.class);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.problem().type()).isIn(ProblemType.MALFORMED_JSON.uri(), ProblemType.VALIDATION.uri());
    }

    @Test
    void duplicateKeysAreMalformed() {
        ApiException e = failure("{\"userName\":\"a\",\"userName\":\"b\"}", UserInput.class);
        assertThat(e.problem().type()).isEqualTo(ProblemType.MALFORMED_JSON.uri());
        assertThat(e.problem().detail()).contains("userName");
    }

    @Test
    void malformedJsonNamesThePositionWithoutJacksonNoise() {
        ApiException e = failure("{\"userName\":\"x\"", UserInput.class);
        assertThat(e.problem().detail()).contains("line 1, column").doesNotContain("Source").doesNotContain("REDACTED");
    }

    @Test
    void emptyBodyIsRequired() {
        assertThat(failure("", UserInput.class).problem().detail()).contains("body is required");
        assertThat(failure("  \n", UserInput.class).problem().detail()).contains("body is required");
    }

    @Test
    void nonObjectBodyIsRejected() {
        ApiException e = failure("[1,2]", UserInput.class);
        assertThat(e.problem().errors()).extracting(Problem.FieldError::field).containsExactly("body");
        assertThat(failure("\"x\"", GroupInput.class).status()).isEqualTo(400);
        assertThat(failure("null", GroupInput.class).status()).isEqualTo(400);
    }

    @Test
    void deepNestingIsRejected() {
        String deep = "[".repeat(100) + "]".repeat(100);
        ApiException e = failure(deep, JsonNode.class);
        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void bodiesOverTheLimitAre413() {
        String big = "{\"userName\":\"" + "a".repeat(JsonCodec.MAX_BODY_BYTES) + "\"}";
        ApiException e = failure(big, UserInput.class);
        assertThat(e.status()).isEqualTo(413);
    }

    @Test
    void exceededStreamLimitIs413() {
        InputStream bounded = new BodyLimit.Bounded(body("{\"userName\":\"" + "a".repeat(200) + "\"}"), 100);
        assertThatThrownBy(() -> codec.read(bounded, UserInput.class))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void bodyExactlyAtTheLimitIsRead() {
        String prefix = "{\"userName\":\"";
        String suffix = "\"}";
        String json = prefix + "a".repeat(JsonCodec.MAX_BODY_BYTES - prefix.length() - suffix.length()) + suffix;
        assertThat(json.getBytes(StandardCharsets.UTF_8)).hasSize(JsonCodec.MAX_BODY_BYTES);
        assertThat(codec.read(body(json), UserInput.class).userName()).hasSize(JsonCodec.MAX_BODY_BYTES - prefix.length() - suffix.length());
    }

    @Test
    void writesJavaTimeAsIsoStringsAndOmitsNulls() {
        Instant created = Instant.parse("2026-01-02T03:04:05.123Z");
        String json = new String(codec.writeBytes(Map.of("meta", new Meta(created, created, 7), "problem",
                new Problem("about:blank", "Not Found", 404, "gone", null, null))), StandardCharsets.UTF_8);
        assertThat(json).contains("\"created\":\"2026-01-02T03:04:05.123Z\"").contains("\"version\":7");
        assertThat(json).doesNotContain("errors").doesNotContain("errorId").doesNotContain("null");
    }

    @Test
    void polymorphicTypingIsOff() {
        // a class name in the input must never be instantiated
        ApiException e = failure("{\"name\":[\"java.net.URL\",\"http://example.com\"]}", UserInput.class);
        assertThat(e.status()).isEqualTo(400);
        UserInput in = codec.read(body("{\"meta\":{\"@class\":\"java.net.URL\"}}"), UserInput.class);
        assertThat(in.meta().isObject()).isTrue();
    }
}
