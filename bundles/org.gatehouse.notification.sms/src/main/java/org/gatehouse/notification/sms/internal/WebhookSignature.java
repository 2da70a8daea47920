package org.gatehouse.notification.sms.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook requests the way the Standard Webhooks specification does (standardwebhooks.com),
 * so gateway adapters can verify them with its libraries: {@code webhook-id} (unique per message),
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">}. Signing the id and the time, not only the body, lets the receiver refuse a
 * captured request replayed later (old timestamp) or twice (seen id).
 *
 * <p>A secret written {@code whsec_<base64>} (the specification's form) is used as those bytes; any
 * other secret as its UTF-8 bytes.
 */
final class WebhookSignature {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";
    private static final String ALGORITHM = "HmacSHA256";
    private static final String STANDARD_PREFIX = "whsec_";

    private final SecretKeySpec key;

    WebhookSignature(String secret) {
        this.key = new SecretKeySpec(keyBytes(secret), ALGORITHM);
    }

    static byte[] keyBytes(String secret) {
        if (secret.startsWith(STANDARD_PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(STANDARD_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                // not base64 after all: fall back to the characters themselves, as for any other secret
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** @return the three headers for a message with this id, sent at this time */
    Map<String, String> headers(String messageId, Instant now, byte[] body) {
        String timestamp = Long.toString(now.getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, messageId);
        headers.put(TIMESTAMP, timestamp);
        headers.put(SIGNATURE, "v1," + sign(messageId + "." + timestamp + ".", body));
        return headers;
    }

    private String sign(String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            // every Java platform must provide HmacSHA256
            throw new IllegalStateException(e);
        }
    }
}
