package org.gatehouse.protocol.oauth2.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded map from JWTs whose signature checked out to their claims. Expiry is still checked by
 * the caller on every use; when the map is full it starts over, which keeps it simple and bounded
 * (a miss costs one signature check, nothing more).
 */
final class VerifiedTokenCache {

    private final int capacity;
    private final Map<String, Map<String, Object>> entries = new ConcurrentHashMap<>();

    VerifiedTokenCache(int capacity) {
        this.capacity = capacity;
    }

    Map<String, Object> get(String token) {
        return entries.get(token);
    }

    void put(String token, Map<String, Object> claims) {
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(token, java.util.Collections.unmodifiableMap(new java.util.HashMap<>(claims)));
    }
}
