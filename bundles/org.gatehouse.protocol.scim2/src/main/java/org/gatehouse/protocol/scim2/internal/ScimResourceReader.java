package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.core.transfer.TransferException;
import org.gatehouse.core.transfer.TransferFormat;
import org.gatehouse.core.transfer.TransferFormat.Malformed;
import org.gatehouse.core.transfer.TransferFormat.Parsed;
import org.gatehouse.core.transfer.TransferFormat.Row;

/**
 * Reads User resources one at a time from a SCIM ListResponse ({@code {"Resources": [...]}}) or a
 * plain JSON array. Only the resource being read is in memory, and at most {@link
 * #MAX_RESOURCE_BYTES} of it: a larger resource is skipped token by token and reported as its row.
 * A resource that does not map to a user (unknown attribute, wrong type, no userName, several
 * emails, ...) is a malformed row naming the attribute; the rows after it are still read.
 */
final class ScimResourceReader implements TransferFormat.Reader {

    /** Far above any real user (a thousand group memberships are about 50 KiB). */
    static final long MAX_RESOURCE_BYTES = 1 << 20;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern QUOTED = Pattern.compile("'([^']{1,200})'");
    private static final Pattern LEADING_ATTRIBUTE = Pattern.compile("^([A-Za-z][A-Za-z0-9_$.:-]*) (?:must|is) ");

    private final JsonParser parser;
    private final UserMapping mapping;
    /** The context of the array of resources: the parser is back in it after each resource. */
    private final JsonStreamContext resources;
    private long number;
    private boolean done;

    private ScimResourceReader(JsonParser parser, UserMapping mapping) {
        this.parser = parser;
        this.mapping = mapping;
        this.resources = parser.getParsingContext();
    }

    /**
     * Positions the parser inside the array of resources.
     *
     * @throws TransferException when the data is not JSON, or neither a ListResponse nor an array
     */
    static ScimResourceReader open(JsonParser parser, UserMapping mapping) throws IOException {
        JsonToken first;
        try {
            first = parser.nextToken();
        } catch (JsonProcessingException e) {
            throw new TransferException("The data is not JSON: " + concise(e), e);
        }
        if (first == JsonToken.START_ARRAY) {
            return new ScimResourceReader(parser, mapping);
        }
        if (first != JsonToken.START_OBJECT) {
            throw new TransferException("The data is not a SCIM ListResponse ({\"Resources\": [...]}) or a JSON array of User resources");
        }
        try {
            return inListResponse(parser, mapping);
        } catch (JsonProcessingException e) {
            throw new TransferException("The data is not valid JSON: " + concise(e), e);
        }
    }

    private static ScimResourceReader inListResponse(JsonParser parser, UserMapping mapping) throws IOException {
        boolean empty = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("Resources")) {
                if (value != JsonToken.START_ARRAY) {
                    throw new TransferException("Resources must be a JSON array of User resources");
                }
                return new ScimResourceReader(parser, mapping);
            }
            if (field.equals("schemas")) {
                checkSchemas(parser);
            } else if (field.equals("totalResults")) {
                empty = value == JsonToken.VALUE_NUMBER_INT && parser.getLongValue() == 0;
            } else {
                parser.skipChildren();
            }
        }
        if (empty) {
            // RFC 7644 section 3.4.2: Resources may be left out when there are none
            ScimResourceReader reader = new ScimResourceReader(parser, mapping);
            reader.done = true;
            return reader;
        }
        throw new TransferException("The JSON object has no Resources array: give a SCIM ListResponse"
                + " ({\"schemas\": [\"" + Schemas.LIST_RESPONSE + "\"], \"Resources\": [...]}) or a JSON array of User resources");
    }

    private static void checkSchemas(JsonParser parser) throws IOException {
        boolean listResponse = false;
        if (parser.currentToken() == JsonToken.START_ARRAY) {
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                listResponse |= parser.currentToken() == JsonToken.VALUE_STRING && parser.getText().equalsIgnoreCase(Schemas.LIST_RESPONSE);
                parser.skipChildren();
            }
        }
        if (!listResponse) {
            throw new TransferException("The JSON object is not a SCIM ListResponse: its schemas must include " + Schemas.LIST_RESPONSE
                    + " (a single User resource must be sent as a ListResponse or a JSON array)");
        }
    }

    @Override
    public Row next() throws IOException {
        if (done) {
            return null;
        }
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY || token == null) {
            done = true;
            if (token == null) {
                throw new IOException("the data ends inside the array of resources");
            }
            return null;
        }
        number++;
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return new Malformed(number, null, "not a User resource (a JSON object)");
        }
        ObjectNode resource;
        try {
            resource = (ObjectNode) new Bounded(parser).value();
        } catch (SkippedResource e) {
            skipRestOfResource();
            return new Malformed(number, e.field, e.getMessage());
        }
        return row(resource);
    }

    private Row row(ObjectNode resource) {
        UserMapping.UserState state;
        List<String> groups;
        try {
            state = mapping.fromJson(resource, null);
            groups = groupNames(resource);
        } catch (ScimException e) {
            return new Malformed(number, attributeAtFault(e.getMessage()), e.getMessage());
        }
        return new Parsed(number, new NewUser(state.username(), state.active(), state.profile(), state.password()), groups);
    }

    /** Memberships by group name ({@code groups[].display}): ids of another server mean nothing here. */
    private static List<String> groupNames(ObjectNode resource) {
        JsonNode groups = UserMapping.getIgnoringCase(resource, "groups");
        if (groups == null || groups.isNull()) {
            return List.of();
        }
        if (!groups.isArray()) {
            throw ScimException.invalidValue("groups must be a list of objects");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode g : groups) {
            String display = UserMapping.optionalText(UserMapping.object("groups", g), "display").map(String::strip).orElse("");
            if (display.isEmpty()) {
                throw ScimException.invalidValue("groups.display is required: memberships are imported by group name");
            }
            if (names.stream().noneMatch(display::equalsIgnoreCase)) {
                names.add(display);
            }
        }
        return names;
    }

    /** Reads tokens until the parser is back in the array of resources, holding none of them. */
    private void skipRestOfResource() throws IOException {
        while (parser.getParsingContext() != resources) {
            if (parser.nextToken() == null) {
                throw new IOException("the data ends inside resource " + number);
            }
        }
    }

    /**
     * The SCIM attribute a mapping error names: the mapping's messages name it first ({@code
     * "emails.value is required"}) or quoted ({@code "Unknown attribute 'nickname2'"}).
     */
    static String attributeAtFault(String message) {
        if (message == null) {
            return null;
        }
        if (message.startsWith("Gatehouse keeps one of ")) {
            return message.substring("Gatehouse keeps one of ".length()).split(" ", 2)[0];
        }
        if (message.startsWith("The body must name its schemas")) {
            return "schemas";
        }
        Matcher quoted = QUOTED.matcher(message);
        if (message.startsWith("Unknown attribute") && quoted.find()) {
            String name = quoted.group(1);
            int of = message.indexOf(" of urn:");
            return of > 0 ? message.substring(of + 4).split(" ", 2)[0] + ":" + name : name;
        }
        Matcher leading = LEADING_ATTRIBUTE.matcher(message);
        return leading.find() ? leading.group(1) : null;
    }

    private static String concise(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m != null && m.length() > 200) {
            m = m.substring(0, 200) + "...";
        }
        return e.getLocation() == null ? m : m + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** One resource as a tree, refused once its text passes {@link #MAX_RESOURCE_BYTES}. */
    private final class Bounded {
        private final JsonParser p;
        private final long start;

        Bounded(JsonParser p) {
            this.p = p;
            this.start = p.currentTokenLocation().getByteOffset();
        }

        JsonNode value() throws IOException {
            switch (p.currentToken()) {
                case START_OBJECT -> {
                    ObjectNode object = NODES.objectNode();
                    while (advance() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        advance();
                        JsonNode value = value();
                        if (object.has(name)) {
                            // not a parser error: that would end the whole import at one bad resource
                            throw new SkippedResource(name, "the attribute '" + name + "' appears twice");
                        }
                        object.set(name, value);
                    }
                    return object;
                }
                case START_ARRAY -> {
                    ArrayNode array = NODES.arrayNode();
                    while (advance() != JsonToken.END_ARRAY) {
                        array.add(value());
                    }
                    return array;
                }
                case VALUE_STRING -> {
                    return NODES.textNode(p.getText());
                }
                case VALUE_NUMBER_INT -> {
                    return NODES.numberNode(p.getBigIntegerValue());
                }
                case VALUE_NUMBER_FLOAT -> {
                    return NODES.numberNode(p.getDecimalValue());
                }
                case VALUE_TRUE, VALUE_FALSE -> {
                    return NODES.booleanNode(p.getBooleanValue());
                }
                case VALUE_NULL -> {
                    return NODES.nullNode();
                }
                default -> throw new IOException("unexpected " + p.currentToken() + " in resource " + number);
            }
        }

        private JsonToken advance() throws IOException {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new IOException("the data ends inside resource " + number);
            }
            if (p.currentLocation().getByteOffset() - start > MAX_RESOURCE_BYTES) {
                throw new SkippedResource(null, "the resource is larger than " + (MAX_RESOURCE_BYTES >> 10) + " KiB");
            }
            return t;
        }
    }

    /** A resource that is not read to its end (too large, or not a valid object); reported as its row. */
    private static final class SkippedResource extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;

        SkippedResource(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
