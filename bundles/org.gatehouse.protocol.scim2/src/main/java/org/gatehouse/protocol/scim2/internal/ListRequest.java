package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a list or search (RFC 7644 sections 3.4.2 and 3.4.3), from the query string of
 * a GET or the SearchRequest body of a POST to {@code .search}.
 *
 * @param startIndex 1-based
 * @param count already lowered to the configured maximum
 */
record ListRequest(Optional<String> filter, Optional<String> sortBy, boolean descending, int startIndex, int count,
        String attributes, String excludedAttributes) {

    static ListRequest fromQuery(ScimRequest r, Limits limits) {
        return of(r.param("filter"), r.param("sortBy"), r.param("sortOrder"), r.param("startIndex"), r.param("count"),
                r.param("attributes").orElse(null), r.param("excludedAttributes").orElse(null), limits);
    }

    static ListRequest fromSearchRequest(ObjectNode body, Limits limits) {
        UserMapping.requireSchemas(body, Schemas.SEARCH_REQUEST);
        String filter = null, sortBy = null, sortOrder = null, startIndex = null, count = null, attributes = null, excluded = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v.isNull()) {
                continue;
            }
            switch (f.getKey().toLowerCase(Locale.ROOT)) {
                case "schemas" -> { }
                case "filter" -> filter = UserMapping.text("filter", v);
                case "sortby" -> sortBy = UserMapping.text("sortBy", v);
                case "sortorder" -> sortOrder = UserMapping.text("sortOrder", v);
                case "startindex" -> startIndex = number("startIndex", v);
                case "count" -> count = number("count", v);
                case "attributes" -> attributes = list("attributes", v);
                case "excludedattributes" -> excluded = list("excludedAttributes", v);
                default -> throw ScimException.invalidSyntax("Unknown attribute '" + f.getKey() + "' in a SearchRequest");
            }
        }
        return of(Optional.ofNullable(filter), Optional.ofNullable(sortBy), Optional.ofNullable(sortOrder), Optional.ofNullable(startIndex),
                Optional.ofNullable(count), attributes, excluded, limits);
    }

    private static ListRequest of(Optional<String> filter, Optional<String> sortBy, Optional<String> sortOrder, Optional<String> startIndex,
            Optional<String> count, String attributes, String excluded, Limits limits) {
        if (filter.isPresent() && filter.get().length() > limits.maxFilterLength()) {
            throw ScimException.invalidFilter("The filter is longer than " + limits.maxFilterLength() + " characters");
        }
        boolean descending = false;
        if (sortOrder.isPresent()) {
            switch (sortOrder.get().toLowerCase(Locale.ROOT)) {
                case "ascending" -> descending = false;
                case "descending" -> descending = true;
                default -> throw ScimException.invalidValue("sortOrder is ascending or descending");
            }
        }
        // RFC 7644 section 3.4.2.4: a startIndex below 1 means 1, a negative count means 0
        int start = Math.max(1, integer("startIndex", startIndex).orElse(1));
        int n = Math.max(0, integer("count", count).orElse(limits.maxResults()));
        return new ListRequest(filter.filter(s -> !s.isBlank()), sortBy.filter(s -> !s.isBlank()), descending, start,
                Math.min(n, limits.maxResults()), attributes, excluded);
    }

    private static Optional<Integer> integer(String name, Optional<String> value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get().trim();
        if (!v.matches("-?[0-9]{1,10}")) {
            throw ScimException.invalidValue(name + " must be an integer");
        }
        long l = Long.parseLong(v);
        return Optional.of((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE - 1, l)));
    }

    private static String number(String name, JsonNode v) {
        if (!v.isIntegralNumber()) {
            throw ScimException.invalidValue(name + " must be an integer");
        }
        return v.asText();
    }

    private static String list(String name, JsonNode v) {
        if (!v.isArray()) {
            throw ScimException.invalidValue(name + " must be a list of attribute names");
        }
        StringBuilder sb = new StringBuilder();
        for (JsonNode e : v) {
            sb.append(sb.length() == 0 ? "" : ",").append(UserMapping.text(name, e));
        }
        return sb.toString();
    }
}
