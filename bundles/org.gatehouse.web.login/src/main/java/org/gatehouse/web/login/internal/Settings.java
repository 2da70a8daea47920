package org.gatehouse.web.login.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The login pages' settings, checked once.
 *
 * @param productName shown on every page
 * @param cssUrl the style sheet
 */
record Settings(String productName, String cssUrl) {

    /**
     * Same-origin resources only, never framed. No {@code form-action}: browsers check it against
     * every redirect that follows a form post, and a login post ends, two redirects later, at the
     * application's own redirect URI on another origin.
     */
    static final String CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    Settings {
        productName = productName == null || productName.isBlank() ? "Gatehouse" : productName.strip();
        cssUrl = cssUrl == null || cssUrl.isBlank() ? StaticResourceServlet.CSS_PATH : cssUrl.strip();
        if (!(cssUrl.startsWith("/") && !cssUrl.startsWith("//")) && externalOrigin(cssUrl).isEmpty()) {
            throw new IllegalArgumentException("The login style sheet must be a server-relative path or an https URL: " + cssUrl);
        }
    }

    static Settings of(LoginPagesConfiguration config) {
        return new Settings(config.productName(), config.cssUrl());
    }

    static Settings defaults() {
        return new Settings("Gatehouse", StaticResourceServlet.CSS_PATH);
    }

    /** @return the Content-Security-Policy of every page: same origin only, plus an external style sheet's origin */
    String contentSecurityPolicy() {
        return externalOrigin(cssUrl).map(o -> CSP + "; style-src 'self' " + o).orElse(CSP);
    }

    private static Optional<String> externalOrigin(String url) {
        try {
            URI uri = new URI(url);
            if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null) {
                return Optional.of("https://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
            }
        } catch (java.net.URISyntaxException e) {
            // not a URL
        }
        return Optional.empty();
    }
}
