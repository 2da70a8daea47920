package org.gatehouse.authenticator.onetimecode;

import java.time.Duration;
import java.util.Objects;

/**
 * The checked limits of a one-time-code step; out-of-range values throw {@link
 * IllegalArgumentException} naming the setting, so a bad configuration fails the component's
 * activation with a clear message.
 *
 * @param codeLength digits per code, 6-10
 * @param codeLifetime how long a code is valid, 60 s to 1 h
 * @param maxAttempts entries (wrong or right) after which a code is dead, 1-10
 * @param resendInterval shortest time between two codes sent in one login, 0-600 s
 * @param maxSends codes one login may send, the first included, 1-10
 */
public record OneTimeCodeSettings(int codeLength, Duration codeLifetime, int maxAttempts, Duration resendInterval, int maxSends) {

    /** 6 digits, valid for 5 minutes, 5 attempts, 30 s between sends, 3 sends per login. */
    public static final OneTimeCodeSettings DEFAULTS = new OneTimeCodeSettings(6, Duration.ofMinutes(5), 5, Duration.ofSeconds(30), 3);

    public OneTimeCodeSettings {
        Objects.requireNonNull(codeLifetime, "codeLifetime");
        Objects.requireNonNull(resendInterval, "resendInterval");
        between("codeLength", codeLength, 6, 10);
        between("codeLifetime", codeLifetime.toSeconds(), 60, 3600);
        between("maxAttempts", maxAttempts, 1, 10);
        between("resendInterval", resendInterval.toSeconds(), 0, 600);
        between("maxSends", maxSends, 1, 10);
    }

    /** The settings from configuration values in seconds, as metatype attributes hold them. */
    public static OneTimeCodeSettings of(int codeLength, int codeLifetimeSeconds, int maxAttempts, int resendIntervalSeconds, int maxSends) {
        return new OneTimeCodeSettings(codeLength, Duration.ofSeconds(codeLifetimeSeconds), maxAttempts,
                Duration.ofSeconds(resendIntervalSeconds), maxSends);
    }

    /** @return the lifetime in whole minutes, rounded up, as the message to the user states it */
    public long lifetimeMinutes() {
        return (codeLifetime.toSeconds() + 59) / 60;
    }

    private static void between(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + "-" + max + ": " + value);
        }
    }
}
