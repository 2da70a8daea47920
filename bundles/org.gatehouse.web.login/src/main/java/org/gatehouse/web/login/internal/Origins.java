package org.gatehouse.web.login.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Cross-site request checks: the form token, and where a POST says it comes from. */
final class Origins {

    private Origins() {}

    /** @return whether the sent token equals the expected one, compared in constant time */
    static boolean tokenMatches(String sent, String expected) {
        if (sent == null || expected == null || expected.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether a POST is same-origin as far as the browser says: its {@code Origin}, or failing that
     * its {@code Referer}, must be one of the allowed origins. A request with neither passes (old
     * clients, scripts); {@code Origin: null} does not (sandboxed frames, privacy redirects).
     */
    static boolean sameOrigin(String originHeader, String refererHeader, Set<String> allowed) {
        if (originHeader != null && !originHeader.isBlank()) {
            return origin(originHeader.strip()).map(allowed::contains).orElse(false);
        }
        if (refererHeader != null && !refererHeader.isBlank()) {
            return origin(refererHeader.strip()).map(allowed::contains).orElse(false);
        }
        return true;
    }

    /** @return {@code scheme://host[:port]}, lower case, the default port left out; empty for anything else */
    static Optional<String> origin(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
