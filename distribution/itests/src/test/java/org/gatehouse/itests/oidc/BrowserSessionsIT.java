package org.gatehouse.itests.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.itests.oidc.OidcFixture.assertOAuthError;
import static org.gatehouse.itests.oidc.OidcFixture.describe;
import static org.gatehouse.itests.oidc.OidcFixture.form;
import static org.gatehouse.itests.oidc.OidcFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gatehouse.itests.GatehouseServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a browser session meets: single sign-on sessions as administrators and relying parties see
 * them (listed and ended through the management API with a bearer token, OpenID Connect
 * Back-Channel Logout tokens verified with Nimbus against the JWKS, offline access outliving a
 * logout), and the authorization request features that ride on a session: signed request objects
 * (RFC 9101), the form_post and fragment response modes, prompt=login and max_age.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserSessionsIT {

    private static final String USER = "hopper";
    private static final String PASSWORD = "Nanosecond-11-8in";

    private OidcFixture op;
    private HttpServer receiver;
    private final BlockingQueue<String> logoutTokens = new LinkedBlockingQueue<>();
    private String redirectUri;
    private String clientId;
    private String clientSecret;
    private String userId;

    @BeforeAll
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/backchannel", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String pair : body.split("&")) {
                if (pair.startsWith("logout_token=")) {
                    logoutTokens.add(URLDecoder.decode(pair.substring(13), StandardCharsets.UTF_8));
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();

        op = OidcFixture.start("oidc-sessions");
        userId = op.createUser(USER, PASSWORD, "hopper@example.com");
        redirectUri = "http://127.0.0.1:" + GatehouseServer.freePort() + "/cb";
        ObjectNode app = OidcFixture.app("web", "sessions RP");
        app.putArray("redirect_uris").add(redirectUri);
        app.putArray("grant_types").add("authorization_code").add("refresh_token");
        app.put("scope", "openid profile offline_access");
        app.put("skip_consent", true);
        app.put("backchannel_logout_uri", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/backchannel");
        app.put("backchannel_logout_session_required", true);
        JsonNode created = op.createApplication(app);
        clientId = created.path("client_id").asText();
        clientSecret = created.path("client_secret").asText();
    }

    @AfterAll
    void stop() {
        if (op != null) {
            op.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    /** Logs in (a new user agent: a new session) and returns the token response. */
    private JsonNode login(OidcFixture.Browserless browser, String scope) throws Exception {
        return login(browser, scope, clientId, clientSecret);
    }

    private JsonNode login(OidcFixture.Browserless browser, String scope, String clientId, String clientSecret) throws Exception {
        String verifier = OidcFixture.random(32);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri);
        p.put("scope", scope);
        p.put("state", OidcFixture.random(12));
        p.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))));
        p.put("code_challenge_method", "S256");
        URI back = browser.authorize(p);
        String code = OidcFixture.queryParams(back).get("code");
        assertThat(code).as("authorization response %s", back).isNotNull();
        HttpResponse<String> r = op.postForm(op.endpoint("token_endpoint"),
                form("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri, "code_verifier", verifier),
                "Authorization", GatehouseServer.basic(clientId, clientSecret));
        assertThat(r.statusCode()).as(describe(r)).isEqualTo(200);
        return json(r);
    }

    private HttpResponse<String> refresh(String refreshToken) {
        return op.postForm(op.endpoint("token_endpoint"), form("grant_type", "refresh_token", "refresh_token", refreshToken),
                "Authorization", GatehouseServer.basic(clientId, clientSecret));
    }

    private JWTClaimsSet verifiedLogoutToken(String token) throws Exception {
        HttpResponse<String> jwks = op.get(op.endpoint("jwks_uri"));
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.PS256),
                new ImmutableJWKSet<>(com.nimbusds.jose.jwk.JWKSet.parse(jwks.body()))));
        return processor.process(token, null);
    }

    private Map<String, String> codeRequest(String client, String verifier) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", client);
        p.put("redirect_uri", redirectUri);
        p.put("scope", "openid profile");
        p.put("state", OidcFixture.random(12));
        p.put("nonce", OidcFixture.random(12));
        p.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))));
        p.put("code_challenge_method", "S256");
        return p;
    }

    private HttpResponse<String> authorizeRaw(OidcFixture.Browserless browser, Map<String, String> params) {
        return OidcFixture.send(browser.client, java.net.http.HttpRequest.newBuilder(
                URI.create(op.endpoint("authorization_endpoint") + "?" + OidcFixture.query(params))).GET().build());
    }

    @Test
    void signedRequestObjectsAreVerifiedAndUnsignedOrForgedOnesRefused() throws Exception {
        com.nimbusds.jose.jwk.RSAKey key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("jar-" + OidcFixture.random(6))
                .algorithm(JWSAlgorithm.RS256).generate();
        ObjectNode app = OidcFixture.app("oidc", "JAR client");
        app.putArray("redirect_uris").add(redirectUri);
        app.putArray("grant_types").add("authorization_code");
        app.put("scope", "openid profile");
        app.put("token_endpoint_auth_method", "private_key_jwt");
        app.put("token_endpoint_auth_signing_alg", "RS256");
        app.put("request_object_signing_alg", "RS256");
        app.put("require_signed_request_object", true);
        app.put("skip_consent", true);
        app.set("jwks", OidcFixture.JSON.readTree(new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toString()));
        String jarClient = op.createApplication(app).path("client_id").asText();

        OidcFixture.Browserless browser = op.browserless(USER, PASSWORD);
        String verifier = OidcFixture.random(32);
        Map<String, String> inner = codeRequest(jarClient, verifier);
        com.nimbusds.jwt.JWTClaimsSet.Builder claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(jarClient).audience(op.issuer)
                .expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000));
        inner.forEach(claims::claim);
        com.nimbusds.jwt.SignedJWT signed = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        signed.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
        // RFC 9101: only client_id (and the duplicated response_type, scope) outside the request object
        URI back = browser.authorize(Map.of("client_id", jarClient, "response_type", "code", "scope", "openid profile",
                "request", signed.serialize()));
        Map<String, String> answer = OidcFixture.queryParams(back);
        assertThat(answer).as("%s", back).containsEntry("state", inner.get("state")).containsKey("code");
        com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT assertion = new com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT(
                new com.nimbusds.oauth2.sdk.id.ClientID(jarClient), URI.create(op.endpoint("token_endpoint")), JWSAlgorithm.RS256,
                key.toRSAPrivateKey(), key.getKeyID(), null);
        java.util.List<String[]> tokenForm = form("grant_type", "authorization_code", "code", answer.get("code"), "redirect_uri", redirectUri,
                "code_verifier", verifier, "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion.getClientAssertion().serialize());
        HttpResponse<String> tokens = op.postForm(op.endpoint("token_endpoint"), tokenForm);
        assertThat(tokens.statusCode()).as(describe(tokens)).isEqualTo(200);
        assertThat(OidcFixture.jwtPayload(json(tokens).path("id_token").asText()).path("nonce").asText()).isEqualTo(inner.get("nonce"));

        // the same parameters unsigned, or with a signature that does not match: refused, back at the client
        for (String bad : new String[] {new com.nimbusds.jwt.PlainJWT(claims.build()).serialize(),
                signed.serialize().substring(0, signed.serialize().length() - 8) + "AAAAAAAA"}) {
            HttpResponse<String> r = authorizeRaw(browser, Map.of("client_id", jarClient, "response_type", "code", "scope", "openid profile",
                    "redirect_uri", redirectUri, "request", bad));
            assertThat(r.statusCode()).as(describe(r)).isIn(302, 303);
            String location = r.headers().firstValue("Location").orElse("");
            assertThat(location).as(describe(r)).startsWith(redirectUri);
            assertThat(OidcFixture.queryParams(URI.create(location)).get("error")).as(location).isIn("invalid_request_object", "invalid_request");
        }
        // and a plain request without any request object, for a client that requires one
        HttpResponse<String> plain = authorizeRaw(browser, codeRequest(jarClient, verifier));
        assertThat(plain.headers().firstValue("Location").orElse("")).as(describe(plain)).contains("error=invalid_request");
    }

    @Test
    void formPostAndFragmentResponseModesAndFreshLoginsWork() throws Exception {
        OidcFixture.Browserless browser = op.browserless(USER, PASSWORD);
        login(browser, "openid profile"); // a session to answer from

        Map<String, String> formPost = codeRequest(clientId, OidcFixture.random(32));
        formPost.put("response_mode", "form_post");
        HttpResponse<String> page = authorizeRaw(browser, formPost);
        assertThat(page.statusCode()).as(describe(page)).isEqualTo(200);
        org.jsoup.nodes.Element form = org.jsoup.Jsoup.parse(page.body()).selectFirst("form");
        assertThat(form).as(page.body()).isNotNull();
        assertThat(form.attr("method")).isEqualToIgnoringCase("post");
        assertThat(form.attr("action")).isEqualTo(redirectUri);
        assertThat(form.selectFirst("input[name=state]").attr("value")).isEqualTo(formPost.get("state"));
        assertThat(form.selectFirst("input[name=code]").attr("value")).isNotEmpty();
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("form-action " + redirectUri.replace("/cb", ""));

        Map<String, String> fragment = codeRequest(clientId, OidcFixture.random(32));
        fragment.put("response_mode", "fragment");
        HttpResponse<String> redirect = authorizeRaw(browser, fragment);
        String location = redirect.headers().firstValue("Location").orElse("");
        assertThat(location).as(describe(redirect)).startsWith(redirectUri + "#").contains("code=").contains("state=" + fragment.get("state"));

        // prompt=login and max_age=0 send the user back to the login page despite the session
        for (Map.Entry<String, String> fresh : Map.of("prompt", "login", "max_age", "0").entrySet()) {
            Map<String, String> p = codeRequest(clientId, OidcFixture.random(32));
            p.put(fresh.getKey(), fresh.getValue());
            HttpResponse<String> r = authorizeRaw(browser, p);
            assertThat(r.headers().firstValue("Location").orElse("")).as("%s: %s", fresh, describe(r)).contains("/login?request=");
            URI back = browser.authorize(p);
            assertThat(OidcFixture.queryParams(back)).as("%s: %s", fresh, back).containsKey("code");
        }
    }

    @Test
    void opaqueAccessTokensAreHandlesResolvedByIntrospectionAndUserInfo() throws Exception {
        ObjectNode app = OidcFixture.app("web", "opaque RP");
        app.putArray("redirect_uris").add(redirectUri);
        app.putArray("grant_types").add("authorization_code").add("refresh_token");
        app.put("scope", "openid profile");
        app.put("skip_consent", true);
        app.put("access_token_format", "opaque");
        JsonNode created = op.createApplication(app);
        String opaqueClient = created.path("client_id").asText();
        String opaqueSecret = created.path("client_secret").asText();
        JsonNode tokens = login(op.browserless(USER, PASSWORD), "openid profile", opaqueClient, opaqueSecret);
        String accessToken = tokens.path("access_token").asText();
        assertThat(accessToken.split("\\.")).as("an opaque handle, not a JWT: %s", accessToken).hasSize(1);
        HttpResponse<String> userinfo = op.get(op.endpoint("userinfo_endpoint"), "Authorization", "Bearer " + accessToken);
        assertThat(userinfo.statusCode()).as(describe(userinfo)).isEqualTo(200);
        assertThat(json(userinfo).path("preferred_username").asText()).isEqualTo(USER);
        HttpResponse<String> active = op.postForm(op.endpoint("introspection_endpoint"), form("token", accessToken),
                "Authorization", GatehouseServer.basic(opaqueClient, opaqueSecret));
        assertThat(json(active).path("active").asBoolean()).as(describe(active)).isTrue();
        assertThat(json(active).path("client_id").asText()).isEqualTo(opaqueClient);
        assertThat(json(active).path("scope").asText()).contains("openid");
        HttpResponse<String> revoked = op.postForm(op.endpoint("revocation_endpoint"), form("token", accessToken),
                "Authorization", GatehouseServer.basic(opaqueClient, opaqueSecret));
        assertThat(revoked.statusCode()).as(describe(revoked)).isEqualTo(200);
        HttpResponse<String> after = op.postForm(op.endpoint("introspection_endpoint"), form("token", accessToken),
                "Authorization", GatehouseServer.basic(opaqueClient, opaqueSecret));
        assertThat(json(after).path("active").asBoolean()).as(describe(after)).isFalse();
        HttpResponse<String> refused = op.get(op.endpoint("userinfo_endpoint"), "Authorization", "Bearer " + accessToken);
        assertThat(refused.statusCode()).as(describe(refused)).isEqualTo(401);
    }

    @Test
    void administratorsListAndEndSessionsAndTheApplicationHearsOfIt() throws Exception {
        OidcFixture.Browserless laptop = op.browserless(USER, PASSWORD);
        OidcFixture.Browserless phone = op.browserless(USER, PASSWORD);
        JsonNode online = login(laptop, "openid profile");
        JsonNode offline = login(phone, "openid profile offline_access");
        String laptopSid = OidcFixture.jwtPayload(online.path("id_token").asText()).path("sid").asText();
        String phoneSid = OidcFixture.jwtPayload(offline.path("id_token").asText()).path("sid").asText();
        assertThat(laptopSid).isNotEmpty().isNotEqualTo(phoneSid);

        String admin = "Bearer " + op.bootstrapToken();
        HttpResponse<String> listed = op.get(op.issuer + "/api/users/" + userId + "/sessions", "Authorization", admin);
        assertThat(listed.statusCode()).as(describe(listed)).isEqualTo(200);
        assertThat(json(listed).path("items").findValuesAsText("id")).contains(laptopSid, phoneSid);
        assertThat(json(listed).path("items").get(0).path("applications").toString()).contains(clientId);

        // ending the laptop's session: its refresh token dies, the application gets a logout token
        HttpResponse<String> ended = op.send(java.net.http.HttpRequest.newBuilder(URI.create(op.issuer + "/api/sessions/" + laptopSid))
                .header("Authorization", admin).DELETE().build());
        assertThat(ended.statusCode()).as(describe(ended)).isEqualTo(204);
        String token = logoutTokens.poll(15, TimeUnit.SECONDS);
        assertThat(token).as("a back-channel logout token within 15 s").isNotNull();
        JWTClaimsSet claims = verifiedLogoutToken(token);
        assertThat(claims.getIssuer()).isEqualTo(op.issuer);
        assertThat(claims.getAudience()).containsExactly(clientId);
        assertThat(claims.getStringClaim("sid")).isEqualTo(laptopSid);
        assertThat(claims.getSubject()).isEqualTo(OidcFixture.jwtPayload(online.path("id_token").asText()).path("sub").asText());
        assertThat(claims.getJSONObjectClaim("events")).containsKey("http://schemas.openid.net/event/backchannel-logout");
        assertThat(claims.getClaim("nonce")).as("OIDC Back-Channel Logout 2.4: no nonce").isNull();
        assertThat(claims.getJWTID()).isNotEmpty();

        assertOAuthError(refresh(online.path("refresh_token").asText()), 400, "invalid_grant");
        HttpResponse<String> introspected = op.postForm(op.endpoint("introspection_endpoint"), form("token", online.path("access_token").asText()),
                "Authorization", GatehouseServer.basic(clientId, clientSecret));
        assertThat(json(introspected).path("active").asBoolean()).as(describe(introspected)).isFalse();

        // the phone's session is untouched, and a second DELETE finds nothing
        HttpResponse<String> after = op.get(op.issuer + "/api/users/" + userId + "/sessions", "Authorization", admin);
        assertThat(json(after).path("items").findValuesAsText("id")).contains(phoneSid).doesNotContain(laptopSid);
        HttpResponse<String> again = op.send(java.net.http.HttpRequest.newBuilder(URI.create(op.issuer + "/api/sessions/" + laptopSid))
                .header("Authorization", admin).DELETE().build());
        assertThat(again.statusCode()).as(describe(again)).isEqualTo(404);

        // RP-initiated logout of the phone: offline access outlives the session
        HttpResponse<String> loggedOut = OidcFixture.send(phone.client, java.net.http.HttpRequest.newBuilder(URI.create(
                op.endpoint("end_session_endpoint") + "?id_token_hint=" + offline.path("id_token").asText())).GET().build());
        assertThat(loggedOut.statusCode()).as(describe(loggedOut)).isEqualTo(200);
        String phoneToken = logoutTokens.poll(15, TimeUnit.SECONDS);
        assertThat(phoneToken).as("a back-channel logout token for the phone's session").isNotNull();
        assertThat(verifiedLogoutToken(phoneToken).getStringClaim("sid")).isEqualTo(phoneSid);
        HttpResponse<String> stillWorks = refresh(offline.path("refresh_token").asText());
        assertThat(stillWorks.statusCode()).as("offline_access survives logout: %s", describe(stillWorks)).isEqualTo(200);
    }
}
