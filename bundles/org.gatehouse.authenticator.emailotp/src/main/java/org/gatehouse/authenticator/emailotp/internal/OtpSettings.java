package org.gatehouse.authenticator.emailotp.internal;

import java.time.Duration;

/** The checked form of an {@link EmailOtpConfiguration}; out-of-range values fail the activation. */
record OtpSettings(int codeLength, Duration codeLifetime, int maxAttempts, Duration resendInterval, int maxSends,
        boolean requireVerifiedEmail) {

    static final OtpSettings DEFAULTS = new OtpSettings(6, Duration.ofMinutes(5), 5, Duration.ofSeconds(30), 3, true);

    OtpSettings {
        between("codeLength", codeLength, 6, 10);
        between("codeLifetime", codeLifetime.toSeconds(), 60, 3600);
        between("maxAttempts", maxAttempts, 1, 10);
        between("resendInterval", resendInterval.toSeconds(), 0, 600);
        between("maxSends", maxSends, 1, 10);
    }

    static OtpSettings from(EmailOtpConfiguration config) {
        return new OtpSettings(config.codeLength(), Duration.ofSeconds(config.codeLifetime()), config.maxAttempts(),
                Duration.ofSeconds(config.resendInterval()), config.maxSends(), config.requireVerifiedEmail());
    }

    /** @return the lifetime in whole minutes, rounded up, as the message to the user states it */
    long lifetimeMinutes() {
        return (codeLifetime.toSeconds() + 59) / 60;
    }

    private static void between(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + "-" + max + ": " + value);
        }
    }
}
