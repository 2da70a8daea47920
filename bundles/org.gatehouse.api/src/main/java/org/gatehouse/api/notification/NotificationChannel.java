package org.gatehouse.api.notification;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Delivers notifications of one type (email, SMS, ...) through a provider: an SMTP server, an SMS
 * gateway. Register one service per configured connection (typically a factory configuration).
 */
@ConsumerType
public interface NotificationChannel {

    /** @return what this channel is; must not change while the service is registered */
    ChannelDescriptor descriptor();

    /**
     * Sends one notification. Implementations must not throw for delivery problems; they answer
     * with a failed {@link DeliveryResult} instead, so the caller can decide to retry.
     */
    DeliveryResult send(Notification notification);
}
