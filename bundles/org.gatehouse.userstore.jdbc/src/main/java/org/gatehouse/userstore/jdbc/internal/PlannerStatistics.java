package org.gatehouse.userstore.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics in step with bulk writes. PostgreSQL plans a prepared statement from the statistics
 * of the moment and keeps a generic plan for the connection; autovacuum refreshes the statistics at most about once a
 * minute. An import grows the tables from nothing to 100,000 users in half a minute, and its own lookups (which names are
 * taken, which users exist) ran on plans made for a few hundred rows: a hash join over a full scan of the table, 30-80 ms
 * per chunk of 500 instead of 1 ms, half of the import's time. So once the rows written since a table's statistics were
 * taken reach half the rows it had then (and at least {@value #MIN_GROWTH}), it is analysed, which also replaces the plans
 * cached for it. H2 estimates from a table's current row count and needs none of this.
 */
final class PlannerStatistics {

    private static final Logger LOG = LoggerFactory.getLogger(PlannerStatistics.class);

    /** Growth below this is left to autovacuum: planning for a few thousand rows more or less changes nothing. */
    static final long MIN_GROWTH = 1_000;

    /** The tables whose growth is counted: a name here is pasted into SQL, so only these are accepted. */
    static final Set<String> TABLES = Set.of("gh_user", "gh_user_attribute", "gh_user_credential", "gh_group", "gh_group_member");

    private final DataSource dataSource;
    private final Map<String, Growth> growth = new ConcurrentHashMap<>();
    private final boolean enabled;

    /**
     * @param enabled whether the database is one that needs it (PostgreSQL)
     */
    PlannerStatistics(DataSource dataSource, boolean enabled) {
        this.dataSource = dataSource;
        this.enabled = enabled;
    }

    /** Counts rows a committed write added to a table, and analyses the table when they are enough to matter. */
    void grew(String table, long rows) {
        if (!enabled || rows <= 0) {
            return;
        }
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("not a user store table: " + table);
        }
        Growth g = growth.computeIfAbsent(table, t -> new Growth());
        synchronized (g) {
            if (g.rowsAtLastAnalysis < 0) {
                g.rowsAtLastAnalysis = estimatedRows(table);
            }
            g.addedSince += rows;
            if (g.addedSince < Math.max(MIN_GROWTH, g.rowsAtLastAnalysis / 2)) {
                return;
            }
            long started = System.nanoTime();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("ANALYZE " + table);
            } catch (SQLException e) {
                // (a user that does not own the table gets a warning from PostgreSQL, not an error: autovacuum stays in charge)
                LOG.debug("Analysing {} failed, tried again after the next write: {}", table, e.getMessage());
                return;
            }
            g.rowsAtLastAnalysis += g.addedSince;
            g.addedSince = 0;
            LOG.debug("Analysed {} at about {} rows in {} ms", table, g.rowsAtLastAnalysis, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** PostgreSQL's own count from its last analysis, 0 for a table never analysed. */
    private long estimatedRows(String table) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = CAST(? AS regclass)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Math.max(0, (long) rs.getDouble(1)) : 0;
            }
        } catch (SQLException e) {
            return 0;
        }
    }

    /** A table's rows at its last analysis (-1 before it was looked up) and the rows written since. */
    private static final class Growth {
        long rowsAtLastAnalysis = -1;
        long addedSince;
    }
}
