package org.gatehouse.api.userstore;

import java.util.Optional;

/**
 * One entry of {@link WritableUserStore#createUsers}: the user created, or why not.
 *
 * @param user the user as stored, when created
 * @param failure what {@link WritableUserStore#createUser} would have thrown, when not
 */
public record UserCreation(Optional<User> user, Optional<UserStoreException> failure) {

    public UserCreation {
        user = user == null ? Optional.empty() : user;
        failure = failure == null ? Optional.empty() : failure;
        if (user.isPresent() == failure.isPresent()) {
            throw new IllegalArgumentException("A creation has either a user or a failure");
        }
    }

    public static UserCreation created(User user) {
        return new UserCreation(Optional.of(user), Optional.empty());
    }

    public static UserCreation failed(UserStoreException failure) {
        return new UserCreation(Optional.empty(), Optional.of(failure));
    }
}
