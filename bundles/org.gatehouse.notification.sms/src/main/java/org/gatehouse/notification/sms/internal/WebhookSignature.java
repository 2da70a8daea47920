package org.gatehouse.notification.sms.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Gatehouse-Signature} header: {@code sha256=} and the lower-case hex HMAC-SHA256 of
 * the exact request body, keyed with the configured secret's UTF-8 bytes. The receiver recomputes it
 * over the raw bytes it received (before any JSON parsing) and compares in constant time.
 */
final class WebhookSignature {

    static final String HEADER = "X-Gatehouse-Signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    WebhookSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            // every Java platform must provide HmacSHA256
            throw new IllegalStateException(e);
        }
    }
}
