package org.gatehouse.api.event;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives identity events, asynchronously and after the change that caused them was committed.
 * Delivery is at least once: an event may arrive twice, so listeners use {@link IdentityEvent#id()}
 * to stay idempotent. A listener that throws is logged and does not affect other listeners.
 */
@ConsumerType
public interface IdentityEventListener {

    /** @return a stable name for this listener, for the plugin catalog and logs */
    String name();

    /** @return whether this listener wants events of this type; the default takes all */
    default boolean accepts(String eventType) {
        return true;
    }

    void onEvent(IdentityEvent event);
}
