package org.gatehouse.api.userstore;

/** The user or group named by an operation does not exist (in this organization and store). */
public class EntityNotFoundException extends UserStoreException {
    private static final long serialVersionUID = 1L;

    public EntityNotFoundException(String message) {
        super(message);
    }
}
