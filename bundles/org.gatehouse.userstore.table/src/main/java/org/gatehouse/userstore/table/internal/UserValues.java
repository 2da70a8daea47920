package org.gatehouse.userstore.table.internal;

import java.util.regex.Pattern;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.UserProfile;

/**
 * What a read-write store accepts before anything is written: values the table has columns for,
 * within those columns' lengths, and well-formed.
 */
final class UserValues {

    /** A pragmatic RFC 5322 addr-spec: one @, no spaces or controls, a dotted domain (as the Gatehouse database's store). */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}\"(),:;<>\\[\\]\\\\]{1,64}@[\\p{L}\\p{N}-]+(\\.[\\p{L}\\p{N}-]+)+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{3,31}");

    private final UserTable table;
    private final String domain;
    private final boolean activeMapped;

    UserValues(UserTable table, String domain, boolean activeMapped) {
        this.table = table;
        this.domain = domain;
        this.activeMapped = activeMapped;
    }

    String username(String username) {
        if (username == null || username.isBlank() || !username.equals(username.strip())
                || username.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw new InvalidValueException("userName", "A username is not empty and has no spaces or control characters");
        }
        return text("userName", UserField.USERNAME, username);
    }

    void active(boolean active) {
        if (!active && !activeMapped) {
            throw new InvalidValueException("active", "The user store " + domain + " has no active column: its users are always active");
        }
    }

    void profile(UserProfile p) {
        text("name.givenName", UserField.GIVEN_NAME, p.givenName());
        text("name.familyName", UserField.FAMILY_NAME, p.familyName());
        text("displayName", UserField.DISPLAY_NAME, p.displayName());
        text("emails.value", UserField.EMAIL, p.email());
        if (p.email() != null && !EMAIL.matcher(p.email()).matches()) {
            throw new InvalidValueException("emails.value", "'" + p.email() + "' is not an email address");
        }
        text("phoneNumbers.value", UserField.PHONE_NUMBER, p.phoneNumber());
        if (p.phoneNumber() != null && !PHONE.matcher(p.phoneNumber()).matches()) {
            throw new InvalidValueException("phoneNumbers.value", "'" + p.phoneNumber() + "' is not a phone number");
        }
        if (p.emailVerified() && !table.has(UserField.EMAIL_VERIFIED)) {
            throw unmapped("emails.verified");
        }
        if (p.locale() != null) {
            throw unmapped("locale");
        }
        if (!p.attributes().isEmpty()) {
            throw new InvalidValueException(p.attributes().keySet().iterator().next(),
                    "The user store " + domain + " keeps only the attributes its table has columns for");
        }
    }

    private String text(String attribute, UserField field, String value) {
        if (value == null) {
            return null;
        }
        MappedColumn column = table.columns.get(field);
        if (column == null) {
            throw unmapped(attribute);
        }
        if (column.maxLength() > 0 && value.length() > column.maxLength()) {
            throw new InvalidValueException(attribute, attribute + " is at most " + column.maxLength() + " characters in the user store " + domain);
        }
        if (value.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw new InvalidValueException(attribute, attribute + " must not contain control characters");
        }
        return value;
    }

    private InvalidValueException unmapped(String attribute) {
        return new InvalidValueException(attribute, "The user store " + domain + " has no column for " + attribute);
    }
}
