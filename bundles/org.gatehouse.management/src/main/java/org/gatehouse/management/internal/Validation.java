package org.gatehouse.management.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.management.internal.Representations.GroupInput;
import org.gatehouse.management.internal.Representations.UserInput;

/**
 * Checks request bodies and turns them into the store API's values. Collects every problem of a
 * request before failing, so a client learns about all its invalid fields at once.
 */
final class Validation {

    /** Whether a body creates an entity (POST) or replaces its mutable state (PUT, PATCH). */
    enum Mode { CREATE, REPLACE }

    static final int MAX_USERNAME = 255;
    static final int MAX_TEXT = 255;
    static final int MAX_EMAIL = 254;
    static final int MAX_EMAIL_LOCAL = 64;
    static final int MAX_DESCRIPTION = 1024;
    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;
    static final int MAX_ATTRIBUTES = 100;
    static final int MAX_ATTRIBUTE_VALUES = 100;
    static final int MAX_ATTRIBUTE_VALUE = 4096;

    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{M}\\p{Nd}._@+\\-]+");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.:\\-]{0,127}");
    private static final Pattern PHONE_E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-]{0,63}");

    // RFC 5322 addr-spec without comments, folding white space or obsolete forms; non-ASCII letters
    // are allowed as RFC 6532 does.
    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\p{L}\\p{M}\\p{N}&&[^\\x00-\\x20]]";
    private static final String DOT_ATOM = ATEXT + "+(?:\\." + ATEXT + "+)*";
    private static final String QUOTED_STRING = "\"(?:[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]|\\\\[\\x20-\\x7E])*\"";
    private static final String LABEL = "[A-Za-z0-9\\p{L}\\p{M}](?:[A-Za-z0-9\\p{L}\\p{M}\\-]{0,61}[A-Za-z0-9\\p{L}\\p{M}])?";
    private static final String DOMAIN_LITERAL = "\\[[\\x21-\\x5A\\x5E-\\x7E]*\\]";
    private static final Pattern ADDR_SPEC = Pattern.compile(
            "(" + DOT_ATOM + "|" + QUOTED_STRING + ")@(" + LABEL + "(?:\\." + LABEL + ")*|" + DOMAIN_LITERAL + ")");

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** A validated user body. */
    record UserChange(String userName, boolean active, UserProfile profile, Optional<char[]> password, Optional<Long> version) {}

    /** A validated group body. */
    record GroupChange(String name, String description, Optional<Long> version) {}

    // ---- users ----------------------------------------------------------------------------------

    /**
     * @param pathId the id in the URL when replacing, else null
     * @param domain the domain of the user when replacing, else null
     */
    static UserChange user(UserInput in, Mode mode, String pathId, String domain) {
        Validation v = new Validation();
        String userName = v.username("userName", in.userName());
        boolean active;
        if (in.active() != null) {
            active = in.active();
        } else if (mode == Mode.CREATE) {
            active = true;
        } else {
            v.error("active", "Required: a full replacement must state whether the user is active");
            active = false;
        }
        Optional<char[]> password = Optional.empty();
        if (in.password() != null) {
            if (mode == Mode.CREATE) {
                v.password("password", in.password());
                password = Optional.of(in.password().toCharArray());
            } else {
                v.error("password", "Cannot be changed here; use PUT /api/users/{id}/password");
            }
        }
        UserProfile.Builder profile = UserProfile.builder();
        if (in.name() != null) {
            profile.givenName(v.text("name.givenName", in.name().givenName(), MAX_TEXT));
            profile.familyName(v.text("name.familyName", in.name().familyName(), MAX_TEXT));
        }
        profile.displayName(v.text("displayName", in.displayName(), MAX_TEXT));
        profile.email(v.email("email", in.email()));
        profile.emailVerified(in.emailVerified() != null && in.emailVerified());
        profile.phoneNumber(v.phone("phoneNumber", in.phoneNumber()));
        profile.locale(v.locale("locale", in.locale()));
        v.attributes("attributes", in.attributes(), profile);
        v.readOnly(mode, in.id(), in.domain(), pathId, domain, in.version());
        if (mode == Mode.CREATE) {
            v.forbidOnCreate("groups", in.groups());
            v.forbidOnCreate("meta", in.meta());
        }
        v.throwIfInvalid();
        return new UserChange(userName, active, profile.build(), password, Optional.ofNullable(in.version()));
    }

    static char[] password(String password) {
        Validation v = new Validation();
        if (password == null) {
            v.error("password", "Required");
        } else {
            v.password("password", password);
        }
        v.throwIfInvalid();
        return password.toCharArray();
    }

    // ---- groups ---------------------------------------------------------------------------------

    static GroupChange group(GroupInput in, Mode mode, String pathId, String domain) {
        Validation v = new Validation();
        String name = v.groupName("displayName", in.displayName());
        String description = v.multiline("description", in.description(), MAX_DESCRIPTION);
        v.readOnly(mode, in.id(), in.domain(), pathId, domain, in.version());
        if (mode == Mode.CREATE) {
            v.forbidOnCreate("members", in.members());
            v.forbidOnCreate("membersTotal", in.membersTotal());
            v.forbidOnCreate("meta", in.meta());
        }
        v.throwIfInvalid();
        return new GroupChange(name, description, Optional.ofNullable(in.version()));
    }

    // ---- single checks, usable on their own -----------------------------------------------------

    static boolean isValidUsername(String s) {
        return s != null && !s.isEmpty() && s.codePointCount(0, s.length()) <= MAX_USERNAME && USERNAME.matcher(s).matches();
    }

    static boolean isValidEmail(String s) {
        if (s == null || s.length() > MAX_EMAIL) {
            return false;
        }
        int at = s.lastIndexOf('@');
        if (at <= 0 || at > MAX_EMAIL_LOCAL) {
            return false;
        }
        return ADDR_SPEC.matcher(s).matches();
    }

    static boolean isValidDomain(String s) {
        return s != null && DOMAIN.matcher(s).matches();
    }

    /** @return the domain as stores spell it (upper case), or null for none */
    static String normalizeDomain(String field, String domain) {
        if (domain == null || domain.isEmpty()) {
            return null;
        }
        if (!isValidDomain(domain)) {
            throw ApiException.invalidField(field, "Not a user store domain: 1-64 letters, digits, '-' or '_'");
        }
        return domain.toUpperCase(Locale.ROOT);
    }

    // ---- internals ------------------------------------------------------------------------------

    private void error(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    private void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    private String username(String field, String value) {
        if (value == null) {
            error(field, "Required");
            return null;
        }
        if (!isValidUsername(value)) {
            error(field, "Must be 1-" + MAX_USERNAME + " characters: letters, digits and . _ @ + - (no spaces)");
        }
        return value;
    }

    private String groupName(String field, String value) {
        if (value == null) {
            error(field, "Required");
            return null;
        }
        if (value.isBlank()) {
            error(field, "Must not be blank");
        } else if (value.codePointCount(0, value.length()) > MAX_TEXT) {
            error(field, "Must be at most " + MAX_TEXT + " characters");
        } else if (hasControl(value, false)) {
            error(field, "Must not contain control characters");
        } else if (!value.strip().equals(value)) {
            error(field, "Must not start or end with white space");
        }
        return value;
    }

    private String text(String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.codePointCount(0, value.length()) > max) {
            error(field, "Must be at most " + max + " characters");
        } else if (hasControl(value, false)) {
            error(field, "Must not contain control characters");
        }
        return value;
    }

    private String multiline(String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.codePointCount(0, value.length()) > max) {
            error(field, "Must be at most " + max + " characters");
        } else if (hasControl(value, true)) {
            error(field, "Must not contain control characters other than tab and line breaks");
        }
        return value;
    }

    private String email(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!isValidEmail(value)) {
            error(field, "Must be an email address (local-part@domain)");
        }
        return value;
    }

    private String phone(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!PHONE_E164.matcher(value).matches()) {
            error(field, "Must be an E.164 number such as +14155550123");
        }
        return value;
    }

    private String locale(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            if (value.length() > 35) {
                throw new IllformedLocaleException("too long");
            }
            new Locale.Builder().setLanguageTag(value);
        } catch (IllformedLocaleException e) {
            error(field, "Must be a BCP 47 language tag such as en or pt-BR");
        }
        return value;
    }

    private void password(String field, String value) {
        int length = value.codePointCount(0, value.length());
        if (length < MIN_PASSWORD) {
            error(field, "Must be at least " + MIN_PASSWORD + " characters");
        } else if (length > MAX_PASSWORD) {
            error(field, "Must be at most " + MAX_PASSWORD + " characters");
        } else if (hasControl(value, false)) {
            error(field, "Must not contain control characters");
        }
    }

    private void attributes(String field, Map<String, List<String>> attributes, UserProfile.Builder profile) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            error(field, "At most " + MAX_ATTRIBUTES + " attributes");
            return;
        }
        attributes.forEach((name, values) -> {
            String path = field + "." + name;
            if (!ATTRIBUTE_NAME.matcher(name).matches()) {
                error(path, "Attribute names are 1-128 characters: a letter, then letters, digits, '_', '.', ':' or '-'");
                return;
            }
            if (values == null || values.isEmpty()) {
                return; // absent: no such attribute
            }
            if (values.size() > MAX_ATTRIBUTE_VALUES) {
                error(path, "At most " + MAX_ATTRIBUTE_VALUES + " values");
                return;
            }
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i);
                if (value == null) {
                    error(path + "[" + i + "]", "Must be a string");
                } else if (value.length() > MAX_ATTRIBUTE_VALUE) {
                    error(path + "[" + i + "]", "Must be at most " + MAX_ATTRIBUTE_VALUE + " characters");
                } else if (hasControl(value, true)) {
                    error(path + "[" + i + "]", "Must not contain control characters other than tab and line breaks");
                }
            }
            profile.attribute(name, values.stream().filter(Objects::nonNull).toList());
        });
    }

    private void readOnly(Mode mode, String id, String bodyDomain, String pathId, String domain, Long version) {
        if (mode == Mode.CREATE) {
            if (id != null) {
                error("id", "Read-only: the server assigns the id");
            }
            if (version != null) {
                error("version", "Not allowed when creating");
            }
            if (bodyDomain != null && !isValidDomain(bodyDomain)) {
                error("domain", "Not a user store domain: 1-64 letters, digits, '-' or '_'");
            }
        } else {
            if (id != null && !id.equals(pathId)) {
                error("id", "Read-only: does not match the id in the URL");
            }
            if (bodyDomain != null && domain != null && !bodyDomain.equalsIgnoreCase(domain)) {
                error("domain", "Read-only: an entity cannot move to another user store");
            }
            if (version != null && version < 0) {
                error("version", "Must not be negative");
            }
        }
    }

    private void forbidOnCreate(String field, Object value) {
        if (value != null && !(value instanceof JsonNode n && n.isNull())) {
            error(field, "Read-only");
        }
    }

    /** @param lineBreaks whether tab, CR and LF are allowed */
    private static boolean hasControl(String s, boolean lineBreaks) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (lineBreaks && (c == '\t' || c == '\n' || c == '\r')) {
                continue;
            }
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.FORMAT && c != '\u200D' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }
}
