package org.gatehouse.authenticator.smsotp.internal;

import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.api.userstore.UserStore;

/**
 * Finds where a user's codes go: the primary phone number of the user's profile, in the user's own
 * store, if it is in E.164 form. (The profile has no "verified" flag for phone numbers, so none can
 * be required.)
 */
final class PhoneRecipients {

    private final UserDirectory directory;

    PhoneRecipients(UserDirectory directory) {
        this.directory = directory;
    }

    /**
     * @return the number, if the user has one that may receive codes
     * @throws org.gatehouse.api.userstore.UserStoreException when the user's store cannot answer
     */
    Optional<String> numberOf(OrganizationRef organization, UserRef user) {
        UserStore store = directory.store(user.domain())
                .orElseThrow(() -> new StoreUnavailableException("The user store " + user.domain() + " is not available", null));
        return store.findUserById(organization, user.id())
                .map(User::profile)
                .map(profile -> profile.phoneNumber())
                .map(String::strip)
                .filter(PhoneNumbers::isE164);
    }
}
