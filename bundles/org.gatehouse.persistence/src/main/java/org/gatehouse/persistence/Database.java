package org.gatehouse.persistence;

import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.osgi.annotation.versioning.ProviderType;

/** The Gatehouse database. Registered as a service once it is reachable and its base schema is current. */
@ProviderType
public interface Database {

    /** @return the pooled data source; connections are auto-commit by default, close them promptly */
    DataSource dataSource();

    /** @return the database product, for the few statements that differ */
    Dialect dialect();

    /**
     * Applies, in version order, the migrations of a module that the database has not seen yet. Safe
     * to call concurrently from several nodes: one applies, the others wait and then find nothing
     * left to do. A migration that fails is rolled back (where the database allows) and the call
     * throws; nothing after it is applied.
     *
     * @param module the owning module, e.g. {@code userstore.jdbc}; versions are counted per module
     * @param migrations the module's complete list of migrations
     * @throws MigrationException when a migration fails, or the database holds a newer version than
     *     this module knows (a downgrade)
     */
    void migrate(String module, List<Migration> migrations);

    /** @return whether the database answers a trivial query within the timeout */
    boolean isReachable(Duration timeout);
}
