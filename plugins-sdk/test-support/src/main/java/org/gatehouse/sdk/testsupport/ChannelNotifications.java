package org.gatehouse.sdk.testsupport;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.Notification;
import org.gatehouse.api.notification.NotificationChannel;
import org.gatehouse.api.notification.Notifications;

/**
 * The runtime's {@link Notifications}, reduced to what an authenticator needs: it hands each
 * notification to the one channel it was built with, if the type matches, and answers like the
 * runtime when no channel of the type is installed. Put a real channel behind it for an end-to-end
 * test (SMTP to a local mail server, a webhook to a local HTTP server).
 */
public final class ChannelNotifications implements Notifications {

    private final NotificationChannel channel;
    private final AtomicInteger sent = new AtomicInteger();

    public ChannelNotifications(NotificationChannel channel) {
        this.channel = channel;
    }

    /** @return how many notifications were handed over, delivered or not */
    public int sent() {
        return sent.get();
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
