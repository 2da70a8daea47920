package org.gatehouse.itests.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gatehouse.itests.GatehouseServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Gatehouse as the OpenID Provider of relying parties written by others: openid-client 6 (an
 * OpenID-certified RP) and oauth4webapi 3 on Node.js, with the real login, consent and device pages
 * driven in headless Chromium (playwright-core). Each test is one scenario of
 * {@code src/test/js/oidc-rp.mjs}; its logs are under {@code target/it-work/oidc-rp/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenIdClientInteropIT {

    private static final String USER = "ada";
    private static final String PASSWORD = "Analytical-Engine-1843";

    private OidcFixture op;
    private final Map<String, String> env = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        NodeDriver.require();
        op = OidcFixture.start("oidc-rp");
        op.createUser(USER, PASSWORD, "ada@example.com");
        int callbackPort = GatehouseServer.freePort();
        String cb = "http://127.0.0.1:" + callbackPort;

        ObjectNode web = OidcFixture.app("web", "openid-client RP");
        web.putArray("redirect_uris").add(cb + "/cb");
        web.putArray("post_logout_redirect_uris").add(cb + "/logged-out");
        web.putArray("grant_types").add("authorization_code").add("refresh_token");
        web.put("scope", "openid profile email offline_access");
        web.put("token_endpoint_auth_method", "client_secret_basic");
        web.put("skip_consent", true);
        JsonNode webApp = op.createApplication(web);

        ObjectNode consent = web.deepCopy();
        consent.put("client_name", "RP with consent");
        consent.put("skip_consent", false);
        JsonNode consentApp = op.createApplication(consent);

        // one client per advertised ID token signing algorithm
        com.fasterxml.jackson.databind.node.ArrayNode algClients = OidcFixture.JSON.createArrayNode();
        for (JsonNode alg : op.discovery().path("id_token_signing_alg_values_supported")) {
            ObjectNode c = web.deepCopy();
            c.put("client_name", "RP " + alg.asText());
            c.put("id_token_signed_response_alg", alg.asText());
            JsonNode created = op.createApplication(c);
            algClients.addObject().put("alg", alg.asText()).put("id", created.path("client_id").asText())
                    .put("secret", created.path("client_secret").asText());
        }
        assertThat(algClients).as("id_token_signing_alg_values_supported").isNotEmpty();

        ObjectNode spa = OidcFixture.app("spa", "public RP");
        spa.putArray("redirect_uris").add(cb + "/cb");
        spa.putArray("grant_types").add("authorization_code").add("refresh_token");
        spa.put("scope", "openid profile email offline_access");
        spa.put("token_endpoint_auth_method", "none");
        spa.put("skip_consent", true);
        JsonNode spaApp = op.createApplication(spa);
        assertThat(spaApp.has("client_secret")).as("a public client gets no secret: %s", spaApp).isFalse();

        ObjectNode device = OidcFixture.app("oidc", "device RP");
        device.putArray("grant_types").add("urn:ietf:params:oauth:grant-type:device_code").add("refresh_token");
        device.put("scope", "openid profile email offline_access");
        device.put("token_endpoint_auth_method", "client_secret_basic");
        device.put("skip_consent", true);
        JsonNode deviceApp = op.createApplication(device);

        ObjectNode m2m = OidcFixture.app("m2m", "openid-client service");
        m2m.put("scope", "api.read");
        JsonNode m2mApp = op.createApplication(m2m);

        env.put("GH_ISSUER", op.issuer);
        env.put("GH_CALLBACK_PORT", String.valueOf(callbackPort));
        env.put("GH_CLIENT_ID", webApp.path("client_id").asText());
        env.put("GH_CLIENT_SECRET", webApp.path("client_secret").asText());
        env.put("GH_CONSENT_CLIENT_ID", consentApp.path("client_id").asText());
        env.put("GH_CONSENT_CLIENT_SECRET", consentApp.path("client_secret").asText());
        env.put("GH_ALG_CLIENTS", algClients.toString());
        env.put("GH_PUBLIC_CLIENT_ID", spaApp.path("client_id").asText());
        env.put("GH_DEVICE_CLIENT_ID", deviceApp.path("client_id").asText());
        env.put("GH_DEVICE_CLIENT_SECRET", deviceApp.path("client_secret").asText());
        env.put("GH_M2M_CLIENT_ID", m2mApp.path("client_id").asText());
        env.put("GH_M2M_CLIENT_SECRET", m2mApp.path("client_secret").asText());
        env.put("GH_M2M_SCOPE", "api.read");
        env.put("GH_USERNAME", USER);
        env.put("GH_PASSWORD", PASSWORD);
        env.put("GH_SCOPE", "openid profile email offline_access");
        env.put("GH_EXPECT_JWT_AT", "1");
        env.put("GH_TIMEOUT_MS", "60000");
    }

    @AfterAll
    void stop() {
        if (op != null) {
            op.close();
        }
    }

    private NodeDriver.Result scenario(String name) throws Exception {
        Path logs = Path.of(System.getProperty("gatehouse.it.work", "target/it-work"), "oidc-rp");
        NodeDriver.Result r = NodeDriver.run(name, env, logs, 90);
        assertThat(r.ok()).as("%s against Gatehouse: %s\n%s", name, r.error(), r).isTrue();
        return r;
    }

    @Test
    void discoveryAndJwks() throws Exception {
        scenario("discovery");
    }

    @Test
    void authorizationCodeWithPkceStateNonceThroughTheLoginPageThenUserinfoIntrospectionRevocation() throws Exception {
        scenario("code-flow");
    }

    @Test
    void refreshTokenRotationWithReuseDetectionRevokingTheFamily() throws Exception {
        scenario("refresh-rotation");
    }

    @Test
    void rpInitiatedLogoutEndsTheSsoSession() throws Exception {
        scenario("logout");
    }

    @Test
    void consentDeniedThenApproved() throws Exception {
        scenario("consent");
    }

    @Test
    void idTokensOfEveryAdvertisedSigningAlgorithm() throws Exception {
        scenario("id-token-algs");
    }

    @Test
    void publicClientWithPkceAndRotatingRefreshTokens() throws Exception {
        scenario("public-client");
    }

    @Test
    void pushedAuthorizationRequest() throws Exception {
        scenario("par");
    }

    @Test
    void deviceAuthorizationGrantApprovedInTheBrowser() throws Exception {
        scenario("device");
    }

    @Test
    void clientCredentialsIntrospectionRevocationAndAWrongSecret() throws Exception {
        scenario("client-credentials");
    }
}
