package org.gatehouse.web.login.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OriginsTest {

    private static final Set<String> ALLOWED = Set.of("https://id.example.com", "http://127.0.0.1:9080");

    @Test
    void comparesTokensExactly() {
        assertThat(Origins.tokenMatches("abc", "abc")).isTrue();
        assertThat(Origins.tokenMatches("abd", "abc")).isFalse();
        assertThat(Origins.tokenMatches("ab", "abc")).isFalse();
        assertThat(Origins.tokenMatches(null, "abc")).isFalse();
        assertThat(Origins.tokenMatches("", "")).isFalse();
    }

    @Test
    void acceptsOnlyTheServersOwnOrigins() {
        assertThat(Origins.sameOrigin("https://id.example.com", null, ALLOWED)).isTrue();
        assertThat(Origins.sameOrigin("https://ID.example.com:443", null, ALLOWED)).isTrue();
        assertThat(Origins.sameOrigin("http://127.0.0.1:9080", null, ALLOWED)).isTrue();
        assertThat(Origins.sameOrigin("https://evil.example", null, ALLOWED)).isFalse();
        assertThat(Origins.sameOrigin("https://id.example.com.evil.example", null, ALLOWED)).isFalse();
        assertThat(Origins.sameOrigin("http://id.example.com", null, ALLOWED)).as("scheme counts").isFalse();
        assertThat(Origins.sameOrigin("null", null, ALLOWED)).isFalse();
        assertThat(Origins.sameOrigin(null, "https://id.example.com/login?request=x", ALLOWED)).isTrue();
        assertThat(Origins.sameOrigin(null, "https://evil.example/page", ALLOWED)).isFalse();
        assertThat(Origins.sameOrigin("https://evil.example", "https://id.example.com/login", ALLOWED)).as("Origin wins").isFalse();
        assertThat(Origins.sameOrigin(null, null, ALLOWED)).as("neither header: the token alone decides").isTrue();
    }
}
