package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;

/**
 * Users as SCIM resources and back. Writing is strict: unknown attributes, wrong types and several
 * emails or phone numbers (a Gatehouse user has one of each) are refused with the SCIM error that
 * names them; read-only attributes ({@code id}, {@code meta}, {@code groups}) are ignored as RFC
 * 7644 section 3.5.1 asks.
 */
final class UserMapping {

    /** Core attributes kept among the profile's attributes, by SCIM attribute name. */
    private static final List<String> STORED_CORE = List.of("nickName", "profileUrl", "title", "userType", "preferredLanguage", "timezone");
    private static final List<String> STORED_NAME_PARTS = List.of("formatted", "middleName", "honorificPrefix", "honorificSuffix");
    private static final List<String> ENTERPRISE_STRINGS = List.of("employeeNumber", "costCenter", "organization", "division", "department");

    private final Schemas schemas;

    UserMapping(Schemas schemas) {
        this.schemas = schemas;
    }

    /** The state a create or replace asks for; the username may be domain-qualified ({@code CORP/alice}). */
    record UserState(String username, boolean active, UserProfile profile, Optional<char[]> password) {}

    // ---- to SCIM ------------------------------------------------------------------------------

    /**
     * @param groups the user's groups, or null to leave {@code groups} out
     * @param links where resources live
     */
    ObjectNode toJson(User user, List<Group> groups, Links links) {
        UserProfile p = user.profile();
        Map<String, List<String>> attrs = lowerKeys(p.attributes());
        ObjectNode n = ScimJson.object();
        ArrayNode schemaList = n.putArray("schemas").add(Schemas.USER);
        String id = ScimIds.of(user.domain(), user.id());
        n.put("id", id);
        first(attrs, "externalid").ifPresent(v -> n.put("externalId", v));
        n.put("userName", ScimIds.qualifiedName(user.domain(), user.username()));

        ObjectNode name = ScimJson.object();
        // formatted only as stored: a computed one would be written back as if the client had set it
        first(attrs, "name.formatted").ifPresent(v -> name.put("formatted", v));
        putIfNotNull(name, "familyName", p.familyName());
        putIfNotNull(name, "givenName", p.givenName());
        for (String part : STORED_NAME_PARTS.subList(1, STORED_NAME_PARTS.size())) {
            first(attrs, ("name." + part).toLowerCase(Locale.ROOT)).ifPresent(v -> name.put(part, v));
        }
        if (!name.isEmpty()) {
            n.set("name", name);
        }
        putIfNotNull(n, "displayName", p.displayName());
        for (String a : STORED_CORE) {
            first(attrs, a.toLowerCase(Locale.ROOT)).ifPresent(v -> n.put(a, v));
        }
        putIfNotNull(n, "locale", p.locale());
        n.put("active", user.active());
        if (p.email() != null) {
            ObjectNode email = n.putArray("emails").addObject();
            email.put("value", p.email());
            first(attrs, "emails.type").ifPresent(t -> email.put("type", t));
            email.put("primary", true);
        }
        if (p.phoneNumber() != null) {
            ObjectNode phone = n.putArray("phoneNumbers").addObject();
            phone.put("value", p.phoneNumber());
            first(attrs, "phonenumbers.type").ifPresent(t -> phone.put("type", t));
            phone.put("primary", true);
        }
        if (groups != null) {
            ArrayNode g = n.putArray("groups");
            for (Group group : groups) {
                String groupId = ScimIds.of(group.domain(), group.id());
                ObjectNode ref = g.addObject();
                ref.put("value", groupId);
                ref.put("$ref", links.group(groupId));
                ref.put("display", ScimIds.qualifiedName(group.domain(), group.name()));
                ref.put("type", "direct");
            }
        }
        ObjectNode enterprise = ScimJson.object();
        for (String a : ENTERPRISE_STRINGS) {
            first(attrs, a.toLowerCase(Locale.ROOT)).ifPresent(v -> enterprise.put(a, v));
        }
        first(attrs, "manager").ifPresent(m -> {
            ObjectNode manager = enterprise.putObject("manager");
            manager.put("value", m);
            manager.put("$ref", links.user(m));
        });
        if (!enterprise.isEmpty()) {
            schemaList.add(Schemas.ENTERPRISE);
            n.set(Schemas.ENTERPRISE, enterprise);
        }
        ObjectNode custom = ScimJson.object();
        for (AttributeDef a : schemas.customAttributes()) {
            List<String> values = attrs.get(a.key());
            if (values != null && !values.isEmpty()) {
                if (values.size() == 1) {
                    custom.put(a.name(), values.get(0));
                } else {
                    ArrayNode arr = custom.putArray(a.name());
                    values.forEach(arr::add);
                }
            }
        }
        if (!custom.isEmpty()) {
            schemaList.add(Schemas.CUSTOM);
            n.set(Schemas.CUSTOM, custom);
        }
        ObjectNode meta = n.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", ScimJson.dateTime(user.created()));
        meta.put("lastModified", ScimJson.dateTime(user.lastModified()));
        meta.put("location", links.user(id));
        meta.put("version", ETags.of(user.version()));
        return n;
    }

    // ---- from SCIM ----------------------------------------------------------------------------

    /**
     * Reads a full User representation (POST, PUT, or a resource after PATCH operations).
     *
     * @param current the user being replaced, or null for a create; profile attributes SCIM does not
     *     manage are kept from it
     */
    UserState fromJson(ObjectNode body, User current) {
        requireSchemas(body, Schemas.USER);
        String userName = null;
        boolean active = true;
        UserProfile.Builder profile = UserProfile.builder();
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        if (current != null) {
            // keep what SCIM does not manage (e.g. attributes set through the management API)
            current.profile().attributes().forEach((k, v) -> {
                if (!managed(k)) {
                    attributes.put(k, v);
                }
            });
        }
        String email = null;
        String phone = null;
        char[] password = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value == null || value.isNull()) {
                continue;
            }
            switch (key.toLowerCase(Locale.ROOT)) {
                case "schemas", "id", "meta", "groups" -> {
                    // schemas checked above; the rest is read-only and ignored (RFC 7644 section 3.5.1)
                }
                case "externalid" -> put(attributes, "externalId", text("externalId", value));
                case "username" -> userName = text("userName", value);
                case "name" -> readName(object("name", value), profile, attributes);
                case "displayname" -> profile.displayName(text("displayName", value));
                case "locale" -> profile.locale(text("locale", value));
                case "active" -> active = bool("active", value);
                case "password" -> password = text("password", value).toCharArray();
                case "emails" -> {
                    ObjectNode e = single("emails", value);
                    if (e != null) {
                        email = required("emails.value", e);
                        optionalText(e, "type").ifPresent(t -> put(attributes, "emails.type", t));
                        checkSubAttributes("emails", e, "value", "type", "primary", "display");
                    }
                }
                case "phonenumbers" -> {
                    ObjectNode e = single("phoneNumbers", value);
                    if (e != null) {
                        phone = required("phoneNumbers.value", e);
                        optionalText(e, "type").ifPresent(t -> put(attributes, "phoneNumbers.type", t));
                        checkSubAttributes("phoneNumbers", e, "value", "type", "primary", "display");
                    }
                }
                default -> {
                    String stored = STORED_CORE.stream().filter(a -> a.equalsIgnoreCase(key)).findFirst().orElse(null);
                    if (stored != null) {
                        put(attributes, stored, text(stored, value));
                    } else if (key.equalsIgnoreCase(Schemas.ENTERPRISE)) {
                        readEnterprise(object(Schemas.ENTERPRISE, value), attributes);
                    } else if (key.equalsIgnoreCase(Schemas.CUSTOM) && !schemas.customAttributes().isEmpty()) {
                        readCustom(object(Schemas.CUSTOM, value), attributes);
                    } else {
                        throw ScimException.invalidSyntax("Unknown attribute '" + key + "' in a User");
                    }
                }
            }
        }
        if (userName == null || userName.isBlank()) {
            throw ScimException.invalidValue("userName is required");
        }
        profile.email(email).phoneNumber(phone);
        boolean sameEmail = current != null && email != null && email.equalsIgnoreCase(current.profile().email());
        profile.emailVerified(sameEmail && current.profile().emailVerified());
        attributes.forEach(profile::attribute);
        return new UserState(userName, active, profile.build(), Optional.ofNullable(password));
    }

    /** Whether SCIM manages the profile attribute of that name (so a replace may drop it). */
    boolean managed(String storedName) {
        String k = storedName.toLowerCase(Locale.ROOT);
        return Schemas.RESERVED_STORED_NAMES.contains(k) || schemas.custom(storedName).isPresent();
    }

    private void readName(ObjectNode name, UserProfile.Builder profile, Map<String, List<String>> attributes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = name.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isNull()) {
                continue;
            }
            String k = f.getKey();
            String v = text("name." + k, f.getValue());
            switch (k.toLowerCase(Locale.ROOT)) {
                case "givenname" -> profile.givenName(v);
                case "familyname" -> profile.familyName(v);
                default -> {
                    String part = STORED_NAME_PARTS.stream().filter(p -> p.equalsIgnoreCase(k)).findFirst()
                            .orElseThrow(() -> ScimException.invalidSyntax("Unknown attribute 'name." + k + "'"));
                    put(attributes, "name." + part, v);
                }
            }
        }
    }

    private void readEnterprise(ObjectNode ext, Map<String, List<String>> attributes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = ext.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isNull()) {
                continue;
            }
            String k = f.getKey();
            if (k.equalsIgnoreCase("manager")) {
                JsonNode m = f.getValue();
                // the manager by id; a bare string is accepted too, as several clients send it
                String id = m.isTextual() ? m.asText() : optionalText(object("manager", m), "value").orElse(null);
                if (m.isObject()) {
                    checkSubAttributes("manager", (ObjectNode) m, "value", "$ref", "displayName");
                }
                if (id != null && !id.isBlank()) {
                    put(attributes, "manager", id);
                }
                continue;
            }
            String stored = ENTERPRISE_STRINGS.stream().filter(a -> a.equalsIgnoreCase(k)).findFirst()
                    .orElseThrow(() -> ScimException.invalidSyntax("Unknown attribute '" + k + "' of " + Schemas.ENTERPRISE));
            put(attributes, stored, text(stored, f.getValue()));
        }
    }

    private void readCustom(ObjectNode ext, Map<String, List<String>> attributes) {
        for (Iterator<Map.Entry<String, JsonNode>> it = ext.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            AttributeDef def = schemas.custom(f.getKey())
                    .orElseThrow(() -> ScimException.invalidSyntax("Unknown attribute '" + f.getKey() + "' of " + Schemas.CUSTOM));
            JsonNode v = f.getValue();
            if (v.isNull()) {
                continue;
            }
            List<String> values = new ArrayList<>();
            if (v.isArray()) {
                for (JsonNode e : v) {
                    values.add(text(def.name(), e));
                }
            } else {
                values.add(text(def.name(), v));
            }
            if (!values.isEmpty()) {
                attributes.put(def.name(), values);
            }
        }
    }

    // ---- helpers shared with groups -------------------------------------------------------------

    static void requireSchemas(ObjectNode body, String coreSchema) {
        JsonNode s = body.get("schemas");
        if (s == null || !s.isArray()) {
            throw ScimException.invalidSyntax("The body must name its schemas, e.g. \"schemas\": [\"" + coreSchema + "\"]");
        }
        boolean core = false;
        for (JsonNode e : s) {
            if (!e.isTextual()) {
                throw ScimException.invalidSyntax("schemas must be a list of schema URNs");
            }
            core |= e.asText().equalsIgnoreCase(coreSchema);
        }
        if (!core) {
            throw ScimException.invalidSyntax("schemas must include " + coreSchema);
        }
    }

    static String text(String attribute, JsonNode value) {
        if (!value.isTextual()) {
            throw ScimException.invalidValue(attribute + " must be a string");
        }
        return value.asText();
    }

    static boolean bool(String attribute, JsonNode value) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        // some provisioning clients send "True"/"False" as strings
        if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(value.asText().toLowerCase(Locale.ROOT));
        }
        throw ScimException.invalidValue(attribute + " must be true or false");
    }

    static ObjectNode object(String attribute, JsonNode value) {
        if (!value.isObject()) {
            throw ScimException.invalidValue(attribute + " must be a JSON object");
        }
        return (ObjectNode) value;
    }

    static Optional<String> optionalText(ObjectNode node, String name) {
        JsonNode v = getIgnoringCase(node, name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(text(name, v));
    }

    static JsonNode getIgnoringCase(ObjectNode node, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equalsIgnoreCase(name)) {
                return f.getValue();
            }
        }
        return null;
    }

    private static String required(String attribute, ObjectNode node) {
        String sub = attribute.substring(attribute.indexOf('.') + 1);
        return optionalText(node, sub).filter(s -> !s.isBlank())
                .orElseThrow(() -> ScimException.invalidValue(attribute + " is required"));
    }

    private static void checkSubAttributes(String attribute, ObjectNode node, String... known) {
        node.fieldNames().forEachRemaining(k -> {
            if (List.of(known).stream().noneMatch(s -> s.equalsIgnoreCase(k))) {
                throw ScimException.invalidSyntax("Unknown attribute '" + attribute + "." + k + "'");
            }
        });
    }

    /** The one value of a multi-valued attribute that Gatehouse keeps once; null for an empty list. */
    private static ObjectNode single(String attribute, JsonNode value) {
        if (value.isObject()) {
            return (ObjectNode) value;
        }
        if (!value.isArray()) {
            throw ScimException.invalidValue(attribute + " must be a list of objects");
        }
        List<ObjectNode> entries = new ArrayList<>();
        for (JsonNode e : value) {
            entries.add(object(attribute, e));
        }
        if (entries.isEmpty()) {
            return null;
        }
        if (entries.size() > 1) {
            List<ObjectNode> primary = entries.stream().filter(e -> {
                JsonNode p = getIgnoringCase(e, "primary");
                return p != null && p.asBoolean(false);
            }).toList();
            throw ScimException.invalidValue("Gatehouse keeps one of " + attribute + " per user; " + entries.size() + " were sent"
                    + (primary.size() == 1 ? " (send only the primary one)" : ""));
        }
        return entries.get(0);
    }

    private static void put(Map<String, List<String>> attributes, String name, String value) {
        if (value == null || value.isEmpty()) {
            attributes.remove(name);
        } else {
            attributes.put(name, List.of(value));
        }
    }

    private static void putIfNotNull(ObjectNode n, String name, String value) {
        if (value != null) {
            n.put(name, value);
        }
    }

    private static Map<String, List<String>> lowerKeys(Map<String, List<String>> attributes) {
        Map<String, List<String>> out = new HashMap<>();
        attributes.forEach((k, v) -> out.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    private static Optional<String> first(Map<String, List<String>> attrs, String lowerName) {
        List<String> v = attrs.get(lowerName);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }
}
