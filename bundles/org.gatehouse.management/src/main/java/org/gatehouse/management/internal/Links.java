package org.gatehouse.management.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.gatehouse.api.context.ServerInfo;

/**
 * Absolute links of the management API, always derived from {@link ServerInfo#baseUrl()} and never
 * from the request's {@code Host} header, which a client controls.
 */
final class Links {
    private Links() {}

    static URI user(ServerInfo server, String id, String domainOrNull) {
        return resource(server, "/api/users/", id, domainOrNull);
    }

    static URI group(ServerInfo server, String id, String domainOrNull) {
        return resource(server, "/api/groups/", id, domainOrNull);
    }

    static URI application(ServerInfo server, String clientId) {
        return resource(server, "/api/applications/", clientId, null);
    }

    private static URI resource(ServerInfo server, String collection, String id, String domainOrNull) {
        String base = server.baseUrl().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String query = domainOrNull == null ? "" : "?domain=" + encode(domainOrNull);
        return URI.create(base + collection + encode(id) + query);
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    static String encode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
