package org.gatehouse.authenticator.totp.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The non-secret data of a {@code totp} credential. Each credential keeps the code parameters it
 * was enrolled with, so changing the configuration never breaks an app that is already set up.
 *
 * @param totp the code parameters of the app
 * @param lastStep the last time step accepted (at enrolment or login); codes of this step or
 *     earlier are replays
 */
record TotpCredentialData(Totp totp, long lastStep) {

    static final String ALGORITHM = "algorithm";
    static final String DIGITS = "digits";
    static final String PERIOD = "period";
    static final String LAST_STEP = "last_step";

    /** No step has been accepted yet; every step is newer. */
    static final long NONE = -1;

    /**
     * Reads the data as stored. Missing parameters take the RFC 6238 defaults, so credentials
     * imported from elsewhere with only a secret still work.
     *
     * @return empty if a value is malformed
     */
    static Optional<TotpCredentialData> read(Map<String, String> data) {
        try {
            HashAlgorithm algorithm = HashAlgorithm.named(data.getOrDefault(ALGORITHM, HashAlgorithm.SHA1.name())).orElse(null);
            if (algorithm == null) {
                return Optional.empty();
            }
            int digits = Integer.parseInt(data.getOrDefault(DIGITS, "6"));
            int period = Integer.parseInt(data.getOrDefault(PERIOD, Integer.toString(Totp.DEFAULT_PERIOD)));
            long lastStep = Long.parseLong(data.getOrDefault(LAST_STEP, Long.toString(NONE)));
            return Optional.of(new TotpCredentialData(new Totp(algorithm, digits, period), lastStep));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** @return the data with another accepted step, keeping any entries this version does not know */
    Map<String, String> withLastStep(Map<String, String> stored, long step) {
        Map<String, String> data = new HashMap<>(stored);
        data.putAll(write(totp, step));
        return data;
    }

    static Map<String, String> write(Totp totp, long lastStep) {
        return Map.of(
                ALGORITHM, totp.algorithm().name(),
                DIGITS, Integer.toString(totp.digits()),
                PERIOD, Integer.toString(totp.periodSeconds()),
                LAST_STEP, Long.toString(lastStep));
    }
}
