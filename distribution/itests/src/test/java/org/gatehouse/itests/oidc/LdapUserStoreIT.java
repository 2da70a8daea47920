package org.gatehouse.itests.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.gatehouse.itests.GatehouseServer.Response;
import org.gatehouse.userstore.ldap.slapd.Ldif;
import org.gatehouse.userstore.ldap.slapd.Slapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * LDAP user stores in the real distribution, against a real OpenLDAP: an operator drops a factory
 * configuration into {@code etc/} of the running server and the directory's users log in as
 * {@code CORP/alice} (app-native login, then tokens); a second directory is added and removed again;
 * the directory goes down and comes back. No restart anywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LdapUserStoreIT {

    private static final String REDIRECT = "http://127.0.0.1/cb";

    private Slapd slapd;
    private OidcFixture f;
    private String clientId;
    private long pid;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Slapd.available(), "slapd is not installed (apt-get install slapd ldap-utils)");
        String ldif = Ldif.person("alice", "Alice", "Liddell", "alice@corp.example", Slapd.hash("{SSHA}", "alice-Ldap-Pa55"))
                + Ldif.person("bob", "Bob", "Builder", "bob@corp.example", Slapd.hash("{CRYPT}", "bob-Ldap-Pa55"))
                + Ldif.group("staff", List.of("alice", "bob"))
                + "dn: ou=partners," + Slapd.SUFFIX + "\nobjectClass: organizationalUnit\nou: partners\n\n"
                + Ldif.person("pat", "Pat", "Partner", "pat@partner.example", Slapd.hash("{SSHA}", "pat-Ldap-Pa55"))
                        .replace("ou=people", "ou=partners");
        slapd = Slapd.start(Files.createTempDirectory("gh-it-slapd-"), ldif);
        f = OidcFixture.start("ldap");
        pid = f.server.pid();
        ObjectNode app = OidcFixture.app("native", "LDAP App");
        app.putArray("redirect_uris").add(REDIRECT);
        app.put("skip_consent", true);
        app.put("scope", "openid profile email");
        clientId = f.createApplication(app).path("client_id").asText();
    }

    @AfterAll
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    private Path etc(String name) {
        return f.server.home().resolve("etc").resolve("org.gatehouse.userstore.ldap-" + name + ".cfg");
    }

    private void configure(String name, String domain, String userBase, String... more) throws Exception {
        Files.writeString(etc(name), String.join("\n", more) + "\n" + String.join("\n",
                "domain = " + domain,
                "url = " + slapd.url(),
                "connectionSecurity = NONE",
                "bindDn = " + Slapd.SERVICE_DN,
                ".bindPassword = " + Slapd.SERVICE_PASSWORD,
                "userBaseDn = " + userBase,
                "groupBaseDn = ou=groups," + Slapd.SUFFIX,
                "groupResolution = MEMBER_OF",
                "connectTimeoutMillis = 1000",
                ""));
    }

    @Test
    @Order(1)
    void aFactoryConfigurationDroppedIntoEtcAddsTheDirectoryAndItsUsersLogIn() throws Exception {
        configure("corp", "CORP", "ou=people," + Slapd.SUFFIX);
        f.awaitUserStores("CORP to appear", ids -> ids.contains("CORP"));

        Response users = f.server.call("GET", "/api/users?domain=CORP", null);
        assertThat(users.status()).as(users.toString()).isEqualTo(200);
        assertThat(users.json().path("totalResults").asLong()).isEqualTo(2);
        assertThat(users.body()).contains("\"alice\"").contains("\"bob\"").contains("alice@corp.example");
        Response filtered = f.server.call("GET", "/api/users?domain=CORP&filter=" + OidcFixture.urlEncode("emails co \"bob@\""), null);
        assertThat(filtered.json().path("totalResults").asLong()).as(filtered.toString()).isEqualTo(1);
        Response write = f.server.call("POST", "/api/users?domain=CORP", "{\"userName\":\"intruder\"}");
        assertThat(write.status()).as("a read-only directory refuses writes clearly: %s", write).isBetween(400, 499);

        JsonNode tokens = login("CORP/alice", "alice-Ldap-Pa55");
        JsonNode claims = OidcFixture.jwtPayload(tokens.path("id_token").asText());
        assertThat(claims.toString()).contains("alice");
        login("corp/bob", "bob-Ldap-Pa55");

        // a wrong password and an unknown user look the same
        JsonNode wrong = attempt("CORP/alice", "wrong-password-1");
        JsonNode unknown = attempt("CORP/nobody", "wrong-password-1");
        assertThat(wrong.path("flowStatus").asText()).isEqualTo("INCOMPLETE");
        assertThat(wrong.path("step").path("error").path("key").asText()).isEqualTo(unknown.path("step").path("error").path("key").asText())
                .isNotEmpty();
    }

    @Test
    @Order(2)
    void aSecondDirectoryIsAddedAndRemovedAtRunTime() throws Exception {
        configure("partner", "PARTNER", "ou=partners," + Slapd.SUFFIX);
        f.awaitUserStores("PARTNER to appear", ids -> ids.contains("PARTNER") && ids.contains("CORP"));
        Response partners = f.server.call("GET", "/api/users?domain=PARTNER", null);
        assertThat(partners.status()).as(partners.toString()).isEqualTo(200);
        assertThat(partners.body()).contains("\"pat\"").doesNotContain("\"alice\"");
        login("PARTNER/pat", "pat-Ldap-Pa55");

        Files.delete(etc("partner"));
        f.awaitUserStores("PARTNER to disappear", ids -> !ids.contains("PARTNER"));
        Response gone = f.server.call("GET", "/api/users?domain=PARTNER", null);
        assertThat(gone.status()).isEqualTo(400);
        assertThat(attempt("PARTNER/pat", "pat-Ldap-Pa55").path("flowStatus").asText()).as("its users are gone").isEqualTo("INCOMPLETE");
        login("CORP/alice", "alice-Ldap-Pa55");
        assertThat(f.server.pid()).as("no restart").isEqualTo(pid);
    }

    @Test
    @Order(3)
    void aMistakenConfigurationIsRefusedWithAClearErrorInTheLog() throws Exception {
        configure("bad", "PRIMARY", "ou=people," + Slapd.SUFFIX);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!f.server.log().contains("domain: PRIMARY is the Gatehouse database's store") && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(f.server.log()).contains("LDAP user store configuration rejected: domain: PRIMARY is the Gatehouse database's store")
                .doesNotContain(Slapd.SERVICE_PASSWORD);
        Files.delete(etc("bad"));
        assertThat(f.server.call("GET", "/api/users", null).body()).as("the primary store is the database's still").contains("\"admin\"");
    }

    @Test
    @Order(4)
    void aChangedConfigurationTakesEffectAtRunTime() throws Exception {
        configure("corp", "CORP", "ou=people," + Slapd.SUFFIX, "readOnly = false");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Response created;
        do {
            Thread.sleep(250);
            created = f.server.call("POST", "/api/users?domain=CORP",
                    "{\"userName\":\"carl\",\"password\":\"carl-Ldap-Pa55\",\"email\":\"carl@corp.example\",\"name\":{\"givenName\":\"Carl\",\"familyName\":\"Writer\"}}");
        } while (created.status() != 201 && System.nanoTime() < deadline);
        assertThat(created.status()).as("the store became read-write: %s", created).isEqualTo(201);
        String carl = created.json().path("id").asText();
        login("CORP/carl", "carl-Ldap-Pa55");
        Response stale = f.server.call("DELETE", "/api/users/" + carl + "?domain=CORP", null, "If-Match", "\"1\"");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        Response current = f.server.call("GET", "/api/users/" + carl + "?domain=CORP", null);
        assertThat(current.json().path("userName").asText()).isEqualTo("carl");
        assertThat(current.body()).contains("carl@corp.example");
        assertThat(current.header("ETag")).as("a login changes nothing in the entry").isEqualTo(created.header("ETag"));
        Response deleted = f.server.call("DELETE", "/api/users/" + carl + "?domain=CORP", null, "If-Match", current.header("ETag"));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(f.server.call("GET", "/api/users/" + carl + "?domain=CORP", null).status()).isEqualTo(404);
        assertThat(f.server.pid()).as("no restart").isEqualTo(pid);
    }

    @Test
    @Order(5)
    void theDirectoryGoingDownDegradesItsUsersOnly() throws Exception {
        String local = f.createUser("localuser", "Local-Pa55word!", "local@example.test");
        slapd.kill();
        Response down = f.server.call("GET", "/api/users?domain=CORP", null);
        assertThat(down.status()).as(down.toString()).isEqualTo(503);
        assertThat(down.body()).doesNotContain("Exception");
        assertThat(f.server.call("GET", "/api/users/" + local, null).status()).isEqualTo(200);
        login("localuser", "Local-Pa55word!");
        assertThat(attempt("CORP/alice", "alice-Ldap-Pa55").path("flowStatus").asText()).isEqualTo("INCOMPLETE");

        slapd.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Response back;
        do {
            back = f.server.call("GET", "/api/users?domain=CORP", null);
        } while (back.status() != 200 && System.nanoTime() < deadline);
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        login("CORP/alice", "alice-Ldap-Pa55");

        Files.delete(etc("corp"));
        f.awaitUserStores("CORP to disappear", ids -> !ids.contains("CORP"));
        assertThat(f.server.pid()).as("no restart").isEqualTo(pid);
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode login(String username, String password) {
        return f.passwordLogin(clientId, REDIRECT, username, password);
    }

    private JsonNode attempt(String username, String password) {
        return f.passwordAttempt(clientId, REDIRECT, username, password, OidcFixture.random(32));
    }
}
