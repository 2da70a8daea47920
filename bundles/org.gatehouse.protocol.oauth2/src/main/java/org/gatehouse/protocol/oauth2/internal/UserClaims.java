package org.gatehouse.protocol.oauth2.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;

/**
 * The claims a user's profile yields: the standard claims (OpenID Connect Core §5.1) by scope
 * (§5.4), claims asked for one by one with the {@code claims} parameter (§5.5), and custom claims
 * mapped from user attributes by configuration ({@code claim=attribute}, released with the {@code
 * profile} scope).
 */
final class UserClaims {

    private static final Map<String, Set<String>> BY_SCOPE = Map.of(
            "profile", Set.of("name", "given_name", "family_name", "preferred_username", "locale", "updated_at"),
            "email", Set.of("email", "email_verified"),
            "phone", Set.of("phone_number", "phone_number_verified"),
            "address", Set.of("address"));

    private final Map<String, String> mappings;

    /** @param mappings {@code claim=attribute} entries; malformed ones are refused */
    UserClaims(String[] mappings) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String entry : mappings) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("Claim mapping '" + entry + "' is not of the form claim=attribute");
            }
            m.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        this.mappings = Map.copyOf(m);
    }

    /** The user claims this server can release, standard ones first, then the configured mappings (for discovery). */
    List<String> supported() {
        List<String> names = new java.util.ArrayList<>(List.of("name", "given_name", "family_name", "preferred_username", "locale", "updated_at",
                "email", "email_verified", "phone_number", "phone_number_verified", "address"));
        mappings.keySet().stream().filter(name -> !names.contains(name)).sorted().forEach(names::add);
        return names;
    }

    /** Adds the claims the scopes release, then those requested by name. */
    void add(User user, Set<String> scopes, Set<String> requested, Map<String, Object> claims) {
        Map<String, Object> all = all(user);
        all.forEach((name, value) -> {
            boolean byScope = scopes.stream().anyMatch(s -> BY_SCOPE.getOrDefault(s, Set.of()).contains(name))
                    || (mappings.containsKey(name) && scopes.contains("profile"));
            if ((byScope || requested.contains(name)) && !claims.containsKey(name)) {
                claims.put(name, value);
            }
        });
    }

    private Map<String, Object> all(User user) {
        UserProfile p = user.profile();
        Map<String, Object> c = new LinkedHashMap<>();
        put(c, "name", p.displayName() != null ? p.displayName() : fullName(p));
        put(c, "given_name", p.givenName());
        put(c, "family_name", p.familyName());
        c.put("preferred_username", user.username());
        put(c, "locale", p.locale());
        c.put("updated_at", user.lastModified().getEpochSecond());
        if (p.email() != null) {
            c.put("email", p.email());
            c.put("email_verified", p.emailVerified());
        }
        if (p.phoneNumber() != null) {
            c.put("phone_number", p.phoneNumber());
            c.put("phone_number_verified", false);
        }
        List<String> address = p.attributes().get("address");
        if (address != null && !address.isEmpty()) {
            c.put("address", Map.of("formatted", address.get(0)));
        }
        mappings.forEach((claim, attribute) -> {
            List<String> values = p.attributes().get(attribute);
            if (values != null && !values.isEmpty()) {
                c.put(claim, values.size() == 1 ? values.get(0) : values);
            }
        });
        return c;
    }

    private static String fullName(UserProfile p) {
        if (p.givenName() == null && p.familyName() == null) {
            return null;
        }
        return ((p.givenName() == null ? "" : p.givenName()) + " " + (p.familyName() == null ? "" : p.familyName())).trim();
    }

    private static void put(Map<String, Object> claims, String name, Object value) {
        if (value != null) {
            claims.put(name, value);
        }
    }

    /** @return the claim names a {@code claims} request (JSON) asks for under the member ({@code userinfo}, {@code id_token}) */
    static Set<String> requested(Json json, java.util.Optional<String> claimsRequest, String member) {
        if (claimsRequest.isEmpty()) {
            return Set.of();
        }
        try {
            Object m = json.readObject(claimsRequest.get()).get(member);
            return m instanceof Map<?, ?> map ? map.keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet()) : Set.of();
        } catch (IllegalArgumentException e) {
            return Set.of();
        }
    }
}
