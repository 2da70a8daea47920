package org.gatehouse.protocol.oauth2.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;

/** JSON for the protocol: claims and responses are plain maps. One thread-safe mapper. */
final class Json {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ObjectMapper mapper = new ObjectMapper();

    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass(), e);
        }
    }

    String writeString(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass(), e);
        }
    }

    /** @throws IllegalArgumentException for anything that is not a JSON object */
    Map<String, Object> readObject(byte[] json) {
        try {
            Map<String, Object> map = mapper.readValue(json, MAP);
            if (map == null) {
                throw new IllegalArgumentException("Not a JSON object");
            }
            return map;
        } catch (IOException e) {
            throw new IllegalArgumentException("Malformed JSON", e);
        }
    }

    Map<String, Object> readObject(String json) {
        return readObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
