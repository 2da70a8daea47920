package org.gatehouse.authenticator.smsotp.internal;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.Notification;
import org.gatehouse.api.notification.NotificationChannel;
import org.gatehouse.api.notification.Notifications;

/** The runtime's part, reduced to what the step needs: hand the notification to the one channel of its type. */
final class ChannelNotifications implements Notifications {

    private final NotificationChannel channel;
    final AtomicInteger sent = new AtomicInteger();

    ChannelNotifications(NotificationChannel channel) {
        this.channel = channel;
    }

    @Override
    public DeliveryResult send(ChannelType type, Notification notification) {
        sent.incrementAndGet();
        if (type != channel.descriptor().type()) {
            return new DeliveryResult(DeliveryResult.Status.FAILED_RETRYABLE, Optional.empty(), "No " + type + " channel is installed");
        }
        return channel.send(notification);
    }
}
