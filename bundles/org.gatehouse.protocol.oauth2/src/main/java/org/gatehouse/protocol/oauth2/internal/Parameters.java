package org.gatehouse.protocol.oauth2.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Request parameters of an OAuth endpoint. RFC 6749 §3.1/§3.2: parameters must not be included
 * more than once, and parameters sent without a value are treated as omitted.
 */
final class Parameters {

    private final Map<String, String> values;

    Parameters(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Parses {@code application/x-www-form-urlencoded} text, merging into {@code into}.
     *
     * @throws OAuthException invalid_request for a repeated parameter or malformed encoding
     */
    static void parse(String encoded, Map<String, String> into) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OAuthException.invalidRequest("Malformed form encoding");
            }
            if (value.isEmpty()) {
                continue;
            }
            if (into.putIfAbsent(name, value) != null) {
                throw OAuthException.invalidRequest("Parameter '" + name + "' is repeated");
            }
        }
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw OAuthException.invalidRequest("Missing parameter '" + name + "'");
        }
        return v;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Set<String> names() {
        return values.keySet();
    }

    Map<String, String> asMap() {
        return values;
    }

    /** @return these parameters overridden by {@code other}'s */
    Parameters overriddenBy(Map<String, String> other) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(other);
        return new Parameters(merged);
    }
}
