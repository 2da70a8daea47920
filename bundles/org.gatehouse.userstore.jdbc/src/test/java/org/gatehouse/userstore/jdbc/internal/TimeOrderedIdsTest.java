package org.gatehouse.userstore.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void areVersionSevenUuidsThatSortByCreationTime() {
        Instant now = Instant.parse("2026-11-27T08:00:00Z");
        TimeOrderedIds ids = new TimeOrderedIds(Clock.fixed(now, ZoneOffset.UTC));
        String first = ids.next();
        String second = new TimeOrderedIds(Clock.fixed(now.plusMillis(1), ZoneOffset.UTC)).next();
        UUID uuid = UUID.fromString(first);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
        assertThat(first).isLessThan(second); // as strings too: what the databases' indexes compare
        Set<String> many = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(ids.next()); // the same millisecond: told apart by their 74 random bits
        }
        assertThat(many).hasSize(10_000);
    }
}
