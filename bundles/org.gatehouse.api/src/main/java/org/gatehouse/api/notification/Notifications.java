package org.gatehouse.api.notification;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends a notification through a channel of the wanted type, for authenticators and account flows.
 * Implemented by the runtime, which picks the channel (the highest-ranked registered one of the
 * type) so callers need not track channels coming and going.
 */
@ProviderType
public interface Notifications {

    /**
     * @return the channel's answer; {@link DeliveryResult.Status#FAILED_RETRYABLE} when no channel of
     *     the type is installed
     */
    DeliveryResult send(ChannelType type, Notification notification);
}
