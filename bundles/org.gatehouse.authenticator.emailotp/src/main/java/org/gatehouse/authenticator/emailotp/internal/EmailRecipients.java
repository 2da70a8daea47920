package org.gatehouse.authenticator.emailotp.internal;

import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserProfile;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.api.userstore.UserStore;

/** Finds where a user's codes go: the primary email address of the user's profile, in the user's own store. */
final class EmailRecipients {

    private final UserDirectory directory;
    private final boolean requireVerified;

    EmailRecipients(UserDirectory directory, boolean requireVerified) {
        this.directory = directory;
        this.requireVerified = requireVerified;
    }

    /**
     * @return the address, if the user has one that may receive codes
     * @throws org.gatehouse.api.userstore.UserStoreException when the user's store cannot answer
     */
    Optional<String> addressOf(OrganizationRef organization, UserRef user) {
        UserStore store = directory.store(user.domain())
                .orElseThrow(() -> new StoreUnavailableException("The user store " + user.domain() + " is not available", null));
        Optional<User> found = store.findUserById(organization, user.id());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        UserProfile profile = found.get().profile();
        String email = profile.email();
        if (email == null || email.isBlank() || (requireVerified && !profile.emailVerified())) {
            return Optional.empty();
        }
        return Optional.of(email.strip());
    }
}
