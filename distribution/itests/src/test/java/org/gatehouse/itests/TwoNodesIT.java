package org.gatehouse.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.gatehouse.itests.GatehouseServer.Response;
import org.junit.jupiter.api.Test;

/**
 * Two nodes started at the same moment against one empty PostgreSQL database: migrations and the
 * bootstrap run once, and the nodes then act as one server.
 */
class TwoNodesIT {

    @Test
    void twoNodesStartTogetherOnOneDatabaseAndShareState() throws Exception {
        assumeTrue(GatehouseServer.postgresAvailable(), "GATEHOUSE_TEST_PG_URL is not set");
        byte[] masterKey = new byte[32];
        new java.security.SecureRandom().nextBytes(masterKey);
        // nodes that share a database share the master key that seals its secrets and signing keys
        Map<String, String> env = Map.of(
                "GATEHOUSE_DB_URL", GatehouseServer.freshPostgresDatabase(),
                "GATEHOUSE_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(masterKey),
                "GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "Two-nodes-pa55");
        CompletableFuture<GatehouseServer> a = CompletableFuture.supplyAsync(() -> start("node-a", env));
        CompletableFuture<GatehouseServer> b = CompletableFuture.supplyAsync(() -> start("node-b", env));
        try (GatehouseServer nodeA = a.join(); GatehouseServer nodeB = b.join()) {
            Response admins = nodeA.call("GET", "/api/users?filter=" + ManagementApiContract.enc("userName eq \"admin\""), null);
            assertThat(admins.json().path("totalResults").asLong()).isEqualTo(1);
            assertThat(nodeB.call("GET", "/api/groups", null).json().path("totalResults").asLong()).isEqualTo(1);

            String id = nodeA.call("POST", "/api/users", "{\"userName\":\"shared\"}").json().path("id").asText();
            assertThat(nodeB.call("GET", "/api/users/" + id, null).status()).isEqualTo(200);

            List<Response> answers = List.of(
                    nodeA.call("PUT", "/api/users/" + id, "{\"userName\":\"shared\",\"active\":true,\"displayName\":\"from A\"}", "If-Match", "\"1\""),
                    nodeB.call("PUT", "/api/users/" + id, "{\"userName\":\"shared\",\"active\":true,\"displayName\":\"from B\"}", "If-Match", "\"1\""));
            assertThat(answers).extracting(Response::status).containsExactlyInAnyOrder(200, 412);
        }
    }

    private static GatehouseServer start(String name, Map<String, String> env) {
        try {
            return GatehouseServer.start(name, env);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
