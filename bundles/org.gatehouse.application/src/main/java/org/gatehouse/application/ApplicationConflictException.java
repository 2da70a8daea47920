package org.gatehouse.application;

/**
 * A change that conflicts with the stored state: a stale version, or a client id already taken.
 * Nothing was changed.
 */
public class ApplicationConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ApplicationConflictException(String message) {
        super(message);
    }
}
