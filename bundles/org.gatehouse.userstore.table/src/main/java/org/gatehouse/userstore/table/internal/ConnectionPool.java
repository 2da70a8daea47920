package org.gatehouse.userstore.table.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Properties;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * The store's own small pool on the application's database, through the driver's
 * {@link DataSourceFactory} (as the Gatehouse database opens its own inside OSGi). It starts without
 * a connection, so a database that is down at start-up degrades this store only, and recovers on its
 * own once the database is back.
 */
final class ConnectionPool {

    private ConnectionPool() {}

    static HikariDataSource open(TableSettings s, DataSourceFactory driver) throws SQLException {
        Properties p = new Properties();
        p.setProperty(DataSourceFactory.JDBC_URL, s.url());
        if (!s.user().isEmpty()) {
            p.setProperty(DataSourceFactory.JDBC_USER, s.user());
        }
        if (!s.password().isEmpty()) {
            p.setProperty(DataSourceFactory.JDBC_PASSWORD, s.password());
        }
        if (s.url().startsWith("jdbc:postgresql:")) {
            // fail fast on an unreachable host, and never hang a login on a stuck server
            int seconds = Math.max(1, (s.connectionTimeoutMillis() + 999) / 1000);
            p.setProperty("connectTimeout", Integer.toString(seconds));
            p.setProperty("socketTimeout", "30");
            p.setProperty("ApplicationName", "gatehouse-userstore-" + s.domain().toLowerCase(java.util.Locale.ROOT));
            if (!s.writable()) {
                // the driver's default makes only explicit transactions read-only; this covers auto-commit too
                p.setProperty("readOnlyMode", "always");
            }
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("userstore-table-" + s.domain());
        hc.setDataSource(driver.createDataSource(p));
        hc.setMaximumPoolSize(s.poolMaxSize());
        hc.setMinimumIdle(0);
        hc.setConnectionTimeout(s.connectionTimeoutMillis());
        hc.setValidationTimeout(Math.max(250, Math.min(1000, s.connectionTimeoutMillis() - 1)));
        hc.setInitializationFailTimeout(-1);
        hc.setAutoCommit(true);
        // a read-only store cannot write even by mistake: PostgreSQL refuses it (H2 takes it as a hint)
        hc.setReadOnly(!s.writable());
        return new HikariDataSource(hc);
    }
}
