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

    /**
     * Searches the users of every store. Each store evaluates the filter itself (nothing is loaded
     * into memory to be filtered); the results follow the stores' resolution order, the primary store
     * first, and {@code offset}/{@code limit} page over that sequence, asking each store only for
     * its count and the window it contributes. A sort orders the entries within each store; a store
     * without {@link StoreCapability#SORT} keeps its own stable order.
     *
     * <p>A top-level {@code userName eq "DOMAIN/name"} (alone or joined with {@code and}) searches
     * only the store of that domain, for {@code name}. A store that throws {@link
     * StoreUnavailableException} is skipped and named in the result, so one store that is down
     * degrades only its own users.
     *
     * @throws InvalidFilterException when a store cannot evaluate the filter or the sort
     * @since 1.1
     */
    DirectoryPage<User> searchAllUsers(OrganizationRef org, Query query);

    /**
     * Searches the groups of every store that keeps groups ({@link StoreCapability#GROUPS}), like
     * {@link #searchAllUsers}; a top-level {@code displayName eq "DOMAIN/name"} searches only that store.
     *
     * @throws InvalidFilterException when a store cannot evaluate the filter or the sort
     * @since 1.1
     */
    DirectoryPage<Group> searchAllGroups(OrganizationRef org, Query query);
}
