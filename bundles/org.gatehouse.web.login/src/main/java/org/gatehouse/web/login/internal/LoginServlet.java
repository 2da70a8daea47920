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
import java.util.concurrent.CopyOnWriteArrayList;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.gatehouse.api.authn.Authenticator;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.authn.StepResult;
import org.gatehouse.api.authn.Submission;
import org.gatehouse.api.context.RequestInfo;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.core.session.LoginRequest;
import org.gatehouse.core.session.LoginRequests;
import org.gatehouse.core.session.SsoSession;
import org.gatehouse.core.session.SsoSessions;
import org.gatehouse.persistence.Database;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login page, {@code /login?request=ID}: a protocol stored a {@link LoginRequest} and sent the
 * browser here; this page reuses the browser's session when it may, or runs the login step, then
 * establishes the session, sets its cookie and sends the browser back to the protocol.
 *
 * <p>The login runs one authenticator (configured, {@code password} by default); the flow engine
 * will replace {@link #firstStep} with a flow's step list. Everything a login needs between two
 * requests is in the database ({@link LoginFlowStore}), so any node can serve the next request.
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

    private final transient Settings settings;
    private final transient LoginRequests requests;
    private final transient SsoSessions sessions;
    private final transient ServerInfo server;
    private final transient LoginFlowStore flows;
    private final transient Clock clock;
    private final transient PageRenderer renderer;
    private final transient List<Registered> authenticators = new CopyOnWriteArrayList<>();

    private record Registered(Authenticator authenticator, int ranking, long serviceId) {}

    @Activate
    public LoginServlet(LoginPagesConfiguration config, @Reference LoginRequests requests, @Reference SsoSessions sessions,
            @Reference ServerInfo server, @Reference Database database) {
        this(Settings.of(config), requests, sessions, server, database, Clock.systemUTC());
    }

    LoginServlet(Settings settings, LoginRequests requests, SsoSessions sessions, ServerInfo server, Database database, Clock clock) {
        this.settings = settings;
        this.requests = requests;
        this.sessions = sessions;
        this.server = server;
        this.clock = clock;
        this.flows = new LoginFlowStore(database, clock);
        this.renderer = new PageRenderer(settings);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindAuthenticator(Authenticator authenticator, Map<String, Object> properties) {
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        authenticators.add(new Registered(authenticator, ranking instanceof Integer r ? r : 0, id instanceof Long l ? l : 0L));
    }

    void unbindAuthenticator(Authenticator authenticator) {
        authenticators.removeIf(r -> r.authenticator == authenticator);
    }

    /** @return the authenticator with that id; the highest ranking (then the oldest) wins */
    Optional<Authenticator> authenticator(String id) {
        Registered best = null;
        for (Registered r : authenticators) {
            if (!safeId(r.authenticator).equals(id)) {
                continue;
            }
            if (best == null || r.ranking > best.ranking || (r.ranking == best.ranking && r.serviceId < best.serviceId)) {
                best = r;
            }
        }
        return Optional.ofNullable(best).map(Registered::authenticator);
    }

    private static String safeId(Authenticator a) {
        try {
            return a.descriptor().id();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The step a login starts with. The flow engine will pick the application's flow here. */
    String firstStep(LoginRequest request) {
        return settings.authenticator();
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
            existing.ifPresent(f -> flows.delete(requestId));
            redirect(resp, 302, request.returnTo());
            return;
        }
        LoginFlow flow = flows.open(requestId);
        if (!authenticate) {
            flow = flow.with(LoginFlow.Stage.ACCOUNT, "", Map.of());
            flows.save(flow);
            html(resp, 200, renderer.account(m, request.application().name(), requestId, flow.csrfToken(), session.get().user().username()));
            return;
        }
        startStep(req, resp, request, flow, m, session);
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

    private void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getContentLengthLong() > FormData.MAX_BODY) {
            message(resp, 413, Messages.of(Locale.ENGLISH), "login.page.too_large.title", "login.page.too_large.message");
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
            message(resp, 413, Messages.of(Locale.ENGLISH), "login.page.too_large.title", "login.page.too_large.message");
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
                    flows.delete(requestId);
                    redirect(resp, 303, request.returnTo());
                } else if ("continue".equals(action) || "switch".equals(action)) {
                    startStep(req, resp, request, flow, m, session);
                } else {
                    message(resp, 400, m, "login.page.bad_request.title", "login.page.bad_request.message");
                }
            }
            case STEP -> submitStep(req, resp, request, flow, m, session, action, form);
            default -> startStep(req, resp, request, flow, m, session);
        }
    }

    // ---------------------------------------------------------------- steps

    private void startStep(HttpServletRequest req, HttpServletResponse resp, LoginRequest request, LoginFlow flow, Messages m,
            Optional<SsoSession> session) throws IOException {
        String stepId = firstStep(request);
        Optional<Authenticator> authenticator = authenticator(stepId);
        if (authenticator.isEmpty()) {
            LOG.warn("Login for application {} needs the authenticator '{}', which is not installed", request.application().clientId(), stepId);
            message(resp, 503, m, "login.page.unavailable.title", "login.page.unavailable.message");
            return;
        }
        FlowStepContext ctx = context(req, request, m, Map.of());
        StepResult result = authenticator.get().start(ctx);
        LoginFlow next = flow.with(LoginFlow.Stage.STEP, stepId, ctx.stateValues());
        handle(req, resp, request, next, m, ctx, result, Map.of(), Optional.empty(), session);
    }

    private void submitStep(HttpServletRequest req, HttpServletResponse resp, LoginRequest request, LoginFlow flow, Messages m,
            Optional<SsoSession> session, String action, Map<String, String> form) throws IOException {
        Optional<Authenticator> authenticator = authenticator(flow.authenticatorId());
        if (authenticator.isEmpty()) {
            LOG.warn("A login is in the step '{}', whose authenticator is no longer installed", flow.authenticatorId());
            message(resp, 503, m, "login.page.unavailable.title", "login.page.unavailable.message");
            return;
        }
        Map<String, String> values = new LinkedHashMap<>(form);
        values.remove(PageRenderer.CSRF_FIELD);
        values.remove(PageRenderer.ACTION_FIELD);
        FlowStepContext ctx = context(req, request, m, flow.state());
        StepResult result = authenticator.get().submit(ctx, new Submission(action, values));
        handle(req, resp, request, flow.with(LoginFlow.Stage.STEP, flow.authenticatorId(), ctx.stateValues()), m, ctx, result, values,
                Optional.empty(), session);
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp, LoginRequest request, LoginFlow flow, Messages m, FlowStepContext ctx,
            StepResult result, Map<String, String> values, Optional<String> error, Optional<SsoSession> session) throws IOException {
        if (result instanceof StepResult.Prompted p) {
            flows.save(flow);
            renderPrompt(resp, 200, request, flow, m, p.prompt(), values, error);
        } else if (result instanceof StepResult.Redirect r) {
            flows.save(flow);
            redirect(resp, 303, r.location().toString());
        } else if (result instanceof StepResult.Success s) {
            SsoSessions.Established established = sessions.establish(request.organization(), s.user(), s.amr(), "", ctx.request(),
                    session.map(SsoSession::id));
            flows.delete(flow.requestId());
            resp.addHeader("Set-Cookie", SessionCookie.header(established.cookieValue(), established.cookieMaxAge(), secure(req)));
            redirect(resp, 303, request.returnTo());
        } else if (result instanceof StepResult.Failure f) {
            int failures = flows.countFailure(flow.requestId());
            if (!f.retryable()) {
                flows.end(flow.requestId());
                message(resp, 403, m, "login.page.failed.title", f.messageKey());
            } else if (failures >= settings.maxAttempts()) {
                LOG.info("Login stopped after {} failed attempts (application {})", failures, request.application().clientId());
                flows.end(flow.requestId());
                message(resp, 429, m, "login.page.attempts.title", "login.page.attempts.message");
            } else {
                flows.save(flow);
                Authenticator authenticator = authenticator(flow.authenticatorId()).orElse(null);
                StepResult again = authenticator == null ? null : authenticator.start(ctx);
                if (again instanceof StepResult.Prompted p) {
                    renderPrompt(resp, 200, request, flow, m, p.prompt(), values, Optional.of(f.messageKey()));
                } else {
                    message(resp, 403, m, "login.page.failed.title", f.messageKey());
                }
            }
        }
    }

    private void renderPrompt(HttpServletResponse resp, int status, LoginRequest request, LoginFlow flow, Messages m, Prompt prompt,
            Map<String, String> values, Optional<String> error) throws IOException {
        Map<String, String> shown = new LinkedHashMap<>(values);
        request.loginHint().ifPresent(hint -> prompt.fields().stream()
                .filter(f -> f.type() == org.gatehouse.api.authn.FieldType.USERNAME)
                .forEach(f -> shown.putIfAbsent(f.name(), hint)));
        html(resp, status, renderer.prompt(m, request.application().name(), flow.requestId(), flow.csrfToken(), prompt, shown, error));
    }

    private FlowStepContext context(HttpServletRequest req, LoginRequest request, Messages m, Map<String, String> state) {
        RequestInfo info = new RequestInfo(req.getRemoteAddr(), Optional.ofNullable(req.getHeader("User-Agent")).orElse(""),
                Optional.ofNullable(req.getHeader("Origin")));
        URI callback = URI.create(server.baseUrl() + CALLBACK_PATH);
        return new FlowStepContext(request, m.locale(), info, callback, state);
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
