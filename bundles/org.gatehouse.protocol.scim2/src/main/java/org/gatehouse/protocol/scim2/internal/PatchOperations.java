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
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.InvalidFilterException;

/**
 * Applies SCIM PATCH operations (RFC 7644 section 3.5.2) to a resource's JSON representation. The
 * caller reads the resource, applies every operation here, and writes the result as one update
 * conditional on the version it read, so a PATCH is all or nothing.
 */
final class PatchOperations {

    /** A parsed PATCH path: an extension URN (null: core), an attribute (null: the whole extension), a value filter, a sub-attribute. */
    record Path(String urn, AttributeDef attribute, Filter filter, AttributeDef sub) {}

    private final String coreSchema;
    private final List<AttributeDef> core;
    private final Map<String, List<AttributeDef>> extensions;

    PatchOperations(String coreSchema, List<AttributeDef> core, Map<String, List<AttributeDef>> extensions) {
        this.coreSchema = coreSchema;
        List<AttributeDef> all = new ArrayList<>(core);
        all.add(Schemas.ID);
        all.add(Schemas.EXTERNAL_ID);
        all.add(Schemas.META);
        this.core = all;
        this.extensions = extensions;
    }

    /**
     * @param request the PatchOp body
     * @param resource the current representation; changed in place
     */
    void apply(ObjectNode request, ObjectNode resource) {
        UserMapping.requireSchemas(request, Schemas.PATCH_OP);
        JsonNode ops = UserMapping.getIgnoringCase(request, "Operations");
        if (ops == null || !ops.isArray() || ops.isEmpty()) {
            throw ScimException.invalidSyntax("A PatchOp needs a non-empty Operations list");
        }
        request.fieldNames().forEachRemaining(k -> {
            if (!k.equalsIgnoreCase("schemas") && !k.equalsIgnoreCase("Operations")) {
                throw ScimException.invalidSyntax("Unknown attribute '" + k + "' in a PatchOp");
            }
        });
        for (JsonNode op : ops) {
            ObjectNode o = UserMapping.object("Operations", op);
            String kind = UserMapping.optionalText(o, "op").orElseThrow(() -> ScimException.invalidSyntax("Each operation needs an op"))
                    .toLowerCase(Locale.ROOT);
            Optional<String> path = UserMapping.optionalText(o, "path").filter(p -> !p.isBlank());
            JsonNode value = UserMapping.getIgnoringCase(o, "value");
            o.fieldNames().forEachRemaining(k -> {
                if (!List.of("op", "path", "value").contains(k.toLowerCase(Locale.ROOT))) {
                    throw ScimException.invalidSyntax("Unknown attribute '" + k + "' in a PATCH operation");
                }
            });
            switch (kind) {
                case "add" -> addOrReplace(path, value, resource, false);
                case "replace" -> addOrReplace(path, value, resource, true);
                case "remove" -> remove(path.orElseThrow(() -> ScimException.noTarget("A remove operation needs a path")), value, resource);
                default -> throw ScimException.invalidSyntax("Unknown op '" + kind + "': use add, replace or remove");
            }
        }
    }

    // ---- paths ---------------------------------------------------------------------------------

    Path parse(String raw) {
        String path = raw.trim();
        String corePrefix = coreSchema + ":";
        if (path.regionMatches(true, 0, corePrefix, 0, corePrefix.length())) {
            path = path.substring(corePrefix.length());
        }
        String urn = null;
        List<AttributeDef> attributes = core;
        for (Map.Entry<String, List<AttributeDef>> ext : extensions.entrySet()) {
            if (path.equalsIgnoreCase(ext.getKey())) {
                return new Path(ext.getKey(), null, null, null);
            }
            if (path.regionMatches(true, 0, ext.getKey() + ":", 0, ext.getKey().length() + 1)) {
                urn = ext.getKey();
                attributes = ext.getValue();
                path = path.substring(urn.length() + 1);
                break;
            }
        }
        String attributeName = path;
        String filterText = null;
        String subName = null;
        int bracket = path.indexOf('[');
        if (bracket >= 0) {
            int close = closingBracket(path, bracket);
            attributeName = path.substring(0, bracket);
            filterText = path.substring(bracket + 1, close);
            String rest = path.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(".") || rest.length() == 1) {
                    throw ScimException.invalidPath("Malformed path '" + raw + "'");
                }
                subName = rest.substring(1);
            }
        } else {
            int dot = path.indexOf('.');
            if (dot >= 0) {
                attributeName = path.substring(0, dot);
                subName = path.substring(dot + 1);
            }
        }
        String finalName = attributeName;
        AttributeDef attribute = Schemas.find(attributes, attributeName)
                .orElseThrow(() -> ScimException.invalidPath("Unknown attribute '" + finalName + "' in path '" + raw + "'"));
        AttributeDef sub = null;
        if (subName != null) {
            String finalSub = subName;
            sub = attribute.sub(subName).orElseThrow(() -> ScimException.invalidPath("Unknown attribute '" + attribute.name() + "." + finalSub + "'"));
        }
        Filter filter = null;
        if (filterText != null) {
            if (!attribute.multiValued()) {
                throw ScimException.invalidPath("'" + attribute.name() + "' is not multi-valued: it has no value filter");
            }
            try {
                filter = Filter.parse(filterText);
            } catch (InvalidFilterException e) {
                throw ScimException.invalidFilter("In path '" + raw + "': " + e.getMessage());
            }
        }
        return new Path(urn, attribute, filter, sub);
    }

    private static int closingBracket(String path, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ']' && !quoted) {
                return i;
            }
        }
        throw ScimException.invalidPath("Unclosed '[' in path '" + path + "'");
    }

    // ---- add and replace ------------------------------------------------------------------------

    private void addOrReplace(Optional<String> rawPath, JsonNode value, ObjectNode resource, boolean replace) {
        if (value == null || value.isNull()) {
            throw ScimException.invalidValue("An " + (replace ? "replace" : "add") + " operation needs a value");
        }
        if (rawPath.isEmpty()) {
            // no path: the value is an object of attributes (and extension objects) to add or replace
            ObjectNode attrs = UserMapping.object("value", value);
            for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equalsIgnoreCase("schemas")) {
                    continue;
                }
                Path p = parse(f.getKey());
                if (p.attribute() == null) {
                    mergeExtension(p.urn(), UserMapping.object(f.getKey(), f.getValue()), resource, replace);
                } else {
                    apply(p, f.getValue(), resource, replace);
                }
            }
            return;
        }
        Path p = parse(rawPath.get());
        if (p.attribute() == null) {
            mergeExtension(p.urn(), UserMapping.object(rawPath.get(), value), resource, replace);
            return;
        }
        apply(p, value, resource, replace);
    }

    private void mergeExtension(String urn, ObjectNode value, ObjectNode resource, boolean replace) {
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            apply(parse(urn + ":" + f.getKey()), f.getValue(), resource, replace);
        }
    }

    private void apply(Path p, JsonNode value, ObjectNode resource, boolean replace) {
        AttributeDef a = p.attribute();
        checkWritable(a, p.sub());
        ObjectNode container = container(resource, p.urn(), true);
        String key = existingKey(container, a.name());
        JsonNode current = container.get(key);
        if (p.filter() != null) {
            ArrayNode values = current instanceof ArrayNode arr ? arr : null;
            List<ObjectNode> matches = new ArrayList<>();
            if (values != null) {
                for (JsonNode e : values) {
                    if (e.isObject() && ValueFilter.matches(p.filter(), e, a)) {
                        matches.add((ObjectNode) e);
                    }
                }
            }
            if (matches.isEmpty()) {
                ObjectNode created = p.sub() != null ? fromEqualities(p.filter()) : null;
                if (created == null) {
                    throw ScimException.noTarget("No value of " + a.name() + " matches the filter");
                }
                created.set(p.sub().name(), value);
                if (values == null) {
                    values = container.putArray(a.name());
                }
                values.add(created);
                return;
            }
            for (ObjectNode m : matches) {
                if (p.sub() != null) {
                    m.set(p.sub().name(), value);
                } else {
                    ObjectNode v = UserMapping.object(a.name(), value);
                    if (replace) {
                        m.removeAll();
                    }
                    m.setAll(v);
                }
            }
            return;
        }
        if (p.sub() != null) {
            if (a.multiValued()) {
                ArrayNode values = current instanceof ArrayNode arr && !arr.isEmpty() ? arr : container.putArray(a.name());
                if (values.isEmpty()) {
                    values.addObject();
                }
                for (JsonNode e : values) {
                    if (e.isObject()) {
                        ((ObjectNode) e).set(p.sub().name(), value);
                    }
                }
            } else {
                ObjectNode obj = current instanceof ObjectNode o ? o : container.putObject(a.name());
                obj.set(p.sub().name(), value);
            }
            return;
        }
        if (a.multiValued()) {
            ArrayNode incoming = ScimJson.array();
            if (value.isArray()) {
                incoming.addAll((ArrayNode) value);
            } else {
                incoming.add(value);
            }
            if (replace || !(current instanceof ArrayNode)) {
                container.set(a.name(), incoming);
                if (key != null && !key.equals(a.name())) {
                    container.remove(key);
                }
                return;
            }
            ArrayNode existing = (ArrayNode) current;
            for (JsonNode v : incoming) {
                if (!containsValue(existing, v)) {
                    existing.add(v);
                }
            }
            return;
        }
        if (a.isComplex()) {
            // a complex attribute's sub-attributes are merged; those not named stay (RFC 7644 section 3.5.2.3)
            ObjectNode v = UserMapping.object(a.name(), value);
            ObjectNode obj = current instanceof ObjectNode o ? o : container.putObject(a.name());
            obj.setAll(v);
            return;
        }
        if (key != null && !key.equals(a.name())) {
            container.remove(key);
        }
        container.set(a.name(), value);
    }

    /** For {@code emails[type eq "work"].value} when no email is of type work: a new value {type: work}. */
    private static ObjectNode fromEqualities(Filter f) {
        ObjectNode out = ScimJson.object();
        return collectEqualities(f, out) ? out : null;
    }

    private static boolean collectEqualities(Filter f, ObjectNode out) {
        if (f instanceof Filter.And a) {
            return collectEqualities(a.left(), out) && collectEqualities(a.right(), out);
        }
        if (f instanceof Filter.Comparison c && c.operator() == Filter.Operator.EQ && c.value() != null && c.path().subAttribute().isEmpty()) {
            if (c.value() instanceof String s) {
                out.put(c.path().attribute(), s);
            } else if (c.value() instanceof Boolean b) {
                out.put(c.path().attribute(), b);
            } else {
                return false;
            }
            return true;
        }
        return false;
    }

    private static boolean containsValue(ArrayNode values, JsonNode candidate) {
        JsonNode cv = candidate.isObject() ? UserMapping.getIgnoringCase((ObjectNode) candidate, "value") : candidate;
        for (JsonNode e : values) {
            JsonNode ev = e.isObject() ? UserMapping.getIgnoringCase((ObjectNode) e, "value") : e;
            if (cv != null && cv.equals(ev) || e.equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    // ---- remove ---------------------------------------------------------------------------------

    private void remove(String rawPath, JsonNode value, ObjectNode resource) {
        Path p = parse(rawPath);
        if (p.attribute() == null) {
            ObjectNode container = container(resource, null, false);
            String key = existingKey(container, p.urn());
            if (key != null) {
                container.remove(key);
            }
            return;
        }
        AttributeDef a = p.attribute();
        checkWritable(a, p.sub());
        if (a.required() && p.sub() == null && p.filter() == null) {
            throw ScimException.mutability(a.name() + " is required and cannot be removed");
        }
        if ("password".equals(a.name())) {
            throw ScimException.mutability("password cannot be removed; replace it instead");
        }
        ObjectNode container = container(resource, p.urn(), false);
        if (container == null) {
            return;
        }
        String key = existingKey(container, a.name());
        if (key == null) {
            return;
        }
        JsonNode current = container.get(key);
        if (p.filter() != null || (a.multiValued() && value != null && value.isArray() && p.sub() == null)) {
            if (!(current instanceof ArrayNode values)) {
                return;
            }
            for (Iterator<JsonNode> it = values.iterator(); it.hasNext(); ) {
                JsonNode e = it.next();
                // a remove with a list of values (as some clients send for members) removes those values
                boolean hit = p.filter() != null ? e.isObject() && ValueFilter.matches(p.filter(), e, a) : containsValue((ArrayNode) value, e);
                if (!hit) {
                    continue;
                }
                if (p.sub() != null) {
                    ((ObjectNode) e).remove(existingKey((ObjectNode) e, p.sub().name()));
                } else {
                    it.remove();
                }
            }
            if (values.isEmpty()) {
                container.remove(key);
            }
            return;
        }
        if (p.sub() != null) {
            if (current instanceof ArrayNode values) {
                values.forEach(e -> {
                    if (e.isObject()) {
                        String k = existingKey((ObjectNode) e, p.sub().name());
                        if (k != null) {
                            ((ObjectNode) e).remove(k);
                        }
                    }
                });
            } else if (current instanceof ObjectNode obj) {
                String k = existingKey(obj, p.sub().name());
                if (k != null) {
                    obj.remove(k);
                }
            }
            return;
        }
        container.remove(key);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static void checkWritable(AttributeDef attribute, AttributeDef sub) {
        if (attribute.readOnly()) {
            throw ScimException.mutability(attribute.name() + " is read-only");
        }
        if (sub != null && sub.readOnly()) {
            throw ScimException.mutability(attribute.name() + "." + sub.name() + " is read-only");
        }
        if (sub != null && AttributeDef.IMMUTABLE.equals(sub.mutability())) {
            // e.g. members[...].value: a member is added or removed whole, never re-pointed
            throw ScimException.mutability(attribute.name() + "." + sub.name() + " cannot be changed once set");
        }
    }

    private static ObjectNode container(ObjectNode resource, String urn, boolean create) {
        if (urn == null) {
            return resource;
        }
        String key = existingKey(resource, urn);
        if (key != null && resource.get(key).isObject()) {
            return (ObjectNode) resource.get(key);
        }
        if (!create) {
            return null;
        }
        ObjectNode ext = resource.putObject(urn);
        JsonNode schemas = resource.get("schemas");
        if (schemas instanceof ArrayNode list) {
            boolean listed = false;
            for (JsonNode s : list) {
                listed |= s.asText().equalsIgnoreCase(urn);
            }
            if (!listed) {
                list.add(urn);
            }
        }
        return ext;
    }

    static String existingKey(ObjectNode node, String name) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return null;
    }
}
