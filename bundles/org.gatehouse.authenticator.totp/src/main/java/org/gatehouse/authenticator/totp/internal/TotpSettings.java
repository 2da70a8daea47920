package org.gatehouse.authenticator.totp.internal;

import java.util.Objects;

/**
 * The validated configuration. A setting out of range stops activation with a clear message
 * rather than silently weakening verification (a wide drift window) or producing codes no app
 * accepts.
 *
 * @param enrolment the code parameters for new enrolments
 * @param issuer the issuer label of {@code otpauth://} URIs
 * @param driftSteps steps accepted on either side of the current one
 */
record TotpSettings(Totp enrolment, String issuer, int driftSteps) {

    static final int MAX_DRIFT_STEPS = 5;
    static final int MAX_ISSUER_LENGTH = 64;

    TotpSettings {
        Objects.requireNonNull(enrolment, "enrolment");
        Objects.requireNonNull(issuer, "issuer");
        if (issuer.isBlank() || issuer.length() > MAX_ISSUER_LENGTH || issuer.indexOf(':') >= 0) {
            // the key URI format uses ':' to separate the issuer from the account name in the label
            throw new IllegalArgumentException("The TOTP issuer must be 1-" + MAX_ISSUER_LENGTH + " characters without ':' : " + issuer);
        }
        if (driftSteps < 0 || driftSteps > MAX_DRIFT_STEPS) {
            throw new IllegalArgumentException("The TOTP drift must be 0-" + MAX_DRIFT_STEPS + " steps, not " + driftSteps);
        }
    }

    static TotpSettings from(TotpConfiguration config) {
        return new TotpSettings(new Totp(config.algorithm(), config.digits(), Totp.DEFAULT_PERIOD), config.issuer().strip(), config.driftSteps());
    }
}
