package org.gatehouse.protocol.scim2.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One SCIM operation, from HTTP or from a bulk request: the method, the path below {@code /scim2}
 * as decoded segments, the query parameters, the preconditions and the body.
 *
 * @param ifMatch the {@code If-Match} header (a bulk operation's {@code version}), or null
 * @param ifNoneMatch the {@code If-None-Match} header, or null
 * @param body the body, empty when there is none
 */
record ScimRequest(String method, List<String> path, Map<String, List<String>> query, String ifMatch, String ifNoneMatch,
        byte[] body, Caller caller) {

    Optional<String> param(String name) {
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                if (e.getValue().size() > 1) {
                    throw ScimException.invalidValue("The parameter " + name + " is given more than once");
                }
                return e.getValue().stream().findFirst();
            }
        }
        return Optional.empty();
    }

    String segment(int i) {
        return i < path.size() ? path.get(i) : null;
    }
}
