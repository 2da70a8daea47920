package org.gatehouse.authenticator.passkey.internal;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.gatehouse.api.authn.StepContext;

/**
 * The configuration, checked once at activation: a bad relying party id or origin fails the
 * component (and shows in the log) instead of failing every login.
 */
record PasskeySettings(
        Optional<String> rpId, String rpName, Set<String> allowedOrigins, Optional<String> userVerification, boolean directAttestation,
        Duration timeout) {

    /** A DNS name or an IP literal, lower case, no port; WebAuthn compares it to the page's effective domain. */
    private static final Pattern RP_ID = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?|\\[[0-9a-f:.]+\\]");
    private static final Set<String> UV_VALUES = Set.of("required", "preferred", "discouraged");

    static PasskeySettings of(PasskeyConfiguration config) {
        Optional<String> rpId = blankToEmpty(config.rpId()).map(s -> s.toLowerCase(Locale.ROOT));
        rpId.ifPresent(id -> {
            if (!RP_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("rpId must be a host name without scheme or port: " + id);
            }
        });
        Set<String> origins = new LinkedHashSet<>();
        if (config.allowedOrigins() != null) {
            for (String o : config.allowedOrigins()) {
                blankToEmpty(o).ifPresent(s -> origins.add(origin(s)
                        .orElseThrow(() -> new IllegalArgumentException("allowedOrigins: not an origin (scheme://host[:port]): " + s))));
            }
        }
        String uv = config.userVerification() == null ? "" : config.userVerification().strip().toLowerCase(Locale.ROOT);
        Optional<String> userVerification;
        if (uv.isEmpty() || uv.equals(PasskeyAuthenticator.UV_AUTOMATIC)) {
            userVerification = Optional.empty();
        } else if (UV_VALUES.contains(uv)) {
            userVerification = Optional.of(uv);
        } else {
            throw new IllegalArgumentException("userVerification must be one of automatic, required, preferred, discouraged: " + uv);
        }
        String attestation = config.attestation() == null ? "none" : config.attestation().strip().toLowerCase(Locale.ROOT);
        if (!attestation.equals("none") && !attestation.equals("direct")) {
            throw new IllegalArgumentException("attestation must be none or direct: " + attestation);
        }
        int seconds = config.timeoutSeconds();
        if (seconds < 30 || seconds > 900) {
            throw new IllegalArgumentException("timeoutSeconds must be between 30 and 900: " + seconds);
        }
        String rpName = blankToEmpty(config.rpName()).orElse("Gatehouse");
        return new PasskeySettings(rpId, rpName, Set.copyOf(origins), userVerification, attestation.equals("direct"), Duration.ofSeconds(seconds));
    }

    /**
     * The relying party id for a ceremony starting now: the configured one, else the host of the
     * page (the request's origin), else the host of the server's public URL (a first page load by
     * GET carries no {@code Origin} header). It is kept in the step state, so the answer is checked
     * against the id the options named.
     */
    String rpIdFor(StepContext context, URI baseUrl) {
        return rpId.or(() -> context.request().origin().flatMap(PasskeySettings::origin).map(o -> URI.create(o).getHost()))
                .orElseGet(() -> baseUrl.getHost().toLowerCase(Locale.ROOT));
    }

    /**
     * The origins a response may come from: the configured ones, else the origin the request came
     * from (the runtime has already checked it against the server's own origins, against login
     * CSRF) and the origin of the server's public URL.
     */
    Set<String> originsFor(StepContext context, URI baseUrl) {
        if (!allowedOrigins.isEmpty()) {
            return allowedOrigins;
        }
        Set<String> origins = new LinkedHashSet<>();
        context.request().origin().flatMap(PasskeySettings::origin).ifPresent(origins::add);
        origin(baseUrl.toString()).ifPresent(origins::add);
        return origins;
    }

    /** @param passwordless whether the step must identify the user (no earlier step did) */
    String userVerificationFor(boolean passwordless) {
        return userVerification.orElse(passwordless ? "required" : "preferred");
    }

    /** @return {@code scheme://host[:port]} in the serialisation browsers use, if the value is a URL with a host */
    static Optional<String> origin(String value) {
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            return Optional.of(scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> blankToEmpty(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
