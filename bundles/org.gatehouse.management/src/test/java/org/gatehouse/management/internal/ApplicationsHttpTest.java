package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.management.internal.BasicCredentialsTest.basic;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.application.internal.JdbcApplications;
import org.gatehouse.application.internal.ApplicationsConfiguration;
import org.gatehouse.crypto.SecretEncryption;
import org.gatehouse.management.internal.TestServer.Reply;
import org.gatehouse.persistence.internal.TestDatabases;
import org.gatehouse.persistence.internal.TestDatabases.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/applications} over HTTP, with the real application registry on an in-memory H2
 * database: the JSON contract, the template rules as problem responses, preconditions, secrets.
 */
class ApplicationsHttpTest {

    static final String ADMIN = basic("root:root-password");
    static final String BASE_URL = "https://id.example.com";

    static TestDatabase db;
    static JdbcApplications registry;
    static ApplicationsResource resource;
    static TestServer server;

    static ServerInfo serverInfo() {
        return new ServerInfo() {
            @Override
            public URI baseUrl() {
                return URI.create(BASE_URL);
            }

            @Override
            public String version() {
                return "0.1.0";
            }
        };
    }

    /** Reversible, context-bound sealing; the real one needs a master key. */
    static SecretEncryption encryption() {
        return new SecretEncryption() {
            @Override
            public String seal(byte[] plaintext, String context) {
                return context + "|" + Base64.getEncoder().encodeToString(plaintext);
            }

            @Override
            public byte[] open(String sealed, String context) {
                if (!sealed.startsWith(context + "|")) {
                    throw new IllegalArgumentException("other context");
                }
                return Base64.getDecoder().decode(sealed.substring(context.length() + 1));
            }
        };
    }

    static ApplicationsConfiguration config() {
        return new ApplicationsConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ApplicationsConfiguration.class;
            }

            @Override
            public int cacheTtlSeconds() {
                return 5;
            }

            @Override
            public int cacheMaxEntries() {
                return 1000;
            }

            @Override
            public int bootstrapSyncSeconds() {
                return 15;
            }
        };
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabases.h2();
        registry = new JdbcApplications(config(), db, encryption());
        InMemoryDirectory directory = new InMemoryDirectory();
        directory.user("root", "root-password", ManagementApi.ADMIN_GROUP);
        AdminAuthenticationFilter auth = new AdminAuthenticationFilter(new CredentialCache());
        auth.userDirectory = directory;
        resource = new ApplicationsResource(TestServer.CODEC);
        resource.applications = registry;
        resource.serverInfo = serverInfo();
        server = new TestServer("127.0.0.1", new JsonProvider(TestServer.CODEC), new ProblemExceptionMapper(), auth,
                new HttpConventionsFilter(), resource);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
    }

    static Reply post(String path, String json) throws Exception {
        return TestServer.send(server.request(path).header("Authorization", ADMIN).header("Content-Type", "application/json")
                .POST(TestServer.json(json)));
    }

    static Reply get(String path) throws Exception {
        return TestServer.send(server.request(path).header("Authorization", ADMIN).GET());
    }

    static Reply put(String path, String ifMatch, String json) throws Exception {
        var r = server.request(path).header("Authorization", ADMIN).header("Content-Type", "application/json");
        if (ifMatch != null) {
            r.header("If-Match", ifMatch);
        }
        return TestServer.send(r.PUT(TestServer.json(json)));
    }

    static Reply delete(String path, String ifMatch) throws Exception {
        var r = server.request(path).header("Authorization", ADMIN);
        if (ifMatch != null) {
            r.header("If-Match", ifMatch);
        }
        return TestServer.send(r.DELETE());
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void singlePageApplicationLifecycle() throws Exception {
        Reply created = post("/api/applications", """
                {"template":"spa","client_name":"Shop front","redirect_uris":["https://shop.example.com/callback"],
                 "allowed_cors_origins":["https://shop.example.com"]}""").is(201);
        JsonNode app = created.json();
        String clientId = app.get("client_id").asText();
        assertThat(clientId).matches("[A-Za-z0-9_-]{22}");
        assertThat(created.header("Location")).isEqualTo(BASE_URL + "/api/applications/" + clientId);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(app.get("template").asText()).isEqualTo("spa");
        assertThat(app.get("client_name").asText()).isEqualTo("Shop front");
        assertThat(app.get("token_endpoint_auth_method").asText()).isEqualTo("none");
        assertThat(app.get("require_pkce").asBoolean()).isTrue();
        assertThat(app.get("access_token_lifetime").asLong()).isEqualTo(300);
        assertThat(app.get("client_id_issued_at").asLong()).isPositive();
        assertThat(app.has("client_secret")).as("a public client has no secret").isFalse();

        Reply read = get("/api/applications/" + clientId).is(200);
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
        assertThat(read.json()).isEqualTo(app);

        String changed = read.body().replace("\"Shop front\"", "\"Shop\"");
        put("/api/applications/" + clientId, null, changed).isProblem(428);
        Reply updated = put("/api/applications/" + clientId, "\"1\"", changed).is(200);
        assertThat(updated.header("ETag")).isEqualTo("\"2\"");
        assertThat(updated.json().get("client_name").asText()).isEqualTo("Shop");
        Reply stale = put("/api/applications/" + clientId, "\"1\"", changed).isProblem(412);
        assertThat(stale.header("ETag")).isEqualTo("\"2\"");

        delete("/api/applications/" + clientId, "\"1\"").isProblem(412);
        delete("/api/applications/" + clientId, "\"2\"").is(204);
        get("/api/applications/" + clientId).isProblem(404);
        put("/api/applications/" + clientId, "\"2\"", changed).isProblem(404);
    }

    @Test
    void confidentialApplicationsGetTheirSecretOnceAndCanRotateIt() throws Exception {
        Reply created = post("/api/applications", """
                {"template":"web","client_name":"Portal","redirect_uris":["https://portal.example.com/cb"]}""").is(201);
        String clientId = created.json().get("client_id").asText();
        String secret = created.json().get("client_secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
        assertThat(created.json().get("client_secret_expires_at").asLong()).isZero();
        assertThat(registry.verifySecret(registry.findByClientId(clientId).orElseThrow(), secret)).isTrue();

        Reply read = get("/api/applications/" + clientId).is(200);
        assertThat(read.body()).doesNotContain(secret).doesNotContain("client_secret\"").doesNotContain("digest");

        Reply rotated = TestServer.send(server.request("/api/applications/" + clientId + "/secret").header("Authorization", ADMIN)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).is(200);
        String fresh = rotated.json().get("client_secret").asText();
        assertThat(fresh).isNotEqualTo(secret);
        assertThat(rotated.header("ETag")).isEqualTo("\"2\"");
        var app = registry.findByClientId(clientId).orElseThrow();
        assertThat(registry.verifySecret(app, fresh)).isTrue();
        assertThat(registry.verifySecret(app, secret)).isFalse();
    }

    @Test
    void machineClientWithARequestedClientId() throws Exception {
        Reply created = post("/api/applications", """
                {"template":"m2m","client_name":"Billing job","client_id":"billing-job","scope":"gatehouse:admin"}""").is(201);
        assertThat(created.json().get("client_id").asText()).isEqualTo("billing-job");
        assertThat(created.json().get("grant_types").toString()).isEqualTo("[\"client_credentials\"]");
        assertThat(created.json().get("scope").asText()).isEqualTo("gatehouse:admin");
        Reply taken = post("/api/applications", """
                {"template":"m2m","client_name":"Again","client_id":"billing-job"}""").isProblem(409);
        assertThat(taken.errorFields()).containsExactly("client_id");

        Reply list = get("/api/applications").is(200);
        assertThat(list.json().get("totalResults").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(list.json().get("items").findValuesAsText("client_id")).contains("billing-job");
        assertThat(list.body()).doesNotContain("\"client_secret\"");
    }

    @Test
    void invalidMetadataIs400NamingTheFieldAndTheRfc7591Code() throws Exception {
        Reply redirect = post("/api/applications", """
                {"template":"web","client_name":"Bad","redirect_uris":["http://portal.example.com/cb"]}""").isProblem(400);
        assertThat(redirect.errorFields()).containsExactly("redirect_uris");
        assertThat(redirect.json().get("error").asText()).isEqualTo("invalid_redirect_uri");
        assertThat(redirect.json().get("detail").asText()).contains("https");

        Reply implicit = post("/api/applications", """
                {"template":"spa","client_name":"Old","redirect_uris":["https://a.example.com/cb"],"grant_types":["implicit"]}""").isProblem(400);
        assertThat(implicit.errorFields()).containsExactly("grant_types");
        assertThat(implicit.json().get("error").asText()).isEqualTo("invalid_client_metadata");
        assertThat(implicit.json().get("detail").asText()).contains("OAuth 2.1");

        assertThat(post("/api/applications", """
                {"template":"spa","client_name":"Admin","redirect_uris":["https://a.example.com/cb"],"scope":"openid gatehouse:admin"}""")
                .isProblem(400).errorFields()).containsExactly("scope");
        assertThat(post("/api/applications", """
                {"client_name":"No template","redirect_uris":["https://a.example.com/cb"]}""").isProblem(400).errorFields())
                .containsExactly("template");
        assertThat(post("/api/applications", """
                {"template":"desktop","client_name":"?"}""").isProblem(400).errorFields()).containsExactly("template");
        assertThat(post("/api/applications", """
                {"template":"spa","redirect_uris":["https://a.example.com/cb"]}""").isProblem(400).errorFields()).containsExactly("client_name");
        assertThat(post("/api/applications", """
                {"template":"spa","client_name":"x","redirect_uris":["https://a.example.com/cb"],"colour":"red"}""").isProblem(400)
                .errorFields()).containsExactly("colour");
        assertThat(post("/api/applications", "[1,2]").isProblem(400).errorFields()).containsExactly("body");
        post("/api/applications", "{\"template\":").isProblem(400);
    }

    @Test
    void publicClientsHaveNoSecretToRotate() throws Exception {
        String clientId = post("/api/applications", """
                {"template":"native","client_name":"App","redirect_uris":["com.example.app:/callback"]}""").is(201).json().get("client_id").asText();
        Reply r = TestServer.send(server.request("/api/applications/" + clientId + "/secret").header("Authorization", ADMIN)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).isProblem(400);
        assertThat(r.errorFields()).containsExactly("token_endpoint_auth_method");
        TestServer.send(server.request("/api/applications/nope-nope/secret").header("Authorization", ADMIN)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).isProblem(404);
    }

    @Test
    void updatesFollowTheTemplateRules() throws Exception {
        Reply created = post("/api/applications", """
                {"template":"spa","client_name":"SPA","redirect_uris":["https://a.example.com/cb"]}""").is(201);
        String clientId = created.json().get("client_id").asText();
        String path = "/api/applications/" + clientId;
        assertThat(put(path, "\"1\"", created.body().replace("\"none\"", "\"client_secret_basic\"")).isProblem(400).errorFields())
                .containsExactly("token_endpoint_auth_method");
        assertThat(put(path, "\"1\"", created.body().replace("\"template\":\"spa\"", "\"template\":\"web\"")).isProblem(400).errorFields())
                .containsExactly("template");
        assertThat(put(path, "\"1\"", created.body().replace("\"client_id\":\"" + clientId + "\"", "\"client_id\":\"other-id\""))
                .isProblem(400).errorFields()).containsExactly("client_id");
        put(path, "*", created.body()).isProblem(428);
        get(path).is(200).header("ETag").equals("\"1\"");
    }

    @Test
    void anAbsentRegistryIs503() throws Exception {
        resource.applications = null;
        try {
            Reply r = get("/api/applications").isProblem(503);
            assertThat(r.header("Retry-After")).isNotNull();
            post("/api/applications", "{\"template\":\"spa\",\"client_name\":\"x\"}").isProblem(503);
        } finally {
            resource.applications = registry;
        }
    }

    @Test
    void applicationsNeedAnAdministrator() throws Exception {
        TestServer.send(server.request("/api/applications").GET()).isProblem(401);
        TestServer.send(server.request("/api/applications").header("Authorization", basic("root:wrong")).GET()).isProblem(401);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
