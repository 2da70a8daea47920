package org.gatehouse.api.userstore;

import java.time.Instant;
import java.util.Objects;

/**
 * A user as a store holds it.
 *
 * @param id stable identifier within the store, never reused
 * @param domain the domain of the store that holds the user
 * @param username the login name, unique per organization and store, ignoring case
 * @param active whether the user may log in
 * @param profile descriptive attributes
 * @param version increases with every change; updates name the version they were based on
 * @param created when the user was created
 * @param lastModified when the user last changed
 */
public record User(
        String id,
        String domain,
        String username,
        boolean active,
        UserProfile profile,
        long version,
        Instant created,
        Instant lastModified) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(username, "username");
        profile = profile == null ? UserProfile.empty() : profile;
        Objects.requireNonNull(created, "created");
        lastModified = lastModified == null ? created : lastModified;
    }

    public UserRef ref() {
        return new UserRef(domain, id, username);
    }
}
