package org.gatehouse.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.itests.GatehouseServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A third-party authenticator (the security question sample, built against {@code org.gatehouse.api}
 * only) in the life of ONE running server, without a restart: dropped into {@code deploy/}, put into
 * one application's login flow through the management API, used through the app-native JSON API
 * (the first login sets the question up, later ones answer it), upgraded to new bundle versions
 * (three in a row) while several threads log in continuously (no login may fail: the flow engine
 * waits for an authenticator that is being replaced), and removed again: that application's logins end
 * with a clear, user-safe error while another application's password logins go on working.
 *
 * <p>The phases depend on each other and run in order against the same server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotDeployAuthenticatorIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ADMIN_PASSWORD = "HotDeploy-authn-admin-Pa55word!";
    private static final String PASSWORD = "HotDeploy-authn-Pa55word!";
    private static final String REDIRECT = "http://127.0.0.1/cb";
    private static final String ID = "security-question";
    private static final String BUNDLE = "org.gatehouse.sample.authenticator.securityquestion";
    /** The versions the plugin is upgraded to, one after the other, under a stream of logins. */
    private static final List<String> UPGRADES = List.of("1.1.0", "1.2.0", "1.3.0");
    /** The questions offered, from the plugin's typed configuration (etc/<PID>.cfg). */
    private static final List<String> QUESTIONS = List.of("first-concert", "birth-city", "first-pet");
    private static final int STREAM_THREADS = 4;
    /** What a leaked Java stack trace looks like in a response body. */
    private static final Pattern STACK_TRACE = Pattern.compile("\\bat [a-z][\\w$]*(\\.[\\w$]+)+\\([\\w$]+\\.java:\\d+\\)|Exception:|\\.java:\\d+");

    private GatehouseServer server;
    private long pid;
    private Path deployed;
    private String tokenEndpoint;
    /** The application whose flow uses the plugin, and one that keeps a password-only flow. */
    private String kbaClient;
    private String plainClient;

    @BeforeAll
    void start() throws Exception {
        server = GatehouseServer.start("hotdeploy-authn", Map.of("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD));
        pid = server.pid();
        deployed = server.home().resolve("deploy").resolve("security-question.jar");
        server.awaitProvider(Duration.ofSeconds(90));
        tokenEndpoint = server.anonymous("GET", "/.well-known/openid-configuration", null).json().path("token_endpoint").asText();
        createUser("alice");
        for (int i = 0; i < STREAM_THREADS; i++) {
            createUser("stream" + i);
        }
        createUser("plain");
        kbaClient = app("Security question app");
        plainClient = app("Password app");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------- the phases

    @Test
    @Order(1)
    void theJarDroppedIntoDeployIsListedWithItsBundleAndVersionWithinSeconds() throws Exception {
        // typed configuration first, as an operator would: which questions are offered, and a cheaper
        // hash than the default so two cores keep up with the stream of logins below
        Files.writeString(server.home().resolve("etc").resolve(BUNDLE + ".cfg"),
                "questions = " + String.join(", ", QUESTIONS) + "\niterations = 100000\n");
        Thread.sleep(2_500); // fileinstall polls etc/ every second: the bundle then starts with it

        long dropped = System.nanoTime();
        Files.copy(Path.of(System.getProperty("gatehouse.sample.authenticator")), deployed, StandardCopyOption.REPLACE_EXISTING);
        JsonNode plugin = awaitPlugin("the authenticator to appear", Duration.ofSeconds(60), p -> p != null);
        long seconds = Duration.ofNanos(System.nanoTime() - dropped).toSeconds();
        System.out.println("[hotdeploy-authn] listed by /api/plugins " + seconds + " s after the jar was dropped: " + plugin);
        assertThat(plugin.path("type").asText()).isEqualTo("AUTHENTICATOR");
        assertThat(plugin.path("displayName").asText()).isEqualTo("Security question");
        assertThat(plugin.path("bundle").path("symbolicName").asText()).isEqualTo(BUNDLE);
        assertThat(plugin.path("bundle").path("version").asText()).isEqualTo("1.0.0");
        assertThat(plugin.path("bundle").path("state").asText()).isEqualTo("ACTIVE");
        assertThat(seconds).as("listed within seconds").isLessThan(30);
    }

    @Test
    @Order(2)
    void itIsPutIntoOneApplicationsFlowWhileAnotherKeepsPasswordOnly() {
        String etag = saveFlow(kbaClient, "{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"security-question\"]}]}");
        saveFlow(plainClient, "{\"steps\":[{\"options\":[\"password\"]}]}");
        // the ETag read before the save is stale now: a second editor gets 412, nothing changes
        Response stale = server.call("PUT", "/api/applications/" + kbaClient + "/login-flow", "{\"steps\":[{\"options\":[\"password\"]}]}",
                "If-Match", etag);
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        Response kba = server.call("GET", "/api/applications/" + kbaClient + "/login-flow", null);
        assertThat(kba.json().path("steps").toString()).contains(ID);
        Response plain = server.call("GET", "/api/applications/" + plainClient + "/login-flow", null);
        assertThat(plain.json().path("inherited").asBoolean()).isFalse();
        assertThat(plain.json().path("steps").toString()).doesNotContain(ID);
    }

    @Test
    @Order(3)
    void theFirstLoginSetsTheQuestionUpAndLaterOnesAnswerIt() {
        // first login: password, then the enrolment of the plugin (prompts as data, texts from its bundle)
        Login enrol = startLogin(kbaClient);
        JsonNode step = password(enrol, "alice").path("step");
        assertThat(step.path("authenticator").asText()).as(step.toString()).isEqualTo(ID);
        assertThat(step.path("enrolment").asBoolean()).as("alice has no question yet").isTrue();
        assertThat(step.path("stepNumber").asInt()).isEqualTo(2);
        assertThat(step.path("message").path("text").asText()).startsWith("Choose a security question");
        JsonNode choice = step.path("fields").get(0);
        assertThat(choice.path("type").asText()).isEqualTo("CHOICE");
        assertThat(choice.path("hints").path("choices").asText().split(","))
                .containsExactlyElementsOf(QUESTIONS.stream().map(q -> "security-question.question." + q).toList());
        assertThat(step.path("fields").get(1).path("type").asText()).isEqualTo("TEXT");
        assertThat(step.path("data").path("questions").get(0).path("text").asText()).isEqualTo("What was the first concert you went to?");
        JsonNode enrolled = submit(enrol, Map.of("question", "security-question.question.first-concert", "answer", "  The Beatles "));
        JsonNode claims = idToken(redeem(enrol, enrolled));
        assertThat(claims.path("amr").toString()).contains("pwd");

        // later logins ask the stored question; a wrong answer may be corrected
        Login again = startLogin(kbaClient);
        JsonNode ask = password(again, "alice").path("step");
        assertThat(ask.path("authenticator").asText()).isEqualTo(ID);
        assertThat(ask.path("enrolment").asBoolean()).isFalse();
        assertThat(ask.path("fields").get(0).path("label").path("key").asText()).isEqualTo("security-question.question.first-concert");
        assertThat(ask.path("fields").get(0).path("label").path("text").asText()).isEqualTo("What was the first concert you went to?");
        JsonNode wrong = submit(again, Map.of("answer", "The Rolling Stones"));
        assertThat(wrong.path("flowStatus").asText()).as(wrong.toString()).isEqualTo("INCOMPLETE");
        assertThat(wrong.path("step").path("error").path("key").asText()).isEqualTo("security-question.error.wrong");
        assertThat(wrong.path("step").path("error").path("text").asText()).isEqualTo("That answer is not correct.");
        JsonNode answered = idToken(redeem(again, submit(again, Map.of("answer", "the BEATLES"))));
        assertThat(answered.path("amr").toString()).contains("pwd").contains("kba");
        assertThat(answered.path("acr").asText()).isEqualTo("2");

        // the other application's flow does not know the plugin
        Login plain = startLogin(plainClient);
        assertThat(idToken(redeem(plain, password(plain, "alice"))).path("amr").toString()).doesNotContain("kba");
        assertThat(server.pid()).isEqualTo(pid);
    }

    @Test
    @Order(4)
    void upgradesUnderAStreamOfLoginsLoseNone() throws Exception {
        for (int i = 0; i < STREAM_THREADS; i++) {
            enrolStreamUser("stream" + i);
        }
        Stream stream = new Stream();
        for (int i = 0; i < STREAM_THREADS; i++) {
            String user = "stream" + i;
            stream.run("kba-" + i, () -> completeKbaLogin(user, stream));
        }
        stream.run("plain", () -> completePlainLogin("plain"));
        List<long[]> upgrades = new ArrayList<>();
        try {
            stream.awaitLogins(3 * (STREAM_THREADS + 1), Duration.ofSeconds(120));
            for (String version : UPGRADES) {
                // the next version: the same jar with a higher Bundle-Version, written next to deploy/
                // and moved over the old file in one step, so fileinstall never sees half a jar
                Path next = server.home().resolve("security-question-" + version + ".jar");
                withBundleVersion(Path.of(System.getProperty("gatehouse.sample.authenticator")), next, version);
                long replaced = System.nanoTime();
                Files.move(next, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                JsonNode plugin = awaitPlugin("version " + version, Duration.ofSeconds(60),
                        p -> p != null && version.equals(p.path("bundle").path("version").asText()));
                upgrades.add(new long[] {replaced, System.nanoTime()});
                assertThat(plugin.path("bundle").path("symbolicName").asText()).isEqualTo(BUNDLE);
                // keep logging in on the new version for a while
                int before = stream.completed();
                stream.awaitLogins(before + 2 * (STREAM_THREADS + 1), Duration.ofSeconds(120));
            }
            Thread.sleep(2_000);
        } finally {
            stream.stop();
        }
        long lastUpgraded = upgrades.get(upgrades.size() - 1)[1];
        int during = (int) stream.logins.stream().filter(l -> upgrades.stream().anyMatch(u -> l.started <= u[1] && l.ended >= u[0])).count();
        long after = stream.logins.stream().filter(l -> l.started > lastUpgraded).count();
        List<long[]> gaps = registrationGaps(server.log());
        long acrossGaps = stream.logins.stream().filter(l -> gaps.stream().anyMatch(g -> l.startedAt <= g[1] && l.endedAt >= g[0])).count();
        System.out.printf("[hotdeploy-authn] %d upgrades (%s): %d logins in all, %d overlapping an upgrade, %d in flight while no version was"
                + " registered (gaps of %s ms in the server log), %d after the last, the slowest %d ms, %d prompts without their text, %d failed%n",
                UPGRADES.size(), String.join(", ", UPGRADES), stream.logins.size(), during, acrossGaps,
                gaps.stream().map(g -> Long.toString(g[1] - g[0])).toList(), after, stream.slowestMillis(), stream.untranslated.get(),
                stream.failures.size());
        assertThat(stream.failures).as("logins that failed during and after the upgrades").isEmpty();
        assertThat(during).as("logins ran while the bundle was replaced").isGreaterThan(0);
        assertThat(after).as("logins on the last version").isGreaterThanOrEqualTo(STREAM_THREADS);
        assertThat(gaps).as("each upgrade replaced the service (removed, then added): a real replacement, not a no-op")
                .hasSizeGreaterThanOrEqualTo(UPGRADES.size());
        String log = server.log();
        for (String version : UPGRADES) {
            assertThat(log).contains("Authenticator '" + ID + "' added (" + BUNDLE + " " + version + ")");
        }
        JsonNode plugin = awaitPlugin("the upgraded authenticator", Duration.ofSeconds(5), p -> p != null);
        assertThat(plugin.path("bundle").path("version").asText()).isEqualTo(UPGRADES.get(UPGRADES.size() - 1));
        assertThat(server.pid()).as("no restart").isEqualTo(pid);
    }

    /**
     * When the server had no security question authenticator registered, from its log: each
     * "removed" to the next "added", as wall-clock millis (the server logs local time).
     */
    private static List<long[]> registrationGaps(String log) {
        Pattern line = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d,\\d{3}) .*Authenticator '" + ID + "' (removed|added)", Pattern.MULTILINE);
        List<long[]> gaps = new ArrayList<>();
        Long removed = null;
        Matcher m = line.matcher(log);
        while (m.find()) {
            long at = LocalDateTime.parse(m.group(1).replace(',', '.')).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            if (m.group(2).equals("removed")) {
                removed = at;
            } else if (removed != null) {
                gaps.add(new long[] {removed, at});
                removed = null;
            }
        }
        return gaps;
    }

    @Test
    @Order(5)
    void removedItEndsThatApplicationsLoginsClearlyWhileTheOtherKeepsWorking() throws Exception {
        // a login that is at the question when the plugin goes away
        Login inFlight = startLogin(kbaClient);
        assertThat(password(inFlight, "alice").path("step").path("authenticator").asText()).isEqualTo(ID);

        Stream plain = new Stream();
        plain.run("plain", () -> completePlainLogin("plain"));
        try {
            plain.awaitLogins(2, Duration.ofSeconds(60));
            Files.delete(deployed);
            awaitPlugin("the authenticator to disappear", Duration.ofSeconds(60), p -> p == null);

            assertUnavailable(submit(inFlight, Map.of("answer", "the beatles")));
            for (int i = 0; i < 2; i++) {
                Login fresh = startLogin(kbaClient);
                assertUnavailable(password(fresh, "alice"));
            }
            int before = plain.completed();
            plain.awaitLogins(before + 3, Duration.ofSeconds(60));
        } finally {
            plain.stop();
        }
        System.out.printf("[hotdeploy-authn] removal: %d password-only logins meanwhile, %d failed%n", plain.logins.size(), plain.failures.size());
        assertThat(plain.failures).as("the other application's logins").isEmpty();
        Login after = startLogin(plainClient);
        redeem(after, password(after, "alice"));
        assertThat(server.pid()).as("same server throughout").isEqualTo(pid);
    }

    private void assertUnavailable(JsonNode ended) {
        assertThat(ended.path("flowStatus").asText()).as(ended.toString()).isEqualTo("FAIL_COMPLETED");
        assertThat(ended.path("error").asText()).isEqualTo("access_denied");
        assertThat(ended.path("messageKey").asText()).isEqualTo("login.error.unavailable");
        assertThat(ended.path("error_description").asText()).startsWith("This way of signing in is not available right now")
                .doesNotContain(ID).doesNotContainPattern(STACK_TRACE);
    }

    // ---------------------------------------------------------------- the stream of logins

    private interface LoginRun {
        void run() throws Exception;
    }

    /** One complete login: System.nanoTime() and wall-clock millis at its start and end. */
    private record Timed(long started, long ended, long startedAt, long endedAt) {}

    /** Threads doing complete logins back to back until stopped; every failure is kept with what went wrong. */
    private static final class Stream {
        final ConcurrentLinkedQueue<Timed> logins = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        /** Prompts whose question came without its text (the key instead): not a failure, but visible to the user. */
        final AtomicInteger untranslated = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        void run(String name, LoginRun login) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    long startedAt = System.currentTimeMillis();
                    try {
                        login.run();
                        logins.add(new Timed(started, System.nanoTime(), startedAt, System.currentTimeMillis()));
                    } catch (Exception | AssertionError e) {
                        failures.add(name + " after " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms: " + e);
                    }
                }
            }, "login-stream-" + name);
            t.start();
            threads.add(t);
        }

        int completed() {
            return logins.size();
        }

        void awaitLogins(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (logins.size() < count && failures.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        long slowestMillis() {
            return logins.stream().mapToLong(l -> Duration.ofNanos(l.ended - l.started).toMillis()).max().orElse(0);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(90).toMillis());
            }
        }
    }

    /** A user's first login to the security question app: sets the question up. */
    private void enrolStreamUser(String user) {
        Login login = startLogin(kbaClient);
        JsonNode step = password(login, user);
        assertThat(step.path("step").path("enrolment").asBoolean()).as(step.toString()).isTrue();
        redeem(login, submit(login, Map.of("question", "birth-city", "answer", "Springfield " + user)));
    }

    private void completeKbaLogin(String user, Stream stream) {
        Login login = startLogin(kbaClient);
        JsonNode step = password(login, user);
        check(step, "INCOMPLETE", ID);
        if (step.path("step").path("enrolment").asBoolean()) {
            throw new IllegalStateException("asked to set the question up again: " + step);
        }
        if (!step.path("step").path("fields").path(0).path("label").path("text").asText().equals("In which city were you born?")) {
            stream.untranslated.incrementAndGet();
        }
        JsonNode done = submit(login, Map.of("answer", "SPRINGFIELD  " + user));
        JsonNode claims = idToken(redeem(login, done));
        if (!claims.path("amr").toString().contains("kba")) {
            throw new IllegalStateException("no kba in amr: " + claims);
        }
    }

    private void completePlainLogin(String user) {
        Login login = startLogin(plainClient);
        redeem(login, password(login, user));
    }

    private static void check(JsonNode answer, String status, String authenticator) {
        if (answer == null || !status.equals(answer.path("flowStatus").asText())
                || !authenticator.equals(answer.path("step").path("authenticator").asText())) {
            throw new IllegalStateException("expected " + status + " at " + authenticator + ", got " + answer);
        }
    }

    // ---------------------------------------------------------------- app-native login

    /** A started app-native login with its PKCE verifier. */
    private record Login(String client, String verifier, JsonNode answer) {
        String flowId() {
            return answer.path("flowId").asText();
        }
    }

    private Login startLogin(String client) {
        String verifier = random(32);
        Response r = server.anonymous("POST", "/oauth2/authn/start", form("client_id", client, "response_type", "code", "redirect_uri", REDIRECT,
                "scope", "openid profile", "state", "st-1", "nonce", random(12), "code_challenge", challenge(verifier),
                "code_challenge_method", "S256"), "Content-Type", "application/x-www-form-urlencoded");
        expect(r, 200);
        JsonNode answer = r.json();
        check(answer, "INCOMPLETE", "password");
        return new Login(client, verifier, answer);
    }

    private JsonNode password(Login login, String username) {
        return submit(login, Map.of("username", username, "password", PASSWORD));
    }

    private JsonNode submit(Login login, Map<String, String> values) {
        ObjectNode body = JSON.createObjectNode();
        body.put("flowId", login.flowId());
        body.put("client_id", login.client());
        body.put("action", "submit");
        body.set("values", JSON.valueToTree(values));
        Response r = server.anonymous("POST", "/oauth2/authn", body.toString(), "Content-Type", "application/json");
        if (r.status() != 200 && r.status() != 400) {
            throw new IllegalStateException("unexpected answer: " + r);
        }
        noStackTrace(r);
        return r.json();
    }

    /** Redeems the authorization code with the verifier; returns the token response. */
    private JsonNode redeem(Login login, JsonNode completed) {
        if (!"SUCCESS_COMPLETED".equals(completed.path("flowStatus").asText()) || !"st-1".equals(completed.path("authData").path("state").asText())) {
            throw new IllegalStateException("the login did not complete: " + completed);
        }
        Response r = server.anonymous("POST", tokenEndpoint, form("grant_type", "authorization_code", "code",
                completed.path("authData").path("code").asText(), "redirect_uri", REDIRECT, "client_id", login.client(),
                "code_verifier", login.verifier()), "Content-Type", "application/x-www-form-urlencoded");
        expect(r, 200);
        return r.json();
    }

    private static JsonNode idToken(JsonNode tokens) {
        String[] parts = tokens.path("id_token").asText().split("\\.");
        if (parts.length != 3) {
            throw new IllegalStateException("no ID token: " + tokens);
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void expect(Response r, int status) {
        noStackTrace(r);
        if (r.status() != status) {
            throw new IllegalStateException("expected " + status + ": " + r);
        }
    }

    private static void noStackTrace(Response r) {
        Matcher m = STACK_TRACE.matcher(r.body() == null ? "" : r.body());
        if (m.find()) {
            throw new IllegalStateException("a stack trace in the answer: " + r);
        }
    }

    // ---------------------------------------------------------------- management API and setup

    /** Saves an application's flow with the ETag just read (If-Match); returns that ETag. */
    private String saveFlow(String clientId, String flow) {
        Response current = server.call("GET", "/api/applications/" + clientId + "/login-flow", null);
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        String etag = current.header("ETag");
        assertThat(etag).as(current.toString()).isNotBlank();
        Response saved = server.call("PUT", "/api/applications/" + clientId + "/login-flow", flow, "If-Match", etag);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.header("ETag")).isNotEqualTo(etag);
        return etag;
    }

    private void createUser(String userName) {
        Response r = server.call("POST", "/api/users", "{\"userName\":\"" + userName + "\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    /** A first-party native application that may use app-native login (skip_consent). */
    private String app(String name) {
        ObjectNode app = JSON.createObjectNode();
        app.put("template", "native");
        app.put("client_name", name);
        app.putArray("redirect_uris").add(REDIRECT);
        app.put("skip_consent", true);
        app.put("scope", "openid profile");
        Response r = server.call("POST", "/api/applications", app.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("client_id").asText();
    }

    /** Polls the installed plugins until the security question authenticator's entry (null when absent) satisfies the condition. */
    private JsonNode awaitPlugin(String what, Duration timeout, java.util.function.Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        do {
            Response r = server.call("GET", "/api/plugins?type=AUTHENTICATOR", null);
            if (r.status() == 200) {
                last = null;
                for (JsonNode p : r.json().path("items")) {
                    if (ID.equals(p.path("id").asText())) {
                        last = p;
                    }
                }
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Timed out waiting for " + what + " (last: " + last + ")\n" + server.consoleTail());
    }

    /** Copies a bundle with its manifest's Bundle-Version replaced: the same code as a new release. */
    static void withBundleVersion(Path source, Path target, String version) throws IOException {
        try (JarFile in = new JarFile(source.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (Enumeration<JarEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream content = in.getInputStream(entry)) {
                        content.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    private static String form(String... nameValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(nameValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
