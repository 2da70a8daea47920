package org.gatehouse.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gatehouse.itests.GatehouseServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The management API of a running distribution, as a client sees it. Runs once per database
 * (see the subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ManagementApiContract {

    protected static final String PASSWORD = "It-admin-Pa55word!";

    protected abstract GatehouseServer server();

    @AfterAll
    void stop() {
        if (server() != null) {
            server().close();
        }
    }

    private Response call(String method, String path, String body, String... headers) {
        return server().call(method, path, body, headers);
    }

    @Test
    void healthIsUpWithItsChecks() {
        Response r = server().anonymous("GET", "/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("status").asText()).isEqualTo("UP");
        assertThat(r.body()).contains("database");
    }

    @Test
    void theApiWantsAnAdministrator() {
        Response none = server().anonymous("GET", "/api/users", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Basic realm=\"gatehouse\"");
        assertProblem(none);

        Response wrong = server().anonymous("GET", "/api/users", null, "Authorization", GatehouseServer.basic("admin", "wrong"));
        Response unknown = server().anonymous("GET", "/api/users", null, "Authorization", GatehouseServer.basic("nobody", "wrong"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).as("no user enumeration").isEqualTo(wrong.body());

        call("POST", "/api/users", "{\"userName\":\"plain-user\",\"password\":\"Plain-pa55word\"}");
        Response forbidden = server().anonymous("GET", "/api/users", null, "Authorization", GatehouseServer.basic("plain-user", "Plain-pa55word"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertProblem(forbidden);

        assertThat(server().anonymous("GET", "/api/openapi.json", null).status()).isEqualTo(200);
    }

    @Test
    void aChangedPasswordStopsWorkingAtOnceDespiteTheVerificationCache() throws Exception {
        String id = call("POST", "/api/users", "{\"userName\":\"deputy\",\"password\":\"Deputy-pa55-old\"}").json().path("id").asText();
        String admins = call("GET", "/api/groups?filter=" + enc("displayName eq \"gatehouse-admins\""), null).json().path("items").get(0).path("id").asText();
        assertThat(call("POST", "/api/groups/" + admins + "/members", "{\"userId\":\"" + id + "\"}").status()).isEqualTo(204);
        String old = GatehouseServer.basic("deputy", "Deputy-pa55-old");
        assertThat(server().anonymous("GET", "/api/plugins", null, "Authorization", old).status()).isEqualTo(200);
        assertThat(server().anonymous("GET", "/api/plugins", null, "Authorization", old).status()).isEqualTo(200); // now cached

        assertThat(call("PUT", "/api/users/" + id + "/password", "{\"password\":\"Deputy-pa55-new\"}").status()).isEqualTo(204);
        long deadline = System.currentTimeMillis() + 2_000; // events are delivered asynchronously, in milliseconds
        int status;
        do {
            status = server().anonymous("GET", "/api/plugins", null, "Authorization", old).status();
        } while (status == 200 && System.currentTimeMillis() < deadline);
        assertThat(status).isEqualTo(401);
        assertThat(server().anonymous("GET", "/api/plugins", null, "Authorization", GatehouseServer.basic("deputy", "Deputy-pa55-new")).status())
                .isEqualTo(200);
        assertThat(call("DELETE", "/api/groups/" + admins + "/members/" + id, null).status()).isEqualTo(204);
    }

    @Test
    void userLifecycle() {
        Response created = call("POST", "/api/users", """
                {"userName":"Alice","password":"Wonder-land-1","name":{"givenName":"Alice","familyName":"Liddell"},
                 "displayName":"Alice L.","email":"alice@example.com","attributes":{"department":["R&D"]}}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.header("Location")).isEqualTo(server().base() + "/api/users/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.body()).doesNotContain("Wonder-land-1").doesNotContain("pbkdf2");
        assertThat(created.json().path("name").path("familyName").asText()).isEqualTo("Liddell");

        Response read = call("GET", "/api/users/" + id, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("userName").asText()).isEqualTo("Alice");
        assertThat(read.json().path("attributes").path("department").get(0).asText()).isEqualTo("R&D");

        Response listed = call("GET", "/api/users?filter=" + enc("userName eq \"alice\"") + "&limit=5", null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("totalResults").asLong()).isEqualTo(1);
        assertThat(listed.json().path("items").get(0).path("id").asText()).isEqualTo(id);

        Response put = call("PUT", "/api/users/" + id, """
                {"userName":"alice","active":true,"displayName":"Alice Liddell","email":"alice@example.org"}""", "If-Match", "\"1\"");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.header("ETag")).isEqualTo("\"2\"");
        assertThat(put.json().path("name").path("familyName").isMissingNode() || put.json().path("name").path("familyName").isNull()).isTrue();

        Response patch = call("PATCH", "/api/users/" + id, "{\"displayName\":\"A. L.\",\"version\":2}", "Content-Type", "application/merge-patch+json");
        assertThat(patch.status()).as(patch.toString()).isEqualTo(200);
        assertThat(patch.json().path("displayName").asText()).isEqualTo("A. L.");
        assertThat(patch.json().path("email").asText()).isEqualTo("alice@example.org");

        Response password = call("PUT", "/api/users/" + id + "/password", "{\"password\":\"Through-the-glass-2\"}");
        assertThat(password.status()).isEqualTo(204);

        assertThat(call("DELETE", "/api/users/" + id, null, "If-Match", "\"1\"").status()).isEqualTo(412);
        assertThat(call("DELETE", "/api/users/" + id, null, "If-Match", "\"3\"").status()).isEqualTo(204);
        assertThat(call("GET", "/api/users/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void twoConcurrentUpdatesOfOneUserNeverBothWin() throws Exception {
        String id = call("POST", "/api/users", "{\"userName\":\"race\"}").json().path("id").asText();
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String body = "{\"userName\":\"race\",\"active\":true,\"displayName\":\"writer " + i + "\"}";
            answers.add(pool.submit(() -> {
                go.await();
                return call("PUT", "/api/users/" + id, body, "If-Match", "\"1\"");
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        String winner = null;
        for (Future<Response> f : answers) {
            Response r = f.get();
            statuses.add(r.status());
            if (r.status() == 200) {
                winner = r.json().path("displayName").asText();
            } else {
                assertProblem(r);
            }
        }
        pool.shutdown();
        assertThat(statuses).containsOnly(200, 412).filteredOn(s -> s == 200).hasSize(1);
        Response stored = call("GET", "/api/users/" + id, null);
        assertThat(stored.json().path("displayName").asText()).isEqualTo(winner);
        assertThat(stored.header("ETag")).isEqualTo("\"2\"");

        Response stale = call("PUT", "/api/users/" + id, "{\"userName\":\"race\",\"active\":true,\"version\":1}");
        assertThat(stale.status()).isEqualTo(409);
        Response unconditional = call("PUT", "/api/users/" + id, "{\"userName\":\"race\",\"active\":true}");
        assertThat(unconditional.status()).isEqualTo(428);
    }

    @Test
    void groupsAndMembers() {
        String user = call("POST", "/api/users", "{\"userName\":\"member-1\"}").json().path("id").asText();
        Response g = call("POST", "/api/groups", "{\"displayName\":\"Engineers\",\"description\":\"Build things\"}");
        assertThat(g.status()).as(g.toString()).isEqualTo(201);
        String gid = g.json().path("id").asText();
        assertThat(call("POST", "/api/groups", "{\"displayName\":\"engineers\"}").status()).isEqualTo(409);

        assertThat(call("POST", "/api/groups/" + gid + "/members", "{\"userId\":\"" + user + "\"}").status()).isEqualTo(204);
        assertThat(call("POST", "/api/groups/" + gid + "/members", "{\"userId\":\"" + user + "\"}").status()).isEqualTo(204);
        JsonNode members = call("GET", "/api/groups/" + gid, null).json().path("members");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).path("userName").asText()).isEqualTo("member-1");
        assertThat(call("GET", "/api/users/" + user + "/groups", null).body()).contains("Engineers");
        assertThat(call("POST", "/api/groups/" + gid + "/members", "{\"userId\":\"no-such-user\"}").status()).isIn(404, 422, 400);

        Response renamed = call("PUT", "/api/groups/" + gid, "{\"displayName\":\"Engineering\"}", "If-Match", "\"1\"");
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(call("DELETE", "/api/groups/" + gid + "/members/" + user, null).status()).isEqualTo(204);
        assertThat(call("GET", "/api/groups?filter=" + enc("displayName sw \"engin\""), null).json().path("totalResults").asLong()).isEqualTo(1);
        assertThat(call("DELETE", "/api/groups/" + gid, null, "If-Match", "\"2\"").status()).isEqualTo(204);
    }

    @Test
    void installedPluginsIncludeThePrimaryStore() {
        Response r = call("GET", "/api/plugins", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("USER_STORE").contains("PRIMARY").contains("org.gatehouse.userstore.jdbc");
    }

    @Test
    void badInputGetsAClearClientErrorNeverA500() {
        String bigName = "x".repeat(100_000);
        Object[][] cases = {
                {"POST", "/api/users", "{\"userName\":", null, 400},
                {"POST", "/api/users", "[1,2,3]", null, 400},
                {"POST", "/api/users", "{\"userName\":\"bob\",\"shoeSize\":44}", null, 400},
                {"POST", "/api/users", "{\"displayName\":\"no username\"}", null, 400},
                {"POST", "/api/users", "{\"userName\":\"has space\"}", null, 400},
                {"POST", "/api/users", "{\"userName\":\"bob\",\"email\":\"not-an-email\"}", null, 400},
                {"POST", "/api/users", "{\"userName\":\"bob\",\"active\":\"yes\"}", null, 400},
                {"POST", "/api/users", "{\"userName\":\"" + bigName + "\"}", null, 413},
                {"POST", "/api/users", "userName=bob", "text/plain", 415},
                {"GET", "/api/users/00000000-dead-beef-0000-000000000000", null, null, 404},
                {"GET", "/api/users?filter=" + enc("userName eq"), null, null, 400},
                {"GET", "/api/users?filter=" + enc("shoeSize gt \"4"), null, null, 400},
                {"GET", "/api/users?limit=abc", null, null, 400},
                {"GET", "/api/users?limit=100000", null, null, 400},
                {"GET", "/api/users?offset=-1", null, null, 400},
                {"GET", "/api/users?domain=NOPE", null, null, 400},
                {"DELETE", "/api/users", null, null, 405},
                {"GET", "/api/no-such-thing", null, null, 404},
                {"PUT", "/api/users/00000000-dead-beef-0000-000000000000", "{\"userName\":\"x\",\"active\":true}", null, 404},
                {"PATCH", "/api/users/00000000-dead-beef-0000-000000000000", "{}", "application/merge-patch+json", 404},
        };
        for (Object[] c : cases) {
            String[] headers = c[3] == null ? new String[0] : new String[] {"Content-Type", (String) c[3]};
            Response r = call((String) c[0], (String) c[1], (String) c[2], headers);
            assertThat(r.status()).as(c[0] + " " + c[1] + " " + abbreviate((String) c[2]) + "\n" + abbreviate(r.body())).isEqualTo(c[4]);
            assertProblem(r);
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        Response r = server().anonymous("GET", "/api/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("paths").has("/api/users")).isTrue();
        assertThat(doc.path("paths").has("/api/groups/{id}/members")).isTrue();
        assertThat(doc.path("paths").has("/api/plugins")).isTrue();
    }

    static void assertProblem(Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(400, 499);
        assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.path("status").asInt()).isEqualTo(r.status());
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain(".java:");
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
