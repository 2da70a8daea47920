package org.gatehouse.itests.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the JavaScript drivers in {@code src/test/js} ({@code oidc-rp.mjs}, {@code login-flows.mjs}) with Node.js:
 * installs them with {@code npm ci} when {@code node_modules} is missing or older than the lock
 * file, and checks that Node.js 20+ and Debian's Chromium are there. Without them the tests are
 * skipped on a developer's machine and fail on CI ({@code CI} set): they are never silently skipped there.
 */
final class NodeDriver {

    static final Path JS = Path.of(System.getProperty("gatehouse.it.js", "src/test/js")).toAbsolutePath();
    static final String CHROMIUM = System.getenv().getOrDefault("GH_CHROMIUM", "/usr/bin/chromium");
    private static boolean installed;

    private NodeDriver() {
    }

    /** Node.js, npm, Chromium and the npm packages, or a skip (a failure on CI) that says what is missing. */
    static synchronized void require() throws Exception {
        if (installed) {
            return;
        }
        List<String> missing = new ArrayList<>();
        String node = output(List.of("node", "--version"));
        if (node == null) {
            missing.add("node (Node.js 20+)");
        } else if (Integer.parseInt(node.trim().replaceFirst("^v(\\d+).*", "$1")) < 20) {
            missing.add("Node.js 20+ (found " + node.trim() + ")");
        }
        if (output(List.of("npm", "--version")) == null) {
            missing.add("npm");
        }
        if (!Files.isExecutable(Path.of(CHROMIUM))) {
            missing.add("Chromium at " + CHROMIUM + " (apt-get install chromium)");
        }
        if (!missing.isEmpty()) {
            String message = "The OIDC interoperability tests need " + String.join(", ", missing) + "; .ci/run installs them";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        Path lock = JS.resolve("package-lock.json");
        Path installedLock = JS.resolve("node_modules/.package-lock.json");
        if (!Files.exists(installedLock) || Files.getLastModifiedTime(installedLock).compareTo(Files.getLastModifiedTime(lock)) < 0) {
            Path logFile = JS.resolve("node_modules.npm-ci.log");
            ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(JS.toFile())
                    .redirectErrorStream(true).redirectOutput(logFile.toFile());
            pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"); // playwright-core downloads nothing anyway
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("npm ci in " + JS + " took more than 180 s:\n" + Files.readString(logFile));
            }
            String log = Files.readString(logFile);
            Files.deleteIfExists(logFile);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("npm ci in " + JS + " failed:\n" + log);
            }
        }
        installed = true;
    }

    private static String output(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The outcome of one scenario: its JSON line, and the driver's stderr for diagnosis. */
    record Result(JsonNode json, int exit, String stderr) {
        boolean ok() {
            return json != null && json.path("ok").asBoolean(false) && exit == 0;
        }

        String error() {
            return json == null ? "no JSON result (exit " + exit + ")" : json.path("error").asText();
        }

        @Override
        public String toString() {
            String tail = stderr.length() > 4000 ? stderr.substring(stderr.length() - 4000) : stderr;
            return (json == null ? "(no result)" : json.toString()) + "\nexit " + exit + ", driver log:\n" + tail;
        }
    }

    /** Runs {@code node oidc-rp.mjs scenario} with these GH_* variables; bounded to {@code timeoutSeconds}. */
    static Result run(String scenario, Map<String, String> env, Path logDir, int timeoutSeconds) throws Exception {
        return run("oidc-rp.mjs", scenario, env, logDir, timeoutSeconds);
    }

    /** Runs {@code node script scenario} (a script in {@code src/test/js}) with these GH_* variables; bounded to {@code timeoutSeconds}. */
    static Result run(String script, String scenario, Map<String, String> env, Path logDir, int timeoutSeconds) throws Exception {
        Files.createDirectories(logDir);
        String prefix = script.replaceFirst("\\.m?js$", "");
        Path out = logDir.resolve(prefix + "-" + scenario + ".out");
        Path err = logDir.resolve(prefix + "-" + scenario + ".log");
        ProcessBuilder pb = new ProcessBuilder("node", script, scenario).directory(JS.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GH_"));
        pb.environment().putAll(env);
        pb.environment().putIfAbsent("GH_CHROMIUM", CHROMIUM);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("node " + script + " " + scenario + " did not finish within " + timeoutSeconds + " s; log:\n" + Files.readString(err));
        }
        JsonNode json = null;
        for (String line : Files.readAllLines(out)) {
            if (line.startsWith("{")) {
                json = OidcFixture.JSON.readTree(line);
            }
        }
        Result result = new Result(json, p.exitValue(), Files.readString(err));
        assertThat(json).as("a JSON result from the driver: %s", result).isNotNull();
        return result;
    }
}
