package org.gatehouse.api.userstore;

import java.util.Objects;
import java.util.Optional;

/**
 * A user to create.
 *
 * @param username the login name
 * @param active whether the user may log in
 * @param profile descriptive attributes
 * @param password an initial password, hashed by the store; empty for users who log in otherwise
 */
public record NewUser(String username, boolean active, UserProfile profile, Optional<char[]> password) {
    public NewUser {
        Objects.requireNonNull(username, "username");
        profile = profile == null ? UserProfile.empty() : profile;
        password = password == null ? Optional.empty() : password;
    }

    @Override
    public String toString() {
        return "NewUser[username=" + username + ", active=" + active + ", profile=" + profile + "]";
    }
}
