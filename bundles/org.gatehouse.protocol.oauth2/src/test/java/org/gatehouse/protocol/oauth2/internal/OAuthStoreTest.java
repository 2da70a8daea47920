package org.gatehouse.protocol.oauth2.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OAuthStoreTest {

    @Test
    void spaceSeparatedColumnsSplitInOrderWithoutEmptyValues() {
        assertThat(OAuthStore.split("openid profile email")).containsExactly("openid", "profile", "email");
        assertThat(OAuthStore.split("  openid   offline_access ")).containsExactly("openid", "offline_access");
        assertThat(OAuthStore.split("a b a")).containsExactly("a", "b");
        assertThat(OAuthStore.split("")).isEmpty();
        assertThat(OAuthStore.split("   ")).isEmpty();
        assertThat(OAuthStore.split(null)).isEmpty();
        assertThat(OAuthStore.split(OAuthStore.join(Set.of("x")))).containsExactly("x");
    }
}
