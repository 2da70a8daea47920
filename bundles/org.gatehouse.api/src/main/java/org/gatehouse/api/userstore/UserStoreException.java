package org.gatehouse.api.userstore;

/**
 * Base of the exceptions a user store throws. Messages are for operators and API clients: they
 * never contain credentials, and a store's internals (SQL, stack traces) stay in its log.
 */
public class UserStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserStoreException(String message) {
        super(message);
    }

    public UserStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
