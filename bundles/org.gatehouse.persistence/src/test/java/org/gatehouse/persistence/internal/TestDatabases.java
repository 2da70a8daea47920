package org.gatehouse.persistence.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Dialect;
import org.gatehouse.persistence.Migration;

/**
 * Real databases for tests outside OSGi: a private in-memory H2 in the same PostgreSQL mode as the
 * product, and a private schema in the PostgreSQL named by {@code GATEHOUSE_TEST_PG_URL} (which
 * {@code .ci/run} starts). On CI a missing PostgreSQL is an error, not a silent skip.
 */
public final class TestDatabases {

    private TestDatabases() {}

    /** @return the databases to run a test against: H2 always, PostgreSQL when configured */
    public static Stream<TestDatabase> all() {
        List<TestDatabase> dbs = new ArrayList<>();
        dbs.add(h2());
        String pg = System.getenv("GATEHOUSE_TEST_PG_URL");
        if (pg != null && !pg.isBlank()) {
            dbs.add(postgres(pg));
        } else if (System.getenv("CI") != null) {
            throw new IllegalStateException("CI runs every database test on PostgreSQL too, but GATEHOUSE_TEST_PG_URL is not set");
        }
        return dbs.stream();
    }

    public static TestDatabase h2() {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + ConnectionSettings.H2_OPTIONS;
        return new TestDatabase(pool(url), Dialect.H2, null);
    }

    /** @param baseUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres} */
    public static TestDatabase postgres(String baseUrl) {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (HikariDataSource admin = pool(baseUrl); Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test schema in " + ConnectionSettings.redact(baseUrl), e);
        }
        // with the driver settings the server adds, so that tests run what production runs
        String url = ConnectionSettings.withDriverSettings(baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        return new TestDatabase(pool(url), Dialect.POSTGRESQL, schema);
    }

    private static HikariDataSource pool(String url) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setMaximumPoolSize(8);
        hc.setMinimumIdle(0);
        return new HikariDataSource(hc);
    }

    /** A migrated test database; close it to drop what it created. */
    public static final class TestDatabase implements Database, AutoCloseable {
        private final HikariDataSource pool;
        private final Dialect dialect;
        private final String schema;
        private final MigrationRunner runner;

        TestDatabase(HikariDataSource pool, Dialect dialect, String schema) {
            this.pool = pool;
            this.dialect = dialect;
            this.schema = schema;
            this.runner = new MigrationRunner(pool, dialect);
            runner.migrate("gatehouse", Migration.load(DatabaseService.class.getClassLoader(), "db/gatehouse"));
        }

        @Override
        public DataSource dataSource() {
            return pool;
        }

        @Override
        public Dialect dialect() {
            return dialect;
        }

        @Override
        public void migrate(String module, List<Migration> migrations) {
            runner.migrate(module, migrations);
        }

        @Override
        public boolean isReachable(Duration timeout) {
            return !pool.isClosed();
        }

        @Override
        public void close() {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute(dialect == Dialect.H2 ? "SHUTDOWN" : "DROP SCHEMA " + schema + " CASCADE");
            } catch (SQLException e) {
                // best effort: the test already has its verdict
            }
            pool.close();
        }

        @Override
        public String toString() {
            return dialect.name();
        }
    }
}
