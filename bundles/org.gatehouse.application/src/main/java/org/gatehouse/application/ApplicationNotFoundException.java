package org.gatehouse.application;

/** No application with that client id exists in the organization. */
public class ApplicationNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ApplicationNotFoundException(String clientId) {
        super("No application with client_id " + clientId);
    }
}
