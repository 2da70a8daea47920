package org.gatehouse.notification.sms.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.DeliveryResult.Status;

/**
 * What an HTTP answer of the webhook means. 2xx: the gateway took the message, and its id, if the
 * answer is a JSON object with {@code messageId} or {@code id}, is the provider's id. 429 and 5xx
 * are worth retrying later; any other status (including a redirect, which is never followed, so a
 * bearer token cannot be sent elsewhere) will fail again as it is.
 */
final class WebhookResponses {

    /** Provider ids are identifiers, not documents. */
    static final int MAX_PROVIDER_ID_LENGTH = 200;

    private final ObjectMapper json;

    WebhookResponses(ObjectMapper json) {
        this.json = json;
    }

    DeliveryResult interpret(int status, byte[] body) {
        if (status >= 200 && status < 300) {
            return DeliveryResult.accepted(providerId(body).orElse(null));
        }
        if (status == 429 || (status >= 500 && status < 600)) {
            return failed(Status.FAILED_RETRYABLE, "The webhook answered HTTP " + status);
        }
        if (status >= 300 && status < 400) {
            return failed(Status.FAILED_PERMANENT, "The webhook answered with a redirect (HTTP " + status + "), which is not followed: fix the URL");
        }
        return failed(Status.FAILED_PERMANENT, "The webhook answered HTTP " + status);
    }

    static DeliveryResult failed(Status status, String detail) {
        return new DeliveryResult(status, Optional.empty(), detail);
    }

    private Optional<String> providerId(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode answer = json.readTree(body);
            if (answer == null || !answer.isObject()) {
                return Optional.empty();
            }
            for (String field : new String[] {"messageId", "id"}) {
                JsonNode id = answer.get(field);
                if (id != null && (id.isTextual() || id.isIntegralNumber())) {
                    String text = id.asText().strip();
                    if (!text.isEmpty() && text.length() <= MAX_PROVIDER_ID_LENGTH && text.chars().noneMatch(Character::isISOControl)) {
                        return Optional.of(text);
                    }
                }
            }
        } catch (IOException e) {
            // a 2xx with a body that is not JSON still means the message was taken
        }
        return Optional.empty();
    }
}
