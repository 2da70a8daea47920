package org.gatehouse.persistence.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.gatehouse.persistence.Database;
import org.gatehouse.persistence.Dialect;
import org.gatehouse.persistence.Migration;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pooled database. Registered only after the pool is up and the base schema is current, so
 * everything that references {@link Database} can rely on both.
 *
 * <p>Both JDBC drivers are part of every distribution; the component waits for both so that
 * switching the URL between H2 and PostgreSQL never depends on which driver bundle started first.
 */
@Component(service = Database.class, configurationPid = DatabaseConfiguration.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DatabaseConfiguration.class)
public final class DatabaseService implements Database {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseService.class);

    private final ConnectionSettings settings;
    private final HikariDataSource pool;
    private final MigrationRunner migrations;

    @Activate
    public DatabaseService(
            DatabaseConfiguration config,
            BundleContext context,
            @Reference(target = "(osgi.jdbc.driver.class=org.h2.Driver)") DataSourceFactory h2,
            @Reference(target = "(osgi.jdbc.driver.class=org.postgresql.Driver)") DataSourceFactory postgresql)
            throws SQLException {
        String karafData = context.getProperty("karaf.data");
        this.settings = ConnectionSettings.resolve(config, System.getenv(), Path.of(karafData == null ? "data" : karafData));
        DataSourceFactory driver = settings.dialect() == Dialect.H2 ? h2 : postgresql;
        this.pool = new HikariDataSource(poolConfig(config, driver.createDataSource(driverProperties(settings))));
        try {
            this.migrations = new MigrationRunner(pool, settings.dialect());
            migrations.migrate("gatehouse", Migration.load(DatabaseService.class.getClassLoader(), "db/gatehouse"));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        LOG.info("Database ready: {} ({})", settings.redactedUrl(), settings.dialect());
    }

    private static Properties driverProperties(ConnectionSettings settings) {
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, settings.url());
        if (!settings.user().isEmpty()) {
            p.setProperty(DataSourceFactory.JDBC_USER, settings.user());
        }
        if (!settings.password().isEmpty()) {
            p.setProperty(DataSourceFactory.JDBC_PASSWORD, settings.password());
        }
        return p;
    }

    private HikariConfig poolConfig(DatabaseConfiguration config, DataSource driverDataSource) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("gatehouse");
        hc.setDataSource(driverDataSource);
        hc.setMaximumPoolSize(config.pool_maxSize());
        hc.setMinimumIdle(Math.min(config.pool_minIdle(), config.pool_maxSize()));
        hc.setConnectionTimeout(config.pool_connectionTimeoutMillis());
        // wait for a database that is still starting (a container, a failover) instead of failing at once
        hc.setInitializationFailTimeout(Math.max(1, config.startupWaitMillis()));
        hc.setAutoCommit(true);
        return hc;
    }

    @Deactivate
    void close() {
        pool.close();
        LOG.info("Database pool closed");
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public Dialect dialect() {
        return settings.dialect();
    }

    @Override
    public void migrate(String module, List<Migration> list) {
        migrations.migrate(module, list);
    }

    @Override
    public boolean isReachable(Duration timeout) {
        try (Connection c = pool.getConnection()) {
            return c.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }
}
