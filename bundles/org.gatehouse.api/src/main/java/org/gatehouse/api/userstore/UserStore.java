package org.gatehouse.api.userstore;

import java.util.List;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of users and groups: a database, a directory, an existing application's tables.
 *
 * <p>Implementations are OSGi services; the runtime binds and unbinds them at any time, so they
 * must be thread-safe and keep no per-request state. Every method is scoped to an organization:
 * a store never returns another organization's entries. Lookups by username are case-insensitive.
 *
 * <p>A store that is temporarily unreachable throws {@link StoreUnavailableException}; the runtime
 * then degrades only that store's users.
 */
@ConsumerType
public interface UserStore {

    /** @return what this store is called and what it can do; must not change while registered */
    UserStoreDescriptor descriptor();

    Optional<User> findUserById(OrganizationRef org, String id);

    /** Finds a user by username, ignoring case. */
    Optional<User> findUserByUsername(OrganizationRef org, String username);

    /**
     * Searches users. The store must evaluate the filter itself (translated to SQL, LDAP, ...) and
     * must not load every user to filter in memory.
     *
     * @throws InvalidFilterException when the filter names an attribute the store cannot search
     */
    Page<User> searchUsers(OrganizationRef org, Query query);

    /**
     * Checks a password. Implementations compare in constant time and may transparently upgrade a
     * stored hash whose parameters are outdated.
     */
    CredentialCheck verifyPassword(OrganizationRef org, String userId, char[] password);

    Optional<Group> findGroupById(OrganizationRef org, String id);

    /** Finds a group by name, ignoring case. */
    Optional<Group> findGroupByName(OrganizationRef org, String name);

    /** Searches groups; filters use the group vocabulary ({@code displayName}, {@code id}, ...). */
    Page<Group> searchGroups(OrganizationRef org, Query query);

    /** @return the groups the user is a direct member of, ordered by name */
    List<Group> groupsOf(OrganizationRef org, String userId);

    /** @return a page of the group's direct members, ordered by username */
    Page<User> membersOf(OrganizationRef org, String groupId, int offset, int limit);
}
