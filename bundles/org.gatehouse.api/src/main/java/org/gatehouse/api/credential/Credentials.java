package org.gatehouse.api.credential;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.UserRef;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime's store of users' factors ({@link Credential}), for authenticators. Implemented by the
 * runtime; every method may throw {@link IllegalStateException} when the database is unavailable.
 */
@ProviderType
public interface Credentials {

    /** @param type a credential type, or {@code null} for all of the user's credentials */
    List<Credential> list(OrganizationRef organization, UserRef user, String type);

    /** Finds a credential by its lookup key (see {@link Credential#key()}). */
    Optional<Credential> findByKey(OrganizationRef organization, String type, String key);

    /** @throws CredentialConflictException when the key is taken */
    Credential add(OrganizationRef organization, UserRef user, NewCredential credential);

    /** @return the decrypted secret stored with the credential, if it has one */
    Optional<String> secret(OrganizationRef organization, Credential credential);

    /**
     * Replaces the credential's data, if it is still at the version it was read at: a compare-and-set
     * that makes replays of one-time values fail when two logins race.
     *
     * @param used whether this update records a successful use (sets {@link Credential#lastUsedAt()})
     * @throws CredentialConflictException when the credential changed or was removed meanwhile
     */
    Credential update(OrganizationRef organization, Credential credential, Map<String, String> data, boolean used);

    /** Removes one of the user's credentials; removing one that is not there does nothing. */
    void remove(OrganizationRef organization, UserRef user, String credentialId);
}
