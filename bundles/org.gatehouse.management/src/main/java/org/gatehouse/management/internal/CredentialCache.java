package org.gatehouse.management.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.gatehouse.api.event.IdentityEvent;
import org.gatehouse.api.event.IdentityEventListener;
import org.gatehouse.api.event.IdentityEventTypes;
import org.osgi.service.component.annotations.Component;

/**
 * Remembers successful password verifications for a short while. Verifying a PBKDF2 hash costs
 * about 0.3 s of CPU, too much for every API call of a script.
 *
 * <p>Entries are keyed by an HMAC of username and password under a key drawn at random when the
 * component starts, so the cache holds no password and nothing that could be brute-forced offline
 * if the heap were dumped. Failures are never cached. The cache is bounded (least recently used
 * entries are dropped) and entries expire after {@link #TTL}.
 *
 * <p>It listens to identity events, so a password changed or a user deleted through any path
 * (this API, the shell, SCIM) drops that user's entries at once instead of after the TTL.
 */
@Component(service = {CredentialCache.class, IdentityEventListener.class})
public final class CredentialCache implements IdentityEventListener {

    private static final java.util.Set<String> INVALIDATING = java.util.Set.of(
            IdentityEventTypes.PASSWORD_CHANGED, IdentityEventTypes.USER_DELETED, IdentityEventTypes.USER_UPDATED);

    @Override
    public String name() {
        return "management-credential-cache";
    }

    @Override
    public boolean accepts(String eventType) {
        return INVALIDATING.contains(eventType);
    }

    @Override
    public void onEvent(IdentityEvent event) {
        event.subjectId().ifPresent(this::invalidate);
    }

    static final Duration TTL = Duration.ofSeconds(60);
    static final int MAX_ENTRIES = 1024;
    private static final String HMAC = "HmacSHA256";

    /** Who a cached verification identified. */
    record Verified(String userId, String domain, String username) {}

    private record Entry(Verified who, long expiresAt) {}

    /** An HMAC value, compared in constant time. */
    private static final class Key {
        private final byte[] mac;
        private final int hash;

        Key(byte[] mac) {
            this.mac = mac;
            this.hash = Arrays.hashCode(mac);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && MessageDigest.isEqual(mac, k.mac);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final SecretKeySpec key;
    private final LongSupplier nanoClock;
    private final long ttlNanos;
    private final Map<Key, Entry> entries;

    public CredentialCache() {
        this(System::nanoTime, TTL, MAX_ENTRIES);
    }

    CredentialCache(LongSupplier nanoClock, Duration ttl, int maxEntries) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
        Arrays.fill(secret, (byte) 0);
        this.nanoClock = nanoClock;
        this.ttlNanos = ttl.toNanos();
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** @return who these credentials identified, if they were verified less than {@link #TTL} ago */
    Optional<Verified> lookup(String username, char[] password) {
        Key k = key(username, password);
        long now = nanoClock.getAsLong();
        synchronized (entries) {
            Entry e = entries.get(k);
            if (e == null) {
                return Optional.empty();
            }
            if (now - e.expiresAt() >= 0) {
                entries.remove(k);
                return Optional.empty();
            }
            return Optional.of(e.who());
        }
    }

    /** Records a successful verification. */
    void remember(String username, char[] password, Verified who) {
        Key k = key(username, password);
        long expiresAt = nanoClock.getAsLong() + ttlNanos;
        synchronized (entries) {
            entries.put(k, new Entry(who, expiresAt));
        }
    }

    /** Forgets every verification of a user: after a password change, a rename, a deletion. */
    void invalidate(String userId) {
        synchronized (entries) {
            entries.values().removeIf(e -> e.who().userId().equals(userId));
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private Key key(String username, char[] password) {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] pwBytes = new byte[pw.remaining()];
        pw.get(pwBytes);
        if (pw.hasArray()) {
            Arrays.fill(pw.array(), (byte) 0);
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            // length-prefixed, so that ("ab", "c") and ("a", "bc") differ
            mac.update(ByteBuffer.allocate(4).putInt(user.length).array());
            mac.update(user);
            mac.update(pwBytes);
            return new Key(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        } finally {
            Arrays.fill(pwBytes, (byte) 0);
        }
    }
}
