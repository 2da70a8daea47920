package org.gatehouse.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.gatehouse.itests.GatehouseServer.Response;
import org.junit.jupiter.api.Test;

/**
 * How an operator runs Gatehouse: HTTPS from a keystore, public URLs from GATEHOUSE_BASE_URL
 * (behind a TLS-terminating proxy), and an orderly stop on SIGTERM.
 */
class OperationsIT {

    private static final String STORE_PASSWORD = "keystore-pass";

    @Test
    void httpsPublicBaseUrlAndAnOrderlyStop() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("gatehouse.it.work", "target/it-work")));
        Path keystore = dir.resolve("tls-" + System.nanoTime() + ".p12");
        Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", "gatehouse", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD).inheritIO().start();
        assertThat(keytool.waitFor()).isZero();
        int httpsPort = GatehouseServer.freePort();

        try (GatehouseServer server = GatehouseServer.start("ops", Map.of(
                "GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", "Ops-admin-pa55",
                "GATEHOUSE_HTTPS_PORT", String.valueOf(httpsPort),
                "GATEHOUSE_KEYSTORE", keystore.toString(),
                "GATEHOUSE_KEYSTORE_PASSWORD", STORE_PASSWORD,
                "GATEHOUSE_BASE_URL", "https://id.example.test/"))) {

            HttpResponse<String> health = trusting(keystore).send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.sslSession()).get().satisfies(s -> assertThat(s.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));

            Response created = server.call("POST", "/api/users", "{\"userName\":\"behind-proxy\"}");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.header("Location")).isEqualTo("https://id.example.test/api/users/" + created.json().path("id").asText());

            assertThat(server.console()).doesNotContain(STORE_PASSWORD);
            int exit = server.stop();
            assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(server.log()).contains("Database pool closed");
        }
    }

    private static HttpClient trusting(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }
}
