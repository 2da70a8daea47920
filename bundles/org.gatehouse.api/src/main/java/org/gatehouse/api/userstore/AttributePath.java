package org.gatehouse.api.userstore;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A path to an attribute in the SCIM vocabulary: {@code userName}, {@code name.givenName},
 * {@code emails.value}, {@code meta.lastModified}, or the name of a custom attribute. Attribute
 * names are case-insensitive, as in SCIM; {@link #key()} gives the normalized form to compare.
 *
 * @param attribute the attribute name
 * @param subAttribute the sub-attribute of a complex attribute, if any
 */
public record AttributePath(String attribute, Optional<String> subAttribute) {

    public static final AttributePath ID = of("id");
    public static final AttributePath USERNAME = of("userName");
    public static final AttributePath ACTIVE = of("active");
    public static final AttributePath DISPLAY_NAME = of("displayName");
    public static final AttributePath GIVEN_NAME = of("name.givenName");
    public static final AttributePath FAMILY_NAME = of("name.familyName");
    public static final AttributePath EMAIL = of("emails.value");
    public static final AttributePath PHONE_NUMBER = of("phoneNumbers.value");
    public static final AttributePath LOCALE = of("locale");
    public static final AttributePath CREATED = of("meta.created");
    public static final AttributePath LAST_MODIFIED = of("meta.lastModified");

    public AttributePath {
        Objects.requireNonNull(attribute, "attribute");
        subAttribute = subAttribute == null ? Optional.empty() : subAttribute;
    }

    /**
     * @param dotted an attribute name, optionally followed by {@code .subAttribute}
     */
    public static AttributePath of(String dotted) {
        int dot = dotted.indexOf('.');
        return dot < 0
                ? new AttributePath(dotted, Optional.empty())
                : new AttributePath(dotted.substring(0, dot), Optional.of(dotted.substring(dot + 1)));
    }

    /** @return the lower-case dotted form, for case-insensitive comparison */
    public String key() {
        return toString().toLowerCase(Locale.ROOT);
    }

    public boolean is(AttributePath other) {
        return key().equals(other.key());
    }

    @Override
    public String toString() {
        return subAttribute.map(s -> attribute + "." + s).orElse(attribute);
    }
}
