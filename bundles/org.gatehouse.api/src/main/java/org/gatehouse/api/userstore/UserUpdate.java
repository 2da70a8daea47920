package org.gatehouse.api.userstore;

import java.util.Objects;

/**
 * The new mutable state of a user: it replaces the stored username, active flag and profile.
 * Callers that change one attribute read the user, change it, and update with the version they read.
 */
public record UserUpdate(String username, boolean active, UserProfile profile) {
    public UserUpdate {
        Objects.requireNonNull(username, "username");
        profile = profile == null ? UserProfile.empty() : profile;
    }

    /** @return an update that keeps everything the user has now */
    public static UserUpdate of(User user) {
        return new UserUpdate(user.username(), user.active(), user.profile());
    }
}
