package org.gatehouse.itests.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.itests.oidc.OidcFixture.assertOAuthError;
import static org.gatehouse.itests.oidc.OidcFixture.describe;
import static org.gatehouse.itests.oidc.OidcFixture.form;
import static org.gatehouse.itests.oidc.OidcFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gatehouse.itests.GatehouseServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a careless or hostile client gets, over raw HTTP: authorization code replay, PKCE
 * mismatches, redirect URIs that are not exactly registered, unsupported response and grant
 * types, wrong secrets, expired and revoked tokens at UserInfo, malformed, oversized and
 * duplicated input. Every error is an OAuth error as JSON (or, where nothing may be redirected to,
 * an error page), never a 500 and never a stack trace ({@link OidcFixture#send} checks each answer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OAuthErrorHandlingIT {

    private static final String USER = "grace";
    private static final String PASSWORD = "Compiler-A0-1952";

    private OidcFixture op;
    private String redirectUri;
    private String clientId;
    private String clientSecret;
    private String otherClientId;
    private String otherSecret;
    private OidcFixture.Browserless browser;
    private String deviceClientId;
    private String deviceSecret;
    private String shortLivedToken;
    private long shortLivedExpiresAt;

    @BeforeAll
    void start() throws Exception {
        op = OidcFixture.start("oidc-errors");
        op.createUser(USER, PASSWORD, "grace@example.com");
        // nothing listens there: the tests only read the Location the server redirects to
        redirectUri = "http://127.0.0.1:" + GatehouseServer.freePort() + "/cb";
        JsonNode web = op.createApplication(webApp("errors RP", 0));
        clientId = web.path("client_id").asText();
        clientSecret = web.path("client_secret").asText();
        JsonNode other = op.createApplication(webApp("another RP", 0));
        otherClientId = other.path("client_id").asText();
        otherSecret = other.path("client_secret").asText();
        browser = op.browserless(USER, PASSWORD);
        ObjectNode device = OidcFixture.app("oidc", "device client");
        device.putArray("grant_types").add("urn:ietf:params:oauth:grant-type:device_code");
        device.put("scope", "openid profile");
        device.put("token_endpoint_auth_method", "client_secret_basic");
        JsonNode deviceApp = op.createApplication(device);
        deviceClientId = deviceApp.path("client_id").asText();
        deviceSecret = deviceApp.path("client_secret").asText();

        // an access token that expires while the other tests run (see userinfoRefusesAnExpiredToken)
        JsonNode shortLived = op.createApplication(webApp("short-lived tokens", 60));
        String shortLivedClientId = shortLived.path("client_id").asText();
        String verifier = OidcFixture.random(32);
        HttpResponse<String> tokens = exchange(code(shortLivedClientId, verifier), verifier, shortLivedClientId,
                shortLived.path("client_secret").asText());
        assertThat(tokens.statusCode()).as(describe(tokens)).isEqualTo(200);
        shortLivedToken = json(tokens).path("access_token").asText();
        long expiresIn = json(tokens).path("expires_in").asLong();
        assertThat(expiresIn).as("access_token_lifetime 60 registered: %s", tokens.body()).isBetween(1L, 60L);
        shortLivedExpiresAt = System.currentTimeMillis() + expiresIn * 1000;
    }

    private ObjectNode webApp(String name, int accessTokenLifetime) {
        ObjectNode app = OidcFixture.app("web", name);
        app.putArray("redirect_uris").add(redirectUri);
        app.putArray("post_logout_redirect_uris").add(redirectUri.replace("/cb", "/logged-out"));
        app.putArray("grant_types").add("authorization_code").add("refresh_token");
        app.put("scope", "openid profile email offline_access");
        app.put("token_endpoint_auth_method", "client_secret_basic");
        app.put("skip_consent", true);
        app.put("require_pkce", true);
        if (accessTokenLifetime > 0) {
            app.put("access_token_lifetime", accessTokenLifetime);
        }
        return app;
    }

    @AfterAll
    void stop() {
        if (op != null) {
            op.close();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** An OAuth error with one of these statuses (where the RFCs leave the choice, e.g. 400 or 401). */
    private static JsonNode assertOAuthErrorIn(HttpResponse<String> r, List<Integer> statuses, String... errors) {
        assertThat(r.statusCode()).as(describe(r)).isIn(statuses);
        return assertOAuthError(r, r.statusCode(), errors);
    }

    private static String s256(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private Map<String, String> authorizeParams(String client, String verifier) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", client);
        p.put("redirect_uri", redirectUri);
        p.put("scope", "openid profile email");
        p.put("state", OidcFixture.random(12));
        p.put("nonce", OidcFixture.random(12));
        if (verifier != null) {
            p.put("code_challenge", s256(verifier));
            p.put("code_challenge_method", "S256");
        }
        return p;
    }

    /** An authorization code for this client, with a PKCE S256 challenge of verifier. */
    private String code(String client, String verifier) throws Exception {
        Map<String, String> params = authorizeParams(client, verifier);
        URI back = browser.authorize(params);
        assertThat(back.toString()).as("redirected to the client").startsWith(redirectUri);
        Map<String, String> q = OidcFixture.queryParams(back);
        assertThat(q).as("authorization response %s", back).containsEntry("state", params.get("state")).containsKey("code");
        return q.get("code");
    }

    private HttpResponse<String> exchange(String code, String verifier, String client, String secret) {
        List<String[]> f = form("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri);
        if (verifier != null) {
            f.add(new String[] {"code_verifier", verifier});
        }
        return op.postForm(op.endpoint("token_endpoint"), f, "Authorization", GatehouseServer.basic(client, secret));
    }

    private JsonNode introspect(String token) {
        HttpResponse<String> r = op.postForm(op.endpoint("introspection_endpoint"), form("token", token),
                "Authorization", GatehouseServer.basic(clientId, clientSecret));
        assertThat(r.statusCode()).as(describe(r)).isEqualTo(200);
        return json(r);
    }

    /** An authorization request whose redirect_uri is not usable: an error page, not a redirect anywhere. */
    private void assertErrorPageWithoutRedirect(Map<String, String> params) {
        HttpResponse<String> r = op.get(op.endpoint("authorization_endpoint") + "?" + OidcFixture.query(params));
        assertThat(r.statusCode()).as("no redirect to an unregistered redirect_uri: %s", describe(r)).isEqualTo(400);
        assertThat(r.headers().firstValue("Location")).as(describe(r)).isEmpty();
    }

    /** An authorization request with a valid client and redirect_uri: the error goes back to the client. */
    private Map<String, String> assertErrorRedirect(Map<String, String> params, String... errors) {
        HttpResponse<String> r = op.get(op.endpoint("authorization_endpoint") + "?" + OidcFixture.query(params));
        assertThat(r.statusCode()).as("an error redirect: %s", describe(r)).isIn(302, 303);
        String location = r.headers().firstValue("Location").orElse("");
        assertThat(location).as(describe(r)).startsWith(redirectUri + "?");
        Map<String, String> q = OidcFixture.queryParams(URI.create(location));
        assertThat(q.get("error")).as(location).isIn((Object[]) errors);
        assertThat(q).as("state returned with the error (RFC 6749 4.1.2.1)").containsEntry("state", params.get("state"));
        assertThat(q).as(location).doesNotContainKey("code");
        return q;
    }

    // ---- authorization codes and PKCE ---------------------------------------------------------

    @Test
    void aReplayedCodeIsRefusedAndRevokesWhatItIssued() throws Exception {
        String verifier = OidcFixture.random(32);
        String code = code(clientId, verifier);
        HttpResponse<String> first = exchange(code, verifier, clientId, clientSecret);
        assertThat(first.statusCode()).as(describe(first)).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control").orElse("")).as("RFC 6749 5.1").contains("no-store");
        String accessToken = json(first).path("access_token").asText();
        String refreshToken = json(first).path("refresh_token").asText(null);
        assertThat(introspect(accessToken).path("active").asBoolean()).isTrue();

        assertOAuthError(exchange(code, verifier, clientId, clientSecret), 400, "invalid_grant");
        assertThat(introspect(accessToken).path("active").asBoolean())
                .as("RFC 6749 4.1.2: tokens issued from a replayed code are revoked").isFalse();
        if (refreshToken != null) {
            assertThat(introspect(refreshToken).path("active").asBoolean()).as("the refresh token too").isFalse();
        }
    }

    @Test
    void aCodeIsBoundToItsClient() throws Exception {
        String verifier = OidcFixture.random(32);
        String code = code(clientId, verifier);
        assertOAuthError(exchange(code, verifier, otherClientId, otherSecret), 400, "invalid_grant");
    }

    @Test
    void aWrongCodeVerifierIsRefused() throws Exception {
        String verifier = OidcFixture.random(32);
        String code = code(clientId, verifier);
        assertOAuthError(exchange(code, OidcFixture.random(32), clientId, clientSecret), 400, "invalid_grant");
        // and the code is spent: the right verifier does not work after a failed attempt either
        assertOAuthError(exchange(code, verifier, clientId, clientSecret), 400, "invalid_grant");
    }

    @Test
    void aMissingCodeVerifierIsRefusedWhenAChallengeWasSent() throws Exception {
        String code = code(clientId, OidcFixture.random(32));
        assertOAuthError(exchange(code, null, clientId, clientSecret), 400, "invalid_grant", "invalid_request");
    }

    @Test
    void theRedirectUriOfTheTokenRequestMustMatch() throws Exception {
        String verifier = OidcFixture.random(32);
        String code = code(clientId, verifier);
        HttpResponse<String> r = op.postForm(op.endpoint("token_endpoint"), form("grant_type", "authorization_code", "code", code,
                "redirect_uri", redirectUri + "/other", "code_verifier", verifier), "Authorization", GatehouseServer.basic(clientId, clientSecret));
        assertOAuthError(r, 400, "invalid_grant");
    }

    @Test
    void thePlainPkceMethodIsRefused() throws Exception {
        Map<String, String> p = authorizeParams(clientId, null);
        p.put("code_challenge", OidcFixture.random(32));
        p.put("code_challenge_method", "plain");
        assertErrorRedirect(p, "invalid_request");
    }

    @Test
    void aClientRegisteredWithRequirePkceIsRefusedWithoutIt() throws Exception {
        assertErrorRedirect(authorizeParams(clientId, null), "invalid_request");
    }

    @Test
    void aRefreshTokenIsBoundToItsClient() throws Exception {
        Map<String, String> params = authorizeParams(clientId, OidcFixture.random(32));
        String verifier = OidcFixture.random(32);
        params.put("code_challenge", s256(verifier));
        params.put("scope", "openid offline_access");
        String code = OidcFixture.queryParams(browser.authorize(params)).get("code");
        HttpResponse<String> tokens = exchange(code, verifier, clientId, clientSecret);
        assertThat(tokens.statusCode()).as(describe(tokens)).isEqualTo(200);
        String refreshToken = json(tokens).path("refresh_token").asText(null);
        assertThat(refreshToken).as("refresh_token for offline_access: %s", tokens.body()).isNotNull();
        HttpResponse<String> wider = op.postForm(op.endpoint("token_endpoint"),
                form("grant_type", "refresh_token", "refresh_token", refreshToken, "scope", "openid offline_access email"),
                "Authorization", GatehouseServer.basic(clientId, clientSecret));
        // RFC 6749 6: the scope of a refresh must not exceed the original grant
        assertOAuthError(wider, 400, "invalid_scope");
        HttpResponse<String> stolen = op.postForm(op.endpoint("token_endpoint"), form("grant_type", "refresh_token", "refresh_token", refreshToken),
                "Authorization", GatehouseServer.basic(otherClientId, otherSecret));
        assertOAuthError(stolen, 400, "invalid_grant");
    }

    @Test
    void promptNoneWithoutASessionAnswersLoginRequired() throws Exception {
        Map<String, String> params = authorizeParams(clientId, OidcFixture.random(32));
        params.put("prompt", "none");
        Map<String, String> q = assertErrorRedirect(params, "login_required");
        assertThat(q).doesNotContainKey("code");
    }

    @Test
    void pushedRequestUrisAreSingleUseAndBoundToTheirClient() throws Exception {
        String par = op.endpoint("pushed_authorization_request_endpoint");
        Map<String, String> params = authorizeParams(clientId, OidcFixture.random(32));
        List<String[]> body = new ArrayList<>();
        params.forEach((k, v) -> body.add(new String[] {k, v}));
        HttpResponse<String> pushed = op.postForm(par, body, "Authorization", GatehouseServer.basic(clientId, clientSecret));
        assertThat(pushed.statusCode()).as(describe(pushed)).isEqualTo(201);
        String requestUri = json(pushed).path("request_uri").asText();
        assertThat(requestUri).startsWith("urn:ietf:params:oauth:request_uri:");
        assertThat(json(pushed).path("expires_in").asInt()).isPositive();

        // another client cannot use it
        HttpResponse<String> foreign = op.get(op.endpoint("authorization_endpoint") + "?" + OidcFixture.query(Map.of("client_id", otherClientId,
                "request_uri", requestUri)));
        assertThat(foreign.statusCode()).as("request_uri of another client: %s", describe(foreign)).isIn(302, 303, 400);
        foreign.headers().firstValue("Location").ifPresent(l -> assertThat(l).as("no code for a foreign request_uri").doesNotContain("code="));

        URI back = browser.authorize(Map.of("client_id", clientId, "request_uri", requestUri));
        assertThat(OidcFixture.queryParams(back)).as(back.toString()).containsKey("code").containsEntry("state", params.get("state"));
        // RFC 9126 4: a request_uri is used once
        HttpResponse<String> again = op.get(op.endpoint("authorization_endpoint") + "?" + OidcFixture.query(Map.of("client_id", clientId,
                "request_uri", requestUri)));
        assertThat(again.statusCode()).as("a spent request_uri: %s", describe(again)).isIn(302, 303, 400);
        again.headers().firstValue("Location").ifPresent(l -> assertThat(l).as("no code for a spent request_uri").doesNotContain("code="));

        // a pushed request with an unregistered redirect_uri is refused at the PAR endpoint
        List<String[]> bad = new ArrayList<>(body);
        bad.removeIf(p -> p[0].equals("redirect_uri"));
        bad.add(new String[] {"redirect_uri", "https://attacker.example/cb"});
        assertOAuthError(op.postForm(par, bad, "Authorization", GatehouseServer.basic(clientId, clientSecret)), 400,
                "invalid_request", "invalid_redirect_uri");
        // and PAR wants client authentication
        assertOAuthErrorIn(op.postForm(par, body), List.of(400, 401), "invalid_client", "invalid_request");
    }

    @Test
    void deviceGrantBeforeApprovalAndWithForeignOrBogusCodes() {
        HttpResponse<String> start = op.postForm(op.endpoint("device_authorization_endpoint"), form("scope", "openid profile"),
                "Authorization", GatehouseServer.basic(deviceClientId, deviceSecret));
        assertThat(start.statusCode()).as(describe(start)).isEqualTo(200);
        JsonNode d = json(start);
        assertThat(d.path("device_code").asText()).isNotEmpty();
        assertThat(d.path("user_code").asText()).isNotEmpty();
        assertThat(d.path("verification_uri").asText()).startsWith(op.issuer);
        assertThat(d.path("expires_in").asInt()).isPositive();
        String grant = "urn:ietf:params:oauth:grant-type:device_code";
        HttpResponse<String> pending = op.postForm(op.endpoint("token_endpoint"), form("grant_type", grant, "device_code", d.path("device_code").asText()),
                "Authorization", GatehouseServer.basic(deviceClientId, deviceSecret));
        assertOAuthError(pending, 400, "authorization_pending", "slow_down");
        HttpResponse<String> fast = op.postForm(op.endpoint("token_endpoint"), form("grant_type", grant, "device_code", d.path("device_code").asText()),
                "Authorization", GatehouseServer.basic(deviceClientId, deviceSecret));
        // RFC 8628 3.5: polling faster than the interval
        assertOAuthError(fast, 400, "slow_down", "authorization_pending");
        HttpResponse<String> foreign = op.postForm(op.endpoint("token_endpoint"), form("grant_type", grant, "device_code", d.path("device_code").asText()),
                "Authorization", GatehouseServer.basic(clientId, clientSecret));
        assertOAuthError(foreign, 400, "invalid_grant", "unauthorized_client");
        HttpResponse<String> bogus = op.postForm(op.endpoint("token_endpoint"), form("grant_type", grant, "device_code", "bogus"),
                "Authorization", GatehouseServer.basic(deviceClientId, deviceSecret));
        assertOAuthError(bogus, 400, "invalid_grant", "expired_token");
        // a client not registered for the device grant cannot start one
        HttpResponse<String> notAllowed = op.postForm(op.endpoint("device_authorization_endpoint"), form("scope", "openid"),
                "Authorization", GatehouseServer.basic(clientId, clientSecret));
        assertOAuthError(notAllowed, 400, "unauthorized_client", "invalid_client");
    }

    @Test
    void logoutNeverRedirectsToAnUnregisteredUri() throws Exception {
        String verifier = OidcFixture.random(32);
        HttpResponse<String> tokens = exchange(code(clientId, verifier), verifier, clientId, clientSecret);
        String idToken = json(tokens).path("id_token").asText();
        HttpResponse<String> r = op.get(op.endpoint("end_session_endpoint") + "?" + OidcFixture.query(Map.of("id_token_hint", idToken,
                "post_logout_redirect_uri", "https://attacker.example/bye", "state", "s1")));
        assertThat(r.headers().firstValue("Location").orElse("")).as(describe(r)).doesNotStartWith("https://attacker.example");
        assertThat(r.statusCode()).as(describe(r)).isIn(200, 400);
        // a registered one is fine
        String registered = redirectUri.replace("/cb", "/logged-out");
        HttpResponse<String> ok = op.get(op.endpoint("end_session_endpoint") + "?" + OidcFixture.query(Map.of("id_token_hint", idToken,
                "post_logout_redirect_uri", registered, "state", "s2")));
        if (ok.statusCode() / 100 == 3) {
            assertThat(ok.headers().firstValue("Location").orElse("")).startsWith(registered).contains("state=s2");
        } else {
            assertThat(ok.statusCode()).as("a logout confirmation page: %s", describe(ok)).isEqualTo(200);
        }
    }

    // ---- redirect URIs and response types -------------------------------------------------------

    @Test
    void anUnregisteredRedirectUriGetsAnErrorPageAndNoRedirect() throws Exception {
        Map<String, String> p = authorizeParams(clientId, OidcFixture.random(32));
        p.put("redirect_uri", "https://attacker.example/cb");
        assertErrorPageWithoutRedirect(p);
        Map<String, String> unknownClient = authorizeParams("no-such-client", OidcFixture.random(32));
        assertErrorPageWithoutRedirect(unknownClient);
    }

    @Test
    void redirectUrisAreMatchedExactly() throws Exception {
        URI registered = URI.create(redirectUri);
        for (String variant : List.of(redirectUri + "/extra", redirectUri + "?x=1", redirectUri + "/", redirectUri + "#frag",
                redirectUri.replace("/cb", "/CB"), "http://localhost:" + registered.getPort() + "/cb",
                "https://127.0.0.1:" + registered.getPort() + "/cb", redirectUri + "/../cb")) {
            Map<String, String> p = authorizeParams(clientId, OidcFixture.random(32));
            p.put("redirect_uri", variant);
            HttpResponse<String> r = op.get(op.endpoint("authorization_endpoint") + "?" + OidcFixture.query(p));
            assertThat(r.statusCode()).as("redirect_uri %s: %s", variant, describe(r)).isEqualTo(400);
            assertThat(r.headers().firstValue("Location")).as("redirect_uri %s", variant).isEmpty();
        }
    }

    @Test
    void unsupportedOrMissingResponseTypeGoesBackToAValidRedirectUri() throws Exception {
        Map<String, String> token = authorizeParams(clientId, OidcFixture.random(32));
        token.put("response_type", "token");
        assertErrorRedirect(token, "unsupported_response_type");
        Map<String, String> idToken = authorizeParams(clientId, OidcFixture.random(32));
        idToken.put("response_type", "code id_token");
        assertErrorRedirect(idToken, "unsupported_response_type");
        Map<String, String> missing = authorizeParams(clientId, OidcFixture.random(32));
        missing.remove("response_type");
        assertErrorRedirect(missing, "invalid_request", "unsupported_response_type");
    }

    @Test
    void duplicateAuthorizationParametersAreRefused() throws Exception {
        Map<String, String> p = authorizeParams(clientId, OidcFixture.random(32));
        String url = op.endpoint("authorization_endpoint") + "?" + OidcFixture.query(p) + "&scope=openid";
        HttpResponse<String> r = op.get(url);
        // RFC 6749 3.1: parameters must not be included more than once
        if (r.statusCode() / 100 == 3) {
            Map<String, String> q = OidcFixture.queryParams(URI.create(r.headers().firstValue("Location").orElseThrow()));
            assertThat(q.get("error")).as(describe(r)).isEqualTo("invalid_request");
        } else {
            assertThat(r.statusCode()).as(describe(r)).isEqualTo(400);
        }
    }

    // ---- token endpoint -------------------------------------------------------------------------

    @Test
    void unsupportedGrantTypes() {
        for (String grant : List.of("password", "implicit", "urn:example:unknown")) {
            HttpResponse<String> r = op.postForm(op.endpoint("token_endpoint"), form("grant_type", grant, "username", USER, "password", PASSWORD),
                    "Authorization", GatehouseServer.basic(clientId, clientSecret));
            assertOAuthError(r, 400, "unsupported_grant_type", "unauthorized_client");
        }
        // a grant type the server supports but this client is not registered for
        HttpResponse<String> r = op.postForm(op.endpoint("token_endpoint"), form("grant_type", "client_credentials"),
                "Authorization", GatehouseServer.basic(clientId, clientSecret));
        assertOAuthError(r, 400, "unauthorized_client");
    }

    @Test
    void wrongClientSecrets() {
        HttpResponse<String> basic = op.postForm(op.endpoint("token_endpoint"), form("grant_type", "client_credentials"),
                "Authorization", GatehouseServer.basic(clientId, "wrong"));
        assertOAuthError(basic, 401, "invalid_client");
        assertThat(basic.headers().firstValue("WWW-Authenticate").orElse("")).as(describe(basic)).startsWithIgnoringCase("Basic");

        HttpResponse<String> unknown = op.postForm(op.endpoint("token_endpoint"), form("grant_type", "client_credentials"),
                "Authorization", GatehouseServer.basic("no-such-client", "wrong"));
        assertOAuthError(unknown, 401, "invalid_client");
        assertThat(json(unknown).path("error_description").asText()).as("no client enumeration")
                .isEqualTo(json(basic).path("error_description").asText());

        HttpResponse<String> post = op.postForm(op.endpoint("token_endpoint"),
                form("grant_type", "authorization_code", "code", "x", "client_id", clientId, "client_secret", "wrong"));
        assertOAuthErrorIn(post, List.of(400, 401), "invalid_client");

        HttpResponse<String> none = op.postForm(op.endpoint("token_endpoint"), form("grant_type", "authorization_code", "code", "x"));
        assertOAuthErrorIn(none, List.of(400, 401), "invalid_client", "invalid_request");

        HttpResponse<String> both = op.postForm(op.endpoint("token_endpoint"),
                form("grant_type", "authorization_code", "code", "x", "client_id", clientId, "client_secret", clientSecret),
                "Authorization", GatehouseServer.basic(clientId, clientSecret));
        // RFC 6749 2.3: a client must not use more than one authentication method in a request
        assertOAuthErrorIn(both, List.of(400, 401), "invalid_request", "invalid_client");
    }

    @Test
    void malformedTokenRequests() {
        String token = op.endpoint("token_endpoint");
        String auth = GatehouseServer.basic(clientId, clientSecret);
        assertOAuthError(op.postRaw(token, "application/json", "{\"grant_type\":\"client_credentials\"}", "Authorization", auth), 400,
                "invalid_request");
        assertOAuthError(op.postRaw(token, "application/x-www-form-urlencoded", "", "Authorization", auth), 400, "invalid_request");
        assertOAuthError(op.postRaw(token, "application/x-www-form-urlencoded", "%%%&&==grant_type", "Authorization", auth), 400,
                "invalid_request", "unsupported_grant_type");
        assertOAuthError(op.postRaw(token, null, "grant_type=authorization_code&code=x", "Authorization", auth), 400, "invalid_request");
        HttpResponse<String> get = op.get(token + "?grant_type=client_credentials", "Authorization", auth);
        assertThat(get.statusCode()).as("GET on the token endpoint: %s", describe(get)).isIn(400, 405);
        // a Basic header that is not Base64, or has no colon
        assertOAuthErrorIn(op.postForm(token, form("grant_type", "client_credentials"), "Authorization", "Basic !!!not-base64!!!"),
                List.of(400, 401), "invalid_client", "invalid_request");
        assertOAuthErrorIn(op.postForm(token, form("grant_type", "client_credentials"), "Authorization",
                "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))), List.of(400, 401),
                "invalid_client", "invalid_request");
    }

    @Test
    void duplicateTokenParametersAreRefused() {
        HttpResponse<String> r = op.postForm(op.endpoint("token_endpoint"),
                form("grant_type", "authorization_code", "grant_type", "client_credentials", "code", "x"),
                "Authorization", GatehouseServer.basic(clientId, clientSecret));
        assertOAuthError(r, 400, "invalid_request");
        HttpResponse<String> code = op.postForm(op.endpoint("token_endpoint"),
                form("grant_type", "authorization_code", "code", "x", "code", "y", "redirect_uri", redirectUri),
                "Authorization", GatehouseServer.basic(clientId, clientSecret));
        assertOAuthError(code, 400, "invalid_request");
    }

    @Test
    void oversizedRequestsAreRefusedNotCrashedOn() throws Exception {
        HttpClient raw = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String mib = "grant_type=client_credentials&padding=" + "a".repeat(1024 * 1024);
        for (String endpoint : List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint", "pushed_authorization_request_endpoint")) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(op.endpoint(endpoint))).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", GatehouseServer.basic(clientId, clientSecret))
                    .POST(HttpRequest.BodyPublishers.ofString(mib)).build();
            try {
                HttpResponse<String> r = raw.send(req, HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("1 MiB form to %s: %s", endpoint, describe(r)).isIn(400, 413);
                OidcFixture.assertNoStackTrace(r);
            } catch (IOException e) {
                // a server may close the connection on an oversized body instead of answering: acceptable, a 500 is not
            }
        }
        // the same without a Content-Length (chunked): refused at the limit as well; a small chunked form is read
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(op.endpoint("token_endpoint"))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", GatehouseServer.basic(clientId, clientSecret))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(mib.getBytes(StandardCharsets.US_ASCII)))).build();
        try {
            HttpResponse<String> r = raw.send(chunked, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("1 MiB chunked form: %s", describe(r)).isIn(400, 413);
            OidcFixture.assertNoStackTrace(r);
        } catch (IOException e) {
            // closed on us: acceptable
        }
        HttpResponse<String> small = raw.send(HttpRequest.newBuilder(URI.create(op.endpoint("token_endpoint"))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", GatehouseServer.basic(clientId, clientSecret))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream("grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII))))
                .build(), HttpResponse.BodyHandlers.ofString());
        // read and parsed: the answer is about its grant type (this client has no client credentials), not a missing grant_type
        assertOAuthError(small, 400, "unauthorized_client");
        // a 64 KiB query string on the authorization endpoint
        String huge = op.endpoint("authorization_endpoint") + "?client_id=" + clientId + "&state=" + "s".repeat(64 * 1024);
        try {
            HttpResponse<String> r = raw.send(HttpRequest.newBuilder(URI.create(huge)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("64 KiB query: %s", describe(r)).isIn(400, 413, 414, 431);
        } catch (IOException e) {
            // closed on us: acceptable
        }
        // the server still answers
        assertThat(op.get(op.issuer + "/.well-known/openid-configuration").statusCode()).isEqualTo(200);
    }

    // ---- bearer tokens at UserInfo (RFC 6750) ---------------------------------------------------

    private static void assertInvalidToken(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(describe(r)).isEqualTo(401);
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        assertThat(challenge).as(describe(r)).startsWithIgnoringCase("Bearer").contains("error=\"invalid_token\"");
        OidcFixture.assertNoStackTrace(r);
    }

    @Test
    void userinfoRefusesRevokedTamperedAndMissingTokens() throws Exception {
        String verifier = OidcFixture.random(32);
        HttpResponse<String> tokens = exchange(code(clientId, verifier), verifier, clientId, clientSecret);
        assertThat(tokens.statusCode()).as(describe(tokens)).isEqualTo(200);
        String at = json(tokens).path("access_token").asText();
        String userinfo = op.endpoint("userinfo_endpoint");
        HttpResponse<String> ok = op.get(userinfo, "Authorization", "Bearer " + at);
        assertThat(ok.statusCode()).as(describe(ok)).isEqualTo(200);
        assertThat(json(ok).path("sub").asText()).isNotEmpty();

        HttpResponse<String> none = op.get(userinfo);
        assertThat(none.statusCode()).as(describe(none)).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).as("RFC 6750 3.1: no error code without credentials")
                .startsWithIgnoringCase("Bearer").doesNotContain("invalid_token");

        String[] parts = at.split("\\.");
        if (parts.length == 3) {
            String sig = parts[2];
            String tampered = parts[0] + "." + parts[1] + "." + (sig.charAt(0) == 'A' ? 'B' : 'A') + sig.substring(1);
            assertInvalidToken(op.get(userinfo, "Authorization", "Bearer " + tampered));
        }
        assertInvalidToken(op.get(userinfo, "Authorization", "Bearer not-a-token"));

        HttpResponse<String> revoke = op.postForm(op.endpoint("revocation_endpoint"), form("token", at, "token_type_hint", "access_token"),
                "Authorization", GatehouseServer.basic(clientId, clientSecret));
        assertThat(revoke.statusCode()).as(describe(revoke)).isEqualTo(200);
        assertInvalidToken(op.get(userinfo, "Authorization", "Bearer " + at));
    }

    /**
     * Runs last: the token was issued in {@link #start()} by an application with the shortest
     * lifetime the server accepts (60 s), so most of the wait overlaps the other tests.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void userinfoRefusesAnExpiredToken() throws Exception {
        String userinfo = op.endpoint("userinfo_endpoint");
        long untilExpiry = shortLivedExpiresAt - System.currentTimeMillis();
        if (untilExpiry > 0) {
            HttpResponse<String> stillValid = op.get(userinfo, "Authorization", "Bearer " + shortLivedToken);
            assertThat(stillValid.statusCode()).as("before exp: %s", describe(stillValid)).isEqualTo(200);
            Thread.sleep(untilExpiry);
        }
        // then at most 30 s of clock leeway on the server's side
        long deadline = System.currentTimeMillis() + 30_000;
        HttpResponse<String> r;
        do {
            r = op.get(userinfo, "Authorization", "Bearer " + shortLivedToken);
            if (r.statusCode() == 401) {
                break;
            }
            Thread.sleep(500);
        } while (System.currentTimeMillis() < deadline);
        assertInvalidToken(r);
        assertThat(introspect(shortLivedToken).path("active").asBoolean()).as("expired at introspection").isFalse();
    }

    @Test
    void everyEndpointAnswersNonsenseWithoutAServerError() {
        List<String> urls = new ArrayList<>();
        for (String e : List.of("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "introspection_endpoint",
                "revocation_endpoint", "end_session_endpoint", "pushed_authorization_request_endpoint", "device_authorization_endpoint",
                "registration_endpoint")) {
            urls.add(op.endpoint(e));
        }
        for (String url : urls) {
            op.get(url + (url.contains("?") ? "&" : "?") + "client_id=%00&redirect_uri=%25ZZ&state=%FF%FE"); // send() asserts < 500, no stack trace
            op.postRaw(url, "application/x-www-form-urlencoded", "client_id=%00&\u0000=\u0001");
            op.postRaw(url, "application/json", "{not json");
            op.postRaw(url, "text/plain", "\u0000\u0001\u0002");
        }
    }
}
