package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.gatehouse.api.userstore.DirectoryPage;

/** ListResponse bodies (RFC 7644 section 3.4.2). */
final class Lists {
    private Lists() {}

    /**
     * A page of resources. When a user store was down its entries are missing: the answer says so in
     * a {@code Warning} header (SCIM has no field for partial results) and the total counts only the
     * stores that answered.
     */
    static ScimResponse response(DirectoryPage<?> page, ListRequest list, ArrayNode resources) {
        ObjectNode body = ScimJson.object();
        body.putArray("schemas").add(Schemas.LIST_RESPONSE);
        long total = page.page().totalResults();
        if (total < 0) {
            // a store that cannot count: at least what came, and one more when the page is full
            total = (long) list.startIndex() - 1 + resources.size() + (resources.size() == list.count() ? 1 : 0);
        }
        body.put("totalResults", total);
        body.put("itemsPerPage", resources.size());
        body.put("startIndex", list.startIndex());
        body.set("Resources", resources);
        if (page.complete()) {
            return ScimResponse.ok(body);
        }
        String warning = "199 gatehouse \"Incomplete results: the user store(s) " + String.join(", ", page.unavailableDomains())
                + " did not answer\"";
        return new ScimResponse(200, Map.of("Warning", warning), body);
    }

    static ScimResponse of(ArrayNode resources) {
        ObjectNode body = ScimJson.object();
        body.putArray("schemas").add(Schemas.LIST_RESPONSE);
        body.put("totalResults", resources.size());
        body.put("itemsPerPage", resources.size());
        body.put("startIndex", 1);
        body.set("Resources", resources);
        return ScimResponse.ok(body);
    }
}
