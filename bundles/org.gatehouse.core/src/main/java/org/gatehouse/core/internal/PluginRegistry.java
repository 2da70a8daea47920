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
        List<PluginEntry<T>> line = byId.computeIfAbsent(entry.id(), k -> new CopyOnWriteArrayList<>());
        synchronized (line) {
            line.add(entry);
            line.sort(PRECEDENCE);
            if (line.get(0) != entry) {
                LOG.warn("{} '{}' from {} {} is shadowed by the one from {} {}", kind, entry.id(), entry.bundleSymbolicName(),
                        entry.bundleVersion(), line.get(0).bundleSymbolicName(), line.get(0).bundleVersion());
            }
        }
        LOG.info("{} '{}' added ({} {})", kind, entry.id(), entry.bundleSymbolicName(), entry.bundleVersion());
        synchronized (arrivals) {
            arrivals.notifyAll();
        }
    }

    void remove(T service) {
        byId.forEach((id, line) -> {
            synchronized (line) {
                if (line.removeIf(e -> e.service() == service)) {
                    LOG.info("{} '{}' removed", kind, id);
                }
                if (line.isEmpty()) {
                    byId.remove(id, line);
                    removedAt.put(id, System.nanoTime());
                }
            }
        });
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
        Long lost = removedAt.get(id);
        if (lost == null) {
            return find(id);
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
