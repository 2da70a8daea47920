package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code /ServiceProviderConfig}, {@code /ResourceTypes} and {@code /Schemas} (RFC 7644 section 4). */
final class DiscoveryEndpoints {

    private final ScimContext ctx;

    DiscoveryEndpoints(ScimContext ctx) {
        this.ctx = ctx;
    }

    ScimResponse serviceProviderConfig(ScimRequest r) {
        if (r.param("filter").isPresent()) {
            // RFC 7644 section 4: a filter here must not suggest that the configuration matched it
            throw ScimException.forbidden("/ServiceProviderConfig takes no filter");
        }
        ObjectNode n = ScimJson.object();
        n.putArray("schemas").add(Schemas.SERVICE_PROVIDER_CONFIG);
        n.put("documentationUri", "https://gatehouse.invalid/docs/scim");
        n.putObject("patch").put("supported", true);
        ObjectNode bulk = n.putObject("bulk");
        bulk.put("supported", true);
        bulk.put("maxOperations", ctx.limits.bulkMaxOperations());
        bulk.put("maxPayloadSize", ctx.limits.bulkMaxPayloadBytes());
        ObjectNode filter = n.putObject("filter");
        filter.put("supported", true);
        filter.put("maxResults", ctx.limits.maxResults());
        n.putObject("changePassword").put("supported", true);
        n.putObject("sort").put("supported", true);
        n.putObject("etag").put("supported", true);
        ObjectNode scheme = n.putArray("authenticationSchemes").addObject();
        scheme.put("type", "oauthbearertoken");
        scheme.put("name", "OAuth Bearer Token");
        scheme.put("description", "An access token of this server: scim:read or scim:write (client credentials) for /Users, /Groups and"
                + " /Bulk, scim:me (a user's token) for /Me");
        scheme.put("specUri", "https://www.rfc-editor.org/info/rfc6750");
        scheme.put("primary", true);
        ObjectNode meta = n.putObject("meta");
        meta.put("resourceType", "ServiceProviderConfig");
        meta.put("location", ctx.links.base() + "/ServiceProviderConfig");
        return ScimResponse.ok(n);
    }

    ScimResponse resourceTypes(String id) {
        List<ObjectNode> types = List.of(
                resourceType("User", "/Users", "User Account", Schemas.USER, ctx.schemas.userExtensions()),
                resourceType("Group", "/Groups", "Group", Schemas.GROUP, List.of()));
        return pick(types, id, "resource type");
    }

    ScimResponse schemas(String id) {
        return pick(ctx.schemas.all(ctx.links.base()), id, "schema");
    }

    private static ScimResponse pick(List<ObjectNode> all, String id, String what) {
        if (id == null) {
            ArrayNode resources = ScimJson.array();
            all.forEach(resources::add);
            return Lists.of(resources);
        }
        return all.stream().filter(n -> n.path("id").asText().equalsIgnoreCase(id)).findFirst()
                .map(ScimResponse::ok)
                .orElseThrow(() -> ScimException.notFound("There is no " + what + " " + id));
    }

    private ObjectNode resourceType(String name, String endpoint, String description, String schema, List<String> extensions) {
        ObjectNode n = ScimJson.object();
        n.putArray("schemas").add(Schemas.RESOURCE_TYPE);
        n.put("id", name);
        n.put("name", name);
        n.put("endpoint", endpoint);
        n.put("description", description);
        n.put("schema", schema);
        ArrayNode ext = n.putArray("schemaExtensions");
        for (String e : extensions) {
            ObjectNode x = ext.addObject();
            x.put("schema", e);
            x.put("required", false);
        }
        ObjectNode meta = n.putObject("meta");
        meta.put("resourceType", "ResourceType");
        meta.put("location", ctx.links.base() + "/ResourceTypes/" + name);
        return n;
    }
}
