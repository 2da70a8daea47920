package org.gatehouse.core.internal;

import java.util.Optional;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.Notification;
import org.gatehouse.api.notification.NotificationChannel;
import org.gatehouse.api.notification.Notifications;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends through the first channel of the wanted type; channels may come and go at any time. */
@Component(service = Notifications.class)
public final class NotificationService implements Notifications {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);

    private final NotificationChannelRegistry channels;

    @Activate
    public NotificationService(@Reference NotificationChannelRegistry channels) {
        this.channels = channels;
    }

    @Override
    public DeliveryResult send(ChannelType type, Notification notification) {
        Optional<NotificationChannel> channel = channels.firstOfType(type);
        if (channel.isEmpty()) {
            LOG.warn("No {} notification channel is installed: a notification was not sent", type);
            return new DeliveryResult(DeliveryResult.Status.FAILED_RETRYABLE, Optional.empty(), "No " + type + " channel is installed");
        }
        try {
            DeliveryResult result = channel.get().send(notification);
            return result == null ? new DeliveryResult(DeliveryResult.Status.FAILED_RETRYABLE, Optional.empty(), "The channel gave no result") : result;
        } catch (RuntimeException e) {
            // the contract says channels answer instead of throwing; one that throws must not break a login
            LOG.warn("Notification channel {} failed: {}", channel.get().descriptor().id(), e.toString());
            return new DeliveryResult(DeliveryResult.Status.FAILED_RETRYABLE, Optional.empty(), "The channel failed: " + e.getClass().getSimpleName());
        }
    }
}
