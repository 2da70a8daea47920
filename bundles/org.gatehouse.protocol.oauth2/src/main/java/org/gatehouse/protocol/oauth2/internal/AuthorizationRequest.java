package org.gatehouse.protocol.oauth2.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatehouse.application.Application;

/**
 * A validated authorization request (RFC 6749 §4.1.1, RFC 7636, OpenID Connect Core §3.1.2.1).
 * Validation runs in the order RFC 6749 §4.1.2.1 fixes: the client and redirect URI first (errors
 * there are shown, never redirected), then everything else (errors go back to the client).
 */
record AuthorizationRequest(
        Application application,
        String redirectUri,
        boolean redirectUriExplicit,
        String responseMode,
        Optional<String> state,
        Optional<String> nonce,
        Set<String> scopes,
        Optional<String> codeChallenge,
        Set<String> prompt,
        Optional<Duration> maxAge,
        Optional<String> loginHint,
        List<String> uiLocales,
        List<String> acrValues,
        Optional<String> claims,
        Optional<String> idTokenHint,
        Optional<String> enrol,
        Parameters parameters) {

    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");
    /** An authenticator id, as the flow definitions spell them. */
    private static final Pattern AUTHENTICATOR_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    /** An error shown to the user because the client or redirect URI cannot be trusted. */
    static final class Untrusted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Untrusted(String message) {
            super(message, null, false, false);
        }
    }

    /** An error returned to the client at its (validated) redirect URI. */
    static final class Redirectable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String error;
        final String redirectUri;
        final String responseMode;
        final Optional<String> state;

        Redirectable(String error, String description, String redirectUri, String responseMode, Optional<String> state) {
            super(description, null, false, false);
            this.error = error;
            this.redirectUri = redirectUri;
            this.responseMode = responseMode;
            this.state = state;
        }
    }

    /** Step one: the client and its redirect URI. */
    static String redirectUri(Application app, Optional<String> requested, boolean openid) {
        List<String> registered = app.metadata().redirectUris();
        if (requested.isEmpty()) {
            if (registered.size() == 1 && !openid) {
                return registered.get(0);
            }
            throw new Untrusted("The request has no redirect_uri");
        }
        String uri = requested.get();
        if (registered.contains(uri) || registered.stream().anyMatch(r -> loopbackMatch(r, uri))) {
            return uri;
        }
        throw new Untrusted("The redirect_uri is not registered for this application");
    }

    /** RFC 8252 §7.3: for loopback IP redirect URIs the port may vary; nothing else may. */
    static boolean loopbackMatch(String registered, String requested) {
        try {
            URI r = new URI(registered);
            URI q = new URI(requested);
            if (!"http".equals(r.getScheme()) || !"http".equals(q.getScheme())) {
                return false;
            }
            String host = r.getHost();
            if (host == null || !(host.equals("127.0.0.1") || host.equals("[::1]"))) {
                return false;
            }
            return host.equals(q.getHost()) && q.getPort() > 0 && q.getRawUserInfo() == null
                    && java.util.Objects.equals(r.getRawPath(), q.getRawPath())
                    && java.util.Objects.equals(r.getRawQuery(), q.getRawQuery()) && q.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Step two: everything else. */
    static AuthorizationRequest validate(Application app, Parameters p, Optional<Duration> defaultMaxAge) {
        // parsed first because openid makes redirect_uri mandatory; a bad scope is reported once
        // there is a redirect URI to report it to
        Set<String> scopes;
        OAuthException scopeError = null;
        try {
            scopes = Scopes.parse(p.get("scope").orElse(null));
        } catch (OAuthException e) {
            scopes = Set.of();
            scopeError = e;
        }
        boolean openid = scopes.contains(Scopes.OPENID);
        String redirectUri = redirectUri(app, p.get("redirect_uri"), openid);
        Optional<String> state = p.get("state");
        String mode = p.get("response_mode").orElse("query");
        if (!Set.of("query", "fragment", "form_post").contains(mode)) {
            mode = "query";
            throw new Redirectable("invalid_request", "Unsupported response_mode", redirectUri, mode, state);
        }
        final String responseMode = mode;
        java.util.function.BiFunction<String, String, Redirectable> fail = (error, description) ->
                new Redirectable(error, description, redirectUri, responseMode, state);

        String responseType = p.get("response_type").orElseThrow(() -> fail.apply("invalid_request", "Missing response_type"));
        if (!"code".equals(responseType)) {
            throw fail.apply("unsupported_response_type", "Only response_type=code is supported (OAuth 2.1)");
        }
        if (!app.metadata().grantTypes().contains("authorization_code")) {
            throw fail.apply("unauthorized_client", "This application may not use the authorization code flow");
        }
        if (scopeError != null) {
            throw fail.apply("invalid_scope", scopeError.getMessage());
        }
        Set<String> granted = Scopes.granted(scopes, app.metadata().scopes());
        if (scopes.isEmpty()) {
            granted = new LinkedHashSet<>();
        }
        if (!scopes.isEmpty() && granted.isEmpty()) {
            throw fail.apply("invalid_scope", "None of the requested scopes is allowed for this application");
        }
        Optional<String> challenge = p.get("code_challenge");
        Optional<String> method = p.get("code_challenge_method");
        if (challenge.isPresent()) {
            if (!"S256".equals(method.orElse("plain"))) {
                throw fail.apply("invalid_request", "code_challenge_method must be S256");
            }
            if (!CHALLENGE.matcher(challenge.get()).matches()) {
                throw fail.apply("invalid_request", "Malformed code_challenge");
            }
        } else if (method.isPresent()) {
            throw fail.apply("invalid_request", "code_challenge_method without code_challenge");
        } else if (app.metadata().requirePkce() || !app.metadata().confidential()) {
            throw fail.apply("invalid_request", "PKCE is required: send code_challenge and code_challenge_method=S256");
        }
        Set<String> prompt = new LinkedHashSet<>();
        p.get("prompt").ifPresent(v -> prompt.addAll(Arrays.asList(v.trim().split(" +"))));
        if (!PROMPTS.containsAll(prompt)) {
            throw fail.apply("invalid_request", "Unsupported prompt value");
        }
        if (prompt.contains("none") && prompt.size() > 1) {
            throw fail.apply("invalid_request", "prompt=none cannot be combined with other values");
        }
        Optional<Duration> maxAge = defaultMaxAge;
        if (p.has("max_age")) {
            try {
                long seconds = Long.parseLong(p.require("max_age"));
                if (seconds < 0) {
                    throw new NumberFormatException();
                }
                maxAge = Optional.of(Duration.ofSeconds(seconds));
            } catch (NumberFormatException e) {
                throw fail.apply("invalid_request", "max_age must be a non-negative integer");
            }
        }
        Optional<String> nonce = p.get("nonce");
        if (nonce.filter(n -> n.length() > 512).isPresent() || state.filter(s -> s.length() > 2048).isPresent()) {
            throw fail.apply("invalid_request", "nonce or state is too long");
        }
        Optional<String> claims = p.get("claims");
        if (claims.isPresent()) {
            try {
                new Json().readObject(claims.get());
            } catch (IllegalArgumentException e) {
                throw fail.apply("invalid_request", "claims must be a JSON object");
            }
        }
        List<String> uiLocales = p.get("ui_locales").map(v -> List.of(v.trim().split(" +"))).orElse(List.of());
        List<String> acr = p.get("acr_values").map(v -> List.of(v.trim().split(" +"))).orElse(List.of());
        // enrol=<authenticator>: the user sets that factor up after logging in (application-initiated)
        Optional<String> enrol = p.get("enrol");
        if (enrol.isPresent() && !AUTHENTICATOR_ID.matcher(enrol.get()).matches()) {
            throw fail.apply("invalid_request", "enrol must name an authenticator");
        }
        if (enrol.isPresent() && prompt.contains("none")) {
            throw fail.apply("invalid_request", "enrol cannot be combined with prompt=none: setting up a factor needs the user");
        }
        return new AuthorizationRequest(app, redirectUri, p.has("redirect_uri"), responseMode, state, nonce, granted, challenge, prompt, maxAge,
                p.get("login_hint"), uiLocales, acr, claims, p.get("id_token_hint"), enrol, p);
    }
}
