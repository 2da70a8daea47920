package org.gatehouse.management.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.gatehouse.management.internal.CredentialCache.Verified;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final CredentialCache cache = new CredentialCache(now::get, Duration.ofSeconds(60), 3);
    private final Verified alice = new Verified("1", "PRIMARY", "alice");

    @Test
    void remembersOnlyTheExactCredentials() {
        cache.remember("alice", "secret".toCharArray(), alice);
        assertThat(cache.lookup("alice", "secret".toCharArray())).contains(alice);
        assertThat(cache.lookup("alice", "Secret".toCharArray())).isEmpty();
        assertThat(cache.lookup("Alice", "secret".toCharArray())).isEmpty();
        // the username/password boundary is part of the key
        assertThat(cache.lookup("alices", "ecret".toCharArray())).isEmpty();
    }

    @Test
    void entriesExpire() {
        cache.remember("alice", "secret".toCharArray(), alice);
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(cache.lookup("alice", "secret".toCharArray())).isPresent();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cache.lookup("alice", "secret".toCharArray())).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void isBoundedLeastRecentlyUsedFirst() {
        cache.remember("a", "p".toCharArray(), new Verified("a", "PRIMARY", "a"));
        cache.remember("b", "p".toCharArray(), new Verified("b", "PRIMARY", "b"));
        cache.remember("c", "p".toCharArray(), new Verified("c", "PRIMARY", "c"));
        cache.lookup("a", "p".toCharArray());
        cache.remember("d", "p".toCharArray(), new Verified("d", "PRIMARY", "d"));
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.lookup("b", "p".toCharArray())).isEmpty();
        assertThat(cache.lookup("a", "p".toCharArray())).isPresent();
    }

    @Test
    void invalidatesAUser() {
        cache.remember("alice", "one".toCharArray(), alice);
        cache.remember("alice", "two".toCharArray(), alice);
        cache.remember("bob", "one".toCharArray(), new Verified("2", "PRIMARY", "bob"));
        cache.invalidate("1");
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.lookup("bob", "one".toCharArray())).isPresent();
    }

    @Test
    void keysDifferAcrossInstances() {
        CredentialCache other = new CredentialCache(now::get, Duration.ofSeconds(60), 3);
        cache.remember("alice", "secret".toCharArray(), alice);
        assertThat(other.lookup("alice", "secret".toCharArray())).isEmpty();
    }
}
