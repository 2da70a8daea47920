package org.gatehouse.protocol.scim2.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Absolute URIs of SCIM resources, derived from the server's configured base URL and never from the
 * request's {@code Host} header, which a client controls.
 */
final class Links {

    static final String PREFIX = "/scim2";

    private final String base;

    /** @param serverBaseUrl the server's public base URL, without a trailing slash */
    Links(String serverBaseUrl) {
        this.base = (serverBaseUrl.endsWith("/") ? serverBaseUrl.substring(0, serverBaseUrl.length() - 1) : serverBaseUrl) + PREFIX;
    }

    String base() {
        return base;
    }

    String user(String scimId) {
        return base + "/Users/" + encode(scimId);
    }

    String group(String scimId) {
        return base + "/Groups/" + encode(scimId);
    }

    /** Percent-encodes a path segment (a space as %20, never +). */
    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
