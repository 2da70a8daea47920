package org.gatehouse.userstore.ldap.slapd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private OpenLDAP slapd for tests: its own configuration, mdb database and port on 127.0.0.1,
 * started in the foreground so that the test owns the process (stop, kill, start again on the same
 * data). The memberof overlay keeps memberOf; the sssvlv overlay sorts when the module is there.
 *
 * <p>The size limit is small (50) for every account but the root DN, with paged searches allowed
 * to return any total (size.prtotal=unlimited), as Active Directory's MaxPageSize behaves: a plain
 * search past 50 entries fails, a paged one does not.
 *
 * <p>Without slapd the tests skip, except under CI ({@code CI=true}), where they fail: CI installs
 * slapd and ldap-utils, and a silent skip would hide a broken machine.
 */
public final class Slapd implements AutoCloseable {

    public static final String SUFFIX = "dc=example,dc=org";
    public static final String ROOT_DN = "cn=admin," + SUFFIX;
    public static final String ROOT_PASSWORD = "root-secret";
    public static final String SERVICE_DN = "cn=gatehouse,ou=services," + SUFFIX;
    public static final String SERVICE_PASSWORD = "service-Pa55";
    public static final int SIZE_LIMIT = 50;

    private static final Path SLAPD = Path.of("/usr/sbin/slapd");
    private static final Path MODULES = Path.of("/usr/lib/ldap");

    private final Path dir;
    private final int port;
    private final int ldapsPort;
    private Process process;

    private Slapd(Path dir, int port, int ldapsPort) {
        this.dir = dir;
        this.port = port;
        this.ldapsPort = ldapsPort;
    }

    /** @return whether slapd can run here; under CI a missing slapd is an error, not a skip */
    public static boolean available() {
        boolean present = Files.isExecutable(SLAPD) && Files.isExecutable(Path.of("/usr/bin/ldapadd"));
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI runs the LDAP tests against a real slapd, but /usr/sbin/slapd or /usr/bin/ldapadd is missing:"
                    + " apt-get install -y --no-install-recommends slapd ldap-utils");
        }
        return present;
    }

    /** @return whether slapd and openssl (for the test CA) can run here; under CI a missing one is an error */
    public static boolean tlsAvailable() {
        boolean openssl = Files.isExecutable(Path.of("/usr/bin/openssl"));
        if (!openssl && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI runs the LDAPS and StartTLS tests with certificates from openssl, but /usr/bin/openssl is missing");
        }
        return available() && openssl;
    }

    /** Starts a directory in {@code dir} (created) with the base entries and {@code ldif} loaded over LDAP. */
    public static Slapd start(Path dir, String ldif) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Slapd slapd = new Slapd(dir, freePort(), 0);
        Files.writeString(dir.resolve("slapd.conf"), slapd.config(), StandardCharsets.UTF_8);
        slapd.start();
        slapd.add(base() + ldif);
        return slapd;
    }

    /**
     * Starts a directory that also speaks LDAPS (on 127.0.0.1 and 127.0.0.2) and StartTLS, with a
     * server certificate for 127.0.0.1 and localhost only, issued by a test CA ({@link #caCertificate()}).
     */
    public static Slapd startWithTls(Path dir, String ldif) throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Path tls = Files.createDirectories(dir.resolve("tls"));
        openssl(tls, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Gatehouse Test CA");
        openssl(tls, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
        Files.writeString(tls.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl(tls, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2",
                "-extfile", "san.ext");
        Slapd slapd = new Slapd(dir, freePort(), freePort());
        Files.writeString(dir.resolve("slapd.conf"), "TLSCACertificateFile " + tls.resolve("ca.pem") + "\nTLSCertificateFile "
                + tls.resolve("server.pem") + "\nTLSCertificateKeyFile " + tls.resolve("server.key") + "\n" + slapd.config(), StandardCharsets.UTF_8);
        slapd.start();
        slapd.add(base() + ldif);
        return slapd;
    }

    /** The test CA's certificate (PEM), with {@link #startWithTls}. */
    public Path caCertificate() {
        return dir.resolve("tls").resolve("ca.pem");
    }

    public int ldapsPort() {
        return ldapsPort;
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + out);
        }
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts (again) on the same port and data: the directory coming back. */
    public synchronized void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        String urls = url() + "/" + (ldapsPort == 0 ? "" : " ldaps://127.0.0.1:" + ldapsPort + "/ ldaps://127.0.0.2:" + ldapsPort + "/");
        ProcessBuilder pb = new ProcessBuilder(SLAPD.toString(), "-f", dir.resolve("slapd.conf").toString(), "-h", urls, "-d", "0")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("slapd.log").toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("slapd exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("slapd did not listen on " + port + " within 15 s:\n" + log());
    }

    /** Kills slapd (SIGKILL): the directory going down without a goodbye. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Adds entries as the root DN, with ldapadd (so that overlays such as memberof see them). */
    public void add(String ldif) throws Exception {
        ldap("/usr/bin/ldapadd", ldif);
    }

    /** Applies an LDIF with changetypes as the root DN. */
    public void modify(String ldif) throws Exception {
        ldap("/usr/bin/ldapmodify", ldif);
    }

    private void ldap(String tool, String ldif) throws Exception {
        Path file = Files.createTempFile(dir, "change", ".ldif");
        Files.writeString(file, ldif, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(tool, "-x", "-H", url(), "-D", ROOT_DN, "-w", ROOT_PASSWORD, "-f", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(tool + " failed:\n" + out);
        }
    }

    /** A userPassword value hashed by slappasswd with the given scheme, e.g. {SSHA} or {CRYPT}. */
    public static String hash(String scheme, String password) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/sbin/slappasswd", "-h", scheme, "-s", password));
        if (scheme.equals("{ARGON2}") || scheme.equals("{SSHA512}")) {
            command.addAll(List.of("-o", "module-path=" + MODULES, "-o", "module-load=" + (scheme.equals("{ARGON2}") ? "argon2" : "pw-sha2")));
        }
        if (scheme.equals("{CRYPT}")) {
            command.addAll(List.of("-c", "$6$%.16s")); // SHA-512 crypt
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("slappasswd failed: " + out);
        }
        return out;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("slapd.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // leave it for the temp folder's owner
        }
    }

    private String config() {
        StringBuilder c = new StringBuilder();
        c.append("include /etc/ldap/schema/core.schema\n");
        c.append("include /etc/ldap/schema/cosine.schema\n");
        c.append("include /etc/ldap/schema/inetorgperson.schema\n");
        c.append("include /etc/ldap/schema/nis.schema\n");
        c.append("pidfile ").append(dir.resolve("slapd.pid")).append('\n');
        c.append("argsfile ").append(dir.resolve("slapd.args")).append('\n');
        c.append("modulepath ").append(MODULES).append('\n');
        c.append("moduleload back_mdb\n");
        c.append("moduleload memberof\n");
        // password schemes beyond the built-in ones: {ARGON2} and {SSHA512} (both in Debian's slapd)
        c.append("moduleload argon2\n");
        c.append("moduleload pw-sha2\n");
        boolean sssvlv = Files.exists(MODULES.resolve("sssvlv.la")) || Files.exists(MODULES.resolve("sssvlv.so"));
        if (sssvlv) {
            c.append("moduleload sssvlv\n");
        }
        c.append("sizelimit size.soft=").append(SIZE_LIMIT).append(" size.hard=").append(SIZE_LIMIT).append(" size.prtotal=unlimited\n");
        c.append("password-hash {SSHA}\n");
        c.append("database mdb\n");
        c.append("maxsize 67108864\n");
        c.append("suffix \"").append(SUFFIX).append("\"\n");
        c.append("rootdn \"").append(ROOT_DN).append("\"\n");
        c.append("rootpw ").append(ROOT_PASSWORD).append('\n');
        c.append("directory ").append(dir.resolve("data")).append('\n');
        c.append("index objectClass,uid,cn,mail,member,memberOf,entryUUID eq\n");
        c.append("overlay memberof\n");
        c.append("memberof-group-oc groupOfNames\n");
        c.append("memberof-member-ad member\n");
        c.append("memberof-memberof-ad memberOf\n");
        c.append("memberof-refint TRUE\n");
        if (sssvlv) {
            c.append("overlay sssvlv\n");
        }
        // the service account reads and writes; users may bind (auth) and nothing else
        c.append("access to attrs=userPassword by dn.exact=\"").append(SERVICE_DN).append("\" write by anonymous auth by * none\n");
        c.append("access to * by dn.exact=\"").append(SERVICE_DN).append("\" write by * none\n");
        return c.toString();
    }

    private static String base() throws Exception {
        return "dn: " + SUFFIX + "\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n\n"
                + "dn: ou=people," + SUFFIX + "\nobjectClass: organizationalUnit\nou: people\n\n"
                + "dn: ou=groups," + SUFFIX + "\nobjectClass: organizationalUnit\nou: groups\n\n"
                + "dn: ou=services," + SUFFIX + "\nobjectClass: organizationalUnit\nou: services\n\n"
                + "dn: " + SERVICE_DN + "\nobjectClass: organizationalRole\nobjectClass: simpleSecurityObject\ncn: gatehouse\n"
                + "userPassword: " + hash("{SSHA}", SERVICE_PASSWORD) + "\n\n";
    }

    /** Whether the sssvlv module (server-side sorting) is installed. */
    public static boolean sorts() {
        return Files.exists(MODULES.resolve("sssvlv.la")) || Files.exists(MODULES.resolve("sssvlv.so"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
