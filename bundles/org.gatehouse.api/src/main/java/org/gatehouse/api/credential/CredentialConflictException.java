package org.gatehouse.api.credential;

/**
 * A credential write lost a race or broke a rule: the credential changed since it was read (a sign
 * counter or a used time step moved on: treat as a replay), or its key is taken. Nothing changed.
 */
public class CredentialConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CredentialConflictException(String message) {
        super(message);
    }
}
