package org.gatehouse.protocol.oauth2.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.application.Application;
import org.gatehouse.application.Applications;
import org.gatehouse.core.session.LoginRequest;
import org.gatehouse.core.session.LoginRequests;
import org.gatehouse.core.session.SsoSession;
import org.gatehouse.core.session.SsoSessions;
import org.gatehouse.crypto.Secrets;

/**
 * {@code /oauth2/authorize}: the authorization code flow with PKCE, pushed (RFC 9126) and signed
 * (RFC 9101) requests, the login hand-over to the login pages, consent, and the three response
 * modes. A request waiting for a login or consent is stored; the browser carries only its id.
 */
final class AuthorizationEndpoint {

    static final String PAR_PREFIX = "urn:ietf:params:oauth:request_uri:";

    private final Applications applications;
    private final OAuthStore store;
    private final SsoSessions sessions;
    private final LoginRequests logins;
    private final ClientKeys clientKeys;
    private final TokenService tokens;
    private final Json json;
    private final OAuth2Server.Context context;

    AuthorizationEndpoint(Applications applications, OAuthStore store, SsoSessions sessions, LoginRequests logins, ClientKeys clientKeys,
            TokenService tokens, Json json, OAuth2Server.Context context) {
        this.applications = applications;
        this.store = store;
        this.sessions = sessions;
        this.logins = logins;
        this.clientKeys = clientKeys;
        this.tokens = tokens;
        this.json = json;
        this.context = context;
    }

    /** GET or POST /oauth2/authorize */
    void authorize(Exchange exchange) throws IOException {
        try {
            Parameters outer = exchange.parameters();
            String clientId = outer.get("client_id").orElseThrow(() -> new AuthorizationRequest.Untrusted("The request has no client_id"));
            Application app = applications.findByClientId(clientId)
                    .orElseThrow(() -> new AuthorizationRequest.Untrusted("Unknown client_id"));
            Parameters params = effectiveParameters(app, outer);
            if (app.metadata().requirePushedAuthorizationRequests() && !outer.get("request_uri").filter(u -> u.startsWith(PAR_PREFIX)).isPresent()) {
                AuthorizationRequest.redirectUri(app, params.get("redirect_uri"), true);
                throw new AuthorizationRequest.Redirectable("invalid_request", "This application must use pushed authorization requests",
                        params.require("redirect_uri"), "query", params.get("state"));
            }
            AuthorizationRequest request = AuthorizationRequest.validate(app, params, app.metadata().defaultMaxAge());
            proceed(exchange, request, Optional.empty(), false);
        } catch (AuthorizationRequest.Untrusted e) {
            exchange.html(400, Pages.error("Cannot continue", e.getMessage() + ". Go back to the application and try again."));
        } catch (AuthorizationRequest.Redirectable e) {
            respond(exchange, e.redirectUri, e.responseMode, errorResponse(e.error, e.getMessage(), e.state));
        }
    }

    /** GET /oauth2/authorize/resume?id=... : back from the login pages. */
    void resume(Exchange exchange) throws IOException {
        Optional<OAuthStore.Pending> pending = exchange.queryParameters().get("id").flatMap(id -> store.findPending(id, context.now()))
                .filter(p -> !p.pushed() && !p.used());
        if (pending.isEmpty()) {
            exchange.html(400, Pages.error("This sign-in has expired", "Go back to the application and start again."));
            return;
        }
        try {
            AuthorizationRequest request = reload(pending.get());
            proceed(exchange, request, Optional.of(pending.get()), false);
        } catch (AuthorizationRequest.Untrusted e) {
            exchange.html(400, Pages.error("Cannot continue", e.getMessage()));
        } catch (AuthorizationRequest.Redirectable e) {
            respond(exchange, e.redirectUri, e.responseMode, errorResponse(e.error, e.getMessage(), e.state));
        }
    }

    /** POST /oauth2/consent */
    void consent(Exchange exchange) throws IOException {
        if (!exchange.isPost()) {
            exchange.html(405, Pages.error("Cannot continue", "Use the consent form."));
            return;
        }
        Parameters form = exchange.parameters();
        Optional<OAuthStore.Pending> pending = form.get("id").flatMap(id -> store.findPending(id, context.now())).filter(p -> !p.used());
        Optional<SsoSession> session = currentSession(exchange);
        if (pending.isEmpty() || session.isEmpty()) {
            exchange.html(400, Pages.error("This sign-in has expired", "Go back to the application and start again."));
            return;
        }
        if (!Secrets.matches(pending.get().id() + "|" + session.get().id(), form.get("csrf").orElse(""))) {
            exchange.html(403, Pages.error("Cannot continue", "The form was not sent from this page. Go back to the application and start again."));
            return;
        }
        try {
            AuthorizationRequest request = reload(pending.get());
            if (!"approve".equals(form.get("decision").orElse(""))) {
                store.usePending(pending.get().id(), context.now());
                throw new AuthorizationRequest.Redirectable("access_denied", "The user denied the request", request.redirectUri(), request.responseMode(), request.state());
            }
            Set<String> consented = new LinkedHashSet<>(store.consentedScopes(request.application().organizationId(), session.get().user(), request.application().clientId()));
            consented.addAll(request.scopes());
            store.saveConsent(request.application().organizationId(), session.get().user(), request.application().clientId(), consented, context.now());
            proceed(exchange, request, pending, true);
        } catch (AuthorizationRequest.Untrusted e) {
            exchange.html(400, Pages.error("Cannot continue", e.getMessage()));
        } catch (AuthorizationRequest.Redirectable e) {
            respond(exchange, e.redirectUri, e.responseMode, errorResponse(e.error, e.getMessage(), e.state));
        }
    }

    private AuthorizationRequest reload(OAuthStore.Pending pending) {
        Application app = applications.findByClientId(pending.clientId())
                .orElseThrow(() -> new AuthorizationRequest.Untrusted("The application no longer exists"));
        Map<String, String> values = new LinkedHashMap<>();
        json.readObject(pending.params()).forEach((k, v) -> values.put(k, String.valueOf(v)));
        return AuthorizationRequest.validate(app, new Parameters(values), app.metadata().defaultMaxAge());
    }

    private void proceed(Exchange exchange, AuthorizationRequest request, Optional<OAuthStore.Pending> pending, boolean consentGiven) throws IOException {
        Instant now = context.now();
        Application app = request.application();
        Optional<SsoSession> session = currentSession(exchange);
        boolean back = pending.isPresent();
        Instant requestedAt = pending.map(OAuthStore.Pending::created).orElse(now);
        boolean fresh = session.map(s -> !s.authTime().isBefore(requestedAt.minusSeconds(1))).orElse(false);
        boolean tooOld = session.isPresent() && request.maxAge().map(m -> session.get().authTime().plus(m).isBefore(now)).orElse(false);
        boolean needLogin = session.isEmpty()
                || (request.prompt().contains("login") && !(back && fresh))
                || (tooOld && !(back && fresh))
                || (request.prompt().contains("select_account") && !back)
                // setting a factor up follows a full login, never a session alone
                || (request.enrol().isPresent() && !(back && fresh));
        if (session.isPresent() && request.prompt().contains("none")) {
            Optional<String> hinted = request.idTokenHint().flatMap(this::subjectOf);
            if (hinted.isPresent() && !hinted.get().equals(Subjects.of(session.get().user()))) {
                throw redirectError(request, "login_required", "The session belongs to another user than id_token_hint names");
            }
        }
        if (needLogin) {
            if (request.prompt().contains("none")) {
                throw redirectError(request, "login_required", "The user must log in");
            }
            String id = pending.map(OAuthStore.Pending::id).orElseGet(() -> savePending(request, now));
            LoginRequest login = new LoginRequest(TokenService.organization(app.organizationId()), app.ref(), OAuth2Server.AUTHORIZE + "/resume?id=" + id,
                    request.prompt().contains("login") || tooOld || request.enrol().isPresent(), request.prompt().contains("select_account"),
                    request.maxAge(), request.loginHint(), request.uiLocales(), request.acrValues(), now, request.enrol());
            exchange.redirect(302, context.issuer() + logins.loginPageFor(logins.begin(login)));
            return;
        }
        SsoSession s = session.get();
        if (tokens.findUser(app.organizationId(), s.user()).isEmpty()) {
            sessions.end(s.id());
            throw redirectError(request, "access_denied", "The user account is not active");
        }
        if (!app.metadata().skipConsent() && !consentGiven) {
            Set<String> consented = store.consentedScopes(app.organizationId(), s.user(), app.clientId());
            if (request.prompt().contains("consent") || !consented.containsAll(request.scopes())) {
                if (request.prompt().contains("none")) {
                    throw redirectError(request, "consent_required", "The user must consent");
                }
                String id = pending.map(OAuthStore.Pending::id).orElseGet(() -> savePending(request, now));
                Map<String, String> hidden = new LinkedHashMap<>();
                hidden.put("id", id);
                hidden.put("csrf", Secrets.digest(id + "|" + s.id()));
                exchange.allowFormTarget(request.redirectUri());
                exchange.html(200, Pages.consent(app.name(), request.scopes(), OAuth2Server.CONSENT, hidden));
                return;
            }
        }
        if (pending.isPresent() && !store.usePending(pending.get().id(), now)) {
            exchange.html(400, Pages.error("This sign-in has already completed", "Go back to the application."));
            return;
        }
        String code = issueCode(request, s.user(), Optional.of(s.id()), s.authTime(), s.amr(), s.acr());
        sessions.join(s.id(), app.clientId());
        Map<String, String> response = new LinkedHashMap<>();
        response.put("code", code);
        request.state().ifPresent(st -> response.put("state", st));
        response.put("iss", context.issuer());
        respond(exchange, request.redirectUri(), request.responseMode(), response);
    }

    /**
     * Records the grant and issues a single-use authorization code for it: after a browser login
     * (with its session) and after an app-native one (without).
     */
    String issueCode(AuthorizationRequest request, UserRef user, Optional<String> sessionId, Instant authTime, Set<String> amr, String acr) {
        Instant now = context.now();
        Application app = request.application();
        Duration family = app.metadata().refreshTokenAbsoluteLifetime();
        if (family.compareTo(app.metadata().accessTokenLifetime()) < 0) {
            family = app.metadata().accessTokenLifetime();
        }
        Grant grant = new Grant(Secrets.generate(16), app.organizationId(), app.clientId(), Optional.of(user), request.scopes(), sessionId,
                Optional.of(authTime), amr, acr, request.claims(), now, now.plus(family), Optional.empty());
        store.insertGrant(grant);
        String code = Secrets.generate(32);
        store.insertCode(Secrets.digest(code), new OAuthStore.Code(grant.id(), app.clientId(), request.redirectUriExplicit() ? request.redirectUri() : "",
                request.codeChallenge(), request.nonce(), now.plusSeconds(context.codeLifetime())));
        return code;
    }

    /** Marks the stored request used. @return false when it was used already */
    boolean usePending(String id) {
        return store.usePending(id, context.now());
    }

    /** Stores the validated request until the login (or consent) is done. @return its id */
    String savePendingRequest(AuthorizationRequest request) {
        return savePending(request, context.now());
    }

    /** The stored request again, validated anew against the application as it is now. */
    Optional<AuthorizationRequest> pendingRequest(String id) {
        return store.findPending(id, context.now()).filter(p -> !p.pushed() && !p.used()).map(this::reload);
    }

    private Optional<String> subjectOf(String idToken) {
        return context.jwts().verify(idToken).flatMap(v -> v.claim("sub"));
    }

    private String savePending(AuthorizationRequest request, Instant now) {
        String id = Secrets.generate(24);
        store.insertPending(new OAuthStore.Pending(id, request.application().clientId(), json.writeString(request.parameters().asMap()), false, now,
                now.plusSeconds(context.requestLifetime()), false));
        return id;
    }

    private Optional<SsoSession> currentSession(Exchange exchange) {
        return exchange.cookie(SsoSessions.COOKIE_NAME).filter(v -> v.length() <= 256).flatMap(sessions::resolve);
    }

    private AuthorizationRequest.Redirectable redirectError(AuthorizationRequest r, String error, String description) {
        return new AuthorizationRequest.Redirectable(error, description, r.redirectUri(), r.responseMode(), r.state());
    }

    private Map<String, String> errorResponse(String error, String description, Optional<String> state) {
        Map<String, String> response = new LinkedHashMap<>();
        response.put("error", error);
        response.put("error_description", description);
        state.ifPresent(s -> response.put("state", s));
        response.put("iss", context.issuer());
        return response;
    }

    private void respond(Exchange exchange, String redirectUri, String mode, Map<String, String> response) throws IOException {
        if ("form_post".equals(mode)) {
            String nonce = Secrets.generate(16);
            exchange.header("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; form-action " + Optional.ofNullable(Exchange.origin(redirectUri)).orElse("'none'")
                    + "; frame-ancestors 'none'");
            exchange.html(200, Pages.formPost(redirectUri, response, nonce));
            return;
        }
        StringBuilder b = new StringBuilder(redirectUri);
        char sep = "fragment".equals(mode) ? '#' : (redirectUri.indexOf('?') >= 0 ? '&' : '?');
        for (Map.Entry<String, String> e : response.entrySet()) {
            b.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
            sep = '&';
        }
        exchange.redirect(302, b.toString());
    }

    /**
     * The request's parameters after pushed (PAR) and signed (JAR) requests are unpacked: a request
     * object's claims override the query, a pushed request replaces it.
     */
    Parameters effectiveParameters(Application app, Parameters outer) {
        if (outer.has("request") && outer.has("request_uri")) {
            throw untrustedOrRedirect(app, outer, "invalid_request", "Send request or request_uri, not both");
        }
        if (outer.has("request_uri")) {
            String uri = outer.require("request_uri");
            if (!uri.startsWith(PAR_PREFIX)) {
                throw untrustedOrRedirect(app, outer, "request_uri_not_supported", "Only request_uri values from the pushed authorization request endpoint are accepted");
            }
            Instant now = context.now();
            OAuthStore.Pending pushed = store.findPending(uri.substring(PAR_PREFIX.length()), now)
                    .filter(p -> p.pushed() && p.clientId().equals(app.clientId()))
                    .orElseThrow(() -> untrustedOrRedirect(app, outer, "invalid_request_uri", "The request_uri is unknown, expired or for another client"));
            if (!store.usePending(pushed.id(), now)) {
                throw untrustedOrRedirect(app, outer, "invalid_request_uri", "The request_uri was already used");
            }
            Map<String, String> values = new LinkedHashMap<>();
            json.readObject(pushed.params()).forEach((k, v) -> values.put(k, String.valueOf(v)));
            return new Parameters(values);
        }
        if (outer.has("request")) {
            return outer.overriddenBy(requestObject(app, outer, outer.require("request")));
        }
        if (app.metadata().requireSignedRequestObject()) {
            throw untrustedOrRedirect(app, outer, "invalid_request", "This application must send a signed request object");
        }
        return outer;
    }

    /** RFC 9101: the parameters inside a request object, after its signature checked out. */
    Map<String, String> requestObject(Application app, Parameters outer, String request) {
        JWTClaimsSet claims;
        try {
            JWT jwt = JWTParser.parse(request);
            if (jwt instanceof PlainJWT) {
                if (app.metadata().requireSignedRequestObject() || app.metadata().requestObjectSigningAlg().filter(a -> !a.equals("none")).isPresent()) {
                    throw untrustedOrRedirect(app, outer, "invalid_request_object", "The request object must be signed");
                }
            } else if (jwt instanceof SignedJWT signed) {
                JWSAlgorithm alg = signed.getHeader().getAlgorithm();
                app.metadata().requestObjectSigningAlg().filter(a -> !a.equals(alg.getName())).ifPresent(a -> {
                    throw untrustedOrRedirect(app, outer, "invalid_request_object", "The request object must be signed with " + a);
                });
                if (!verify(app, signed, alg)) {
                    throw untrustedOrRedirect(app, outer, "invalid_request_object", "The request object's signature does not verify");
                }
            } else {
                throw untrustedOrRedirect(app, outer, "invalid_request_object", "Encrypted request objects are not supported");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            throw untrustedOrRedirect(app, outer, "invalid_request_object", "Malformed request object");
        }
        if (claims.getClaim("client_id") != null && !app.clientId().equals(claims.getClaim("client_id"))) {
            throw new AuthorizationRequest.Untrusted("The request object names another client_id");
        }
        if (claims.getIssuer() != null && !app.clientId().equals(claims.getIssuer())) {
            throw untrustedOrRedirect(app, outer, "invalid_request_object", "The request object's iss must be the client_id");
        }
        if (claims.getExpirationTime() != null && claims.getExpirationTime().toInstant().isBefore(context.now())) {
            throw untrustedOrRedirect(app, outer, "invalid_request_object", "The request object has expired");
        }
        Map<String, String> values = new LinkedHashMap<>();
        claims.getClaims().forEach((k, v) -> {
            if (Set.of("iss", "aud", "exp", "iat", "nbf", "jti", "request", "request_uri").contains(k) || v == null) {
                return;
            }
            values.put(k, v instanceof String s ? s : v instanceof Map<?, ?> || v instanceof List<?> ? json.writeString(v) : String.valueOf(v));
        });
        return values;
    }

    private boolean verify(Application app, SignedJWT jwt, JWSAlgorithm alg) {
        try {
            if (alg.getName().startsWith("HS")) {
                Optional<byte[]> secret = applications.sharedSecret(app);
                return secret.isPresent() && jwt.verify(new MACVerifier(secret.get()));
            }
            for (JWK key : clientKeys.keysFor(app, jwt.getHeader().getKeyID(), alg)) {
                var verifier = ClientAuthenticator.verifierFor(key);
                if (verifier != null && jwt.verify(verifier)) {
                    return true;
                }
            }
            return false;
        } catch (com.nimbusds.jose.JOSEException | RuntimeException e) {
            return false;
        }
    }

    private RuntimeException untrustedOrRedirect(Application app, Parameters outer, String error, String description) {
        try {
            Set<String> scopes = Scopes.parse(outer.get("scope").orElse(null));
            String uri = AuthorizationRequest.redirectUri(app, outer.get("redirect_uri"), scopes.contains(Scopes.OPENID));
            return new AuthorizationRequest.Redirectable(error, description, uri, "query", outer.get("state"));
        } catch (RuntimeException e) {
            return new AuthorizationRequest.Untrusted(description);
        }
    }
}
