package org.gatehouse.authenticator.backupcodes.internal;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.credential.Credential;
import org.gatehouse.api.credential.Credentials;
import org.gatehouse.api.userstore.UserRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a user's valid set. Only the newest set counts: regenerating adds the new set before it
 * removes the old one, and should the removal fail, the old codes are dead all the same.
 *
 * @param credential the credential that holds the set
 * @param codes its unused codes
 */
record CurrentCodeSet(Credential credential, CodeSet codes) {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentCodeSet.class);

    /**
     * @return the user's newest set, or empty if they have none (or it is unreadable)
     * @throws IllegalStateException when the credential store is unavailable
     */
    static Optional<CurrentCodeSet> of(Credentials credentials, OrganizationRef organization, UserRef user) {
        Optional<Credential> newest = credentials.list(organization, user, BackupCodesAuthenticator.ID).stream()
                .max(Comparator.comparing(Credential::createdAt).thenComparing(Credential::id));
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> data = newest.get().data();
        Optional<String> secret = CodeSet.keyed(data) ? credentials.secret(organization, newest.get()) : Optional.empty();
        Optional<CodeSet> codes = CodeSet.read(data, secret);
        if (codes.isEmpty()) {
            LOG.warn("Backup codes credential {} in organization {} has data this version cannot read; it is ignored",
                    newest.get().id(), organization.handle());
        }
        return codes.map(c -> new CurrentCodeSet(newest.get(), c));
    }
}
