package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A SCIM answer: a status, headers and a JSON body (null for 204 and 304). */
record ScimResponse(int status, Map<String, String> headers, JsonNode body) {

    static ScimResponse ok(JsonNode body) {
        return new ScimResponse(200, Map.of(), body);
    }

    static ScimResponse resource(int status, ObjectNode resource, String etag, String location) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (etag != null) {
            headers.put("ETag", etag);
        }
        if (location != null) {
            headers.put("Location", location);
        }
        return new ScimResponse(status, headers, resource);
    }

    static ScimResponse noContent() {
        return new ScimResponse(204, Map.of(), null);
    }

    static ScimResponse error(int status, String scimType, String detail) {
        ObjectNode body = ScimJson.object();
        body.putArray("schemas").add(Schemas.ERROR);
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", detail);
        // RFC 7644 section 3.12: the status is a JSON string
        body.put("status", String.valueOf(status));
        return new ScimResponse(status, Map.of(), body);
    }

    static ScimResponse error(ScimException e) {
        ScimResponse r = error(e.status(), e.scimType(), e.getMessage());
        return new ScimResponse(r.status, e.headers(), r.body);
    }
}
