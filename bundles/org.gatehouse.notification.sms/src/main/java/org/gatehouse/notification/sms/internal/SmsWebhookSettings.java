package org.gatehouse.notification.sms.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checked form of a {@link SmsWebhookConfiguration}. The message body carries one-time codes,
 * so it goes out over TLS only, except to the loopback interface (a gateway adapter beside the
 * server, and tests).
 */
record SmsWebhookSettings(
        String id,
        String displayName,
        URI url,
        Optional<String> bearerToken,
        Optional<String> signingSecret,
        Duration connectTimeout,
        Duration requestTimeout) {

    /** HMAC-SHA256 keys shorter than the hash add nothing but guessability. */
    static final int MIN_SECRET_LENGTH = 32;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "localhost");

    static SmsWebhookSettings from(SmsWebhookConfiguration config) {
        String id = optional(config.id()).orElseThrow(() -> new IllegalArgumentException("The setting id is required"));
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("The channel id must be 1-64 lower-case letters, digits or '-': " + id);
        }
        Optional<String> token = optional(config._bearerToken());
        if (token.isPresent() && !isVisibleAscii(token.get())) {
            throw new IllegalArgumentException("The bearer token must be printable ASCII without spaces");
        }
        Optional<String> secret = optional(config._signingSecret());
        if (secret.isPresent() && secret.get().length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("The signing secret must have at least " + MIN_SECRET_LENGTH + " characters");
        }
        return new SmsWebhookSettings(
                id,
                optional(config.displayName()).orElse(id),
                webhook(optional(config.url()).orElseThrow(() -> new IllegalArgumentException("The setting url is required"))),
                token,
                secret,
                seconds(config.connectTimeout(), 60, "connectTimeout"),
                seconds(config.requestTimeout(), 120, "requestTimeout"));
    }

    @Override
    public String toString() {
        // the token and the secret stay out of every log line
        return "SmsWebhookSettings[id=" + id + ", url=" + url + ", bearerToken=" + bearerToken.isPresent() + ", signed="
                + signingSecret.isPresent() + "]";
    }

    private static URI webhook(String value) {
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Not a URL: " + value, e);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("The webhook URL needs a host, and no user info or fragment: put credentials in the bearer token");
        }
        boolean loopback = LOOPBACK_HOSTS.contains(url.getHost().toLowerCase(Locale.ROOT));
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            throw new IllegalArgumentException("The webhook URL must use https (http only for the loopback interface): " + value);
        }
        return url;
    }

    private static boolean isVisibleAscii(String value) {
        return value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static Duration seconds(int value, int max, String name) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(name + " must be 1-" + max + " seconds: " + value);
        }
        return Duration.ofSeconds(value);
    }

    private static Optional<String> optional(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }
}
