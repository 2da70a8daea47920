package org.gatehouse.protocol.oauth2.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;

/** The standard claims (OpenID Connect Core §5.1) a user's profile yields for the granted scopes (§5.4). */
final class UserClaims {

    private UserClaims() {}

    static void add(User user, Set<String> scopes, Map<String, Object> claims) {
        UserProfile p = user.profile();
        if (scopes.contains("profile")) {
            putIfPresent(claims, "name", p.displayName() != null ? p.displayName() : fullName(p));
            putIfPresent(claims, "given_name", p.givenName());
            putIfPresent(claims, "family_name", p.familyName());
            claims.put("preferred_username", user.username());
            putIfPresent(claims, "locale", p.locale());
            claims.put("updated_at", user.lastModified().getEpochSecond());
        }
        if (scopes.contains("email") && p.email() != null) {
            claims.put("email", p.email());
            claims.put("email_verified", p.emailVerified());
        }
        if (scopes.contains("phone") && p.phoneNumber() != null) {
            claims.put("phone_number", p.phoneNumber());
            claims.put("phone_number_verified", false);
        }
        if (scopes.contains("address")) {
            List<String> formatted = p.attributes().get("address");
            if (formatted != null && !formatted.isEmpty()) {
                claims.put("address", Map.of("formatted", formatted.get(0)));
            }
        }
    }

    private static String fullName(UserProfile p) {
        if (p.givenName() == null && p.familyName() == null) {
            return null;
        }
        return ((p.givenName() == null ? "" : p.givenName()) + " " + (p.familyName() == null ? "" : p.familyName())).trim();
    }

    private static void putIfPresent(Map<String, Object> claims, String name, Object value) {
        if (value != null) {
            claims.put(name, value);
        }
    }
}
