package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /Bulk} (RFC 7644 section 3.7): operations run in the order sent, each like the request it
 * stands for; a {@code bulkId:x} anywhere in a later operation's path or data is replaced by the id
 * the operation with bulkId {@code x} created. {@code failOnErrors} stops after that many errors.
 * The limits published in /ServiceProviderConfig are enforced with 413.
 */
final class BulkEndpoint {

    private final ScimContext ctx;
    private final Function<ScimRequest, ScimResponse> dispatcher;

    /** @param dispatcher runs one operation (errors are answered as responses, never thrown) */
    BulkEndpoint(ScimContext ctx, Function<ScimRequest, ScimResponse> dispatcher) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
    }

    ScimResponse handle(ScimRequest r) {
        if (r.body().length > ctx.limits.bulkMaxPayloadBytes()) {
            throw ScimException.tooLarge("The bulk request is larger than maxPayloadSize (" + ctx.limits.bulkMaxPayloadBytes() + " bytes)");
        }
        ObjectNode body = ScimJson.readObject(r.body());
        UserMapping.requireSchemas(body, Schemas.BULK_REQUEST);
        JsonNode ops = UserMapping.getIgnoringCase(body, "Operations");
        if (ops == null || !ops.isArray()) {
            throw ScimException.invalidSyntax("A BulkRequest needs an Operations list");
        }
        if (ops.size() > ctx.limits.bulkMaxOperations()) {
            throw ScimException.tooLarge("The bulk request has " + ops.size() + " operations; maxOperations is " + ctx.limits.bulkMaxOperations());
        }
        int failOnErrors = Integer.MAX_VALUE;
        JsonNode f = UserMapping.getIgnoringCase(body, "failOnErrors");
        if (f != null && !f.isNull()) {
            if (!f.isIntegralNumber() || f.asInt() < 1) {
                throw ScimException.invalidValue("failOnErrors must be a positive integer");
            }
            failOnErrors = f.asInt();
        }
        body.fieldNames().forEachRemaining(k -> {
            if (!List.of("schemas", "operations", "failonerrors").contains(k.toLowerCase(Locale.ROOT))) {
                throw ScimException.invalidSyntax("Unknown attribute '" + k + "' in a BulkRequest");
            }
        });

        Map<String, String> created = new HashMap<>();
        ArrayNode results = ScimJson.array();
        int errors = 0;
        for (JsonNode op : ops) {
            ObjectNode result = results.addObject();
            ScimResponse response;
            String method = null;
            String bulkId = null;
            try {
                ObjectNode o = UserMapping.object("Operations", op);
                method = UserMapping.optionalText(o, "method").orElseThrow(() -> ScimException.invalidSyntax("Each operation needs a method"))
                        .toUpperCase(Locale.ROOT);
                bulkId = UserMapping.optionalText(o, "bulkId").orElse(null);
                result.put("method", method);
                if (bulkId != null) {
                    result.put("bulkId", bulkId);
                }
                response = run(o, method, bulkId, created, r.caller());
            } catch (ScimException e) {
                response = ScimResponse.error(e);
                if (method == null) {
                    result.put("method", "");
                }
            }
            result.put("status", String.valueOf(response.status()));
            String location = response.headers().get("Location");
            if (location == null && response.body() != null && response.body().path("meta").has("location")) {
                location = response.body().path("meta").path("location").asText();
            }
            if (location != null) {
                result.put("location", location);
            }
            if (response.headers().containsKey("ETag")) {
                result.put("version", response.headers().get("ETag"));
            }
            if (response.status() >= 400) {
                result.set("response", response.body());
                if (++errors >= failOnErrors) {
                    break;
                }
            } else if (bulkId != null && "POST".equals(method) && response.body() != null) {
                created.put(bulkId, response.body().path("id").asText());
            }
        }
        ObjectNode out = ScimJson.object();
        out.putArray("schemas").add(Schemas.BULK_RESPONSE);
        out.set("Operations", results);
        return ScimResponse.ok(out);
    }

    private ScimResponse run(ObjectNode o, String method, String bulkId, Map<String, String> created, Caller caller) {
        o.fieldNames().forEachRemaining(k -> {
            if (!List.of("method", "bulkid", "version", "path", "data").contains(k.toLowerCase(Locale.ROOT))) {
                throw ScimException.invalidSyntax("Unknown attribute '" + k + "' in a bulk operation");
            }
        });
        String path = UserMapping.optionalText(o, "path").orElseThrow(() -> ScimException.invalidSyntax("Each operation needs a path"));
        path = resolve(path, created);
        if (!List.of("POST", "PUT", "PATCH", "DELETE").contains(method)) {
            throw ScimException.invalidSyntax("Bulk operations are POST, PUT, PATCH or DELETE, not " + method);
        }
        if ("POST".equals(method) && (bulkId == null || bulkId.isBlank())) {
            throw ScimException.invalidSyntax("A POST in a bulk request needs a bulkId");
        }
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(Paths.decode(s));
            }
        }
        if (segments.isEmpty() || !(segments.get(0).equals("Users") || segments.get(0).equals("Groups"))
                || segments.size() > 2 || ("POST".equals(method) != (segments.size() == 1))) {
            throw ScimException.invalidPath("A bulk " + method + " goes to " + ("POST".equals(method) ? "/Users or /Groups" : "/Users/{id} or /Groups/{id}")
                    + ", not " + path);
        }
        JsonNode data = UserMapping.getIgnoringCase(o, "data");
        byte[] body = new byte[0];
        if (!"DELETE".equals(method)) {
            if (data == null || !data.isObject()) {
                throw ScimException.invalidSyntax("A bulk " + method + " needs data (a JSON object)");
            }
            body = ScimJson.write(resolve(data.deepCopy(), created));
        }
        String version = UserMapping.optionalText(o, "version").orElse(null);
        return dispatcher.apply(new ScimRequest(method, segments, Map.of(), version, null, body, caller));
    }

    private static String resolve(String text, Map<String, String> created) {
        if (!text.contains("bulkId:")) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int at = text.indexOf("bulkId:", i);
            if (at < 0) {
                out.append(text, i, text.length());
                return out.toString();
            }
            out.append(text, i, at);
            int end = at + "bulkId:".length();
            while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || "-_.~".indexOf(text.charAt(end)) >= 0)) {
                end++;
            }
            String ref = text.substring(at + "bulkId:".length(), end);
            String id = created.get(ref);
            if (id == null) {
                throw ScimException.invalidValue("bulkId:" + ref + " refers to no operation that created a resource before this one");
            }
            out.append(id);
            i = end;
        }
    }

    private static JsonNode resolve(JsonNode node, Map<String, String> created) {
        if (node.isTextual()) {
            return new TextNode(resolve(node.asText(), created));
        }
        if (node.isArray()) {
            ArrayNode arr = (ArrayNode) node;
            for (int i = 0; i < arr.size(); i++) {
                arr.set(i, resolve(arr.get(i), created));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(resolve(e.getValue(), created));
            }
        }
        return node;
    }
}
