package org.gatehouse.api.event;

import org.osgi.annotation.versioning.ProviderType;

/** Publishes events to every interested listener. Implemented by the runtime; never blocks the caller. */
@ProviderType
public interface IdentityEventPublisher {
    void publish(IdentityEvent event);
}
