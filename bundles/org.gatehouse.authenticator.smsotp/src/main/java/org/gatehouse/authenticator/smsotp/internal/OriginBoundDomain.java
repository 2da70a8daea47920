package org.gatehouse.authenticator.smsotp.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configured host of origin-bound codes ({@code @login.example.com #123456}, as the WebOTP API
 * reads them). It ends up in every SMS, so anything but a plain lower-case host name fails the
 * activation.
 */
final class OriginBoundDomain {

    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private OriginBoundDomain() {}

    /** @return the host name, lower-cased, or empty when none is configured */
    static Optional<String> parse(String configured) {
        String domain = configured == null ? "" : configured.strip().toLowerCase(Locale.ROOT);
        if (domain.isEmpty()) {
            return Optional.empty();
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("originBoundDomain is not a host name: " + domain);
        }
        return Optional.of(domain);
    }
}
