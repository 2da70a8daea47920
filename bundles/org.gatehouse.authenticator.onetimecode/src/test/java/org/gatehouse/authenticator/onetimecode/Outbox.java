package org.gatehouse.authenticator.onetimecode;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.notification.DeliveryResult;
import org.gatehouse.api.notification.Notification;
import org.gatehouse.api.notification.Notifications;

/**
 * The runtime's notification service as the library sees it, keeping what it is asked to send. The
 * real channels are exercised end to end in the email and SMS bundles.
 */
final class Outbox implements Notifications {

    record Sent(ChannelType type, Notification notification) {}

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile DeliveryResult answer = DeliveryResult.accepted("m-1");

    void answer(DeliveryResult.Status status) {
        answer = new DeliveryResult(status, Optional.empty(), "provider says no");
    }

    Notification last() {
        return sent.get(sent.size() - 1).notification();
    }

    @Override
    public DeliveryResult send(ChannelType type, Notification notification) {
        sent.add(new Sent(type, notification));
        return answer;
    }
}
