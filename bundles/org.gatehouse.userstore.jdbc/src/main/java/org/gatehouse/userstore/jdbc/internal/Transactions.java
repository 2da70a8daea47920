package org.gatehouse.userstore.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.UserStoreException;

/** Runs work in a transaction and turns SQL failures into the API's store exceptions. */
final class Transactions {

    /** SQLSTATE of a unique-constraint violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** SQLSTATE of a foreign-key violation. */
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e, null);
        }
    }

    /**
     * @param uniqueAttribute the attribute to name when a unique constraint fails
     */
    <T> T write(String uniqueAttribute, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e, uniqueAttribute);
        }
    }

    /** Whether the statement failed on a unique constraint (a batch's failure carries the failing statement's state). */
    static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (UNIQUE_VIOLATION.equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static UserStoreException translate(SQLException e, String uniqueAttribute) {
        String state = e.getSQLState();
        if (UNIQUE_VIOLATION.equals(state) && uniqueAttribute != null) {
            return new UniquenessConflictException(uniqueAttribute, "The " + uniqueAttribute + " is already taken");
        }
        if (FOREIGN_KEY_VIOLATION.equals(state)) {
            return new UserStoreException("The entry was removed concurrently");
        }
        if (state != null && state.startsWith("08")) {
            return new StoreUnavailableException("The user database cannot be reached", e);
        }
        return new StoreUnavailableException("The user database failed: " + e.getMessage(), e);
    }
}
