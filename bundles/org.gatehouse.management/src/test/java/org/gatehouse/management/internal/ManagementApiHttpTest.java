package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gatehouse.management.internal.BasicCredentialsTest.basic;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.ws.rs.core.Application;
import org.apache.cxf.jaxrs.servlet.CXFNonSpringJaxrsServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.api.plugin.InstalledPlugin;
import org.gatehouse.api.plugin.PluginType;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole API over HTTP: the bundle's resources and extensions on CXF's servlet transport in
 * Jetty 9.4 (what Aries and Pax Web run in Karaf), with an in-memory user directory. Checks what
 * only the JAX-RS runtime decides: routing errors, content negotiation, filters, headers.
 */
class ManagementApiHttpTest {

    static final String ADMIN = basic("root:root-password");
    static final String BASE_URL = "https://id.example.com";

    static Server jetty;
    static URI base;
    static final HttpClient http = HttpClient.newHttpClient();
    static final JsonCodec codec = new JsonCodec();
    static InMemoryDirectory directory;
    static UsersResource users;
    static HealthResource health;

    @BeforeAll
    static void start() throws Exception {
        directory = new InMemoryDirectory();
        directory.user("root", "root-password", ManagementApi.ADMIN_GROUP);
        directory.user("mallory", "mallory-password");

        CredentialCache cache = new CredentialCache();
        ServerInfo server = new ServerInfo() {
            @Override
            public URI baseUrl() {
                return URI.create(BASE_URL);
            }

            @Override
            public String version() {
                return "0.1.0";
            }
        };
        AdminAuthenticationFilter auth = new AdminAuthenticationFilter(cache);
        auth.userDirectory = directory;
        users = new UsersResource(codec, cache);
        users.userDirectory = directory;
        users.serverInfo = server;
        GroupsResource groups = new GroupsResource(codec);
        groups.userDirectory = directory;
        groups.serverInfo = server;
        PluginsResource plugins = new PluginsResource();
        plugins.pluginCatalog = () -> List.of(
                new InstalledPlugin(PluginType.AUTHENTICATOR, "password", "Password", "org.gatehouse.authenticator.password", "0.1.0", "ACTIVE"),
                new InstalledPlugin(PluginType.USER_STORE, "PRIMARY", "Primary", "org.gatehouse.userstore.jdbc", "0.1.0", "ACTIVE"));
        health = new HealthResource();
        health.database = HealthResourceTest.database(true);
        health.userDirectory = directory;
        health.pluginCatalog = plugins.pluginCatalog;
        OpenApiResource openApi = new OpenApiResource(codec);
        openApi.serverInfo = server;

        Set<Object> singletons = new LinkedHashSet<>(List.of(new JsonProvider(codec), new ProblemExceptionMapper(), auth,
                new HttpConventionsFilter(), users, groups, plugins, health, openApi));
        Application application = new Application() {
            @Override
            public Set<Object> getSingletons() {
                return singletons;
            }
        };
        jetty = new Server(0);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new CXFNonSpringJaxrsServlet(application)), "/*");
        jetty.setHandler(context);
        jetty.start();
        base = URI.create("http://localhost:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort());
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
    }

    // ---- helpers --------------------------------------------------------------------------------

    record Reply(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return codec.readValue(body.getBytes(StandardCharsets.UTF_8), JsonNode.class);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        Reply isProblem(int expected) {
            assertThat(status).as(body).isEqualTo(expected);
            assertThat(contentType()).startsWith("application/problem+json");
            JsonNode p = json();
            assertThat(p.get("status").asInt()).isEqualTo(expected);
            assertThat(p.hasNonNull("type")).isTrue();
            assertThat(p.hasNonNull("title")).isTrue();
            assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
            return this;
        }

        List<String> errorFields() {
            List<String> fields = new java.util.ArrayList<>();
            json().path("errors").forEach(e -> fields.add(e.get("field").asText()));
            return fields;
        }
    }

    static Reply send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers(), r.body());
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    static HttpRequest.Builder admin(String path) {
        return request(path).header("Authorization", ADMIN);
    }

    static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    static Reply createUser(String json) throws Exception {
        return send(admin("/api/users").header("Content-Type", "application/json").POST(json(json)));
    }

    // ---- health, OpenAPI, routing ---------------------------------------------------------------

    @Test
    void healthNeedsNoCredentials() throws Exception {
        Reply r = send(request("/health").GET());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().get("status").asText()).isEqualTo("UP");
        assertThat(r.json().get("checks").get("database").get("status").asText()).isEqualTo("UP");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void healthIs503WhenNotReady() throws Exception {
        health.database = null;
        try {
            Reply r = send(request("/health").GET());
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().get("status").asText()).isEqualTo("DOWN");
            assertThat(r.json().get("checks").get("database").get("status").asText()).isEqualTo("DOWN");
        } finally {
            health.database = HealthResourceTest.database(true);
        }
    }

    @Test
    void openApiIsPublicAndNamesThePublicBaseUrl() throws Exception {
        Reply r = send(request("/api/openapi.json").GET());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("openapi").asText()).startsWith("3.0");
        assertThat(r.json().get("servers").get(0).get("url").asText()).isEqualTo(BASE_URL);
    }

    @Test
    void unknownRoutesAre404Problems() throws Exception {
        send(admin("/api/nope").GET()).isProblem(404);
        send(admin("/api/users/1/nope").GET()).isProblem(404);
        send(request("/nope").GET()).isProblem(404);
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        Reply r = send(admin("/api/users").DELETE()).isProblem(405);
        assertThat(r.header("Allow")).isEqualTo("GET, HEAD, POST, OPTIONS");
        assertThat(send(admin("/api/users/x/password").GET()).isProblem(405).header("Allow")).isEqualTo("PUT, OPTIONS");
        Reply options = send(admin("/api/users/x").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.header("Allow")).isEqualTo("GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
        send(admin("/api/plugins").POST(json("{}")).header("Content-Type", "application/json")).isProblem(405);
    }

    @Test
    void unacceptableAcceptIs406() throws Exception {
        send(admin("/api/users").header("Accept", "text/html").GET()).isProblem(406);
    }

    @Test
    void unsupportedContentTypeIs415() throws Exception {
        send(admin("/api/users").header("Content-Type", "text/plain").POST(json("{\"userName\":\"x\"}"))).isProblem(415);
        send(admin("/api/users/whatever").header("Content-Type", "application/json").method("PATCH", json("{}"))).isProblem(415);
    }

    // ---- authentication -------------------------------------------------------------------------

    @Test
    void anonymousIs401WithAChallenge() throws Exception {
        for (String path : List.of("/api/users", "/api/plugins", "/api/nope", "/api//users", "/api/openapi.json/../users")) {
            Reply r = send(request(path).GET()).isProblem(401);
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Basic realm=\"gatehouse\", charset=\"UTF-8\", Bearer realm=\"gatehouse\"");
        }
        send(request("/api/users").header("Authorization", basic("root:wrong")).GET()).isProblem(401);
    }

    @Test
    void nonAdministratorIs403() throws Exception {
        send(request("/api/users").header("Authorization", basic("mallory:mallory-password")).GET()).isProblem(403);
    }

    // ---- users ----------------------------------------------------------------------------------

    @Test
    void userLifecycle() throws Exception {
        Reply created = createUser("""
                {"userName":"alice","password":"alice-password","name":{"givenName":"Alice","familyName":"Liddell"},
                 "email":"alice@example.com","attributes":{"department":["R&D"]}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo(BASE_URL + "/api/users/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.json().get("active").asBoolean()).isTrue();
        assertThat(created.json().has("password")).isFalse();
        assertThat(created.json().get("meta").get("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");

        Reply got = send(admin("/api/users/" + id).GET());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.header("ETag")).isEqualTo("\"1\"");
        assertThat(got.json().get("name").get("familyName").asText()).isEqualTo("Liddell");
        assertThat(got.json().get("groups").isArray()).isTrue();

        String replacement = "{\"userName\":\"alice\",\"active\":true,\"email\":\"alice@example.org\"}";
        send(admin("/api/users/" + id).header("Content-Type", "application/json").PUT(json(replacement))).isProblem(428);
        Reply stale = send(admin("/api/users/" + id).header("Content-Type", "application/json").header("If-Match", "\"7\"").PUT(json(replacement)))
                .isProblem(412);
        assertThat(stale.header("ETag")).isEqualTo("\"1\"");
        send(admin("/api/users/" + id).header("Content-Type", "application/json")
                .PUT(json("{\"userName\":\"alice\",\"active\":true,\"version\":7}"))).isProblem(409);
        Reply replaced = send(admin("/api/users/" + id).header("Content-Type", "application/json").header("If-Match", "\"1\"").PUT(json(replacement)));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.header("ETag")).isEqualTo("\"2\"");
        assertThat(replaced.json().get("email").asText()).isEqualTo("alice@example.org");
        assertThat(replaced.json().get("name").has("givenName")).as("a replacement clears absent fields").isFalse();
        assertThat(replaced.json().get("attributes").size()).isZero();

        // a representation read with GET can be sent back
        Reply roundTrip = send(admin("/api/users/" + id).header("Content-Type", "application/json").header("If-Match", "\"2\"")
                .PUT(json(replaced.body())));
        assertThat(roundTrip.status()).as(roundTrip.body()).isEqualTo(200);

        Reply patched = send(admin("/api/users/" + id).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", json("{\"version\":3,\"displayName\":\"Alice\",\"email\":null,\"attributes\":{\"team\":[\"a\",\"b\"]}}")));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("displayName").asText()).isEqualTo("Alice");
        assertThat(patched.json().has("email")).isFalse();
        assertThat(patched.json().get("userName").asText()).isEqualTo("alice");
        assertThat(patched.json().get("attributes").get("team").size()).isEqualTo(2);
        assertThat(patched.header("ETag")).isEqualTo("\"4\"");
        send(admin("/api/users/" + id).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", json("{\"displayName\":\"x\"}"))).isProblem(428);
        Reply badPatch = send(admin("/api/users/" + id).header("Content-Type", "application/merge-patch+json").header("If-Match", "\"4\"")
                .method("PATCH", json("{\"nickname\":\"x\",\"active\":null}"))).isProblem(400);
        assertThat(badPatch.errorFields()).containsExactly("nickname");
        Reply removeActive = send(admin("/api/users/" + id).header("Content-Type", "application/merge-patch+json").header("If-Match", "\"4\"")
                .method("PATCH", json("{\"active\":null}"))).isProblem(400);
        assertThat(removeActive.errorFields()).containsExactly("active");

        assertThat(send(admin("/api/users/" + id + "/password").header("Content-Type", "application/json")
                .PUT(json("{\"password\":\"new-password-1\"}"))).status()).isEqualTo(204);
        assertThat(directory.primary.passwords.get(id)).isEqualTo("new-password-1");

        send(admin("/api/users/" + id).header("If-Match", "\"1\"").DELETE()).isProblem(412);
        assertThat(send(admin("/api/users/" + id).header("If-Match", "\"4\"").DELETE()).status()).isEqualTo(204);
        send(admin("/api/users/" + id).GET()).isProblem(404);
        send(admin("/api/users/" + id).DELETE()).isProblem(404);
    }

    @Test
    void createValidation() throws Exception {
        assertThat(createUser("{\"userName\":\"dup\"}").status()).isEqualTo(201);
        Reply dup = createUser("{\"userName\":\"DUP\"}").isProblem(409);
        assertThat(dup.errorFields()).containsExactly("userName");

        assertThat(createUser("{\"userName\":").isProblem(400).json().get("type").asText()).isEqualTo(ProblemType.MALFORMED_JSON.uri());
        assertThat(createUser("{\"userName\":\"x\",\"bogus\":1}").isProblem(400).errorFields()).containsExactly("bogus");
        assertThat(createUser("{\"userName\":42}").isProblem(400).errorFields()).containsExactly("userName");
        assertThat(createUser("{}").isProblem(400).errorFields()).containsExactly("userName");
        assertThat(createUser("").isProblem(400).errorFields()).containsExactly("body");
        assertThat(createUser("{\"userName\":\"has space\",\"email\":\"nope\"}").isProblem(400).errorFields())
                .containsExactly("userName", "email");
        assertThat(createUser("{\"userName\":\"x1\",\"password\":\"short\"}").isProblem(400).errorFields()).containsExactly("password");
    }

    @Test
    void oversizeBodiesAre413() throws Exception {
        String big = "{\"userName\":\"" + "a".repeat(70_000) + "\"}";
        createUser(big).isProblem(413);
        // chunked: no Content-Length, enforced while reading
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        Reply chunked = send(admin("/api/users").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        chunked.isProblem(413);
    }

    @Test
    void listing() throws Exception {
        for (String name : List.of("list-anna", "list-andy", "list-bob")) {
            createUser("{\"userName\":\"" + name + "\"}");
        }
        Reply r = send(admin("/api/users?filter=" + enc("userName sw \"list-an\"") + "&sortBy=userName&sortOrder=descending&limit=10").GET());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("totalResults").asInt()).isEqualTo(2);
        assertThat(r.json().get("limit").asInt()).isEqualTo(10);
        assertThat(r.json().get("items").get(0).get("userName").asText()).isEqualTo("list-anna");
        assertThat(r.json().get("items").get(0).has("groups")).isFalse();

        Reply paged = send(admin("/api/users?filter=" + enc("userName sw \"list-\"") + "&offset=1&limit=1").GET());
        assertThat(paged.json().get("items").size()).isEqualTo(1);
        assertThat(paged.json().get("offset").asInt()).isEqualTo(1);

        assertThat(send(admin("/api/users?filter=" + enc("userName zz 1")).GET()).isProblem(400).errorFields()).containsExactly("filter");
        assertThat(send(admin("/api/users?limit=5000&offset=x").GET()).isProblem(400).errorFields()).containsExactly("offset", "limit");
        assertThat(send(admin("/api/users?domain=NOPE").GET()).isProblem(400).errorFields()).containsExactly("domain");
    }

    @Test
    void groups() throws Exception {
        String userId = createUser("{\"userName\":\"member-1\"}").json().get("id").asText();
        Reply created = send(admin("/api/groups").header("Content-Type", "application/json")
                .POST(json("{\"displayName\":\"Operators\",\"description\":\"On call\"}")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String groupId = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo(BASE_URL + "/api/groups/" + groupId);

        for (int i = 0; i < 2; i++) {
            assertThat(send(admin("/api/groups/" + groupId + "/members").header("Content-Type", "application/json")
                    .POST(json("{\"userId\":\"" + userId + "\"}"))).status()).isEqualTo(204);
        }
        send(admin("/api/groups/" + groupId + "/members").header("Content-Type", "application/json")
                .POST(json("{\"userId\":\"no-such-user\"}"))).isProblem(404);
        Reply group = send(admin("/api/groups/" + groupId + "?membersLimit=10").GET());
        assertThat(group.json().get("members").get(0).get("userName").asText()).isEqualTo("member-1");
        assertThat(group.header("ETag")).isEqualTo("\"1\"");
        Reply userGroups = send(admin("/api/users/" + userId + "/groups").GET());
        assertThat(userGroups.json().get("items").get(0).get("displayName").asText()).isEqualTo("Operators");

        Reply renamed = send(admin("/api/groups/" + groupId).header("Content-Type", "application/merge-patch+json").header("If-Match", "\"1\"")
                .method("PATCH", json("{\"displayName\":\"Ops\"}")));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("description").asText()).isEqualTo("On call");

        assertThat(send(admin("/api/groups/" + groupId + "/members/" + userId).DELETE()).status()).isEqualTo(204);
        assertThat(send(admin("/api/groups/" + groupId + "/members/" + userId).DELETE()).status()).isEqualTo(204);
        Reply list = send(admin("/api/groups?filter=" + enc("displayName eq \"Ops\"")).GET());
        assertThat(list.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(send(admin("/api/groups/" + groupId).header("If-Match", "\"2\"").DELETE()).status()).isEqualTo(204);
        send(admin("/api/groups/" + groupId).GET()).isProblem(404);
    }

    @Test
    void administratorsCannotLockThemselvesOut() throws Exception {
        String adminGroup = directory.primary.findGroupByName(OrganizationRef.root(), ManagementApi.ADMIN_GROUP).orElseThrow().id();
        String rootId = directory.primary.findUserByUsername(OrganizationRef.root(), "root").orElseThrow().id();
        send(admin("/api/groups/" + adminGroup).DELETE()).isProblem(409);
        send(admin("/api/groups/" + adminGroup + "/members/" + rootId).DELETE()).isProblem(409);
        send(admin("/api/users/" + rootId).DELETE()).isProblem(409);
        send(admin("/api/groups/" + adminGroup).header("Content-Type", "application/merge-patch+json").header("If-Match", "\"1\"")
                .method("PATCH", json("{\"displayName\":\"renamed\"}"))).isProblem(409);
    }

    @Test
    void plugins() throws Exception {
        Reply all = send(admin("/api/plugins").GET());
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().get("items").size()).isEqualTo(2);
        assertThat(all.json().get("items").get(0).get("bundle").get("symbolicName").asText()).isEqualTo("org.gatehouse.authenticator.password");
        Reply stores = send(admin("/api/plugins?type=user-store").GET());
        assertThat(stores.json().get("items").size()).isEqualTo(1);
        assertThat(send(admin("/api/plugins?type=bogus").GET()).isProblem(400).errorFields()).containsExactly("type");
    }

    @Test
    void unexpectedErrorsAre500WithOnlyAnId() throws Exception {
        InMemoryDirectory broken = new InMemoryDirectory() {
            @Override
            public org.gatehouse.api.userstore.UserStore primary() {
                InMemoryDirectory.Store store = new InMemoryDirectory.Store("PRIMARY", directory.primary.descriptor().capabilities()) {
                    @Override
                    public synchronized Page<User> searchUsers(OrganizationRef org, Query query) {
                        throw new IllegalStateException("jdbc:h2:/secret/path broke");
                    }
                };
                return store;
            }
        };
        users.userDirectory = broken;
        try {
            Reply r = send(admin("/api/users").GET()).isProblem(500);
            assertThat(r.json().get("errorId").asText()).isNotBlank();
            assertThat(r.body()).doesNotContain("secret").doesNotContain("IllegalState");
        } finally {
            users.userDirectory = directory;
        }
    }

    @Test
    void missingDirectoryIs503() throws Exception {
        users.userDirectory = null;
        try {
            Reply r = send(admin("/api/users").GET()).isProblem(503);
            assertThat(r.header("Retry-After")).isNotNull();
        } finally {
            users.userDirectory = directory;
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
