package org.gatehouse.web.login.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.servlet.http.Cookie;
import org.gatehouse.core.session.SsoSessions;

/** The single sign-on session cookie (servlet 3.1 cookies know no SameSite, so the header is built here). */
final class SessionCookie {

    private SessionCookie() {}

    static String header(String value, Duration maxAge, boolean secure) {
        if (value == null || !value.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("A session cookie value is base64url");
        }
        return SsoSessions.COOKIE_NAME + "=" + value + "; Path=/; Max-Age=" + Math.max(0, maxAge.getSeconds())
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /**
     * @return every value sent under the session cookie's name, in order (a browser may send two:
     *     ours and one a parent domain set)
     */
    static List<String> values(Cookie[] cookies) {
        List<String> values = new ArrayList<>();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (SsoSessions.COOKIE_NAME.equals(c.getName()) && c.getValue() != null) {
                    values.add(c.getValue());
                }
            }
        }
        return values;
    }
}
