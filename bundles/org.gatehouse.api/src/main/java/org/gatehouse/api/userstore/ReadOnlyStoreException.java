package org.gatehouse.api.userstore;

/** A change was asked of a store that does not allow changes. */
public class ReadOnlyStoreException extends UserStoreException {
    private static final long serialVersionUID = 1L;

    public ReadOnlyStoreException(String domain) {
        super("The user store '" + domain + "' is read-only");
    }
}
