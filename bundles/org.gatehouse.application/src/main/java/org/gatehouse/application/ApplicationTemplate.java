package org.gatehouse.application;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of application, each with its own safe defaults and limits. */
public enum ApplicationTemplate {
    /** Browser app with no back end: public client, PKCE required, rotating refresh tokens, CORS origins, no secret. */
    SINGLE_PAGE("spa"),
    /** Server-side web app: confidential client, authorization code (+ PKCE), refresh tokens. */
    TRADITIONAL_WEB("web"),
    /** Mobile or desktop app: public client, PKCE required, custom-scheme or loopback redirects (RFC 8252). */
    NATIVE("native"),
    /** A service calling APIs on its own behalf: client credentials only, no redirects, no users. */
    MACHINE_TO_MACHINE("m2m"),
    /** Every option, for clients that know exactly what they need (and dynamic registration). */
    STANDARD_OIDC("oidc");

    private final String id;

    ApplicationTemplate(String id) {
        this.id = id;
    }

    /** @return the template's identifier in JSON, e.g. {@code spa} */
    public String id() {
        return id;
    }

    public static Optional<ApplicationTemplate> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
