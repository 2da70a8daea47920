package org.gatehouse.userstore.table.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.UserStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work on a connection of the store's pool, in a transaction for writes, and turns SQL
 * failures into the API's store exceptions. SQL text and driver messages go to the log only.
 */
final class Sql {

    private static final Logger LOG = LoggerFactory.getLogger(Sql.class);
    private static final String UNIQUE_VIOLATION = "23505";

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final String domain;
    private final Optional<String> emailColumn;

    /** @param emailColumn the email column's name, to tell which unique constraint a duplicate broke */
    Sql(DataSource dataSource, String domain, Optional<String> emailColumn) {
        this.dataSource = dataSource;
        this.domain = domain;
        this.emailColumn = emailColumn.map(c -> c.toLowerCase(Locale.ROOT));
    }

    <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            try {
                return work.run(c);
            } catch (SQLException e) {
                evictIfBroken(c);
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    <T> T write(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                if (e instanceof SQLException) {
                    evictIfBroken(c);
                }
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * The pool retires connections on the SQLSTATEs it knows (class 08); H2's "connection is broken"
     * is not one of them, and a broken connection handed out again and again would keep the store
     * down after the database is back. So a connection that fails and is no longer valid goes.
     */
    private void evictIfBroken(Connection c) {
        if (!(dataSource instanceof HikariDataSource pool)) {
            return;
        }
        boolean valid;
        try {
            valid = c.isValid(1);
        } catch (SQLException e) {
            valid = false;
        }
        if (!valid) {
            pool.evictConnection(c);
        }
    }

    private UserStoreException translate(SQLException e) {
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
            // the application's own unique constraints: both databases name the columns of the broken key
            // ("Key (email)=(...)" on PostgreSQL, "APP_USERS(EMAIL ...)" on H2)
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (emailColumn.isPresent() && message.contains("(" + emailColumn.get())) {
                return new UniquenessConflictException("emails.value", "The email address is already taken in the user store " + domain);
            }
            return new UniquenessConflictException("userName", "A value that must be unique in the user store " + domain + " is already taken");
        }
        if (UserTable.isConnectionFailure(e)) {
            return new StoreUnavailableException("The user store " + domain + " cannot reach its database", e);
        }
        LOG.warn("User store {}: the database refused a statement: {} (SQLSTATE {})", domain, e.getMessage(), e.getSQLState());
        return new StoreUnavailableException("The user store " + domain + " failed; see the server log", e);
    }

    /** Binds the values in order from index 1; returns the next index. */
    static int bind(PreparedStatement ps, List<Object> values) throws SQLException {
        int i = 1;
        for (Object v : values) {
            ps.setObject(i++, v);
        }
        return i;
    }
}
