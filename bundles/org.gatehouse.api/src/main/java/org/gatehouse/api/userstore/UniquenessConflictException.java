package org.gatehouse.api.userstore;

/** A value that must be unique (a username, a group name) is already taken. */
public class UniquenessConflictException extends UserStoreException {
    private static final long serialVersionUID = 1L;
    private final String attribute;

    public UniquenessConflictException(String attribute, String message) {
        super(message);
        this.attribute = attribute;
    }

    /** @return the attribute whose value is taken, e.g. {@code userName} */
    public String attribute() {
        return attribute;
    }
}
