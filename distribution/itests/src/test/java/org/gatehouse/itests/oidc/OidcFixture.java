package org.gatehouse.itests.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gatehouse.itests.GatehouseServer;
import org.gatehouse.itests.GatehouseServer.Response;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A Gatehouse distribution started for the OIDC interoperability tests, with what they share:
 * discovery, users and applications through the management API, the bootstrap machine client,
 * raw HTTP with the checks every OAuth error answer must pass, and a browserless login that drives
 * the login form ({@code form#login-form}) to get authorization codes.
 */
final class OidcFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_PASSWORD = "Oidc-it-admin-Pa55word!";
    static final String BOOTSTRAP_CLIENT_ID = "gatehouse-bootstrap";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What a leaked Java stack trace looks like in a response body. */
    private static final Pattern STACK_TRACE = Pattern.compile("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\([\\w$]+\\.java:\\d+\\)|Exception:|\\.java:\\d+");

    final GatehouseServer server;
    final String issuer;
    final String bootstrapSecret;
    private JsonNode discovery;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private OidcFixture(GatehouseServer server, String bootstrapSecret) {
        this.server = server;
        this.issuer = server.base().toString().replaceAll("/$", "");
        this.bootstrapSecret = bootstrapSecret;
    }

    static OidcFixture start(String name) throws Exception {
        return start(name, Map.of());
    }

    /** @param extraEnv further GATEHOUSE_* variables, e.g. GATEHOUSE_HTTP_PORT and GATEHOUSE_BASE_URL */
    static OidcFixture start(String name, Map<String, String> extraEnv) throws Exception {
        String secret = "it-bootstrap-" + random(24);
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("GATEHOUSE_BOOTSTRAP_CLIENT_SECRET", secret);
        GatehouseServer server = GatehouseServer.start(name, env);
        OidcFixture fixture = new OidcFixture(server, secret);
        try {
            fixture.server.awaitProvider(Duration.ofSeconds(90));
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return fixture;
    }

    @Override
    public void close() {
        server.close();
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    // ---- discovery --------------------------------------------------------------------------

    JsonNode discovery() {
        if (discovery == null) {
            HttpResponse<String> r = get(issuer + "/.well-known/openid-configuration");
            assertThat(r.statusCode()).as(describe(r)).isEqualTo(200);
            discovery = json(r);
        }
        return discovery;
    }

    /** An endpoint from discovery; fails when discovery does not list it. */
    String endpoint(String name) {
        JsonNode n = discovery().path(name);
        assertThat(n.isTextual()).as("discovery lists %s: %s", name, discovery()).isTrue();
        return n.asText();
    }

    // ---- management API ---------------------------------------------------------------------

    String createUser(String userName, String password, String email) {
        Response r = server.call("POST", "/api/users",
                "{\"userName\":\"" + userName + "\",\"password\":\"" + password + "\",\"email\":\"" + email + "\",\"emailVerified\":true,"
                        + "\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Tester\"}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    /** POST /api/applications with RFC 7591 metadata plus "template"; returns the 201 answer (client_id, client_secret). */
    JsonNode createApplication(ObjectNode metadata) {
        Response r = server.call("POST", "/api/applications", metadata.toString());
        assertThat(r.status()).as("creating an application: %s", r).isEqualTo(201);
        JsonNode app = r.json();
        assertThat(app.path("client_id").asText()).as(r.toString()).isNotEmpty();
        return app;
    }

    static ObjectNode app(String template, String name) {
        ObjectNode o = JSON.createObjectNode();
        o.put("template", template);
        o.put("client_name", name);
        return o;
    }

    /** An access token of the bootstrap machine client (scope gatehouse:admin). */
    String bootstrapToken() {
        return json(bootstrapTokenResponse()).path("access_token").asText();
    }

    /**
     * The bootstrap client's token response. The server turns the recorded bootstrap client into
     * an application a few seconds after start (BootstrapClientSync runs periodically), so a 401
     * is retried for at most 30 s; the time it took is printed.
     */
    HttpResponse<String> bootstrapTokenResponse() {
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> r;
        do {
            r = postForm(endpoint("token_endpoint"), form("grant_type", "client_credentials", "scope", "gatehouse:admin"),
                    "Authorization", GatehouseServer.basic(BOOTSTRAP_CLIENT_ID, bootstrapSecret));
            if (r.statusCode() != 401) {
                break;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (waited > 500) {
            System.out.println("[oidc] the bootstrap client got a token only after " + waited + " ms of 401s");
        }
        assertThat(r.statusCode()).as("bootstrap client_credentials: %s", describe(r)).isEqualTo(200);
        return r;
    }

    // ---- raw HTTP -----------------------------------------------------------------------------

    HttpResponse<String> get(String url, String... headers) {
        return send(request(url, headers).GET().build());
    }

    HttpResponse<String> delete(String url, String... headers) {
        return send(request(url, headers).DELETE().build());
    }

    HttpResponse<String> postForm(String url, List<String[]> form, String... headers) {
        return postRaw(url, "application/x-www-form-urlencoded", encode(form), headers);
    }

    HttpResponse<String> postRaw(String url, String contentType, String body, String... headers) {
        HttpRequest.Builder b = request(url, headers);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpRequest.Builder request(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest request) {
        return send(http, request);
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("never a server error: %s", describe(r)).isLessThan(500);
            assertNoStackTrace(r);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Form parameters as name/value pairs, in order (a name may repeat). */
    static List<String[]> form(String... nameValues) {
        List<String[]> l = new ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            l.add(new String[] {nameValues[i], nameValues[i + 1]});
        }
        return l;
    }

    static String encode(List<String[]> form) {
        StringBuilder sb = new StringBuilder();
        for (String[] p : form) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(p[0], StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    static String query(Map<String, String> params) {
        List<String[]> l = new ArrayList<>();
        params.forEach((k, v) -> l.add(new String[] {k, v}));
        return encode(l);
    }

    static Map<String, String> queryParams(URI uri) {
        Map<String, String> m = new LinkedHashMap<>();
        String q = uri.getRawQuery();
        if (q == null) {
            return m;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }

    /** The S256 PKCE challenge of a verifier. */
    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** An app-native login of a public client through the password step; returns the token response. */
    JsonNode passwordLogin(String clientId, String redirectUri, String username, String password) {
        String verifier = random(32);
        JsonNode done = passwordAttempt(clientId, redirectUri, username, password, verifier);
        assertThat(done.path("flowStatus").asText()).as("%s logs in: %s", username, done).isEqualTo("SUCCESS_COMPLETED");
        HttpResponse<String> r = postForm(endpoint("token_endpoint"), form("grant_type", "authorization_code",
                "code", done.path("authData").path("code").asText(), "redirect_uri", redirectUri, "client_id", clientId, "code_verifier", verifier));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    /** Starts an app-native flow and answers its password step; returns the flow's answer (200 or 400). */
    JsonNode passwordAttempt(String clientId, String redirectUri, String username, String password, String verifier) {
        HttpResponse<String> started = postForm(issuer + "/oauth2/authn/start", form("client_id", clientId, "response_type", "code",
                "redirect_uri", redirectUri, "scope", "openid profile", "state", "st-1", "nonce", "n-1",
                "code_challenge", challenge(verifier), "code_challenge_method", "S256"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        JsonNode login = json(started);
        assertThat(login.path("step").path("authenticator").asText()).isEqualTo("password");
        ObjectNode o = JSON.createObjectNode();
        o.put("flowId", login.path("flowId").asText());
        o.put("client_id", clientId);
        o.put("action", "submit");
        o.set("values", JSON.valueToTree(Map.of("username", username, "password", password)));
        HttpResponse<String> r = postRaw(issuer + "/oauth2/authn", "application/json", o.toString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 400);
        return json(r);
    }

    /** Polls the installed plugins until the user store domains satisfy the condition (at most a minute). */
    void awaitUserStores(String what, java.util.function.Predicate<List<String>> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> ids = List.of();
        while (System.nanoTime() < deadline) {
            JsonNode plugins = server.call("GET", "/api/plugins?type=USER_STORE", null).json();
            JsonNode items = plugins.has("items") ? plugins.get("items") : plugins;
            ids = new ArrayList<>();
            for (JsonNode p : items) {
                ids.add(p.path("id").asText());
            }
            if (condition.test(ids)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Timed out waiting for " + what + " (stores: " + ids + ")\n" + server.consoleTail());
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + describe(r), e);
        }
    }

    static String describe(HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body();
        return r.request().method() + " " + r.uri() + " -> " + r.statusCode() + " " + r.headers().map() + "\n"
                + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body);
    }

    static void assertNoStackTrace(HttpResponse<String> r) {
        assertThat(r.body() == null ? "" : r.body()).as("no stack trace in %s", r.uri()).doesNotContainPattern(STACK_TRACE);
    }

    /**
     * An OAuth error answer (RFC 6749 5.2, RFC 6750 3): this status, JSON with this {@code error}
     * (one of {@code errors} when several are acceptable), never a stack trace.
     */
    static JsonNode assertOAuthError(HttpResponse<String> r, int status, String... errors) {
        assertThat(r.statusCode()).as(describe(r)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as("JSON error body: %s", describe(r)).contains("json");
        JsonNode body = json(r);
        assertThat(body.path("error").asText()).as(describe(r)).isIn((Object[]) errors);
        assertNoStackTrace(r);
        return body;
    }

    /** The payload of a JWT, unverified. */
    static JsonNode jwtPayload(String jwt) {
        String[] parts = jwt.split("\\.");
        assertThat(parts).as("a JWT: %s", jwt).hasSize(3);
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- browserless login --------------------------------------------------------------------

    /** A user agent with its own cookies (GH_SESSION) that follows the login form to the redirect_uri. */
    Browserless browserless(String username, String password) {
        return new Browserless(username, password);
    }

    final class Browserless {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String username;
        private final String password;

        Browserless(String username, String password) {
            this.username = username;
            this.password = password;
        }

        /**
         * Sends the authorization request and follows redirects on the server, logging in (and
         * approving consent) on the way, until a redirect leaves the server; returns that Location.
         * Fails with the page it stopped on otherwise.
         */
        URI authorize(Map<String, String> params) {
            URI at = URI.create(endpoint("authorization_endpoint") + "?" + query(params));
            HttpResponse<String> r = send(client, HttpRequest.newBuilder(at).timeout(Duration.ofSeconds(30)).GET().build());
            boolean loggedIn = false;
            for (int hop = 0; hop < 15; hop++) {
                if (r.statusCode() / 100 == 3) {
                    HttpResponse<String> redirect = r;
                    URI location = r.uri().resolve(r.headers().firstValue("Location")
                            .orElseThrow(() -> new AssertionError("redirect without Location: " + describe(redirect))));
                    if (!sameOrigin(location, server.base())) {
                        return location;
                    }
                    r = send(client, HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(30)).GET().build());
                    continue;
                }
                assertThat(r.statusCode()).as("authorization flow page: %s", describe(r)).isEqualTo(200);
                Document page = Jsoup.parse(r.body(), r.uri().toString());
                Element login = page.selectFirst("form#login-form");
                Element approve = page.selectFirst("#approve");
                if (login != null) {
                    assertThat(loggedIn).as("the login form came back: %s", page.select("#error").text()).isFalse();
                    loggedIn = true;
                    Map<String, String> fields = inputs(login);
                    fields.put(login.selectFirst("#username").attr("name"), username);
                    fields.put(login.selectFirst("#password").attr("name"), password);
                    Element submit = login.selectFirst("#submit");
                    if (submit != null && !submit.attr("name").isEmpty()) {
                        fields.put(submit.attr("name"), submit.attr("value"));
                    }
                    r = submit(login, fields);
                } else if (approve != null) {
                    Element form = approve.closest("form");
                    assertThat(form).as("#approve in a form: %s", describe(r)).isNotNull();
                    Map<String, String> fields = inputs(form);
                    if (!approve.attr("name").isEmpty()) {
                        fields.put(approve.attr("name"), approve.attr("value"));
                    }
                    r = submit(form, fields);
                } else {
                    throw new AssertionError("neither a redirect nor a login or consent form: " + describe(r));
                }
            }
            throw new AssertionError("too many hops in the authorization flow");
        }

        private HttpResponse<String> submit(Element form, Map<String, String> fields) {
            String action = form.absUrl("action");
            if (action.isEmpty()) {
                action = form.baseUri();
            }
            List<String[]> l = new ArrayList<>();
            fields.forEach((k, v) -> l.add(new String[] {k, v}));
            return send(client, HttpRequest.newBuilder(URI.create(action)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", server.base().toString().replaceAll("/$", ""))
                    .POST(HttpRequest.BodyPublishers.ofString(encode(l))).build());
        }

        private static Map<String, String> inputs(Element form) {
            Map<String, String> m = new LinkedHashMap<>();
            for (Element input : form.select("input[name]")) {
                String type = input.attr("type");
                if ((type.equals("checkbox") || type.equals("radio")) && !input.hasAttr("checked")) {
                    continue;
                }
                m.put(input.attr("name"), input.attr("value"));
            }
            return m;
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }
}
