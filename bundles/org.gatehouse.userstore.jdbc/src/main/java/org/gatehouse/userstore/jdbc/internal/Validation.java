package org.gatehouse.userstore.jdbc.internal;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.UserProfile;

/** What the JDBC store accepts, checked before anything is written. */
final class Validation {

    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,255}");
    /** A pragmatic RFC 5322 addr-spec: one @, no spaces or controls, a dotted domain. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}\"(),:;<>\\[\\]\\\\]{1,64}@[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{3,31}");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,127}");
    private static final int MAX_ATTRIBUTES = 100;
    private static final int MAX_VALUES = 100;

    private Validation() {}

    static String username(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidValueException("userName",
                    "A username is 1-255 letters, digits or the characters . _ @ + - (no spaces)");
        }
        return username;
    }

    static String groupName(String name) {
        if (name == null || name.isBlank() || name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException("displayName", "A group name is 1-255 characters without control characters");
        }
        return name.strip();
    }

    static String description(String description) {
        if (description != null && description.length() > 1024) {
            throw new InvalidValueException("description", "A description is at most 1024 characters");
        }
        return description;
    }

    static UserProfile profile(UserProfile p) {
        text("name.givenName", p.givenName(), 255);
        text("name.familyName", p.familyName(), 255);
        text("displayName", p.displayName(), 255);
        if (p.email() != null && (p.email().length() > 320 || !EMAIL.matcher(p.email()).matches())) {
            throw new InvalidValueException("emails.value", "'" + p.email() + "' is not an email address");
        }
        if (p.phoneNumber() != null && !PHONE.matcher(p.phoneNumber()).matches()) {
            throw new InvalidValueException("phoneNumbers.value", "'" + p.phoneNumber() + "' is not a phone number");
        }
        if (p.locale() != null && (p.locale().length() > 35 || !LOCALE.matcher(p.locale()).matches())) {
            throw new InvalidValueException("locale", "'" + p.locale() + "' is not a language tag such as en or de-CH");
        }
        if (p.attributes().size() > MAX_ATTRIBUTES) {
            throw new InvalidValueException("attributes", "At most " + MAX_ATTRIBUTES + " custom attributes");
        }
        for (Map.Entry<String, List<String>> e : p.attributes().entrySet()) {
            if (!ATTRIBUTE_NAME.matcher(e.getKey()).matches()) {
                throw new InvalidValueException("attributes", "'" + e.getKey() + "' is not an attribute name (a letter, then letters, digits, _ . : -)");
            }
            if (e.getValue().size() > MAX_VALUES) {
                throw new InvalidValueException(e.getKey(), "At most " + MAX_VALUES + " values per attribute");
            }
            for (String v : e.getValue()) {
                if (v == null) {
                    throw new InvalidValueException(e.getKey(), "Attribute values must not be null");
                }
                text(e.getKey(), v, 512);
            }
        }
        return p;
    }

    private static void text(String attribute, String value, int max) {
        if (value != null && (value.length() > max || value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'))) {
            throw new InvalidValueException(attribute, attribute + " is at most " + max + " characters without control characters");
        }
    }
}
