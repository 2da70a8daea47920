package org.gatehouse.application.internal;

/** Imports machine clients recorded elsewhere (the core's bootstrap) as applications, by secret digest. */
interface MachineClients {

    /**
     * Makes sure a machine-to-machine application with this client id exists and authenticates with
     * the secret behind {@code secretDigest}. Idempotent; safe when several nodes call it at once. A
     * digest already imported once is not imported again, so a secret rotated through the API stays.
     *
     * @return what happened, for the log
     */
    Outcome ensureMachineClient(String organizationId, String clientId, String secretDigest, String scope);

    enum Outcome { CREATED, SECRET_UPDATED, UNCHANGED, CONFLICTING_APPLICATION }
}
