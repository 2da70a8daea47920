package org.gatehouse.application.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Applications by client id, in memory: the token endpoint looks one up on every request. Entries
 * are read again after a short time so that changes made on another node show up; local changes
 * evict at once. Misses are never cached, and the size is bounded, so unknown client ids sent by an
 * attacker cost a database query each but no memory.
 */
final class ApplicationCache {

    private record Entry(StoredApplication stored, Instant loadedAt) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;

    ApplicationCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    Optional<StoredApplication> get(String clientId, Function<String, Optional<StoredApplication>> loader) {
        Instant now = clock.instant();
        Entry e = entries.get(clientId);
        if (e != null && now.isBefore(e.loadedAt().plus(ttl))) {
            return Optional.of(e.stored());
        }
        Optional<StoredApplication> loaded = loader.apply(clientId);
        if (loaded.isPresent()) {
            if (entries.size() >= maxEntries && !entries.containsKey(clientId)) {
                evictSome();
            }
            entries.put(clientId, new Entry(loaded.get(), now));
        } else {
            entries.remove(clientId);
        }
        return loaded;
    }

    void evict(String clientId) {
        entries.remove(clientId);
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    /** Drops about a tenth of the entries, in no particular order: they are reloaded on demand. */
    private void evictSome() {
        int toDrop = Math.max(1, maxEntries / 10);
        Iterator<String> it = entries.keySet().iterator();
        while (it.hasNext() && toDrop-- > 0) {
            it.next();
            it.remove();
        }
    }
}
