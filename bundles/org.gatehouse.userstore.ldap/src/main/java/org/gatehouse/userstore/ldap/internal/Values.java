package org.gatehouse.userstore.ldap.internal;

import java.util.regex.Pattern;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.UserProfile;

/** What the store writes into the directory, checked before anything is sent. */
final class Values {

    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,255}");
    /** sAMAccountName: at most 20 characters, none of " / \ [ ] : ; | = , + * ? < > (MS-ADTS). */
    private static final Pattern SAM_ACCOUNT_NAME = Pattern.compile("[\\p{L}\\p{N}._@-]{1,20}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}\"(),:;<>\\[\\]\\\\]{1,64}@[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{3,31}");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*");

    private Values() {}

    static String username(String username, boolean activeDirectory) {
        Pattern p = activeDirectory ? SAM_ACCOUNT_NAME : USERNAME;
        if (username == null || !p.matcher(username).matches()) {
            throw new InvalidValueException("userName", activeDirectory
                    ? "An Active Directory username (sAMAccountName) is 1-20 letters, digits or . _ @ -"
                    : "A username is 1-255 letters, digits or the characters . _ @ + - (no spaces)");
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
        if (description != null) {
            text("description", description, 1024);
        }
        return description == null || description.isEmpty() ? null : description;
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
        p.attributes().forEach((name, values) -> values.forEach(v -> text(name, v, 1024)));
        return p;
    }

    static void password(char[] password) {
        if (password == null || password.length == 0) {
            throw new InvalidValueException("password", "A password must not be empty");
        }
        if (password.length > 256) {
            throw new InvalidValueException("password", "A password is at most 256 characters");
        }
    }

    private static void text(String attribute, String value, int max) {
        if (value != null && (value.isEmpty() || value.length() > max
                || value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'))) {
            throw new InvalidValueException(attribute, attribute + " is 1-" + max + " characters without control characters");
        }
    }
}
