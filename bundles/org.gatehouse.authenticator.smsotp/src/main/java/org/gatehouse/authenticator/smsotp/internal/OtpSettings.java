package org.gatehouse.authenticator.smsotp.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The checked form of an {@link SmsOtpConfiguration}; out-of-range values fail the activation. */
record OtpSettings(int codeLength, Duration codeLifetime, int maxAttempts, Duration resendInterval, int maxSends,
        Optional<String> originBoundDomain) {

    static final OtpSettings DEFAULTS = new OtpSettings(6, Duration.ofMinutes(5), 5, Duration.ofSeconds(30), 3, Optional.empty());

    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    OtpSettings {
        between("codeLength", codeLength, 6, 10);
        between("codeLifetime", codeLifetime.toSeconds(), 60, 3600);
        between("maxAttempts", maxAttempts, 1, 10);
        between("resendInterval", resendInterval.toSeconds(), 0, 600);
        between("maxSends", maxSends, 1, 10);
        if (originBoundDomain.isPresent() && !DOMAIN.matcher(originBoundDomain.get()).matches()) {
            throw new IllegalArgumentException("Not a lower-case host name: " + originBoundDomain.get());
        }
    }

    static OtpSettings from(SmsOtpConfiguration config) {
        String domain = config.originBoundDomain() == null ? "" : config.originBoundDomain().strip().toLowerCase(Locale.ROOT);
        return new OtpSettings(config.codeLength(), Duration.ofSeconds(config.codeLifetime()), config.maxAttempts(),
                Duration.ofSeconds(config.resendInterval()), config.maxSends(), domain.isEmpty() ? Optional.empty() : Optional.of(domain));
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
