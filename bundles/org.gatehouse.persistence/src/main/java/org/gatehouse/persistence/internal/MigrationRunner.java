package org.gatehouse.persistence.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.gatehouse.persistence.Dialect;
import org.gatehouse.persistence.Migration;
import org.gatehouse.persistence.MigrationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies versioned migrations per module, recording each in {@code gh_schema_history}.
 *
 * <p>Runners that start together serialize on a database lock held for the whole run, so exactly
 * one applies each migration and the others then find it recorded: a session-level advisory lock on
 * PostgreSQL, a row lock taken on a second connection on H2 (whose DDL commits at once, so a
 * transaction of the migrating connection could not hold it).
 */
final class MigrationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);
    /** An arbitrary constant that names Gatehouse's migration lock among advisory locks. */
    private static final long ADVISORY_LOCK_KEY = 0x6761746568L; // "gateh"
    private static final long LOCK_WAIT_MILLIS = 120_000;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ReentrantLock localLock = new ReentrantLock();

    MigrationRunner(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    void migrate(String module, List<Migration> migrations) {
        if (module == null || !module.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("A migration module is 1-64 lower-case letters, digits, '.', '_' or '-': " + module);
        }
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new MigrationException("Migrations of " + module + " must be numbered 1, 2, 3, ... without gaps");
            }
        }
        localLock.lock();
        try (Connection c = dataSource.getConnection(); AutoCloseable lock = lock(c)) {
            ensureHistoryTable(c);
            applyMissing(c, module, migrations);
        } catch (MigrationException e) {
            throw e;
        } catch (Exception e) {
            throw new MigrationException("Cannot migrate " + module + ": " + e.getMessage(), e);
        } finally {
            localLock.unlock();
        }
    }

    private void applyMissing(Connection c, String module, List<Migration> migrations) throws SQLException {
        Map<Integer, String> applied = appliedChecksums(c, module);
        int newest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (newest > migrations.size()) {
            throw new MigrationException("The database holds version " + newest + " of " + module
                    + " but this release knows only up to " + migrations.size() + "; downgrades are not supported");
        }
        for (Migration m : migrations) {
            String checksum = checksum(m);
            String recorded = applied.get(m.version());
            if (recorded != null) {
                if (!recorded.equals(checksum)) {
                    throw new MigrationException("Migration " + module + " V" + m.version()
                            + " differs from the one applied to this database; released migrations must never change");
                }
                continue;
            }
            apply(c, module, m, checksum);
        }
    }

    private void apply(Connection c, String module, Migration m, String checksum) throws SQLException {
        long started = System.nanoTime();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : m.statements()) {
                s.execute(sql);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO gh_schema_history (module, version, description, checksum, applied_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, module);
                ps.setInt(2, m.version());
                ps.setString(3, truncate(m.description(), 200));
                ps.setString(4, checksum);
                ps.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw new MigrationException("Migration " + module + " V" + m.version() + " (" + m.description() + ") failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
        }
        LOG.info("Applied migration {} V{}: {} ({} ms)", module, m.version(), m.description(), (System.nanoTime() - started) / 1_000_000);
    }

    private Map<Integer, String> appliedChecksums(Connection c, String module) throws SQLException {
        Map<Integer, String> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT version, checksum FROM gh_schema_history WHERE module = ?")) {
            ps.setString(1, module);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getInt(1), rs.getString(2));
                }
            }
        }
        return result;
    }

    private void ensureHistoryTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS gh_schema_history ("
                    + " module VARCHAR(64) NOT NULL,"
                    + " version INTEGER NOT NULL,"
                    + " description VARCHAR(200) NOT NULL,"
                    + " checksum VARCHAR(64) NOT NULL,"
                    + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " PRIMARY KEY (module, version))");
        }
    }

    private AutoCloseable lock(Connection c) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, ADVISORY_LOCK_KEY);
                ps.execute();
            }
            return () -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    ps.setLong(1, ADVISORY_LOCK_KEY);
                    ps.execute();
                }
            };
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS gh_migration_lock (id INTEGER PRIMARY KEY)");
            s.execute("MERGE INTO gh_migration_lock KEY (id) VALUES (1)");
        }
        Connection holder = dataSource.getConnection();
        try {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SET LOCK_TIMEOUT " + LOCK_WAIT_MILLIS);
                s.execute("SELECT id FROM gh_migration_lock WHERE id = 1 FOR UPDATE");
            }
        } catch (SQLException e) {
            holder.close();
            throw e;
        }
        return () -> {
            try (holder) {
                holder.rollback();
                holder.setAutoCommit(true);
            }
        };
    }

    static String checksum(Migration m) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", m.statements()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
