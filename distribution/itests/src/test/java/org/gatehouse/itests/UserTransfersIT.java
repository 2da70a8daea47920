package org.gatehouse.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatehouse.itests.GatehouseServer.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bulk import and export in the real distribution, through the management API: two thousand users
 * by CSV with some bad rows (reported by number, leaving nothing behind), a password login of an
 * imported user through the app-native login API, exports as CSV and as SCIM JSON that agree, and
 * the SCIM export imported back after deleting some of the users. On H2, and on PostgreSQL when
 * GATEHOUSE_TEST_PG_URL is set. (The shell commands run in DistributionPaxExamIT.)
 */
class UserTransfersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Transfers-it-Pa55word!";
    private static final String REDIRECT = "http://127.0.0.1/cb";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final int USERS = 2000;
    /** Rows of the CSV that are bad, and why. */
    private static final Map<Integer, String> BAD_ROWS = Map.of(
            400, "uniqueness",     // the userName of row 1 again
            800, "malformed",      // active=maybe
            1200, "malformed",     // no userName
            1600, "malformed");    // a field too few

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void onH2() throws Exception {
        roundTrip(GatehouseServer.Db.H2);
    }

    @Test
    void onPostgres() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(GatehouseServer.postgresAvailable(), "GATEHOUSE_TEST_PG_URL is not set");
        roundTrip(GatehouseServer.Db.POSTGRESQL);
    }

    private void roundTrip(GatehouseServer.Db db) throws Exception {
        try (GatehouseServer server = GatehouseServer.start("transfers-" + db.name().toLowerCase(), db, PASSWORD)) {
            roundTrip(db, server);
        }
    }

    private void roundTrip(GatehouseServer.Db db, GatehouseServer server) throws Exception {
        awaitFormats(server, Duration.ofSeconds(90));

        // ---- a CSV import with bad rows -----------------------------------------------------------
        long started = System.nanoTime();
        Response imported = server.call("POST", "/api/imports?domain=PRIMARY", csv(), "Content-Type", "text/csv");
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        JsonNode result = imported.json();
        System.out.printf("[transfers] %s: CSV import of %d rows in %d ms (server: %d ms)%n", db, USERS,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), result.path("tookMillis").asLong());
        assertThat(result.path("rows").asLong()).isEqualTo(USERS);
        assertThat(result.path("created").asLong()).isEqualTo(USERS - BAD_ROWS.size());
        assertThat(result.path("failed").asLong()).isEqualTo(BAD_ROWS.size());
        Map<Integer, String> reported = new HashMap<>();
        result.path("errors").forEach(e -> reported.put(e.path("row").asInt(), e.path("reason").asText()));
        assertThat(reported).isEqualTo(BAD_ROWS);
        assertThat(result.path("errors").findValuesAsText("message")).noneMatch(m -> m.contains("Exception") || m.contains(PASSWORD));
        for (String absent : List.of("bad-active", "short-row")) {
            assertThat(findUser(server, absent)).as(absent).isNull();
        }
        JsonNode first = findUser(server, name(1));
        assertThat(first.path("email").asText()).as("row 1, not the duplicate of row %d", 400).isEqualTo(name(1) + "@example.com");

        // ---- an imported user with a password logs in -------------------------------------------
        server.awaitProvider(Duration.ofSeconds(90)); // the OAuth 2 endpoints may come up after the management API
        String client = nativeApp(server);
        assertThat(login(server, client, name(7), "Imported-" + 7 + "-Pa55").path("flowStatus").asText()).isEqualTo("SUCCESS_COMPLETED");
        assertThat(login(server, client, name(7), "wrong-password").path("flowStatus").asText()).isNotEqualTo("SUCCESS_COMPLETED");

        // ---- exports: CSV and SCIM JSON agree --------------------------------------------------------
        Response csvExport = server.call("GET", "/api/exports?domain=PRIMARY&format=csv", null);
        assertThat(csvExport.status()).as(csvExport.toString()).isEqualTo(200);
        assertThat(csvExport.header("Content-Type")).startsWith("text/csv");
        List<String> lines = csvExport.body().lines().toList();
        assertThat(lines.get(0)).startsWith("userName,").doesNotContain("password");
        int expectedUsers = USERS - BAD_ROWS.size() + 1; // and the bootstrap admin
        assertThat(lines).hasSize(1 + expectedUsers);
        Set<String> csvNames = lines.stream().skip(1).map(l -> l.split(",", 2)[0]).collect(Collectors.toSet());
        String row9 = lines.stream().filter(l -> l.startsWith(name(9) + ",")).findFirst().orElseThrow();
        assertThat(row9).contains("Given9", "Family9", name(9) + "@example.com", "staff;team-9");

        Response scimExport = server.call("GET", "/api/exports?domain=PRIMARY&format=scim", null);
        assertThat(scimExport.status()).as(scimExport.toString()).isEqualTo(200);
        assertThat(scimExport.body()).doesNotContain("\"password\"").doesNotContain("Imported-7-Pa55");
        JsonNode list = JSON.readTree(scimExport.body());
        assertThat(list.path("schemas").isArray()).as(scimExport.body().substring(0, Math.min(600, scimExport.body().length()))).isTrue();
        assertThat(list.path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(list.path("totalResults").asInt()).isEqualTo(expectedUsers);
        Map<String, JsonNode> scimUsers = new HashMap<>();
        list.path("Resources").forEach(r -> scimUsers.put(r.path("userName").asText(), r));
        assertThat(scimUsers.keySet()).isEqualTo(csvNames);
        JsonNode nine = scimUsers.get(name(9));
        assertThat(nine.path("name").path("givenName").asText()).isEqualTo("Given9");
        assertThat(nine.path("emails").get(0).path("value").asText()).isEqualTo(name(9) + "@example.com");
        assertThat(nine.path(ENTERPRISE).path("department").asText()).isEqualTo("dept-" + (9 % 7));
        assertThat(nine.path("groups").findValuesAsText("display")).containsExactlyInAnyOrder("staff", "team-9");

        // ---- the SCIM export imports again: existing users are refused, deleted ones come back ------
        List<String> deleted = new ArrayList<>();
        for (int i = 10; i <= 60; i++) {
            String id = scimUsers.get(name(i)).path("id").asText();
            assertThat(server.call("DELETE", "/api/users/" + id, null).status()).isEqualTo(204);
            deleted.add(name(i));
        }
        Response again = server.call("POST", "/api/imports?domain=PRIMARY", scimExport.body(), "Content-Type", "application/scim+json");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("format").asText()).isEqualTo("scim");
        assertThat(again.json().path("rows").asInt()).isEqualTo(expectedUsers);
        assertThat(again.json().path("created").asInt()).isEqualTo(deleted.size());
        assertThat(again.json().path("errors").findValuesAsText("reason")).containsOnly("uniqueness");
        JsonNode back = JSON.readTree(server.call("GET", "/api/exports?domain=PRIMARY&format=scim", null).body());
        Map<String, JsonNode> backUsers = new HashMap<>();
        back.path("Resources").forEach(r -> backUsers.put(r.path("userName").asText(), r));
        assertThat(backUsers.keySet()).isEqualTo(scimUsers.keySet());
        for (String name : deleted) {
            assertThat(withoutIdAndMeta(backUsers.get(name))).as(name).isEqualTo(withoutIdAndMeta(scimUsers.get(name)));
        }

        // ---- a SCIM file with a resource that does not map, and data that is no SCIM list -----------
        String mixed = "[{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"scim-ok\"},"
                + "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"scim-bad\",\"name\":{\"givenName\":7}}]";
        JsonNode mixedResult = server.call("POST", "/api/imports", mixed, "Content-Type", "application/scim+json").json();
        assertThat(mixedResult.path("created").asInt()).isEqualTo(1);
        assertThat(mixedResult.path("errors").get(0).path("row").asInt()).isEqualTo(2);
        assertThat(mixedResult.path("errors").get(0).path("field").asText()).isEqualTo("name.givenName");
        assertThat(findUser(server, "scim-bad")).isNull();
        Response notScim = server.call("POST", "/api/imports", "userName\nx\n", "Content-Type", "application/scim+json");
        assertThat(notScim.status()).as(notScim.toString()).isEqualTo(400);
        assertThat(notScim.body()).doesNotContain("Exception").doesNotContain(".java:");
    }

    /** USERS rows: user0007 has a password (hashing is slow on purpose, so only one), the bad rows as BAD_ROWS says. */
    private static String csv() {
        StringBuilder b = new StringBuilder("userName,email,givenName,familyName,password,active,attributes.department,groups\n");
        for (int i = 1; i <= USERS; i++) {
            String password = i == 7 ? "Imported-7-Pa55" : "";
            String line = switch (i) {
                case 400 -> name(1) + ",dup@example.com,Dup,Licate,,true,dept-0,staff";
                case 800 -> "bad-active,x@example.com,Bad,Active,,maybe,dept-0,staff";
                case 1200 -> ",nobody@example.com,No,Name,,true,dept-0,staff";
                case 1600 -> "short-row,short@example.com,Short,Row,,true,dept-0";
                default -> String.join(",", name(i), name(i) + "@example.com", "Given" + i, "Family" + i, password, "true",
                        "dept-" + (i % 7), "staff;team-" + (i % 10));
            };
            b.append(line).append('\n');
        }
        return b.toString();
    }

    private static String name(int i) {
        return String.format("user%04d", i);
    }

    private JsonNode findUser(GatehouseServer server, String userName) {
        Response r = server.call("GET", "/api/users?filter=" + enc("userName eq \"" + userName + "\""), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode items = r.json().path("items");
        return items.isEmpty() ? null : items.get(0);
    }

    /** The scim format comes with the SCIM bundle, which may start after the management API. */
    private static void awaitFormats(GatehouseServer server, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = server.call("GET", "/api/exports?domain=PRIMARY&format=scim", null);
                if (last.status() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // the listener restarts while features install
            }
            Thread.sleep(250);
        }
        throw new AssertionError("No scim export within " + timeout + ": " + last + "\n" + server.consoleTail());
    }

    private static String nativeApp(GatehouseServer server) {
        ObjectNode app = JSON.createObjectNode();
        app.put("template", "native");
        app.put("client_name", "Transfers login check");
        app.putArray("redirect_uris").add(REDIRECT);
        app.put("skip_consent", true);
        app.put("scope", "openid");
        Response r = server.call("POST", "/api/applications", app.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("client_id").asText();
    }

    /** A password login through the app-native API (as LoginFlowsIT drives it); returns the answer to the password step. */
    private JsonNode login(GatehouseServer server, String client, String username, String password) throws Exception {
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest((username + System.nanoTime()).getBytes(StandardCharsets.UTF_8)));
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String form = String.join("&", "client_id=" + enc(client), "response_type=code", "redirect_uri=" + enc(REDIRECT),
                "scope=openid", "state=st-1", "nonce=n-1", "code_challenge=" + challenge, "code_challenge_method=S256");
        HttpResponse<String> started = post(server.base().resolve("/oauth2/authn/start"), "application/x-www-form-urlencoded", form);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        JsonNode flow = JSON.readTree(started.body());
        assertThat(flow.path("step").path("authenticator").asText()).as(started.body()).isEqualTo("password");
        ObjectNode submit = JSON.createObjectNode();
        submit.put("flowId", flow.path("flowId").asText());
        submit.put("client_id", client);
        submit.put("action", "submit");
        submit.putObject("values").put("username", username).put("password", password);
        HttpResponse<String> answer = post(server.base().resolve("/oauth2/authn"), "application/json", submit.toString());
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 400);
        return JSON.readTree(answer.body());
    }

    private HttpResponse<String> post(URI uri, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode withoutIdAndMeta(JsonNode resource) {
        ObjectNode copy = resource.deepCopy();
        copy.remove(List.of("id", "meta"));
        return copy;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
