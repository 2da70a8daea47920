package org.gatehouse.itests.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gatehouse.itests.GatehouseServer;
import org.gatehouse.itests.GatehouseServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Login flows through the real login pages in headless Chromium: each test is one scenario of
 * {@code src/test/js/login-flows.mjs}, which sends the browser to the authorization endpoint,
 * goes through the pages (password, TOTP enrolment and login with codes from the real oathtool,
 * email one-time codes read from GreenMail, passkeys with Chromium's virtual authenticator, backup
 * codes, a switch to an alternative, lockout and the administrator's unlock) to the application's
 * redirect URI, redeems the code and reports the ID token's {@code acr}/{@code amr} as one JSON
 * line, which the test checks. No page may answer 500 or show a stack trace. The server runs as
 * {@code http://localhost:PORT} (GATEHOUSE_BASE_URL): WebAuthn needs a secure context and a
 * domain as relying party id. Logs: {@code target/it-work/login-flows/}.
 *
 * <p>The setup (users, applications with their login flows, the email channel dropped into
 * {@code etc/}) follows {@link LoginFlowsIT}, the same flows through the app-native API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserLoginFlowsIT {

    private static final String PASSWORD = "Browser-flows-Pa55word!";
    private static final Pattern SIX_DIGITS = Pattern.compile("\\b(\\d{6})\\b");
    private static final String SCRIPT = "login-flows.mjs";

    private OidcFixture f;
    private GreenMail mail;
    private HttpServer mailCodes;
    private String browserBase;
    private final Map<String, String> env = new HashMap<>();
    private final Map<String, String> clients = new HashMap<>();
    private final Map<String, String> userIds = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        NodeDriver.require();
        int port = GatehouseServer.freePort();
        browserBase = "http://localhost:" + port;
        f = OidcFixture.start("login-flows", Map.of("GATEHOUSE_HTTP_PORT", String.valueOf(port), "GATEHOUSE_BASE_URL", browserBase));
        assertThat(f.discovery().path("issuer").asText()).as("GATEHOUSE_BASE_URL is the issuer").isEqualTo(browserBase);

        int smtpPort = GatehouseServer.freePort();
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        // the email channel as a factory configuration dropped into etc/ of the running server, as in LoginFlowsIT
        Files.writeString(f.server.home().resolve("etc").resolve("org.gatehouse.notification.email-browser-it.cfg"),
                "host=127.0.0.1\nport=" + smtpPort + "\nsecurity=NONE\nfromAddress=gatehouse@example.test\n");
        // the driver asks this test for the code of the last email to an address
        mailCodes = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mailCodes.createContext("/mail-code", this::mailCode);
        mailCodes.start();

        for (String name : List.of("tina", "emma", "pat", "paula", "rex", "bea", "bob", "sam")) {
            Response r = f.server.call("POST", "/api/users", "{\"userName\":\"" + name + "\",\"password\":\"" + PASSWORD + "\","
                    + "\"email\":\"" + name + "@example.test\",\"emailVerified\":true}");
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            userIds.put(name, r.json().path("id").asText());
        }

        int callbackPort = GatehouseServer.freePort();
        String redirect = "http://127.0.0.1:" + callbackPort + "/cb";
        app("totp", redirect, "[{\"options\":[\"password\"]},{\"options\":[\"totp\"]}]");
        app("email", redirect, "[{\"options\":[\"password\"]},{\"options\":[\"email-otp\"]}]");
        app("passkey-enrol", redirect, "[{\"options\":[\"password\"]},{\"options\":[\"passkey\"]}]");
        app("passwordless", redirect, "[{\"options\":[\"passkey\",\"password\"]}]");
        app("backup", redirect, "[{\"options\":[\"password\"]},{\"options\":[\"backup-codes\"]}]");
        app("alternatives", redirect, "[{\"options\":[\"password\"]},{\"options\":[\"totp\",\"email-otp\"]}]");
        app("lockout", redirect, "[{\"options\":[\"password\"]}]");
        app("self-care", redirect, "[{\"options\":[\"password\"]}]");
        awaitPlugin("smtp", Duration.ofSeconds(60));

        env.put("GH_ISSUER", f.issuer);
        env.put("GH_BROWSER_BASE", browserBase);
        env.put("GH_OTHER_ORIGIN_BASE", f.issuer); // http://127.0.0.1:PORT: the same server under another origin
        env.put("GH_TOKEN_ENDPOINT", f.issuer + URI.create(f.endpoint("token_endpoint")).getRawPath());
        env.put("GH_CALLBACK_PORT", String.valueOf(callbackPort));
        env.put("GH_PASSWORD", PASSWORD);
        env.put("GH_MAIL_URL", "http://127.0.0.1:" + mailCodes.getAddress().getPort() + "/mail-code");
        env.put("GH_TIMEOUT_MS", "120000");
    }

    @AfterAll
    void stop() {
        if (mailCodes != null) {
            mailCodes.stop(0);
        }
        if (mail != null) {
            mail.stop();
        }
        if (f != null) {
            f.close();
        }
    }

    // ---------------------------------------------------------------- setup helpers

    /** An application with its own login flow, as in LoginFlowsIT. */
    private void app(String key, String redirect, String steps) {
        ObjectNode app = OidcFixture.app("native", "Browser " + key);
        app.putArray("redirect_uris").add(redirect);
        app.put("skip_consent", true);
        app.put("scope", "openid profile email offline_access gatehouse:account");
        String clientId = f.createApplication(app).path("client_id").asText();
        Response current = f.server.call("GET", "/api/applications/" + clientId + "/login-flow", null);
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        Response saved = f.server.call("PUT", "/api/applications/" + clientId + "/login-flow", "{\"steps\":" + steps + "}",
                "If-Match", current.json().path("inherited").asBoolean() ? "\"0\"" : current.header("ETag"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        clients.put(key, clientId);
    }

    /** Felix fileinstall picks the channel's file up within a few seconds; it then shows among the plugins. */
    private void awaitPlugin(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String plugins = "";
        while (System.nanoTime() < deadline) {
            plugins = f.server.call("GET", "/api/plugins", null).body();
            if (plugins.contains("\"" + id + "\"")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the plugin " + id + " did not start: " + plugins);
    }

    /** GET /mail-code?to=ADDRESS: the code of the newest email to that address within 20 s (then all mail is purged), else 404. */
    private void mailCode(HttpExchange exchange) throws IOException {
        String to = OidcFixture.queryParams(exchange.getRequestURI()).getOrDefault("to", "");
        String code = null;
        String problem = "no email to " + to + " within 20 s";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try {
            while (code == null && System.nanoTime() < deadline) {
                MimeMessage[] messages = mail.getReceivedMessages();
                for (int i = messages.length - 1; i >= 0 && code == null; i--) {
                    if (addressedTo(messages[i], to)) {
                        String body = GreenMailUtil.getBody(messages[i]);
                        Matcher m = SIX_DIGITS.matcher(body);
                        if (m.find()) {
                            code = m.group(1);
                        } else {
                            problem = "no six-digit code in the email to " + to + ": " + body;
                            break;
                        }
                    }
                }
                if (code == null) {
                    Thread.sleep(200);
                }
            }
            if (code != null) {
                mail.purgeEmailFromAllMailboxes();
            }
        } catch (Exception e) {
            problem = e.toString();
        }
        byte[] answer = (code != null ? code : problem).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(code != null ? 200 : 404, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private static boolean addressedTo(MimeMessage message, String to) throws MessagingException {
        Address[] recipients = message.getAllRecipients();
        if (recipients != null) {
            for (Address a : recipients) {
                if (a.toString().toLowerCase().contains(to.toLowerCase())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Runs one scenario of the driver for an application and a user; returns its details. */
    private JsonNode scenario(String name, String client, String user, Map<String, String> extra) throws Exception {
        Map<String, String> e = new HashMap<>(env);
        e.put("GH_CLIENT_ID", clients.get(client));
        e.put("GH_USERNAME", user);
        e.putAll(extra);
        Path logs = Path.of(System.getProperty("gatehouse.it.work", "target/it-work"), "login-flows");
        NodeDriver.Result r = NodeDriver.run(SCRIPT, name, e, logs, 180);
        assertThat(r.ok()).as("%s through the login pages: %s\n%s", name, r.error(), r).isTrue();
        JsonNode details = r.json().path("details");
        assertThat(details.path("problems")).as("responses of %s with a server error or a stack trace: %s", name, r).isEmpty();
        return details;
    }

    private static List<String> amr(JsonNode login) {
        List<String> amr = new ArrayList<>();
        login.path("amr").forEach(n -> amr.add(n.asText()));
        return amr;
    }

    // ---------------------------------------------------------------- the scenarios

    @Test
    @Order(1)
    void passwordThenTotpEnrolledFromTheQrPageThenLoggedInWithOathtoolCodes() throws Exception {
        JsonNode d = scenario("totp", "totp", "tina", Map.of());
        assertThat(d.path("manualKey").asText()).as(d.toString()).matches("[A-Z2-7]{16,}=*");
        assertThat(d.path("enrolWrongCodeError").asText()).as("a wrong code on the enrolment page").isNotBlank();
        assertThat(d.path("enrol").path("acr").asText()).as(d.toString()).isEqualTo("2");
        assertThat(amr(d.path("enrol"))).as(d.toString()).contains("pwd", "otp");
        assertThat(d.path("wrongCodeError").asText()).as("a wrong code on the TOTP page").isNotBlank();
        assertThat(d.path("login").path("acr").asText()).as(d.toString()).isEqualTo("2");
        assertThat(amr(d.path("login"))).as(d.toString()).contains("pwd", "otp");
        assertThat(d.path("login").path("sub").asText()).isEqualTo(d.path("enrol").path("sub").asText());
    }

    @Test
    @Order(2)
    void passwordThenAnEmailedCodeReadFromGreenMail() throws Exception {
        JsonNode d = scenario("email-otp", "email", "emma", Map.of("GH_EMAIL", "emma@example.test"));
        assertThat(d.path("login").path("acr").asText()).as(d.toString()).isEqualTo("2");
        assertThat(amr(d.path("login"))).as(d.toString()).contains("pwd", "otp");
    }

    @Test
    @Order(3)
    void passkeyEnrolledWithTheVirtualAuthenticatorThenPasswordlessLoginAndAnotherOriginRefused() throws Exception {
        JsonNode d = scenario("passkey", "passkey-enrol", "pat", Map.of("GH_PASSWORDLESS_CLIENT_ID", clients.get("passwordless")));
        assertThat(d.path("enrolRpId").asText()).as(d.toString()).isEqualTo("localhost");
        assertThat(d.path("enrol").path("acr").asText()).as(d.toString()).isEqualTo("2");
        assertThat(amr(d.path("enrol"))).as(d.toString()).contains("pwd", "hwk");
        assertThat(d.path("storedCredentials").asInt()).as(d.toString()).isEqualTo(1);
        assertThat(d.path("passwordless").path("acr").asText()).as(d.toString()).isEqualTo("2");
        assertThat(amr(d.path("passwordless"))).as(d.toString()).contains("hwk", "user").doesNotContain("pwd");
        assertThat(d.path("passwordless").path("sub").asText()).isEqualTo(d.path("enrol").path("sub").asText());
        assertThat(d.path("otherOrigin").path("browserError").asText()).as("the browser refuses the localhost passkey at 127.0.0.1: %s", d)
                .isNotBlank();
        assertThat(d.path("otherOrigin").path("foreignOriginError").asText()).as("an assertion for a foreign origin: %s", d).isNotBlank();
        assertThat(d.path("otherOrigin").path("control").path("sub").asText()).as("the same assertion for the public origin: %s", d)
                .isEqualTo(d.path("enrol").path("sub").asText());
    }

    @Test
    @Order(4)
    void thePrimaryButtonOfThePasskeyPromptRunsTheCeremony() throws Exception {
        JsonNode d = scenario("passkey-primary-button", "passkey-enrol", "paula",
                Map.of("GH_PASSWORDLESS_CLIENT_ID", clients.get("passwordless")));
        assertThat(d.path("login").path("acr").asText()).as(d.toString()).isEqualTo("2");
        assertThat(amr(d.path("login"))).as(d.toString()).contains("hwk");
    }

    /**
     * The passkey step consumes its challenge with every answer (here Cancel); after a retryable
     * failure the prompt shown again must carry a fresh one, or every later answer is "expired".
     */
    @Test
    @Order(5)
    void aPasskeyStillWorksAfterTheServerRefusedAnAnswerInTheSameLogin() throws Exception {
        JsonNode d = scenario("passkey-retry", "passkey-enrol", "rex", Map.of("GH_PASSWORDLESS_CLIENT_ID", clients.get("passwordless")));
        assertThat(d.path("cancelled").asText()).as(d.toString()).isNotBlank();
        assertThat(d.path("login").path("acr").asText()).as(d.toString()).isEqualTo("2");
        assertThat(amr(d.path("login"))).as(d.toString()).contains("hwk");
    }

    @Test
    @Order(6)
    void backupCodesShownOnEnrolmentWorkOnceEach() throws Exception {
        JsonNode d = scenario("backup-codes", "backup", "bea", Map.of());
        assertThat(d.path("codes").asInt()).as(d.toString()).isEqualTo(10);
        assertThat(d.path("login").path("sub").asText()).as(d.toString()).isNotBlank();
        assertThat(d.path("reuseError").asText()).as("a used backup code is refused: %s", d).isNotBlank();
        assertThat(d.path("secondCode").path("sub").asText()).isEqualTo(d.path("login").path("sub").asText());
    }

    @Test
    @Order(7)
    void aStepWithTwoOptionsSwitchesToTheAlternative() throws Exception {
        JsonNode d = scenario("alternatives", "alternatives", "tina", Map.of("GH_EMAIL", "tina@example.test"));
        assertThat(d.path("firstOption").asText()).isEqualTo("totp");
        assertThat(d.path("promptBefore").asText()).isNotEqualTo(d.path("promptAfter").asText());
        assertThat(d.path("login").path("acr").asText()).as(d.toString()).isEqualTo("2");
        assertThat(amr(d.path("login"))).as(d.toString()).contains("pwd", "otp");
    }

    @Test
    @Order(8)
    void fiveWrongPasswordsLockTheAccountUntilTheAdministratorUnlocksIt() throws Exception {
        JsonNode d = scenario("lockout", "lockout", "bob", Map.of("GH_USER_ID", userIds.get("bob"),
                "GH_ADMIN_AUTHORIZATION", f.server.adminAuthorization()));
        assertThat(d.path("statuses").toString()).as(d.toString()).isEqualTo("[200,200,200,200,429]");
        assertThat(d.path("stoppedText").asText()).as(d.toString()).containsIgnoringCase("too many");
        assertThat(d.path("lockedError").asText()).as(d.toString()).containsIgnoringCase("too many");
        assertThat(d.path("unlockStatus").asInt()).isEqualTo(204);
        assertThat(d.path("login").path("acr").asText()).as(d.toString()).isEqualTo("1");
        assertThat(amr(d.path("login"))).as(d.toString()).containsExactly("pwd");
    }

    @Test
    @Order(9)
    void anApplicationHasAUserAddAPasskeyListsItAndRemovesIt() throws Exception {
        JsonNode d = scenario("passkey-added", "self-care", "sam", Map.of("GH_PASSWORDLESS_CLIENT_ID", clients.get("passwordless")));
        assertThat(d.path("enrol").path("acr").asText()).as("setting up the passkey adds no factor: %s", d).isEqualTo("1");
        assertThat(amr(d.path("enrol"))).as(d.toString()).containsExactly("pwd");
        assertThat(d.path("listedTypes").toString()).isEqualTo("[\"passkey\"]");
        assertThat(d.path("passwordless").path("sub").asText()).isEqualTo(d.path("enrol").path("sub").asText());
        assertThat(d.path("passwordless").path("acr").asText()).isEqualTo("2");
        assertThat(d.path("removedStatus").asInt()).isEqualTo(204);
        assertThat(d.path("remaining").asInt()).isZero();
        assertThat(d.toString()).as("no token in the driver's output").doesNotContain("accessToken").doesNotContain("eyJ");
    }

    @Test
    @Order(10)
    void noLoginPageFailedOnTheServer() throws Exception {
        String log = f.server.log();
        assertThat(log).as("karaf.log").doesNotContain("Login page failed").doesNotContain("' failed (incident");
    }
}
