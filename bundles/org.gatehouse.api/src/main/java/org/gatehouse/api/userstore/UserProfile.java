package org.gatehouse.api.userstore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The descriptive attributes of a user. Standard attributes have typed accessors; anything else
 * (claims from a custom mapping, directory attributes) goes into {@code attributes}, keyed by
 * attribute name, each with one or more string values.
 *
 * <p>Every field may be {@code null} (unset) except {@code attributes}, which is never null.
 *
 * @param givenName SCIM {@code name.givenName}
 * @param familyName SCIM {@code name.familyName}
 * @param displayName SCIM {@code displayName}
 * @param email SCIM {@code emails.value} of the primary email
 * @param emailVerified whether the primary email has been verified
 * @param phoneNumber SCIM {@code phoneNumbers.value} of the primary number, E.164
 * @param locale SCIM {@code locale}, a BCP 47 language tag
 * @param attributes further attributes
 */
public record UserProfile(
        String givenName,
        String familyName,
        String displayName,
        String email,
        boolean emailVerified,
        String phoneNumber,
        String locale,
        Map<String, List<String>> attributes) {

    private static final UserProfile EMPTY = new UserProfile(null, null, null, null, false, null, null, Map.of());

    public UserProfile {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        }
        attributes = Map.copyOf(copy);
    }

    public static UserProfile empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder(EMPTY);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds profiles; lets new attributes be added in later versions without breaking callers. */
    public static final class Builder {
        private String givenName, familyName, displayName, email, phoneNumber, locale;
        private boolean emailVerified;
        private final Map<String, List<String>> attributes = new LinkedHashMap<>();

        private Builder(UserProfile p) {
            givenName = p.givenName;
            familyName = p.familyName;
            displayName = p.displayName;
            email = p.email;
            emailVerified = p.emailVerified;
            phoneNumber = p.phoneNumber;
            locale = p.locale;
            attributes.putAll(p.attributes);
        }

        public Builder givenName(String v) { givenName = v; return this; }
        public Builder familyName(String v) { familyName = v; return this; }
        public Builder displayName(String v) { displayName = v; return this; }
        public Builder email(String v) { email = v; return this; }
        public Builder emailVerified(boolean v) { emailVerified = v; return this; }
        public Builder phoneNumber(String v) { phoneNumber = v; return this; }
        public Builder locale(String v) { locale = v; return this; }

        public Builder attribute(String name, List<String> values) {
            if (values == null || values.isEmpty()) {
                attributes.remove(name);
            } else {
                attributes.put(name, values);
            }
            return this;
        }

        public UserProfile build() {
            return new UserProfile(givenName, familyName, displayName, email, emailVerified, phoneNumber, locale, attributes);
        }
    }
}
