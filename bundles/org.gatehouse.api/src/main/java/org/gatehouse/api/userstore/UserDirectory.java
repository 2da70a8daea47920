package org.gatehouse.api.userstore;

import java.util.List;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The runtime's view of every user store it currently tracks. Authenticators and protocols use it
 * instead of binding to stores themselves.
 *
 * <p>Usernames may carry a store prefix, {@code DOMAIN/username}; without one, stores are consulted
 * in their resolution order, the primary store first.
 */
@ProviderType
public interface UserDirectory {

    /** @return the stores in resolution order, the primary store first */
    List<UserStore> stores();

    Optional<UserStore> store(String domain);

    /**
     * @return the primary store
     * @throws StoreUnavailableException when no primary store is registered
     */
    UserStore primary();

    /**
     * @return the store of that domain as a writable store
     * @throws EntityNotFoundException when there is no store of that domain
     * @throws ReadOnlyStoreException when that store is read-only
     */
    WritableUserStore writable(String domain);

    /** Finds a user by a possibly domain-prefixed username. */
    Optional<User> findUser(OrganizationRef org, String qualifiedUsername);

    /**
     * Checks a username and password. Takes about as long for an unknown user as for a wrong
     * password, and answers both alike, so callers cannot learn which usernames exist.
     */
    AuthenticationOutcome authenticate(OrganizationRef org, String qualifiedUsername, char[] password);
}
