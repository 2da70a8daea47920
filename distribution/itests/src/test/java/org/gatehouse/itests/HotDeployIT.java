package org.gatehouse.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.gatehouse.itests.GatehouseServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A third-party user store (the sample, built against {@code org.gatehouse.api} only) dropped into
 * a running server's {@code deploy/} folder, used, and removed again: no restart, and no other
 * request fails meanwhile. The server runs with a generated admin password, read from the console
 * as an operator would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotDeployIT {

    private GatehouseServer server;

    @BeforeAll
    void start() throws Exception {
        server = GatehouseServer.start("hotdeploy", GatehouseServer.Db.H2, null);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theGeneratedAdminPasswordIsPrintedOnceAndWorks() throws Exception {
        assertThat(server.adminPassword()).hasSizeGreaterThanOrEqualTo(24);
        assertThat(server.call("GET", "/api/users", null).status()).isEqualTo(200);
        assertThat(server.console()).contains("client_id 'gatehouse-bootstrap', client_secret '");
    }

    @Test
    void aUserStorePluginIsHotDeployedUsedAndRemoved() throws Exception {
        long pid = server.pid();
        Path jar = server.home().resolve("deploy").resolve("sample-userstore.jar");
        String callerId = server.call("POST", "/api/users", "{\"userName\":\"bystander\"}").json().path("id").asText();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger requests = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread traffic = new Thread(() -> {
            while (running.get()) {
                for (String path : List.of("/api/users/" + callerId, "/health", "/api/users?limit=5", "/api/plugins")) {
                    Response r = server.call("GET", path, null);
                    requests.incrementAndGet();
                    if (r.status() != 200) {
                        failures.add(r.toString());
                    }
                }
            }
        }, "traffic");
        traffic.start();
        try {
            Files.copy(Path.of(System.getProperty("gatehouse.sample.userstore")), jar, StandardCopyOption.REPLACE_EXISTING);
            JsonNode store = await("the sample store to appear", Duration.ofSeconds(60), p -> p != null);
            assertThat(store.toString()).contains("org.gatehouse.sample.userstore.file").contains("1.0.0");

            Response users = server.call("GET", "/api/users?domain=SAMPLE&filter=" + ManagementApiContract.enc("active eq true"), null);
            assertThat(users.status()).as(users.toString()).isEqualTo(200);
            assertThat(users.json().path("totalResults").asLong()).isEqualTo(2);
            assertThat(users.body()).contains("\"ada\"").contains("\"grace\"").doesNotContain("\"alan\"");
            Response write = server.call("POST", "/api/users?domain=SAMPLE", "{\"userName\":\"intruder\"}");
            assertThat(write.status()).as("a read-only store refuses writes clearly").isBetween(400, 499);

            Files.delete(jar);
            await("the sample store to disappear", Duration.ofSeconds(60), p -> p == null);
            Response gone = server.call("GET", "/api/users?domain=SAMPLE", null);
            assertThat(gone.status()).isEqualTo(400);
            assertThat(gone.body()).contains("no user store with domain SAMPLE");
        } finally {
            running.set(false);
            traffic.join();
        }
        assertThat(failures).as("requests that failed during install and uninstall").isEmpty();
        assertThat(requests.get()).isGreaterThan(20);
        assertThat(server.pid()).as("no restart").isEqualTo(pid);
        assertThat(server.call("GET", "/api/users/" + callerId, null).status()).isEqualTo(200);
    }

    /** Polls the installed-plugins API until the SAMPLE store's entry satisfies the condition. */
    private JsonNode await(String what, Duration timeout, Predicate<JsonNode> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode plugins = server.call("GET", "/api/plugins?type=USER_STORE", null).json();
            JsonNode items = plugins.has("items") ? plugins.get("items") : plugins;
            JsonNode sample = null;
            for (JsonNode p : items) {
                if ("SAMPLE".equals(p.path("id").asText())) {
                    sample = p;
                }
            }
            if (condition.test(sample)) {
                return sample;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Timed out waiting for " + what + "\n" + server.consoleTail());
    }
}
