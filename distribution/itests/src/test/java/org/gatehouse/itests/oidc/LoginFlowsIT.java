package org.gatehouse.itests.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.itests.oidc.OidcFixture.JSON;
import static org.gatehouse.itests.oidc.OidcFixture.form;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * Login flows end to end in the distribution, through the app-native JSON API: password + TOTP
 * (codes from the real oathtool), one-time codes by email (read from a real SMTP server, GreenMail)
 * and by SMS (through the webhook channel to a receiver in this test), backup codes, enrolment when
 * a step is required, account lockout and the administrator's unlock, and the negative cases
 * (replayed codes, tampered and foreign flow ids, steps out of order).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginFlowsIT {

    private static final String PASSWORD = "Flows-it-Pa55word!";
    private static final String REDIRECT = "http://127.0.0.1/cb";
    private static final Pattern SIX_DIGITS = Pattern.compile("\\b(\\d{6})\\b");

    private OidcFixture f;
    private GreenMail mail;
    private HttpServer smsReceiver;
    private final BlockingQueue<String> smsBodies = new LinkedBlockingQueue<>();
    private String clientId;
    private String otherClientId;
    private String totpSecret;
    private String bobId;

    @BeforeAll
    void start() throws Exception {
        f = OidcFixture.start("flows");
        int smtpPort = GatehouseServer.freePort();
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        smsReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        smsReceiver.createContext("/sms", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                smsBodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            byte[] answer = "{\"messageId\":\"m-1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        smsReceiver.start();
        // factory configurations dropped into etc/ of the running server, as an operator would
        Path etc = f.server.home().resolve("etc");
        Files.writeString(etc.resolve("org.gatehouse.notification.email-it.cfg"),
                "host=127.0.0.1\nport=" + smtpPort + "\nsecurity=NONE\nfromAddress=gatehouse@example.test\n");
        Files.writeString(etc.resolve("org.gatehouse.notification.sms-it.cfg"),
                "url=http://127.0.0.1:" + smsReceiver.getAddress().getPort() + "/sms\n");

        Response alice = f.server.call("POST", "/api/users", "{\"userName\":\"alice\",\"password\":\"" + PASSWORD + "\","
                + "\"email\":\"alice@example.test\",\"emailVerified\":true,\"phoneNumber\":\"+15550100001\"}");
        assertThat(alice.status()).as(alice.toString()).isEqualTo(201);
        Response bob = f.server.call("POST", "/api/users", "{\"userName\":\"bob\",\"password\":\"" + PASSWORD + "\"}");
        assertThat(bob.status()).as(bob.toString()).isEqualTo(201);
        bobId = bob.json().path("id").asText();
        clientId = app("Flows App");
        otherClientId = app("Other App");
        awaitChannels(Duration.ofSeconds(60));
    }

    /** Felix fileinstall picks the files up within a few seconds; the channels then show among the plugins. */
    private void awaitChannels(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String plugins = "";
        while (System.nanoTime() < deadline) {
            plugins = f.server.call("GET", "/api/plugins", null).body();
            if (plugins.contains("\"smtp\"") && plugins.contains("\"sms-webhook\"")) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the notification channels did not start: " + plugins);
    }

    private String app(String name) {
        ObjectNode app = OidcFixture.app("native", name);
        app.putArray("redirect_uris").add(REDIRECT);
        app.put("skip_consent", true);
        app.put("scope", "openid profile email offline_access gatehouse:account");
        return f.createApplication(app).path("client_id").asText();
    }

    @AfterAll
    void stop() {
        if (smsReceiver != null) {
            smsReceiver.stop(0);
        }
        if (mail != null) {
            mail.stop();
        }
        if (f != null) {
            f.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void flow(String json) {
        Response current = f.server.call("GET", "/api/applications/" + clientId + "/login-flow", null);
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        String etag = current.header("ETag");
        Response saved = f.server.call("PUT", "/api/applications/" + clientId + "/login-flow", json,
                "If-Match", current.json().path("inherited").asBoolean() ? "\"0\"" : etag);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    /** A started app-native login with its PKCE verifier. */
    record Login(String verifier, JsonNode answer) {
        String flowId() {
            return answer.path("flowId").asText();
        }

        JsonNode step() {
            return answer.path("step");
        }
    }

    private Login start(String client) {
        return start(client, "openid profile", null);
    }

    /** @param enrol the authenticator whose factor the user asks to set up, or null */
    private Login start(String client, String scope, String enrol) {
        String verifier = OidcFixture.random(32);
        List<String> params = new java.util.ArrayList<>(List.of("client_id", client, "response_type", "code",
                "redirect_uri", REDIRECT, "scope", scope, "state", "st-1", "nonce", "n-1",
                "code_challenge", OidcFixture.challenge(verifier), "code_challenge_method", "S256"));
        if (enrol != null) {
            params.addAll(List.of("enrol", enrol));
        }
        HttpResponse<String> r = f.postForm(f.issuer + "/oauth2/authn/start", form(params.toArray(String[]::new)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new Login(verifier, OidcFixture.json(r));
    }

    private JsonNode answer(String client, String flowId, Map<String, Object> body) {
        HttpResponse<String> r = raw(client, flowId, body);
        return OidcFixture.json(r);
    }

    private HttpResponse<String> raw(String client, String flowId, Map<String, Object> body) {
        ObjectNode o = JSON.createObjectNode();
        o.put("flowId", flowId);
        o.put("client_id", client);
        body.forEach((k, v) -> o.set(k, JSON.valueToTree(v)));
        HttpResponse<String> r = f.postRaw(f.issuer + "/oauth2/authn", "application/json", o.toString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 400);
        f.assertNoStackTrace(r);
        return r;
    }

    private JsonNode submit(Login login, Map<String, String> values) {
        return answer(clientId, login.flowId(), Map.of("action", "submit", "values", values));
    }

    private JsonNode password(Login login, String username, String password) {
        assertThat(login.step().path("authenticator").asText()).isEqualTo("password");
        return submit(login, Map.of("username", username, "password", password));
    }

    /** Redeems the authorization code with the verifier; returns the token response. */
    private JsonNode redeem(Login login, JsonNode completed) {
        assertThat(completed.path("flowStatus").asText()).as(completed.toString()).isEqualTo("SUCCESS_COMPLETED");
        assertThat(completed.path("authData").path("state").asText()).isEqualTo("st-1");
        HttpResponse<String> r = f.postForm(f.endpoint("token_endpoint"), form("grant_type", "authorization_code",
                "code", completed.path("authData").path("code").asText(), "redirect_uri", REDIRECT, "client_id", clientId,
                "code_verifier", login.verifier()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return OidcFixture.json(r);
    }

    private static JsonNode idTokenClaims(JsonNode tokens) {
        String[] parts = tokens.path("id_token").asText().split("\\.");
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The TOTP code for a base32 secret from the real oathtool, at an offset in 30-second steps. */
    private static String oathtool(String secret, int stepOffset) throws Exception {
        long at = System.currentTimeMillis() / 1000 + 30L * stepOffset;
        Process p = new ProcessBuilder("oathtool", "--totp", "-b", "-N", "@" + at, secret).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(p.waitFor()).as("oathtool: " + out).isZero();
        return out;
    }

    private static String secretOf(String otpauth) {
        Matcher m = Pattern.compile("[?&]secret=([A-Z2-7]+)").matcher(URLDecoder.decode(otpauth, StandardCharsets.UTF_8));
        assertThat(m.find()).as(otpauth).isTrue();
        return m.group(1);
    }

    private String mailCode() throws Exception {
        assertThat(mail.waitForIncomingEmail(15_000, 1)).as("an email arrived").isTrue();
        var messages = mail.getReceivedMessages();
        String body = GreenMailUtil.getBody(messages[messages.length - 1]);
        mail.purgeEmailFromAllMailboxes();
        Matcher m = SIX_DIGITS.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    private String smsCode() throws Exception {
        String body = smsBodies.poll(15, TimeUnit.SECONDS);
        assertThat(body).as("an SMS went to the webhook").isNotNull();
        assertThat(JSON.readTree(body).path("to").asText()).isEqualTo("+15550100001");
        Matcher m = SIX_DIGITS.matcher(JSON.readTree(body).path("message").asText());
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    // ---------------------------------------------------------------- the cases

    @Test
    @Order(1)
    void passwordThenARequiredTotpEnrolsAndLogsInWithOathtoolCodes() throws Exception {
        flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\"]}]}");
        Login login = start(clientId);
        assertThat(login.step().path("fields").findValuesAsText("name")).containsExactly("username", "password");
        assertThat(login.step().path("message").path("text").asText()).isNotBlank().doesNotStartWith("login.");

        JsonNode second = password(login, "alice", PASSWORD);
        JsonNode step = second.path("step");
        assertThat(step.path("authenticator").asText()).as(second.toString()).isEqualTo("totp");
        assertThat(step.path("enrolment").asBoolean()).as("alice has no code generator yet").isTrue();
        assertThat(step.path("fields").findValuesAsText("type")).contains("QR_CODE", "OTP");
        String otpauth = step.path("data").path("qr_code").asText();
        assertThat(otpauth).startsWith("otpauth://totp/");
        totpSecret = secretOf(otpauth);
        JsonNode enrolled = submit(login, Map.of("code", oathtool(totpSecret, 0)));
        JsonNode tokens = redeem(login, enrolled);
        JsonNode claims = idTokenClaims(tokens);
        assertThat(claims.path("acr").asText()).isEqualTo("2");
        assertThat(claims.path("amr").toString()).contains("pwd").contains("otp");

        Login again = start(clientId);
        JsonNode totp = password(again, "alice", PASSWORD);
        assertThat(totp.path("step").path("authenticator").asText()).isEqualTo("totp");
        assertThat(totp.path("step").path("enrolment").asBoolean()).isFalse();
        String code = oathtool(totpSecret, 1);
        JsonNode wrong = submit(again, Map.of("code", "000000".equals(code) ? "111111" : "000000"));
        assertThat(wrong.path("flowStatus").asText()).isEqualTo("INCOMPLETE");
        assertThat(wrong.path("step").path("error").path("key").asText()).startsWith("totp.");
        redeem(again, submit(again, Map.of("code", code)));

        Login replay = start(clientId);
        password(replay, "alice", PASSWORD);
        JsonNode replayed = submit(replay, Map.of("code", code));
        assertThat(replayed.path("flowStatus").asText()).as("a used code is refused").isEqualTo("INCOMPLETE");
        assertThat(replayed.path("step").path("error").isMissingNode()).isFalse();
    }

    @Test
    @Order(2)
    void emailAndSmsCodesArriveThroughTheRealChannels() throws Exception {
        flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"email-otp\",\"sms-otp\"]}]}");
        Login byMail = start(clientId);
        JsonNode step = password(byMail, "alice", PASSWORD);
        if (!step.path("step").path("authenticator").asText().equals("email-otp")) {
            step = answer(clientId, byMail.flowId(), Map.of("option", "email-otp"));
        }
        assertThat(step.path("step").path("alternatives").findValuesAsText("authenticator")).contains("sms-otp");
        JsonNode completed = submit(byMail, Map.of("code", mailCode()));
        assertThat(idTokenClaims(redeem(byMail, completed)).path("amr").toString()).contains("otp");

        Login bySms = start(clientId);
        JsonNode first = password(bySms, "alice", PASSWORD);
        if (first.path("step").path("authenticator").asText().equals("email-otp")) {
            mailCode(); // the email step sent one when it began: not used
            first = answer(clientId, bySms.flowId(), Map.of("option", "sms-otp"));
        }
        assertThat(first.path("step").path("authenticator").asText()).isEqualTo("sms-otp");
        String code = smsCode();
        JsonNode done = submit(bySms, Map.of("code", code));
        assertThat(idTokenClaims(redeem(bySms, done)).path("amr").toString()).contains("sms");
    }

    @Test
    @Order(3)
    void backupCodesAreShownOnceAndWorkOnce() throws Exception {
        flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"backup-codes\"]}]}");
        Login enrol = start(clientId);
        JsonNode step = password(enrol, "alice", PASSWORD);
        assertThat(step.path("step").path("enrolment").asBoolean()).as(step.toString()).isTrue();
        JsonNode codesNode = step.path("step").path("data").path("codes");
        assertThat(codesNode.isArray()).as(step.toString()).isTrue();
        String first = codesNode.get(0).asText();
        Map<String, String> confirm = new LinkedHashMap<>();
        step.path("step").path("fields").forEach(field -> {
            if (field.path("type").asText().equals("CHECKBOX")) {
                confirm.put(field.path("name").asText(), "true");
            }
        });
        JsonNode enrolled = submit(enrol, confirm);
        redeem(enrol, enrolled);

        Login use = start(clientId);
        password(use, "alice", PASSWORD);
        redeem(use, submit(use, Map.of("code", first)));

        Login reuse = start(clientId);
        password(reuse, "alice", PASSWORD);
        JsonNode again = submit(reuse, Map.of("code", first));
        assertThat(again.path("flowStatus").asText()).as("a used backup code is refused").isEqualTo("INCOMPLETE");
        assertThat(codesNode).hasSize(10);
    }

    @Test
    @Order(4)
    void flowIdsAreBoundToTheirClientAndCannotBeTamperedWith() {
        flow("{\"steps\":[{\"options\":[\"password\"]}]}");
        Login login = start(clientId);
        HttpResponse<String> foreign = f.postRaw(f.issuer + "/oauth2/authn", "application/json",
                "{\"flowId\":\"" + login.flowId() + "\",\"client_id\":\"" + otherClientId + "\",\"values\":{\"username\":\"alice\",\"password\":\""
                        + PASSWORD + "\"}}");
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("invalid_request").contains("Unknown or expired flowId");
        String tampered = login.flowId().substring(0, 42) + (login.flowId().endsWith("A") ? "B" : "A");
        HttpResponse<String> forged = f.postRaw(f.issuer + "/oauth2/authn", "application/json",
                "{\"flowId\":\"" + tampered + "\",\"client_id\":\"" + clientId + "\"}");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).isEqualTo(foreign.body());
        for (String bad : List.of("not json", "[]", "{\"flowId\":1,\"client_id\":\"x\"}", "{\"client_id\":\"" + clientId + "\"}")) {
            HttpResponse<String> r = f.postRaw(f.issuer + "/oauth2/authn", "application/json", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            f.assertNoStackTrace(r);
        }
        assertThat(f.postRaw(f.issuer + "/oauth2/authn", "text/plain", "{}").statusCode()).isEqualTo(400);
        // without PKCE, or with a confidential-only flow, the start is refused
        HttpResponse<String> noPkce = f.postForm(f.issuer + "/oauth2/authn/start", form("client_id", clientId, "response_type", "code",
                "redirect_uri", REDIRECT, "scope", "openid"));
        assertThat(noPkce.statusCode()).isEqualTo(400);
        assertThat(noPkce.body()).contains("PKCE");
        // an answer for a step that is not the current one is just a wrong answer
        JsonNode outOfOrder = submit(login, Map.of("code", "123456"));
        assertThat(outOfOrder.path("flowStatus").asText()).isEqualTo("INCOMPLETE");
        assertThat(outOfOrder.path("step").path("authenticator").asText()).isEqualTo("password");
    }

    @Test
    @Order(5)
    void repeatedFailuresLockAnAccountAndAnInventedOneAlikeUntilAnAdministratorUnlocks() throws Exception {
        flow("{\"steps\":[{\"options\":[\"password\"]}]}");
        String lockedMessage = null;
        for (String name : List.of("bob", "nobody-here")) {
            String last = null;
            for (int i = 0; i < 6; i++) {
                Login login = start(clientId);
                JsonNode r = password(login, name, "wrong-" + i);
                last = r.path("step").path("error").path("key").asText();
            }
            assertThat(last).as(name).isEqualTo("login.error.locked");
            lockedMessage = lockedMessage == null ? last : lockedMessage;
            assertThat(last).isEqualTo(lockedMessage);
        }
        Login locked = start(clientId);
        assertThat(password(locked, "bob", PASSWORD).path("step").path("error").path("key").asText()).isEqualTo("login.error.locked");

        Response lock = f.server.call("GET", "/api/users/" + bobId + "/lock", null);
        assertThat(lock.status()).as(lock.toString()).isEqualTo(200);
        assertThat(lock.json().path("locked").asBoolean()).isTrue();
        assertThat(f.server.call("DELETE", "/api/users/" + bobId + "/lock", null).status()).isEqualTo(204);
        Login unlocked = start(clientId);
        redeem(unlocked, password(unlocked, "bob", PASSWORD));
    }

    @Test
    @Order(6)
    void usersSetUpTheirOwnFactorThroughALoginAndRemoveIt() throws Exception {
        // step 2 is optional: users without a code generator skip it
        flow("{\"steps\":[{\"options\":[\"password\"]},{\"options\":[\"totp\"],\"when\":\"enrolled\"}]}");
        f.server.call("DELETE", "/api/users/" + bobId + "/lock", null);
        Login plain = start(clientId);
        redeem(plain, password(plain, "bob", PASSWORD));

        // an authenticator that is not there (or sets nothing up) ends the login with a clear message
        Login nothing = start(clientId, "openid", "no-such-authenticator");
        JsonNode ended = password(nothing, "bob", PASSWORD);
        assertThat(ended.toString()).contains("login.error.cannot_enrol");
        HttpResponse<String> malformed = f.postForm(f.issuer + "/oauth2/authn/start", form("client_id", clientId, "response_type", "code",
                "redirect_uri", REDIRECT, "scope", "openid", "code_challenge", OidcFixture.challenge(OidcFixture.random(32)), "code_challenge_method", "S256",
                "enrol", "../etc/passwd"));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("invalid_request");

        // the application asks for a code generator: bob logs in fully first, then sets it up
        Login setUp = start(clientId, "openid gatehouse:account", "totp");
        JsonNode enrolment = password(setUp, "bob", PASSWORD).path("step");
        assertThat(enrolment.path("authenticator").asText()).as(enrolment.toString()).isEqualTo("totp");
        assertThat(enrolment.path("enrolment").asBoolean()).isTrue();
        String secret = secretOf(enrolment.path("data").path("qr_code").asText());
        JsonNode tokens = redeem(setUp, submit(setUp, Map.of("code", oathtool(secret, 0))));
        // setting a factor up proves nothing beyond the password: still a one-factor login
        assertThat(idTokenClaims(tokens).path("acr").asText()).isEqualTo("1");
        String bearer = "Bearer " + tokens.path("access_token").asText();

        HttpResponse<String> mine = f.get(f.issuer + "/api/me/credentials", "Authorization", bearer);
        assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
        JsonNode items = OidcFixture.json(mine).path("items");
        assertThat(items.findValuesAsText("type")).containsExactly("totp");
        assertThat(mine.body()).doesNotContain(secret);
        HttpResponse<String> me = f.get(f.issuer + "/api/me", "Authorization", bearer);
        assertThat(OidcFixture.json(me).path("username").asText()).isEqualTo("bob");

        // from now on the optional step asks bob for his code
        Login next = start(clientId);
        JsonNode asked = password(next, "bob", PASSWORD).path("step");
        assertThat(asked.path("authenticator").asText()).isEqualTo("totp");
        assertThat(asked.path("enrolment").asBoolean()).isFalse();
        assertThat(idTokenClaims(redeem(next, submit(next, Map.of("code", oathtool(secret, 1))))).path("acr").asText()).isEqualTo("2");

        // bob removes it again with his (recent) token: the optional step is skipped again
        String id = items.get(0).path("id").asText();
        HttpResponse<String> removed = f.delete(f.issuer + "/api/me/credentials/" + id, "Authorization", bearer);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
        Login after = start(clientId);
        redeem(after, password(after, "bob", PASSWORD));
    }
}
