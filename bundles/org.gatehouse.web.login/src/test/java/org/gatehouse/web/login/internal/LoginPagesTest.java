package org.gatehouse.web.login.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.gatehouse.api.context.ApplicationRef;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.api.userstore.AuthenticationOutcome;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.authenticator.password.internal.PasswordAuthenticator;
import org.gatehouse.core.internal.AuthenticatorRegistry;
import org.gatehouse.core.internal.login.FlowDefinitionService;
import org.gatehouse.core.internal.login.LoginAttemptService;
import org.gatehouse.core.internal.login.LoginEngineService;
import org.gatehouse.core.internal.session.LoginRequestService;
import org.gatehouse.crypto.internal.AesGcmSecretEncryption;
import org.gatehouse.core.internal.session.SsoSessionService;
import org.gatehouse.core.session.LoginRequest;
import org.gatehouse.core.session.SsoSession;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The login pages over real HTTP: the servlets in an embedded Jetty, the real core session
 * services and the real password authenticator on real databases (H2, and PostgreSQL when
 * configured). Only the user directory is a two-user stand-in.
 */
class LoginPagesTest {

    private static final OrganizationRef ROOT = OrganizationRef.root();
    private static final ApplicationRef APP = new ApplicationRef("app-1", "client-1", "Acme <Portal>");
    private static final String RETURN_TO = "/oauth2/authorize/resume?id=XYZ";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    static Stream<TestDatabase> databases() {
        return TestDatabases.all();
    }

    static final class TestClock extends Clock {
        volatile Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** alice / Wonder-land-1 is the only valid login. */
    static UserDirectory directory() {
        User alice = new User("u-alice", "PRIMARY", "alice", true, null, 1, Instant.now(), null);
        return (UserDirectory) Proxy.newProxyInstance(UserDirectory.class.getClassLoader(), new Class<?>[] {UserDirectory.class}, (p, m, args) -> {
            if (!m.getName().equals("authenticate")) {
                throw new UnsupportedOperationException(m.getName());
            }
            boolean ok = "alice".equals(args[1]) && "Wonder-land-1".equals(new String((char[]) args[2]));
            return ok ? new AuthenticationOutcome(AuthenticationOutcome.Status.SUCCESS, Optional.of(alice))
                    : new AuthenticationOutcome(AuthenticationOutcome.Status.INVALID_CREDENTIALS, Optional.empty());
        });
    }

    static final class Fixture implements AutoCloseable {
        final TestDatabase db;
        final TestClock clock = new TestClock();
        final LoginRequestService requests;
        final SsoSessionService sessions;
        final AuthenticatorRegistry registry = new AuthenticatorRegistry();
        final LoginAttemptService attempts;
        final LoginEngineService engine;
        final Server server;
        final String base;
        final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        Fixture(TestDatabase db) throws Exception {
            this.db = db;
            requests = new LoginRequestService(db, clock, Duration.ofMinutes(10), Duration.ofHours(1));
            sessions = new SsoSessionService(db, clock, Duration.ofMinutes(30), Duration.ofHours(10), Duration.ofHours(1));
            server = new Server(new InetSocketAddress("127.0.0.1", 0));
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            server.setHandler(context);
            server.start();
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            base = "http://127.0.0.1:" + port;
            ServerInfo info = new ServerInfo() {
                @Override
                public URI baseUrl() {
                    return URI.create(base);
                }

                @Override
                public String version() {
                    return "0.1.0";
                }
            };
            UserDirectory directory = directory();
            attempts = new LoginAttemptService(db, e -> {}, directory, clock, true, 10, Duration.ofMinutes(15), Duration.ofMinutes(15));
            registry.bindAuthenticator(new PasswordAuthenticator(directory, attempts), Map.of("service.id", 1L), null);
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            FlowDefinitionService definitions = new FlowDefinitionService(db, registry, clock);
            engine = new LoginEngineService(db, registry, definitions, directory, attempts, requests, new AesGcmSecretEncryption(key), clock,
                    Duration.ofMinutes(15), 5, Duration.ofHours(1), Duration.ofSeconds(1));
            LoginServlet login = new LoginServlet(new Settings("Gatehouse", StaticResourceServlet.CSS_PATH), requests, sessions, info, db, engine,
                    new PluginMessages(), clock);
            context.addServlet(new ServletHolder(login), "/login");
            context.addServlet(new ServletHolder(new StaticResourceServlet()), "/login/static/*");
        }

        String begin(boolean force, boolean selectAccount, Optional<Duration> maxAge, Optional<String> hint, List<String> uiLocales) {
            return requests.begin(new LoginRequest(ROOT, APP, RETURN_TO, force, selectAccount, maxAge, hint, uiLocales, List.of(), clock.instant()));
        }

        String begin() {
            return begin(false, false, Optional.empty(), Optional.empty(), List.of());
        }

        HttpResponse<String> get(String path, String... headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).GET();
            if (headers.length > 0) {
                b.headers(headers);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form, String... headers) throws Exception {
            return postRaw(path, form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&")), headers);
        }

        HttpResponse<String> postRaw(String path, String body, String... headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/x-www-form-urlencoded");
            if (headers.length > 0) {
                b.headers(headers);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws Exception {
            server.stop();
            engine.close();
            sessions.close();
            requests.close();
            db.close();
        }
    }

    static String csrf(HttpResponse<String> page) {
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as("the page has a form token").isTrue();
        return m.group(1);
    }

    static Map<String, String> form(String csrf, String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrf);
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    static void assertSecurityHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    static void assertFriendlyPage(HttpResponse<String> r, int status, String text) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(r.body()).startsWith("<!DOCTYPE html>").contains(text).doesNotContain("Exception").doesNotContain("at org.");
        assertSecurityHeaders(r);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void wrongPasswordThenRightPasswordSetsTheCookieAndReturnsToTheProtocol(TestDatabase db) throws Exception {
        try (Fixture f = new Fixture(db)) {
            String id = f.begin(false, false, Optional.empty(), Optional.of("alice"), List.of());
            String page = "/login?request=" + id;

            HttpResponse<String> shown = f.get(page);
            assertThat(shown.statusCode()).isEqualTo(200);
            assertSecurityHeaders(shown);
            assertThat(shown.body()).contains("<form id=\"login-form\" method=\"post\" action=\"/login?request=" + id + "\"")
                    .contains("Sign in to Acme &lt;Portal&gt;").contains("id=\"username\" name=\"username\"").contains("value=\"alice\"")
                    .contains("id=\"password\" name=\"password\"").contains("id=\"submit\"").doesNotContain("id=\"error\"");
            String csrf = csrf(shown);

            HttpResponse<String> wrong = f.post(page, form(csrf, "username", "alice", "password", "nope", "action", "submit"), "Origin", f.base);
            assertThat(wrong.statusCode()).isEqualTo(200);
            assertThat(wrong.body()).contains("id=\"error\"").contains("The username or password is incorrect.").contains("value=\"alice\"")
                    .doesNotContain("nope");
            assertThat(wrong.headers().allValues("Set-Cookie")).isEmpty();
            HttpResponse<String> unknown = f.post(page, form(csrf, "username", "mallory", "password", "nope", "action", "submit"));
            assertThat(unknown.body().replace("mallory", "alice")).as("an unknown user looks like a wrong password").isEqualTo(wrong.body());

            HttpResponse<String> right = f.post(page, form(csrf(wrong), "username", "alice", "password", "Wonder-land-1", "action", "submit"),
                    "Origin", f.base, "User-Agent", "LoginPagesTest");
            assertThat(right.statusCode()).isEqualTo(303);
            assertThat(right.headers().firstValue("Location")).contains(RETURN_TO);
            assertSecurityHeaders(right);
            String cookie = right.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).matches("GH_SESSION=[A-Za-z0-9_-]{43}; Path=/; Max-Age=36000; HttpOnly; SameSite=Lax");
            String value = cookie.substring("GH_SESSION=".length(), cookie.indexOf(';'));
            SsoSession session = f.sessions.resolve(value).orElseThrow();
            assertThat(session.user().username()).isEqualTo("alice");
            assertThat(session.amr()).containsExactly("pwd");
            assertThat(session.organizationId()).isEqualTo(ROOT.id());

            HttpResponse<String> replay = f.post(page, form(csrf, "username", "alice", "password", "Wonder-land-1", "action", "submit"));
            assertThat(replay.statusCode()).as("a finished login starts over from the page").isEqualTo(303);
            assertThat(replay.headers().firstValue("Location")).contains(page);
            assertThat(replay.headers().allValues("Set-Cookie")).isEmpty();

            // the next application's login reuses the session
            String next = "/login?request=" + f.begin();
            HttpResponse<String> sso = f.get(next, "Cookie", "GH_SESSION=" + value);
            assertThat(sso.statusCode()).isEqualTo(302);
            assertThat(sso.headers().firstValue("Location")).contains(RETURN_TO);
            assertThat(f.get(next, "Cookie", "GH_SESSION=forged").statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void promptLoginMaxAgeAndSelectAccount(TestDatabase db) throws Exception {
        try (Fixture f = new Fixture(db)) {
            String first = "/login?request=" + f.begin();
            HttpResponse<String> shown = f.get(first);
            HttpResponse<String> in = f.post(first, form(csrf(shown), "username", "alice", "password", "Wonder-land-1", "action", "submit"));
            String cookie = in.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String oldSid = f.sessions.resolve(cookie.substring("GH_SESSION=".length())).orElseThrow().id();

            String forced = "/login?request=" + f.begin(true, false, Optional.empty(), Optional.empty(), List.of());
            HttpResponse<String> again = f.get(forced, "Cookie", cookie);
            assertThat(again.statusCode()).as("prompt=login asks again").isEqualTo(200);
            assertThat(again.body()).contains("id=\"login-form\"");
            HttpResponse<String> reauth = f.post(forced, form(csrf(again), "username", "alice", "password", "Wonder-land-1", "action", "submit"),
                    "Cookie", cookie);
            assertThat(reauth.statusCode()).isEqualTo(303);
            String newCookie = reauth.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertThat(newCookie).isNotEqualTo(cookie);
            assertThat(f.sessions.find(oldSid)).as("the re-authentication replaced the session").isEmpty();

            f.clock.now = f.clock.now.plus(Duration.ofMinutes(10));
            String fresh = "/login?request=" + f.begin(false, false, Optional.of(Duration.ofMinutes(15)), Optional.empty(), List.of());
            assertThat(f.get(fresh, "Cookie", newCookie).statusCode()).as("authenticated 10 minutes ago, max_age 15").isEqualTo(302);
            String stale = "/login?request=" + f.begin(false, false, Optional.of(Duration.ofMinutes(5)), Optional.empty(), List.of());
            assertThat(f.get(stale, "Cookie", newCookie).statusCode()).as("max_age 5 needs a new login").isEqualTo(200);

            String select = "/login?request=" + f.begin(false, true, Optional.empty(), Optional.empty(), List.of());
            HttpResponse<String> chooser = f.get(select, "Cookie", newCookie);
            assertThat(chooser.statusCode()).isEqualTo(200);
            assertThat(chooser.body()).contains("id=\"continue\"").contains("Continue as alice").contains("id=\"switch\"");
            HttpResponse<String> cont = f.post(select, form(csrf(chooser), "action", "continue"), "Cookie", newCookie);
            assertThat(cont.statusCode()).isEqualTo(303);
            assertThat(cont.headers().firstValue("Location")).contains(RETURN_TO);
            assertThat(cont.headers().allValues("Set-Cookie")).isEmpty();

            String select2 = "/login?request=" + f.begin(false, true, Optional.empty(), Optional.empty(), List.of());
            HttpResponse<String> chooser2 = f.get(select2, "Cookie", newCookie);
            HttpResponse<String> other = f.post(select2, form(csrf(chooser2), "action", "switch"), "Cookie", newCookie);
            assertThat(other.statusCode()).isEqualTo(200);
            assertThat(other.body()).contains("id=\"login-form\"").contains("id=\"password\"");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void refusesForeignFormsAndStopsAfterTooManyAttempts(TestDatabase db) throws Exception {
        try (Fixture f = new Fixture(db)) {
            String page = "/login?request=" + f.begin();
            String csrf = csrf(f.get(page));
            Map<String, String> right = form(csrf, "username", "alice", "password", "Wonder-land-1", "action", "submit");

            HttpResponse<String> noToken = f.post(page, Map.of("username", "alice", "password", "Wonder-land-1", "action", "submit"));
            assertFriendlyPage(noToken, 403, "This form could not be accepted");
            assertFriendlyPage(f.post(page, form("x" + csrf, "username", "alice", "password", "Wonder-land-1")), 403, "could not be accepted");
            assertFriendlyPage(f.post(page, right, "Origin", "https://evil.example"), 403, "could not be accepted");
            assertFriendlyPage(f.post(page, right, "Origin", "null"), 403, "could not be accepted");
            assertFriendlyPage(f.post(page, right, "Referer", "https://evil.example/login"), 403, "could not be accepted");
            assertThat(noToken.headers().allValues("Set-Cookie")).isEmpty();

            for (int i = 1; i < 5; i++) {
                HttpResponse<String> wrong = f.post(page, form(csrf, "username", "alice", "password", "wrong-" + i, "action", "submit"),
                        "Referer", f.base + page);
                assertThat(wrong.statusCode()).as("attempt " + i).isEqualTo(200);
                assertThat(wrong.body()).contains("id=\"error\"");
            }
            assertFriendlyPage(f.post(page, form(csrf, "username", "alice", "password", "wrong-5", "action", "submit")), 429, "Too many attempts");
            assertFriendlyPage(f.post(page, right), 429, "Too many attempts");
            assertFriendlyPage(f.get(page), 429, "Too many attempts");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void answersBadRequestsWithFriendlyPages(TestDatabase db) throws Exception {
        try (Fixture f = new Fixture(db)) {
            assertFriendlyPage(f.get("/login"), 400, "This sign-in link has expired");
            assertFriendlyPage(f.get("/login?request=unknown"), 400, "This sign-in link has expired");
            assertFriendlyPage(f.get("/login?request=a&request=b"), 400, "could not be understood");
            assertFriendlyPage(f.post("/login?request=unknown", Map.of("csrf", "x")), 400, "expired");

            String page = "/login?request=" + f.begin();
            String csrf = csrf(f.get(page));
            assertFriendlyPage(f.postRaw(page, "csrf=" + csrf + "&password=" + "x".repeat(70_000)), 413, "too large");
            assertFriendlyPage(f.postRaw(page, "csrf=" + csrf + "&username=%E0%A4%A"), 400, "could not be understood");
            assertFriendlyPage(f.postRaw(page, "csrf=" + csrf + "&csrf=" + csrf), 400, "could not be understood");
            HttpResponse<String> json = f.http.send(HttpRequest.newBuilder(URI.create(f.base + page)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertFriendlyPage(json, 400, "could not be understood");
            HttpResponse<String> put = f.http.send(HttpRequest.newBuilder(URI.create(f.base + page)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertFriendlyPage(put, 405, "does not accept");

            f.clock.now = f.clock.now.plus(Duration.ofMinutes(11));
            assertFriendlyPage(f.get(page), 400, "This sign-in link has expired");
            assertFriendlyPage(f.post(page, form(csrf, "username", "alice", "password", "Wonder-land-1", "action", "submit")), 400, "expired");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void speaksTheRequestedLanguageAndServesTheStyleSheet(TestDatabase db) throws Exception {
        try (Fixture f = new Fixture(db)) {
            HttpResponse<String> german = f.get("/login?request=" + f.begin(), "Accept-Language", "de-DE,de;q=0.9,en;q=0.5");
            assertThat(german.body()).contains("<html lang=\"de\">").contains("Bei Acme &lt;Portal&gt; anmelden").contains("Passwort");
            HttpResponse<String> ui = f.get("/login?request=" + f.begin(false, false, Optional.empty(), Optional.empty(), List.of("en")),
                    "Accept-Language", "de");
            assertThat(ui.body()).as("ui_locales first").contains("<html lang=\"en\">").contains("Password");
            HttpResponse<String> expired = f.get("/login?request=gone", "Accept-Language", "de");
            assertThat(expired.body()).contains("Dieser Anmeldelink ist abgelaufen");

            HttpResponse<String> css = f.get(StaticResourceServlet.CSS_PATH);
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
            assertThat(css.body()).contains(":focus-visible");
            assertThat(f.get("/login/static/../db/web.login/V1.sql").statusCode()).isIn(400, 404);
            assertThat(f.get("/login/static/messages.properties").statusCode()).isEqualTo(404);
        }
    }
}
