package org.gatehouse.api.userstore;

/** The store cannot be reached right now (its database or directory is down); retry later. */
public class StoreUnavailableException extends UserStoreException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
