package org.gatehouse.userstore.table.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.h2.tools.Server;

/**
 * An application's database for the tests: H2 in server mode (as an application that shares its H2
 * database runs it) and, when {@code GATEHOUSE_TEST_PG_URL} names one, a private schema in a real
 * PostgreSQL. On CI a missing PostgreSQL is an error, not a silent skip. Both are reached over TCP,
 * so a {@link TcpProxy} can take them down and up again.
 */
final class AppDatabase implements AutoCloseable {

    private static Server h2Server;

    final boolean postgres;
    private final String url;
    private final int port;
    private final String schema;

    private AppDatabase(boolean postgres, String url, int port, String schema) {
        this.postgres = postgres;
        this.url = url;
        this.port = port;
        this.schema = schema;
    }

    static Stream<AppDatabase> all() {
        List<AppDatabase> dbs = new ArrayList<>();
        dbs.add(h2());
        String pg = System.getenv("GATEHOUSE_TEST_PG_URL");
        if (pg != null && !pg.isBlank()) {
            dbs.add(postgres(pg));
        } else if (System.getenv("CI") != null) {
            throw new IllegalStateException("CI runs every database test on PostgreSQL too, but GATEHOUSE_TEST_PG_URL is not set");
        }
        return dbs.stream();
    }

    static synchronized AppDatabase h2() {
        try {
            if (h2Server == null) {
                int free;
                try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                    free = probe.getLocalPort();
                }
                h2Server = Server.createTcpServer("-tcpPort", Integer.toString(free), "-ifNotExists").start();
            }
            String name = "app" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            int port = h2Server.getPort();
            return new AppDatabase(false, "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + name + ";DB_CLOSE_DELAY=-1", port, null);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("Cannot start the H2 server", e);
        }
    }

    /** @param baseUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres} */
    static AppDatabase postgres(String baseUrl) {
        String schema = "app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test schema in the PostgreSQL of GATEHOUSE_TEST_PG_URL", e);
        }
        var m = java.util.regex.Pattern.compile("//[^/:]+:(\\d+)/").matcher(baseUrl);
        if (!m.find()) {
            throw new IllegalStateException("GATEHOUSE_TEST_PG_URL names no port: " + baseUrl);
        }
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new AppDatabase(true, url, Integer.parseInt(m.group(1)), schema);
    }

    /** @return the JDBC URL the store is configured with */
    String url() {
        return url;
    }

    /** @return the same database through another port on the loopback interface (a proxy's) */
    String urlVia(int otherPort) {
        return url.replaceFirst("//127\\.0\\.0\\.1:" + port + "/", "//127.0.0.1:" + otherPort + "/")
                .replaceFirst("//localhost:" + port + "/", "//127.0.0.1:" + otherPort + "/");
    }

    int port() {
        return port;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Runs statements; each is given as H2 then PostgreSQL text when they differ, else once. */
    void execute(String... statements) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(postgres ? "DROP SCHEMA " + schema + " CASCADE" : "DROP ALL OBJECTS");
        } catch (SQLException e) {
            // best effort: the test has its verdict
        }
    }

    @Override
    public String toString() {
        return postgres ? "PostgreSQL" : "H2";
    }
}
