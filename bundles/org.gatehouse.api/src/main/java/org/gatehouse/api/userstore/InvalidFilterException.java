package org.gatehouse.api.userstore;

/** A filter is not valid SCIM syntax, or names an attribute the store cannot search. */
public class InvalidFilterException extends UserStoreException {
    private static final long serialVersionUID = 1L;

    public InvalidFilterException(String message) {
        super(message);
    }
}
