package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** JSON of the SCIM protocol: trees, read strictly and with bounds since bodies come from the network. */
final class ScimJson {

    static final String MEDIA_TYPE = "application/scim+json";

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .configure(JsonParser.Feature.ALLOW_COMMENTS, false);

    private ScimJson() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** @throws ScimException 400 invalidSyntax for anything that is not one JSON object */
    static ObjectNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw ScimException.invalidSyntax("The request needs a JSON body");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ScimException.invalidSyntax("The body is not valid JSON: " + conciseMessage(e));
        }
        if (node == null || !node.isObject()) {
            throw ScimException.invalidSyntax("The body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    /** SCIM dateTime (xsd:dateTime), always UTC with milliseconds. */
    static String dateTime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static String conciseMessage(IOException e) {
        String m = e.getMessage();
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p) {
            m = p.getOriginalMessage();
            if (p.getLocation() != null) {
                m += " (line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr() + ")";
            }
        }
        if (m == null) {
            return "malformed";
        }
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }
}
