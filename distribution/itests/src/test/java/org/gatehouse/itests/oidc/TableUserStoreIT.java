package org.gatehouse.itests.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.gatehouse.itests.GatehouseServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The existing-table user store in the real distribution, against a shop application's users table
 * in a real PostgreSQL: an operator drops a factory configuration into {@code etc/} of the running
 * server and the shop's customers log in as {@code SHOP/alice} with the hashes the shop wrote
 * (bcrypt, Django PBKDF2); the configuration is switched from read-only to read-write and removed
 * again. No restart anywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TableUserStoreIT {

    private static final String REDIRECT = "http://127.0.0.1/cb";
    private static final String DB_SECRET = "never-shown-" + UUID.randomUUID();

    private String appDbUrl;
    private OidcFixture f;
    private String clientId;
    private long pid;

    @BeforeAll
    void start() throws Exception {
        String pg = System.getenv("GATEHOUSE_TEST_PG_URL");
        if (pg == null || pg.isBlank()) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("CI runs the existing-table store against PostgreSQL, but GATEHOUSE_TEST_PG_URL is not set");
            }
            Assumptions.abort("GATEHOUSE_TEST_PG_URL is not set");
        }
        appDbUrl = shopDatabase(pg);
        f = OidcFixture.start("table");
        pid = f.server.pid();
        ObjectNode app = OidcFixture.app("native", "Shop App");
        app.putArray("redirect_uris").add(REDIRECT);
        app.put("skip_consent", true);
        app.put("scope", "openid profile email");
        clientId = f.createApplication(app).path("client_id").asText();
    }

    /** A new database with the shop's table, as the shop (Rails/Django-style) created and filled it. */
    private static String shopDatabase(String pg) throws Exception {
        String name = "gh_shop_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(pg); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        String url = pg.replaceFirst("/[A-Za-z0-9_]+(\\?|$)", "/" + name + "$1");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE app_users (id bigserial PRIMARY KEY, login varchar(100) NOT NULL UNIQUE, email varchar(255),"
                    + " password_hash varchar(255), first_name varchar(100), last_name varchar(100), is_active boolean NOT NULL DEFAULT true,"
                    + " created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())");
            // bcrypt as Rails/Laravel write it (crypt_blowfish), PBKDF2 as Django writes it
            s.execute("INSERT INTO app_users (login, email, password_hash, first_name, last_name, is_active) VALUES"
                    + " ('alice', 'alice@shop.example', '$2b$05$abcdefghijklmnopqrstuurf24YNtnfhafe3.tGibJdyJCe4ssl5K', 'Alice', 'Liddell', true),"
                    + " ('bob', 'bob@shop.example', 'pbkdf2_sha256$10000$seasalt$/0C/0NoueWfHylZ4NsYEtYIxBlwx6O7n5N2p2HEwUJo=', 'Bob', 'Builder', true),"
                    + " ('carol', 'carol@shop.example', '$2b$04$zyxwvutsrqponmlkjihgfepspxoWBzEvqMqZqkrAzmQi4ATZYG69S', 'Carol', 'Closed', false)");
        }
        return url;
    }

    @AfterAll
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private Path cfg() {
        return f.server.home().resolve("etc").resolve("org.gatehouse.userstore.table-shop.cfg");
    }

    private void configure(String access) throws Exception {
        Files.writeString(cfg(), String.join("\n",
                "domain = SHOP",
                "displayName = Shop customers",
                "access = " + access,
                "url = " + appDbUrl,
                // PostgreSQL trusts the test's connections: the password is there to be kept secret, not needed
                ".password = " + DB_SECRET,
                "table = app_users",
                "column.username = login",
                "column.password = password_hash",
                "column.email = email",
                "column.givenName = first_name",
                "column.familyName = last_name",
                "column.active = is_active",
                "column.created = created_at",
                "column.modified = updated_at",
                "password.newFormat = BCRYPT",
                "password.bcryptCost = 10",
                ""));
    }

    @Test
    @Order(1)
    void aFactoryConfigurationDroppedIntoEtcAddsTheShopsTableAndItsCustomersLogIn() throws Exception {
        configure("READ_ONLY");
        f.awaitUserStores("SHOP to appear", ids -> ids.contains("SHOP"));

        Response users = f.server.call("GET", "/api/users?domain=SHOP", null);
        assertThat(users.status()).as(users.toString()).isEqualTo(200);
        assertThat(users.json().path("totalResults").asLong()).isEqualTo(3);
        assertThat(users.body()).contains("\"alice\"").contains("alice@shop.example").contains("Liddell");
        Response filtered = f.server.call("GET", "/api/users?domain=SHOP&filter=" + OidcFixture.urlEncode("active eq true and emails co \"@SHOP.\""), null);
        assertThat(filtered.json().path("totalResults").asLong()).as(filtered.toString()).isEqualTo(2);
        Response unmapped = f.server.call("GET", "/api/users?domain=SHOP&filter=" + OidcFixture.urlEncode("phoneNumbers pr"), null);
        assertThat(unmapped.status()).as("an attribute without a column is a clear 400: %s", unmapped).isEqualTo(400);
        Response write = f.server.call("POST", "/api/users?domain=SHOP", "{\"userName\":\"intruder\"}");
        assertThat(write.status()).as("a read-only store refuses writes clearly: %s", write).isBetween(400, 499);

        JsonNode tokens = login("SHOP/alice", "Wonder-land-1");
        assertThat(OidcFixture.jwtPayload(tokens.path("id_token").asText()).toString()).contains("alice");
        login("shop/bob", "Wonder-land-2");

        JsonNode disabled = attempt("SHOP/carol", "Disabled-pw-9");
        assertThat(disabled.path("flowStatus").asText()).as("is_active = false: %s", disabled).isNotEqualTo("SUCCESS_COMPLETED");
        assertThat(disabled.path("authData").path("code").isMissingNode()).isTrue();
        JsonNode wrong = attempt("SHOP/alice", "wrong-password-1");
        JsonNode unknown = attempt("SHOP/nobody", "wrong-password-1");
        assertThat(wrong.path("flowStatus").asText()).isEqualTo("INCOMPLETE");
        assertThat(wrong.path("step").path("error").path("key").asText()).isEqualTo(unknown.path("step").path("error").path("key").asText())
                .isNotEmpty();

        assertThat(f.server.call("GET", "/api/plugins", null).body()).doesNotContain(DB_SECRET);
    }

    @Test
    @Order(2)
    void switchedToReadWriteAtRunTimeItWritesRowsTheShopCanRead() throws Exception {
        configure("READ_WRITE");
        Response created = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            created = f.server.call("POST", "/api/users?domain=SHOP", "{\"userName\":\"dora\",\"password\":\"Dora-Explorer-1\","
                    + "\"email\":\"dora@shop.example\",\"name\":{\"givenName\":\"Dora\"}}");
            if (created.status() == 201) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String doraId = created.json().path("id").asText();
        assertThat(shopColumn("SELECT password_hash FROM app_users WHERE login = 'dora'")).startsWith("$2b$10$");
        assertThat(shopColumn("SELECT first_name FROM app_users WHERE login = 'dora'")).isEqualTo("Dora");
        login("SHOP/dora", "Dora-Explorer-1");

        Response dora = f.server.call("GET", "/api/users/" + doraId + "?domain=SHOP", null);
        String etag = dora.header("ETag");
        assertThat(etag).as(dora.toString()).isNotBlank();
        Response patched = f.server.call("PATCH", "/api/users/" + doraId + "?domain=SHOP", "{\"active\":false}",
                "Content-Type", "application/merge-patch+json", "If-Match", etag);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(shopColumn("SELECT is_active::text FROM app_users WHERE login = 'dora'")).isEqualTo("false");
        Response stale = f.server.call("PATCH", "/api/users/" + doraId + "?domain=SHOP", "{\"active\":true}",
                "Content-Type", "application/merge-patch+json", "If-Match", etag);
        assertThat(stale.status()).as("an update based on an old version: %s", stale).isEqualTo(412);
        assertThat(attempt("SHOP/dora", "Dora-Explorer-1").path("flowStatus").asText()).as("disabled").isNotEqualTo("SUCCESS_COMPLETED");
    }

    @Test
    @Order(3)
    void removedAtRunTimeItsUsersAreGoneAndTheTableIsUntouched() throws Exception {
        Files.delete(cfg());
        f.awaitUserStores("SHOP to disappear", ids -> !ids.contains("SHOP"));
        Response gone = f.server.call("GET", "/api/users?domain=SHOP", null);
        assertThat(gone.status()).isEqualTo(400);
        assertThat(attempt("SHOP/alice", "Wonder-land-1").path("flowStatus").asText()).isEqualTo("INCOMPLETE");
        assertThat(shopColumn("SELECT COUNT(*) FROM app_users")).isEqualTo("4");
        assertThat(f.server.pid()).as("no restart").isEqualTo(pid);
        assertThat(f.server.log()).doesNotContain(DB_SECRET);
    }

    // ---------------------------------------------------------------- helpers

    private String shopColumn(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(appDbUrl); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private JsonNode login(String username, String password) {
        return f.passwordLogin(clientId, REDIRECT, username, password);
    }

    private JsonNode attempt(String username, String password) {
        return f.passwordAttempt(clientId, REDIRECT, username, password, OidcFixture.random(32));
    }
}
