package org.gatehouse.protocol.oauth2.internal;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.api.authn.Action;
import org.gatehouse.api.authn.Field;
import org.gatehouse.application.Application;
import org.gatehouse.core.login.LoginEngine;
import org.gatehouse.core.login.LoginTexts;
import org.gatehouse.core.session.LoginRequest;
import org.gatehouse.core.session.LoginRequests;
import org.gatehouse.crypto.Secrets;

/**
 * App-native authentication: a first-party native or single-page app runs the application's login
 * flow through JSON instead of browser redirects, and ends with an authorization code it redeems
 * at the token endpoint with its PKCE verifier.
 *
 * <pre>
 * POST /oauth2/authn/start   (form: an authorization request; PKCE required; client auth if confidential)
 *   -> 200 {"flowId", "flowStatus": "INCOMPLETE", "step": {...the authenticator's prompt...}}
 * POST /oauth2/authn         (JSON: {"flowId", "client_id", "action", "values": {...}} or {"flowId", "client_id", "option": "passkey"})
 *   -> 200 {"flowStatus": "INCOMPLETE", "step": {...}}
 *   -> 200 {"flowStatus": "SUCCESS_COMPLETED", "authData": {"code", "state", "iss"}}
 *   -> 400 {"flowStatus": "FAIL_COMPLETED", "error": "access_denied", "error_description", "messageKey"}
 * </pre>
 *
 * Because prompts are data, every authenticator (third-party ones too) works here unchanged. The
 * flow id is a 256-bit secret bound to the client that started it; an unknown, expired or foreign
 * flow id gets one and the same answer. Attempt limits and lockout are the flow engine's.
 */
final class AppNativeEndpoints {

    static final String START = OAuth2Server.AUTHN + "/start";
    private static final Pattern RESUME_ID = Pattern.compile("[?&]id=([A-Za-z0-9_-]{1,64})");
    private static final int MAX_VALUES = 32;
    private static final int MAX_VALUE_LENGTH = 64 * 1024;

    private final ClientAuthenticator clients;
    private final AuthorizationEndpoint authorization;
    private final LoginRequests logins;
    private final LoginEngine engine;
    private final Supplier<Optional<LoginTexts>> texts;
    private final TokenService tokens;
    private final Json json;
    private final OAuth2Server.Context context;

    AppNativeEndpoints(ClientAuthenticator clients, AuthorizationEndpoint authorization, LoginRequests logins, LoginEngine engine,
            Supplier<Optional<LoginTexts>> texts, TokenService tokens, Json json, OAuth2Server.Context context) {
        this.clients = clients;
        this.authorization = authorization;
        this.logins = logins;
        this.engine = engine;
        this.texts = texts;
        this.tokens = tokens;
        this.json = json;
        this.context = context;
    }

    /** POST /oauth2/authn/start */
    void start(Exchange exchange) throws IOException {
        requirePost(exchange);
        Parameters params = exchange.parameters();
        Application app = clients.authenticate(exchange, params, true).application();
        OAuth2Server.allowOrigin(exchange, app);
        if (!app.metadata().skipConsent()) {
            throw OAuthException.unauthorizedClient("App-native authentication is for first-party applications (skip_consent): others must use the browser");
        }
        if (!params.has("code_challenge")) {
            throw OAuthException.invalidRequest("App-native authentication requires PKCE (code_challenge with S256)");
        }
        if (params.has("request") || params.has("request_uri") || params.has("response_mode")) {
            throw OAuthException.invalidRequest("request, request_uri and response_mode are not used with app-native authentication");
        }
        AuthorizationRequest request;
        try {
            request = AuthorizationRequest.validate(app, params, app.metadata().defaultMaxAge());
        } catch (AuthorizationRequest.Redirectable e) {
            throw new OAuthException(e.error, e.getMessage(), 400);
        } catch (AuthorizationRequest.Untrusted e) {
            throw OAuthException.invalidRequest(e.getMessage());
        }
        if (request.prompt().contains("none")) {
            throw new OAuthException("login_required", "App-native authentication always asks the user", 400);
        }
        String pending = authorization.savePendingRequest(request);
        LoginRequest login = new LoginRequest(TokenService.organization(app.organizationId()), app.ref(), OAuth2Server.AUTHORIZE + "/resume?id=" + pending,
                true, false, request.maxAge(), request.loginHint(), request.uiLocales(), request.acrValues(), context.now(), request.enrol());
        String requestId = logins.begin(login);
        String flowId = Secrets.generate(32);
        Locale locale = locale(exchange, request.uiLocales());
        LoginEngine.FlowView view = engine.begin(requestId, login, flowId, environment(exchange, locale));
        answer(exchange, flowId, view, locale, app);
    }

    /** POST /oauth2/authn */
    void next(Exchange exchange) throws IOException {
        requirePost(exchange);
        if (!exchange.contentType().map(t -> t.toLowerCase(Locale.ROOT).startsWith("application/json")).orElse(false)) {
            throw OAuthException.invalidRequest("Send the answer as application/json");
        }
        Map<String, Object> body;
        try {
            body = json.readObject(exchange.body());
        } catch (IllegalArgumentException e) {
            throw OAuthException.invalidRequest("The body is not a JSON object");
        }
        String flowId = string(body, "flowId").orElseThrow(() -> OAuthException.invalidRequest("flowId is required"));
        String clientId = string(body, "client_id").orElseThrow(() -> OAuthException.invalidRequest("client_id is required"));
        // a confidential client authenticates here too (Basic or client_secret in the JSON body)
        Map<String, String> clientParams = new LinkedHashMap<>();
        clientParams.put("client_id", clientId);
        string(body, "client_secret").ifPresent(s -> clientParams.put("client_secret", s));
        Application app = clients.authenticate(exchange, new Parameters(clientParams), true).application();
        OAuth2Server.allowOrigin(exchange, app);
        LoginEngine flows = engine;
        if (!flowId.matches("[A-Za-z0-9_-]{43}") || !flows.clientOf(flowId).map(app.clientId()::equals).orElse(false)) {
            throw OAuthException.invalidRequest("Unknown or expired flowId");
        }
        Locale locale = locale(exchange, List.of());
        LoginEngine.Input input;
        Optional<String> option = string(body, "option");
        if (option.isPresent()) {
            input = LoginEngine.Input.switchTo(option.get());
        } else {
            input = new LoginEngine.Input(string(body, "action").orElse(Action.SUBMIT), values(body), Optional.empty());
        }
        answer(exchange, flowId, flows.submit(flowId, input, environment(exchange, locale)), locale, app);
    }

    private void answer(Exchange exchange, String flowId, LoginEngine.FlowView view, Locale locale, Application app) throws IOException {
        exchange.header("Cache-Control", "no-store");
        Map<String, Object> out = new LinkedHashMap<>();
        if (view instanceof LoginEngine.Prompting p) {
            out.put("flowId", flowId);
            out.put("flowStatus", "INCOMPLETE");
            out.put("step", step(p, locale));
            exchange.json(200, json.write(out));
        } else if (view instanceof LoginEngine.Redirecting r) {
            out.put("flowId", flowId);
            out.put("flowStatus", "INCOMPLETE");
            out.put("step", Map.of("type", "REDIRECTION", "redirectUrl", r.location().toString()));
            exchange.json(200, json.write(out));
        } else if (view instanceof LoginEngine.Completed c) {
            engine.discard(flowId);
            String pendingId = logins.find(c.requestId()).map(LoginRequest::returnTo).map(RESUME_ID::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).orElseThrow(() -> OAuthException.invalidRequest("The authorization request has expired"));
            AuthorizationRequest request = authorization.pendingRequest(pendingId)
                    .orElseThrow(() -> OAuthException.invalidRequest("The authorization request has expired"));
            if (!request.application().clientId().equals(app.clientId()) || tokens.findUser(app.organizationId(), c.user()).isEmpty()) {
                throw new OAuthException("access_denied", "The user account is not active", 400);
            }
            if (!authorization.usePending(pendingId)) {
                throw OAuthException.invalidRequest("The authorization request was already completed");
            }
            String code = authorization.issueCode(request, c.user(), Optional.empty(), c.authTime(), c.amr(), c.acr());
            Map<String, Object> authData = new LinkedHashMap<>();
            authData.put("code", code);
            request.state().ifPresent(s -> authData.put("state", s));
            authData.put("iss", context.issuer());
            out.put("flowStatus", "SUCCESS_COMPLETED");
            out.put("authData", authData);
            exchange.json(200, json.write(out));
        } else {
            LoginEngine.Ended e = (LoginEngine.Ended) view;
            engine.discard(flowId);
            out.put("flowStatus", "FAIL_COMPLETED");
            out.put("error", "access_denied");
            out.put("error_description", text(locale, e.messageKey()));
            out.put("messageKey", e.messageKey());
            exchange.json(400, json.write(out));
        }
    }

    /** The prompt as data, with the texts in the user's language (keys kept for apps that translate themselves). */
    private Map<String, Object> step(LoginEngine.Prompting p, Locale locale) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("type", "PROMPT");
        step.put("authenticator", p.authenticatorId());
        step.put("enrolment", p.enrolment());
        step.put("stepNumber", p.step());
        step.put("steps", p.steps());
        step.put("message", message(locale, p.prompt().messageKey()));
        p.error().ifPresent(e -> step.put("error", message(locale, e)));
        List<Map<String, Object>> fields = new ArrayList<>();
        for (Field f : p.prompt().fields()) {
            Map<String, Object> field = new LinkedHashMap<>();
            field.put("name", f.name());
            field.put("type", f.type().name());
            field.put("label", message(locale, f.labelKey()));
            field.put("required", f.required());
            field.put("hints", f.hints());
            fields.add(field);
        }
        step.put("fields", fields);
        List<Map<String, Object>> actions = new ArrayList<>();
        for (Action a : p.prompt().actions()) {
            actions.add(Map.of("name", a.name(), "label", message(locale, a.labelKey())));
        }
        step.put("actions", actions);
        step.put("data", p.prompt().data());
        List<Map<String, Object>> alternatives = new ArrayList<>();
        for (LoginEngine.Option o : p.alternatives()) {
            alternatives.add(Map.of("authenticator", o.authenticatorId(), "displayName", o.displayName()));
        }
        step.put("alternatives", alternatives);
        return step;
    }

    private Map<String, Object> message(Locale locale, String key) {
        return Map.of("key", key, "text", text(locale, key));
    }

    private String text(Locale locale, String key) {
        return texts.get().map(t -> t.text(locale, key)).orElse(key);
    }

    private Locale locale(Exchange exchange, List<String> uiLocales) {
        List<Locale> accept = new ArrayList<>();
        exchange.header("Accept-Language").ifPresent(h -> {
            try {
                Locale.LanguageRange.parse(h).stream().limit(10).forEach(r -> accept.add(Locale.forLanguageTag(r.getRange())));
            } catch (IllegalArgumentException e) {
                // a malformed header counts as none
            }
        });
        return texts.get().map(t -> t.choose(uiLocales, accept)).orElse(Locale.ENGLISH);
    }

    private LoginEngine.Environment environment(Exchange exchange, Locale locale) {
        return new LoginEngine.Environment(exchange.requestInfo(), locale, URI.create(context.issuer() + "/login/callback"));
    }

    private static void requirePost(Exchange exchange) {
        if (!exchange.isPost()) {
            throw new OAuthException("invalid_request", "Use POST", 405, Map.of("Allow", "POST"));
        }
    }

    private static Optional<String> string(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s) || s.isEmpty() || s.length() > 4096) {
            throw OAuthException.invalidRequest(name + " must be a non-empty string");
        }
        return Optional.of(s);
    }

    private static Map<String, String> values(Map<String, Object> body) {
        Object values = body.get("values");
        if (values == null) {
            return Collections.emptyMap();
        }
        if (!(values instanceof Map<?, ?> map) || map.size() > MAX_VALUES) {
            throw OAuthException.invalidRequest("values must be an object of at most " + MAX_VALUES + " strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String v) || v.length() > MAX_VALUE_LENGTH) {
                throw OAuthException.invalidRequest("values must be an object of strings");
            }
            out.put(String.valueOf(e.getKey()), v);
        }
        return out;
    }
}
