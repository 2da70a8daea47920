package org.gatehouse.api.notification;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of a notification.
 *
 * @param status the outcome
 * @param providerMessageId the provider's id for the message, when it gave one
 * @param detail a short explanation for operators (never shown to end users)
 */
public record DeliveryResult(Status status, Optional<String> providerMessageId, String detail) {

    public enum Status {
        /** The provider accepted the message for delivery. */
        ACCEPTED,
        /** Delivery failed, but may succeed if tried again later. */
        FAILED_RETRYABLE,
        /** Delivery failed and will not succeed as is (bad address, rejected content). */
        FAILED_PERMANENT
    }

    public DeliveryResult {
        Objects.requireNonNull(status, "status");
        providerMessageId = providerMessageId == null ? Optional.empty() : providerMessageId;
        detail = detail == null ? "" : detail;
    }

    public static DeliveryResult accepted(String providerMessageId) {
        return new DeliveryResult(Status.ACCEPTED, Optional.ofNullable(providerMessageId), "");
    }

    public boolean accepted() {
        return status == Status.ACCEPTED;
    }
}
