package org.gatehouse.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of one extension point, by id. A bind adds, an unbind removes exactly what its bind
 * added. When two services claim one id, the higher service ranking (then the older service) wins
 * and the other waits in line: it takes over if the winner goes away, which is what happens during
 * a side-by-side upgrade of a plugin bundle.
 */
final class PluginRegistry<T> {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    private static final Comparator<PluginEntry<?>> PRECEDENCE =
            Comparator.<PluginEntry<?>>comparingInt(e -> -e.ranking()).thenComparingLong(PluginEntry::serviceId);

    private final String kind;
    private final Map<String, List<PluginEntry<T>>> byId = new ConcurrentHashMap<>();
    /** Wakes callers of {@link #await} whenever a service is added. */
    private final Object arrivals = new Object();
    /** When each id last lost its only service (System.nanoTime), so a replacement can be waited for. */
    private final Map<String, Long> removedAt = new ConcurrentHashMap<>();

    PluginRegistry(String kind) {
        this.kind = kind;
    }

    void add(PluginEntry<T> entry) {
        // compute: atomic against a remove() that is dropping the same id's list at this moment
        List<PluginEntry<T>> line = byId.compute(entry.id(), (id, existing) -> {
            List<PluginEntry<T>> l = existing == null ? new CopyOnWriteArrayList<>() : existing;
            l.add(entry);
            l.sort(PRECEDENCE);
            return l;
        });
        PluginEntry<T> winner = line.get(0);
        if (winner != entry) {
            LOG.warn("{} '{}' from {} {} is shadowed by the one from {} {}", kind, entry.id(), entry.bundleSymbolicName(),
                    entry.bundleVersion(), winner.bundleSymbolicName(), winner.bundleVersion());
        }
        LOG.info("{} '{}' added ({} {})", kind, entry.id(), entry.bundleSymbolicName(), entry.bundleVersion());
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    void remove(T service) {
        for (String id : byId.keySet()) {
            byId.computeIfPresent(id, (key, line) -> {
                if (!line.removeIf(e -> e.service() == service)) {
                    return line;
                }
                LOG.info("{} '{}' removed", kind, key);
                if (!line.isEmpty()) {
                    return line;
                }
                // recorded before the id disappears, so a caller that no longer finds it knows to wait
                removedAt.put(key, System.nanoTime());
                return null;
            });
        }
    }

    Optional<T> find(String id) {
        List<PluginEntry<T>> line = byId.get(id);
        if (line == null) {
            return Optional.empty();
        }
        return line.stream().findFirst().map(PluginEntry::service);
    }

    /**
     * The service with that id; if the id lost its service less than {@code timeout} ago, waits for
     * a replacement until {@code timeout} after that loss. A bundle update unregisters a plugin and
     * registers its new version a moment later, and a login in the middle of it should see the new
     * version rather than the gap. An id that was never there, or went away long ago, answers at once.
     */
    Optional<T> await(String id, java.time.Duration timeout) {
        Optional<T> present = find(id);
        if (present.isPresent()) {
            return present;
        }
        Long lost = removedAt.get(id);
        if (lost == null) {
            return Optional.empty();
        }
        long deadline = lost + timeout.toNanos();
        synchronized (arrivals) {
            Optional<T> found = find(id);
            while (found.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    arrivals.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
                found = find(id);
            }
            return found;
        }
    }

    /** @return the winning entry of every id, ordered by id */
    List<PluginEntry<T>> entries() {
        List<PluginEntry<T>> result = new ArrayList<>();
        byId.values().forEach(line -> line.stream().findFirst().ifPresent(result::add));
        result.sort(Comparator.comparing(PluginEntry::id));
        return result;
    }
}
