package org.gatehouse.protocol.oauth2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gatehouse.crypto.Secrets;
import org.junit.jupiter.api.Test;

class TimeOrderedTokensTest {

    @Test
    void keysSortByIssueTimeAndDifferPerToken() {
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add(TimeOrderedTokens.key(TimeOrderedTokens.generate(t.plusMillis(i * 37L))));
        }
        assertThat(keys).isSorted().doesNotHaveDuplicates();
        String a = TimeOrderedTokens.generate(t);
        String b = TimeOrderedTokens.generate(t);
        assertThat(a).isNotEqualTo(b).startsWith(String.format("%012x", t.toEpochMilli())).hasSize(12 + 43);
        assertThat(TimeOrderedTokens.key(a)).isNotEqualTo(TimeOrderedTokens.key(b)).hasSizeLessThanOrEqualTo(64); // the column's width
        assertThat(TimeOrderedTokens.key(a)).isEqualTo(a.substring(0, 12) + Secrets.digest(a));
    }

    @Test
    void anythingElseKeysToItsBareDigest() {
        for (String other : List.of("", "abc", "0123456789ab", "ZZZZZZZZZZZZ-rest", "0123456789aG-rest", Secrets.generate(32))) {
            String key = TimeOrderedTokens.key(other);
            assertThat(key).as(other).isEqualTo(other.length() > 12 && other.substring(0, 12).matches("[0-9a-f]{12}")
                    ? other.substring(0, 12) + Secrets.digest(other) : Secrets.digest(other));
        }
        assertThat(TimeOrderedTokens.key("0123456789aG-rest")).isEqualTo(Secrets.digest("0123456789aG-rest"));
    }
}
