package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.User;

/**
 * Groups as SCIM resources and back. A group's members are users of the group's own store;
 * {@code externalId} is accepted and ignored (groups keep no custom attributes).
 */
final class GroupMapping {

    private GroupMapping() {}

    /** The state a create or replace asks for: a (possibly domain-qualified) name and the SCIM ids of the members. */
    record GroupState(String name, Set<String> memberIds) {}

    /** @param members the members, or null to leave {@code members} out */
    static ObjectNode toJson(Group group, List<User> members, Links links) {
        ObjectNode n = ScimJson.object();
        n.putArray("schemas").add(Schemas.GROUP);
        String id = ScimIds.of(group.domain(), group.id());
        n.put("id", id);
        n.put("displayName", ScimIds.qualifiedName(group.domain(), group.name()));
        if (members != null) {
            ArrayNode m = n.putArray("members");
            for (User u : members) {
                String userId = ScimIds.of(u.domain(), u.id());
                ObjectNode ref = m.addObject();
                ref.put("value", userId);
                ref.put("$ref", links.user(userId));
                ref.put("display", ScimIds.qualifiedName(u.domain(), u.username()));
                ref.put("type", "User");
            }
        }
        ObjectNode meta = n.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("created", ScimJson.dateTime(group.created()));
        meta.put("lastModified", ScimJson.dateTime(group.lastModified()));
        meta.put("location", links.group(id));
        meta.put("version", ETags.of(group.version()));
        return n;
    }

    static GroupState fromJson(ObjectNode body) {
        UserMapping.requireSchemas(body, Schemas.GROUP);
        String name = null;
        Set<String> members = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (v == null || v.isNull()) {
                continue;
            }
            switch (f.getKey().toLowerCase(Locale.ROOT)) {
                case "schemas", "id", "meta", "externalid" -> {
                    // read-only, or (externalId) not kept for groups
                }
                case "displayname" -> name = UserMapping.text("displayName", v);
                case "members" -> {
                    if (!v.isArray()) {
                        throw ScimException.invalidValue("members must be a list of objects");
                    }
                    for (JsonNode m : v) {
                        ObjectNode member = UserMapping.object("members", m);
                        member.fieldNames().forEachRemaining(k -> {
                            if (!List.of("value", "$ref", "display", "type").contains(k.toLowerCase(Locale.ROOT))) {
                                throw ScimException.invalidSyntax("Unknown attribute 'members." + k + "'");
                            }
                        });
                        Optional<String> type = UserMapping.optionalText(member, "type");
                        if (type.isPresent() && !type.get().equalsIgnoreCase("User")) {
                            throw ScimException.invalidValue("Members are users: groups cannot contain groups (type '" + type.get() + "')");
                        }
                        String value = UserMapping.optionalText(member, "value").filter(s -> !s.isBlank())
                                .orElseThrow(() -> ScimException.invalidValue("members.value is required"));
                        members.add(value);
                    }
                }
                default -> throw ScimException.invalidSyntax("Unknown attribute '" + f.getKey() + "' in a Group");
            }
        }
        if (name == null || name.isBlank()) {
            throw ScimException.invalidValue("displayName is required");
        }
        return new GroupState(name, members);
    }
}
