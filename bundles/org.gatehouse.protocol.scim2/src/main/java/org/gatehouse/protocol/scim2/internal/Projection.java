package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code attributes} and {@code excludedAttributes} (RFC 7644 section 3.4.2.5): which attributes a
 * response carries. {@code id} and {@code schemas} are always returned. Names are checked against
 * the schema, so a misspelt attribute is an error rather than a silently empty answer.
 */
final class Projection {

    /** One named attribute: an extension URN (or null for the core schema), an attribute, a sub-attribute. */
    record Name(String urn, String attribute, String sub) {
        boolean matches(String urnOrNull, String attr) {
            return (urn == null ? urnOrNull == null : urnOrNull != null && urn.equalsIgnoreCase(urnOrNull))
                    && (attribute == null || attribute.equalsIgnoreCase(attr));
        }
    }

    static final Projection ALL = new Projection(List.of(), false);

    private final List<Name> names;
    private final boolean include;

    private Projection(List<Name> names, boolean include) {
        this.names = names;
        this.include = include;
    }

    /**
     * @param attributes the {@code attributes} parameter, or null
     * @param excluded the {@code excludedAttributes} parameter, or null
     * @param core the resource's core attributes
     * @param extensions the resource's extension schemas, by URN
     * @throws ScimException 400 invalidValue for both at once or an unknown attribute
     */
    static Projection parse(String attributes, String excluded, List<AttributeDef> core, Map<String, List<AttributeDef>> extensions) {
        boolean hasInclude = attributes != null && !attributes.isBlank();
        boolean hasExclude = excluded != null && !excluded.isBlank();
        if (hasInclude && hasExclude) {
            throw ScimException.invalidValue("Send attributes or excludedAttributes, not both");
        }
        if (!hasInclude && !hasExclude) {
            return ALL;
        }
        List<Name> names = new ArrayList<>();
        for (String raw : (hasInclude ? attributes : excluded).split(",")) {
            String path = raw.trim();
            if (path.isEmpty()) {
                continue;
            }
            names.add(name(path, core, extensions));
        }
        return new Projection(names, hasInclude);
    }

    private static Name name(String raw, List<AttributeDef> core, Map<String, List<AttributeDef>> extensions) {
        String path = FilterMapping.stripCore(raw);
        if (path.length() > 256) {
            throw ScimException.invalidValue("Attribute name too long");
        }
        for (Map.Entry<String, List<AttributeDef>> ext : extensions.entrySet()) {
            String urn = ext.getKey();
            if (path.equalsIgnoreCase(urn)) {
                return new Name(urn, null, null);
            }
            if (path.regionMatches(true, 0, urn + ":", 0, urn.length() + 1)) {
                String rest = path.substring(urn.length() + 1);
                return checked(urn, rest, ext.getValue(), raw);
            }
        }
        return checked(null, path, core, raw);
    }

    private static Name checked(String urn, String path, List<AttributeDef> attributes, String raw) {
        int dot = path.indexOf('.');
        String attribute = dot < 0 ? path : path.substring(0, dot);
        String sub = dot < 0 ? null : path.substring(dot + 1);
        List<AttributeDef> known = new ArrayList<>(attributes);
        if (urn == null) {
            known.add(Schemas.ID);
            known.add(Schemas.EXTERNAL_ID);
            known.add(Schemas.META);
            known.add(AttributeDef.string("schemas", "schemas"));
        }
        AttributeDef def = Schemas.find(known, attribute)
                .orElseThrow(() -> ScimException.invalidValue("Unknown attribute '" + raw + "'"));
        if (sub != null && def.sub(sub).isEmpty()) {
            throw ScimException.invalidValue("Unknown attribute '" + raw + "'");
        }
        return new Name(urn, def.name(), sub == null ? null : def.sub(sub).get().name());
    }

    /** Whether the response will carry the attribute; lets callers skip work (groups, members). */
    boolean includes(String attribute) {
        boolean named = names.stream().anyMatch(n -> n.urn() == null && attribute.equalsIgnoreCase(n.attribute()));
        if (include) {
            return named;
        }
        return names.stream().noneMatch(n -> n.urn() == null && attribute.equalsIgnoreCase(n.attribute()) && n.sub() == null);
    }

    ObjectNode apply(ObjectNode resource) {
        if (names.isEmpty()) {
            return resource;
        }
        ObjectNode out = ScimJson.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = resource.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = f.getKey();
            JsonNode value = f.getValue();
            if (key.equals("schemas") || key.equals("id")) {
                out.set(key, value);
                continue;
            }
            boolean extension = key.toLowerCase(Locale.ROOT).startsWith("urn:") && value.isObject();
            Optional<JsonNode> kept = extension ? extension(key, (ObjectNode) value) : attribute(null, key, value);
            kept.ifPresent(v -> out.set(key, v));
        }
        return out;
    }

    private Optional<JsonNode> extension(String urn, ObjectNode ext) {
        if (names.stream().anyMatch(n -> n.matches(urn, null) && n.attribute() == null)) {
            return include ? Optional.of(ext) : Optional.empty();
        }
        ObjectNode out = ScimJson.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = ext.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            attribute(urn, f.getKey(), f.getValue()).ifPresent(v -> out.set(f.getKey(), v));
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private Optional<JsonNode> attribute(String urn, String key, JsonNode value) {
        List<Name> matching = names.stream().filter(n -> n.attribute() != null && n.matches(urn, key)).toList();
        boolean whole = matching.stream().anyMatch(n -> n.sub() == null);
        List<String> subs = matching.stream().filter(n -> n.sub() != null).map(Name::sub).toList();
        if (include) {
            if (whole) {
                return Optional.of(value);
            }
            if (subs.isEmpty()) {
                return Optional.empty();
            }
            return keepSubs(value, subs, true);
        }
        if (whole) {
            return Optional.empty();
        }
        return subs.isEmpty() ? Optional.of(value) : keepSubs(value, subs, false);
    }

    /** Keeps (or drops) the named sub-attributes of a complex value or of each element of a list. */
    private static Optional<JsonNode> keepSubs(JsonNode value, List<String> subs, boolean keep) {
        if (value.isArray()) {
            ArrayNode out = ScimJson.array();
            for (JsonNode e : value) {
                keepSubs(e, subs, keep).ifPresent(out::add);
            }
            return out.isEmpty() ? Optional.empty() : Optional.of(out);
        }
        if (!value.isObject()) {
            return keep ? Optional.empty() : Optional.of(value);
        }
        ObjectNode out = ScimJson.object();
        value.fields().forEachRemaining(f -> {
            boolean named = subs.stream().anyMatch(s -> s.equalsIgnoreCase(f.getKey()));
            if (named == keep) {
                out.set(f.getKey(), f.getValue());
            }
        });
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }
}
