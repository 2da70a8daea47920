package org.gatehouse.api.userstore;

import java.util.Objects;

/**
 * A light reference to a user, as it travels between login steps and into tokens.
 *
 * @param domain the domain of the store that holds the user
 * @param id the user's id within that store
 * @param username the username, for display
 */
public record UserRef(String domain, String id, String username) {
    public UserRef {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
    }
}
