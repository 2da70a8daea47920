package org.gatehouse.web.login.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import javax.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

class SessionCookieTest {

    @Test
    void buildsAnHttpOnlyLaxCookieSecureOverHttps() {
        assertThat(SessionCookie.header("abc_-1", Duration.ofHours(10), false))
                .isEqualTo("GH_SESSION=abc_-1; Path=/; Max-Age=36000; HttpOnly; SameSite=Lax");
        assertThat(SessionCookie.header("abc", Duration.ofMinutes(1), true)).endsWith("; HttpOnly; SameSite=Lax; Secure");
        assertThatThrownBy(() -> SessionCookie.header("a;b", Duration.ofMinutes(1), true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsEveryValueOfTheSessionCookie() {
        assertThat(SessionCookie.values(null)).isEmpty();
        assertThat(SessionCookie.values(new Cookie[] {new Cookie("other", "x"), new Cookie("GH_SESSION", "a"), new Cookie("GH_SESSION", "b")}))
                .containsExactly("a", "b");
    }
}
