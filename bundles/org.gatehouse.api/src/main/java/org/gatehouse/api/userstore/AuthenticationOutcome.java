package org.gatehouse.api.userstore;

import java.util.Optional;

/**
 * The result of checking a username and password across the user stores.
 *
 * @param status what happened
 * @param user the user, present only when the password was correct
 */
public record AuthenticationOutcome(Status status, Optional<User> user) {

    public enum Status {
        /** The password is correct and the user is active. */
        SUCCESS,
        /** Unknown user or wrong password: deliberately indistinguishable. */
        INVALID_CREDENTIALS,
        /** The password is correct but the account is disabled. */
        DISABLED,
        /** The store that holds, or may hold, the user cannot be reached. */
        STORE_UNAVAILABLE
    }

    public AuthenticationOutcome {
        user = user == null ? Optional.empty() : user;
    }

    public boolean succeeded() {
        return status == Status.SUCCESS;
    }
}
