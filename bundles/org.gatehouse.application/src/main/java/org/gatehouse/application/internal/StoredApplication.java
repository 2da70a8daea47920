package org.gatehouse.application.internal;

import org.gatehouse.application.Application;

/**
 * An application with the credentials the server keeps for it.
 *
 * @param application the application
 * @param secretDigest digest of its client secret, or null
 * @param secretSealed its client secret sealed under the master key ({@code client_secret_jwt} only), or null
 * @param registrationTokenDigest digest of its RFC 7592 registration access token, or null
 * @param bootstrapDigest the bootstrap secret digest last imported, or null
 */
record StoredApplication(Application application, String secretDigest, String secretSealed, String registrationTokenDigest,
        String bootstrapDigest) {

    @Override
    public String toString() {
        return "StoredApplication[" + application.clientId() + "]";
    }
}
