package org.gatehouse.sample.userstore.file;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserProfile;

/** One row of the CSV file. */
record FileUser(String id, String username, String email, String givenName, String familyName, boolean active, String passwordHash, List<String> groups) {

    static FileUser parse(String line) {
        String[] c = line.split(",", -1);
        if (c.length != 8) {
            throw new IllegalArgumentException("Expected 8 columns: " + line);
        }
        return new FileUser(c[0], c[1], blankToNull(c[2]), blankToNull(c[3]), blankToNull(c[4]), Boolean.parseBoolean(c[5]), c[6],
                c[7].isBlank() ? List.of() : List.of(c[7].split("\\|")));
    }

    User toUser(String domain, Instant loaded) {
        UserProfile profile = UserProfile.builder().email(email).givenName(givenName).familyName(familyName)
                .displayName(givenName == null ? username : givenName + " " + familyName).build();
        return new User(id, domain, username, active, profile, 1, loaded, loaded);
    }

    /** The values the filter evaluator compares, by lower-case SCIM path. */
    Map<String, Object> attributes() {
        return Map.of(
                "id", id,
                "username", username,
                "active", active,
                "emails.value", email == null ? "" : email,
                "name.givenname", givenName == null ? "" : givenName,
                "name.familyname", familyName == null ? "" : familyName,
                "groups.display", String.join("|", groups).toLowerCase(Locale.ROOT));
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s;
    }
}
