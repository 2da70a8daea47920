package org.gatehouse.core.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.gatehouse.api.event.IdentityEvent;
import org.gatehouse.api.event.IdentityEventListener;
import org.gatehouse.api.event.IdentityEventPublisher;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers identity events to listeners on a background thread, so that a slow or failing listener
 * never slows or fails the operation that published the event. A listener that throws gets the
 * event again, a few times, with growing pauses.
 *
 * <p>Delivery survives listener failures but not a crash of this node: events live in memory until
 * delivered. A durable outbox arrives with the features that need it (audit, webhooks).
 */
@Component(service = {IdentityEventPublisher.class, EventDispatcher.class})
public final class EventDispatcher implements IdentityEventPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final int ATTEMPTS = 3;

    private final PluginRegistry<IdentityEventListener> listeners = new PluginRegistry<>("Event listener");
    private final ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
            r -> {
                Thread t = new Thread(r, "gatehouse-events");
                t.setDaemon(true);
                return t;
            },
            (r, e) -> LOG.error("Event queue full: an event was dropped. Is a listener blocking?"));

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindListener(IdentityEventListener l, Map<String, Object> properties, ServiceReference<IdentityEventListener> ref) {
        listeners.add(PluginEntry.of(l.name(), l.name(), l, properties, ref));
    }

    void unbindListener(IdentityEventListener l) {
        listeners.remove(l);
    }

    @Override
    public void publish(IdentityEvent event) {
        for (PluginEntry<IdentityEventListener> entry : listeners.entries()) {
            IdentityEventListener listener = entry.service();
            if (listener.accepts(event.type())) {
                executor.execute(() -> deliver(listener, event, 1));
            }
        }
    }

    private void deliver(IdentityEventListener listener, IdentityEvent event, int attempt) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            if (attempt < ATTEMPTS) {
                LOG.warn("Listener {} failed on event {} ({}), attempt {} of {}", listener.name(), event.id(), event.type(), attempt, ATTEMPTS);
                sleep(100L * attempt * attempt);
                deliver(listener, event, attempt + 1);
            } else {
                LOG.error("Listener {} failed on event {} ({}) {} times; giving up", listener.name(), event.id(), event.type(), ATTEMPTS, e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<PluginEntry<IdentityEventListener>> entries() {
        return listeners.entries();
    }

    @Deactivate
    void stop() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            LOG.warn("{} events were not delivered before shutdown", executor.getQueue().size());
            executor.shutdownNow();
        }
    }
}
