package org.gatehouse.protocol.oauth2.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** Scope strings (RFC 6749 §3.3). */
final class Scopes {
    static final String OPENID = "openid";
    static final String OFFLINE_ACCESS = "offline_access";

    private static final Pattern TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private Scopes() {}

    /** @throws OAuthException invalid_scope for characters RFC 6749 does not allow */
    static Set<String> parse(String scope) {
        Set<String> result = new LinkedHashSet<>();
        if (scope == null) {
            return result;
        }
        for (String s : scope.split(" ")) {
            if (s.isEmpty()) {
                continue;
            }
            if (!TOKEN.matcher(s).matches() || s.length() > 200) {
                throw OAuthException.invalidScope("Malformed scope value");
            }
            result.add(s);
        }
        return result;
    }

    /** @return the requested scopes the client may have; all it may have when none were requested */
    static Set<String> granted(Set<String> requested, Set<String> allowed) {
        if (requested.isEmpty()) {
            return new LinkedHashSet<>(allowed);
        }
        Set<String> result = new LinkedHashSet<>(requested);
        result.retainAll(allowed);
        return result;
    }
}
