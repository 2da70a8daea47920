package org.gatehouse.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real Gatehouse distribution, unpacked into its own folder and started as operators start it
 * ({@code bin/karaf server}), on a free loopback port and either the embedded H2 or a fresh
 * PostgreSQL database.
 */
public final class GatehouseServer implements AutoCloseable {

    public static final String ADMIN = "admin";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Process process;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String adminPassword;
    private final Duration bootTime;

    private GatehouseServer(Path home, Process process, URI base, String adminPassword, Duration bootTime) {
        this.home = home;
        this.process = process;
        this.base = base;
        this.adminPassword = adminPassword;
        this.bootTime = bootTime;
    }

    public enum Db { H2, POSTGRESQL }

    /**
     * @param adminPassword the bootstrap admin password, or null to let the server generate one
     */
    public static GatehouseServer start(String name, Db db, String adminPassword) throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        if (adminPassword != null) {
            env.put("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        }
        if (db == Db.POSTGRESQL) {
            env.put("GATEHOUSE_DB_URL", freshPostgresDatabase());
        }
        return start(name, env);
    }

    /**
     * Starts a server with these GATEHOUSE_* variables (on top of a free HTTP port, unless they name
     * GATEHOUSE_HTTP_PORT, and the admin username); without GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD the
     * generated one is read from the console.
     */
    public static GatehouseServer start(String name, Map<String, String> gatehouseEnv) throws Exception {
        Path work = Path.of(System.getProperty("gatehouse.it.work", "target/it-work"));
        Path home = work.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(home);
        run(home, "tar", "-xzf", System.getProperty("gatehouse.distribution"), "-C", home.toString(), "--strip-components=1");

        // a caller that needs the port beforehand (e.g. for GATEHOUSE_BASE_URL) chooses it
        String chosenPort = gatehouseEnv.get("GATEHOUSE_HTTP_PORT");
        int port = chosenPort != null ? Integer.parseInt(chosenPort) : freePort();
        ProcessBuilder pb = new ProcessBuilder("bin/karaf", "server").directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GATEHOUSE_") || k.startsWith("KARAF_") || k.equals("EXTRA_JAVA_OPTS"));
        env.put("GATEHOUSE_HTTP_PORT", String.valueOf(port));
        env.put("GATEHOUSE_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        env.putAll(gatehouseEnv);
        pb.redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile());
        Instant launched = Instant.now();
        Process process = pb.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        GatehouseServer server = new GatehouseServer(home, process, base, null, Duration.ZERO);
        Duration boot = server.awaitHealthy(launched, Duration.ofSeconds(180));
        String password = gatehouseEnv.getOrDefault("GATEHOUSE_BOOTSTRAP_ADMIN_PASSWORD", null);
        return new GatehouseServer(home, process, base, password != null ? password : server.printedAdminPassword(), boot);
    }

    private Duration awaitHealthy(Instant launched, Duration timeout) throws Exception {
        Instant deadline = launched.plus(timeout);
        String lastHealth = "(never answered)";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Gatehouse exited with " + process.exitValue() + ":\n" + consoleTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return Duration.between(launched, Instant.now());
                }
                lastHealth = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        // read what the node said before close() deletes its home
        String diagnosis = "last /health: " + lastHealth + "\n" + consoleTail() + "\n" + logTail();
        close();
        throw new IllegalStateException("Gatehouse was not healthy within " + timeout + ": " + diagnosis);
    }

    /** The bootstrap prints a generated password once, on the console. */
    private String printedAdminPassword() throws IOException {
        String console = Files.readString(home.resolve("console.log"));
        var m = java.util.regex.Pattern.compile("username '" + ADMIN + "', password '([^']+)'").matcher(console);
        if (!m.find()) {
            throw new IllegalStateException("No generated admin password on the console:\n" + consoleTail());
        }
        return m.group(1);
    }

    public String console() throws IOException {
        return Files.readString(home.resolve("console.log"));
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("data/log/karaf.log")).stream()
                    .filter(l -> l.contains("| ERROR") || l.contains("| WARN") || l.startsWith("Caused by")).toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no karaf.log: " + e + ")";
        }
    }

    public String consoleTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("console.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no console log: " + e + ")";
        }
    }

    public URI base() {
        return base;
    }

    public Path home() {
        return home;
    }

    Duration bootTime() {
        return bootTime;
    }

    public long pid() {
        return process.pid();
    }

    public String adminPassword() {
        return adminPassword;
    }

    public String adminAuthorization() {
        return basic(ADMIN, adminPassword);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * /health answers before Karaf has finished installing every feature: waits until OpenID discovery
     * and the management API's applications answer 200, at most {@code timeout}.
     */
    public void awaitProvider(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = anonymous("GET", "/.well-known/openid-configuration", null);
                if (last.status() == 200) {
                    last = call("GET", "/api/applications", null);
                    if (last.status() == 200) {
                        return;
                    }
                }
            } catch (UncheckedIOException e) {
                // restarting its listener
            }
            Thread.sleep(250);
        }
        throw new AssertionError("No OpenID discovery and /api/applications within " + timeout + ": " + last + "\n" + consoleTail());
    }

    /** A call as the bootstrap admin. */
    public Response call(String method, String path, String body, String... headers) {
        String[] all = Stream.concat(Stream.of("Authorization", adminAuthorization()), Stream.of(headers)).toArray(String[]::new);
        return anonymous(method, path, body, all);
    }

    public Response anonymous(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        boolean hasContentType = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            hasContentType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !hasContentType) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return new Response(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer with its body parsed as JSON when it is JSON. */
    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("Not JSON (" + status() + "): " + raw.body(), e);
            }
        }

        @Override
        public String toString() {
            return raw.request().method() + " " + raw.uri() + " -> " + status() + " " + raw.headers().map() + "\n" + raw.body();
        }
    }

    /**
     * Stops the server as an operator would, with SIGTERM, and waits for it to exit.
     *
     * @return the exit code, or -1 when it had to be killed after 30 s
     */
    int stop() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        int exit = -1;
        try {
            if (process.waitFor(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                exit = process.exitValue();
            } else {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        return exit;
    }

    /** The server's own log file (Karaf's data/log). */
    public String log() throws IOException {
        return Files.readString(home.resolve("data/log/karaf.log"));
    }

    /** Stops the server, then removes its folder. */
    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
        if (!Boolean.getBoolean("gatehouse.it.keep")) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // leave it for mvn clean
            }
        }
    }

    static boolean postgresAvailable() {
        String url = System.getenv("GATEHOUSE_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("CI runs the distribution on PostgreSQL too, but GATEHOUSE_TEST_PG_URL is not set");
            }
            return false;
        }
        return true;
    }

    /** A new, empty database in the test PostgreSQL; returns its JDBC URL. */
    static String freshPostgresDatabase() throws Exception {
        String url = System.getenv("GATEHOUSE_TEST_PG_URL");
        String name = "gh_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url.replaceFirst("/[A-Za-z0-9_]+(\\?|$)", "/" + name + "$1");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with " + p.exitValue());
        }
    }
}
