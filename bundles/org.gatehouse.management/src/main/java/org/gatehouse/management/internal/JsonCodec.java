package org.gatehouse.management.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The one strictly configured Jackson mapper of the management API, and the translation of its
 * failures into problem responses naming the offending field.
 *
 * <p>Strict means: unknown fields, duplicate keys, trailing content, {@code null} for primitives,
 * and scalar coercions ({@code "true"} for a boolean, {@code 1} for a string) are all errors; no
 * polymorphic (default) typing; {@code java.time} values are written as ISO-8601 strings.
 */
@Component(service = JsonCodec.class)
public final class JsonCodec {

    /** The largest request body the API reads, in bytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final int MAX_NESTING_DEPTH = 32;

    private final ObjectMapper mapper;

    public JsonCodec() {
        this.mapper = createMapper();
    }

    static ObjectMapper createMapper() {
        SimpleModule javaTime = new SimpleModule("gatehouse-java-time");
        javaTime.addSerializer(Instant.class, ToStringSerializer.instance);
        javaTime.addSerializer(OffsetDateTime.class, ToStringSerializer.instance);
        javaTime.addSerializer(LocalDate.class, ToStringSerializer.instance);

        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(MapperFeature.DEFAULT_VIEW_INCLUSION)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, c -> c
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.POJO, c -> c
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Collection, c -> c
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Map, c -> c
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .addModule(javaTime)
                .build();
        mapper.deactivateDefaultTyping();
        mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
        return mapper;
    }

    /**
     * Reads a request body: at most {@link #MAX_BODY_BYTES}, then strictly into {@code type}.
     *
     * @throws ApiException 413 when the body is too large, 400 when it is empty, malformed or does
     *     not fit {@code type}
     */
    <T> T read(InputStream body, Class<T> type) {
        byte[] bytes = readBounded(body);
        if (isBlank(bytes)) {
            throw ApiException.invalidField("body", "A JSON request body is required");
        }
        T value;
        try {
            value = mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw translate(e, type);
        }
        if (value == null) { // the literal null
            throw ApiException.invalidField("body", "The request body must be " + describe(type));
        }
        return value;
    }

    /** Converts a JSON tree (for example a merged patch) strictly into {@code type}. */
    <T> T convert(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (IOException | IllegalArgumentException e) {
            throw translate(e, type);
        }
    }

    <T> T readValue(byte[] json, Class<T> type) throws IOException {
        return mapper.readValue(json, type);
    }

    JsonNode toTree(Object value) {
        return mapper.valueToTree(value);
    }

    ObjectNode objectNode() {
        return JsonNodeFactory.instance.objectNode();
    }

    void write(Object value, OutputStream out) throws IOException {
        mapper.writeValue(out, value);
    }

    byte[] writeBytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] readBounded(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw ApiException.payloadTooLarge(MAX_BODY_BYTES);
            }
            return bytes;
        } catch (IOException e) {
            ApiException tooLarge = BodyLimit.tooLargeIn(e);
            if (tooLarge != null) {
                throw tooLarge;
            }
            throw new UncheckedIOException("Could not read the request body", e);
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Turns a Jackson failure into a 400 (or 413) that names the offending field. */
    static ApiException translate(Exception e, Class<?> target) {
        ApiException tooLarge = BodyLimit.tooLargeIn(e);
        if (tooLarge != null) {
            return tooLarge;
        }
        Throwable cause = e instanceof IllegalArgumentException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof UnrecognizedPropertyException u) {
            return ApiException.invalidField(path(u), "Unknown field");
        }
        if (cause instanceof MismatchedInputException m) {
            String path = path(m);
            if (path.isEmpty()) {
                if (m.getMessage() != null && m.getMessage().startsWith("No content")) {
                    return ApiException.invalidField("body", "A JSON request body is required");
                }
                if (m.getMessage() != null && m.getMessage().startsWith("Trailing token")) {
                    return malformed("Unexpected content after the JSON value", m.getLocation());
                }
                return ApiException.invalidField("body", "The request body must be " + describe(target));
            }
            return ApiException.invalidField(path, "Must be " + describe(m.getTargetType()));
        }
        if (cause instanceof StreamConstraintsException c) {
            return malformed("The JSON document is nested too deeply or a value is too long", null);
        }
        if (cause instanceof StreamReadException r) {
            return malformed(firstLine(r.getOriginalMessage()), r.getLocation());
        }
        if (cause instanceof DatabindException d && d instanceof JsonMappingException jm) {
            String path = path(jm);
            return ApiException.invalidField(path.isEmpty() ? "body" : path, "Invalid value");
        }
        if (cause instanceof JacksonException j) {
            return malformed(firstLine(j.getOriginalMessage()), j.getLocation());
        }
        return ApiException.invalidField("body", "The request body could not be read");
    }

    private static ApiException malformed(String message, JsonLocation location) {
        String where = location == null || location.getLineNr() < 0
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return new ApiException(ProblemType.MALFORMED_JSON, 400, "The request body is not valid JSON: " + message + where);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        // Jackson's location notes ("[Source: REDACTED ...]") are noise; the location is appended separately
        line = line.replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "").replaceAll("\\s*\\[Source:[^\\]]*\\]", "");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** @return the JSON path of the failure: {@code name.givenName}, {@code attributes.department[1]} */
    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean (true or false)";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || JsonNode.class.isAssignableFrom(type)) {
            return "a JSON object";
        }
        return "of another type";
    }

    static boolean isJsonMediaType(String type, String subtype) {
        return ("application".equalsIgnoreCase(type) || "*".equals(type))
                && ("json".equalsIgnoreCase(subtype) || subtype.toLowerCase(java.util.Locale.ROOT).endsWith("+json") || "*".equals(subtype));
    }

    static List<String> mediaTypes() {
        return List.of("application/json", "application/merge-patch+json", Problem.MEDIA_TYPE);
    }
}
