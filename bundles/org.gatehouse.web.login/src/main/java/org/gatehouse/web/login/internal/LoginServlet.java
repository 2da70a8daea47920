package org.gatehouse.web.login.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.gatehouse.api.context.RequestInfo;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.core.login.LoginEngine;
import org.gatehouse.core.session.LoginRequest;
import org.gatehouse.core.session.LoginRequests;
import org.gatehouse.core.session.SsoSession;
import org.gatehouse.core.session.SsoSessions;
import org.gatehouse.persistence.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login page, {@code /login?request=ID}: a protocol stored a {@link LoginRequest} and sent the
 * browser here; this page reuses the browser's session when it may, or runs the application's login
 * flow through the {@link LoginEngine}, rendering each prompt as a page, then establishes the
 * session, sets its cookie and sends the browser back to the protocol.
 *
 * <p>The login request id is the flow's handle (it is already a secret in the page address); the
 * pages keep only their stage and form token ({@link LoginFlowStore}). Everything lives in the
 * database, so any node can serve the next request.
 *
 * <p>Every answer is a page (or a redirect): errors never show a stack trace, and nothing here
 * answers 500.
 */
@Component(service = Servlet.class, configurationPid = LoginPagesConfiguration.PID)
@HttpWhiteboardServletPattern(LoginRequests.LOGIN_PATH)
@HttpWhiteboardServletName("gatehouse-login")
@Designate(ocd = LoginPagesConfiguration.class)
public final class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LoginServlet.class);

    static final String CALLBACK_PATH = "/login/callback";
    /** An action value that switches to another option of the step: {@code option:<authenticator id>}. */
    static final String OPTION_PREFIX = "option:";

    private final transient Settings settings;
    private final transient LoginRequests requests;
    private final transient SsoSessions sessions;
    private final transient ServerInfo server;
    private final transient LoginEngine engine;
    private final transient LoginFlowStore flows;
    private final transient Clock clock;
    private final transient PageRenderer renderer;
    private final transient PluginMessages pluginMessages;

    @Activate
    public LoginServlet(LoginPagesConfiguration config, @Reference LoginRequests requests, @Reference SsoSessions sessions,
            @Reference ServerInfo server, @Reference Database database, @Reference LoginEngine engine, @Reference PluginMessages pluginMessages) {
        this(Settings.of(config), requests, sessions, server, database, engine, pluginMessages, Clock.systemUTC());
    }

    LoginServlet(Settings settings, LoginRequests requests, SsoSessions sessions, ServerInfo server, Database database, LoginEngine engine,
            PluginMessages pluginMessages, Clock clock) {
        this.settings = settings;
        this.requests = requests;
        this.sessions = sessions;
        this.server = server;
        this.engine = engine;
        this.pluginMessages = pluginMessages;
        this.clock = clock;
        this.flows = new LoginFlowStore(database, clock);
        this.renderer = new PageRenderer(settings);
    }

    // ---------------------------------------------------------------- dispatch

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        securityHeaders(resp);
        Messages fallback = Messages.of(Locale.ENGLISH);
        try {
            switch (req.getMethod()) {
                case "GET", "HEAD" -> get(req, resp);
                case "POST" -> post(req, resp);
                default -> {
                    resp.setHeader("Allow", "GET, HEAD, POST");
                    message(resp, 405, fallback, "login.page.method_not_allowed.title", "login.page.bad_request.message");
                }
            }
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            LOG.error("Login page failed (incident {})", incident, e);
            if (!resp.isCommitted()) {
                resp.resetBuffer();
                securityHeaders(resp);
                message(resp, 503, fallback, "login.page.unavailable.title", "login.page.unavailable.message");
            }
        }
    }

    // ---------------------------------------------------------------- GET

    private void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, String> query;
        try {
            query = FormData.parse(req.getQueryString());
        } catch (FormData.Malformed e) {
            message(resp, 400, Messages.of(Locale.ENGLISH), "login.page.bad_request.title", "login.page.bad_request.message");
            return;
        }
        String requestId = query.get("request");
        Optional<LoginRequest> found = loginRequest(req, resp, requestId);
        if (found.isEmpty()) {
            return;
        }
        LoginRequest request = found.get();
        Messages m = messages(req, request.uiLocales());
        Optional<LoginFlow> existing = flows.find(requestId);
        if (existing.isPresent() && existing.get().stage() == LoginFlow.Stage.ENDED) {
            message(resp, 429, m, "login.page.attempts.title", "login.page.attempts.message");
            return;
        }
        Optional<SsoSession> session = currentSession(req, request);
        boolean authenticate = session.isEmpty() || request.forceAuthentication() || !maxAgeSatisfied(request, session.get());
        if (!authenticate && !request.selectAccount()) {
            existing.ifPresent(f -> forget(requestId));
            redirect(resp, 302, request.returnTo());
            return;
        }
        LoginFlow flow = flows.open(requestId);
        if (!authenticate) {
            flows.stage(requestId, LoginFlow.Stage.ACCOUNT);
            html(resp, 200, renderer.account(m, request.application().name(), requestId, flow.csrfToken(), session.get().user().username()));
            return;
        }
        if (flow.stage() == LoginFlow.Stage.STEP && engine.clientOf(requestId).isPresent()) {
            show(req, resp, request, requestId, flow, m, engine.current(requestId, environment(req, m)), Map.of(), session);
        } else {
            startFlow(req, resp, request, requestId, flow, m, session);
        }
    }

    /** The login request the page belongs to; answers with the "expired" page when there is none. */
    private Optional<LoginRequest> loginRequest(HttpServletRequest req, HttpServletResponse resp, String requestId) throws IOException {
        Optional<LoginRequest> found = requestId == null ? Optional.empty() : requests.find(requestId);
        if (found.isEmpty()) {
            message(resp, 400, messages(req, List.of()), "login.page.expired.title", "login.page.expired.message");
        }
        return found;
    }

    private boolean maxAgeSatisfied(LoginRequest request, SsoSession session) {
        return request.maxAge().map(maxAge -> !clock.instant().isAfter(session.authTime().plus(maxAge))).orElse(true);
    }

    // ---------------------------------------------------------------- POST

    /**
     * Answers 413. A client that sends its whole body before reading (most HTTP/1.1 clients) would otherwise meet a
     * closed connection instead of the page, so a body of modest size is read and dropped first; a larger one is
     * answered at once and the connection closed.
     */
    private void tooLarge(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getContentLengthLong() <= FormData.MAX_DISCARDED) {
            FormData.discard(req.getInputStream(), FormData.MAX_DISCARDED);
        } else {
            resp.setHeader("Connection", "close");
        }
        message(resp, 413, Messages.of(Locale.ENGLISH), "login.page.too_large.title", "login.page.too_large.message");
    }

    private void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getContentLengthLong() > FormData.MAX_BODY) {
            tooLarge(req, resp);
            return;
        }
        Map<String, String> query;
        Map<String, String> form;
        try {
            String contentType = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
            if (!contentType.startsWith("application/x-www-form-urlencoded")) {
                throw new FormData.Malformed("Not a form");
            }
            form = FormData.parse(FormData.readBody(req.getInputStream()));
            query = FormData.parse(req.getQueryString());
        } catch (FormData.TooLarge e) {
            tooLarge(req, resp);
            return;
        } catch (FormData.Malformed e) {
            message(resp, 400, Messages.of(Locale.ENGLISH), "login.page.bad_request.title", "login.page.bad_request.message");
            return;
        }
        String requestId = query.get("request");
        Optional<LoginRequest> found = loginRequest(req, resp, requestId);
        if (found.isEmpty()) {
            return;
        }
        LoginRequest request = found.get();
        Messages m = messages(req, request.uiLocales());
        Optional<LoginFlow> current = flows.find(requestId);
        if (current.isEmpty()) {
            // finished already (the back button), or never shown: start over from the page
            redirect(resp, 303, PageRenderer.action(requestId));
            return;
        }
        LoginFlow flow = current.get();
        if (!Origins.tokenMatches(form.get(PageRenderer.CSRF_FIELD), flow.csrfToken())
                || !Origins.sameOrigin(req.getHeader("Origin"), req.getHeader("Referer"), allowedOrigins(req))) {
            LOG.info("Login form refused: form token or origin mismatch (origin {})", req.getHeader("Origin"));
            message(resp, 403, m, "login.page.forbidden.title", "login.page.forbidden.message");
            return;
        }
        if (flow.stage() == LoginFlow.Stage.ENDED) {
            message(resp, 429, m, "login.page.attempts.title", "login.page.attempts.message");
            return;
        }
        String action = form.getOrDefault(PageRenderer.ACTION_FIELD, "");
        Optional<SsoSession> session = currentSession(req, request);
        switch (flow.stage()) {
            case ACCOUNT -> {
                if ("continue".equals(action) && session.isPresent()) {
                    forget(requestId);
                    redirect(resp, 303, request.returnTo());
                } else if ("continue".equals(action) || "switch".equals(action)) {
                    startFlow(req, resp, request, requestId, flow, m, session);
                } else {
                    message(resp, 400, m, "login.page.bad_request.title", "login.page.bad_request.message");
                }
            }
            case STEP -> {
                Map<String, String> values = new LinkedHashMap<>(form);
                values.remove(PageRenderer.CSRF_FIELD);
                values.remove(PageRenderer.ACTION_FIELD);
                LoginEngine.Input input = action.startsWith(OPTION_PREFIX) ? LoginEngine.Input.switchTo(action.substring(OPTION_PREFIX.length()))
                        : new LoginEngine.Input(action, values, Optional.empty());
                show(req, resp, request, requestId, flow, m, engine.submit(requestId, input, environment(req, m)), values, session);
            }
            default -> startFlow(req, resp, request, requestId, flow, m, session);
        }
    }

    // ---------------------------------------------------------------- the flow

    /** Begins the application's flow (again, after "use another account"). */
    private void startFlow(HttpServletRequest req, HttpServletResponse resp, LoginRequest request, String requestId, LoginFlow flow, Messages m,
            Optional<SsoSession> session) throws IOException {
        engine.discard(requestId);
        flows.stage(requestId, LoginFlow.Stage.STEP);
        LoginEngine.FlowView view = engine.begin(requestId, request, requestId, environment(req, m));
        show(req, resp, request, requestId, flow.with(LoginFlow.Stage.STEP), m, view, Map.of(), session);
    }

    /** Turns what the engine answered into a page, a redirect, or the end of the login. */
    private void show(HttpServletRequest req, HttpServletResponse resp, LoginRequest request, String requestId, LoginFlow flow, Messages m,
            LoginEngine.FlowView view, Map<String, String> values, Optional<SsoSession> session) throws IOException {
        if (view instanceof LoginEngine.Prompting p) {
            Map<String, String> shown = new LinkedHashMap<>(values);
            request.loginHint().ifPresent(hint -> p.prompt().fields().stream()
                    .filter(f -> f.type() == org.gatehouse.api.authn.FieldType.USERNAME)
                    .forEach(f -> shown.putIfAbsent(f.name(), hint)));
            html(resp, 200, renderer.prompt(m.with(pluginMessages.forLocale(m.locale())), request.application().name(), requestId, flow.csrfToken(),
                    p, shown));
        } else if (view instanceof LoginEngine.Redirecting r) {
            redirect(resp, 303, r.location().toString());
        } else if (view instanceof LoginEngine.Completed c) {
            RequestInfo info = requestInfo(req);
            SsoSessions.Established established = sessions.establish(request.organization(), c.user(), c.amr(), c.acr(), info,
                    session.map(SsoSession::id));
            forget(requestId);
            resp.addHeader("Set-Cookie", SessionCookie.header(established.cookieValue(), established.cookieMaxAge(), secure(req)));
            redirect(resp, 303, request.returnTo());
        } else {
            LoginEngine.Ended ended = (LoginEngine.Ended) view;
            flows.stage(requestId, LoginFlow.Stage.ENDED);
            boolean attempts = ended.messageKey().equals("login.error.too_many_attempts") || ended.messageKey().equals("login.error.locked");
            message(resp, attempts ? 429 : 403, m.with(pluginMessages.forLocale(m.locale())),
                    attempts ? "login.page.attempts.title" : "login.page.failed.title", ended.messageKey());
        }
    }

    private void forget(String requestId) {
        engine.discard(requestId);
        flows.delete(requestId);
    }

    private LoginEngine.Environment environment(HttpServletRequest req, Messages m) {
        return new LoginEngine.Environment(requestInfo(req), m.locale(), URI.create(server.baseUrl() + CALLBACK_PATH));
    }

    private static RequestInfo requestInfo(HttpServletRequest req) {
        return new RequestInfo(req.getRemoteAddr(), Optional.ofNullable(req.getHeader("User-Agent")).orElse(""),
                Optional.ofNullable(req.getHeader("Origin")));
    }

    // ---------------------------------------------------------------- helpers

    private Optional<SsoSession> currentSession(HttpServletRequest req, LoginRequest request) {
        for (String value : SessionCookie.values(req.getCookies())) {
            Optional<SsoSession> s = sessions.resolve(value);
            if (s.isPresent()) {
                return s.filter(session -> session.organizationId().equals(request.organization().id()));
            }
        }
        return Optional.empty();
    }

    private Messages messages(HttpServletRequest req, List<String> uiLocales) {
        List<Locale> accept = req.getHeader("Accept-Language") == null ? List.of() : Collections.list(req.getLocales());
        return Messages.of(Messages.choose(uiLocales, accept));
    }

    private Set<String> allowedOrigins(HttpServletRequest req) {
        Set<String> allowed = new java.util.HashSet<>();
        Origins.origin(server.baseUrl().toString()).ifPresent(allowed::add);
        String host = req.getHeader("Host");
        if (host != null && !host.isBlank()) {
            Origins.origin(req.getScheme() + "://" + host.strip()).ifPresent(allowed::add);
        }
        return allowed;
    }

    private boolean secure(HttpServletRequest req) {
        return req.isSecure() || "https".equalsIgnoreCase(server.baseUrl().getScheme());
    }

    void securityHeaders(HttpServletResponse resp) {
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("Pragma", "no-cache");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Content-Security-Policy", settings.contentSecurityPolicy());
        // not no-referrer: with it, browsers send "Origin: null" on our own form posts, and the
        // origin check against login CSRF could no longer tell our page from a hostile one
        resp.setHeader("Referrer-Policy", "same-origin");
        resp.setHeader("X-Content-Type-Options", "nosniff");
    }

    private static void redirect(HttpServletResponse resp, int status, String location) {
        if (location.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("A redirect location with control characters");
        }
        resp.setStatus(status);
        resp.setHeader("Location", location);
        resp.setContentLength(0);
    }

    private void message(HttpServletResponse resp, int status, Messages m, String titleKey, String messageKey) throws IOException {
        html(resp, status, renderer.message(m, titleKey, messageKey));
    }

    private static void html(HttpServletResponse resp, int status, String page) throws IOException {
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/html; charset=UTF-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
