package org.gatehouse.api.userstore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.gatehouse.api.context.OrganizationRef;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A user store that can also change its entries. Every update and delete names the version it was
 * based on; when the stored version differs, the store throws {@link VersionConflictException} and
 * changes nothing, so concurrent writers never silently overwrite each other.
 *
 * <p>A store that implements this interface must include {@link StoreCapability#WRITE} in its
 * descriptor.
 */
@ConsumerType
public interface WritableUserStore extends UserStore {

    /**
     * Creates a user.
     *
     * @throws UniquenessConflictException when the username (ignoring case) is taken
     * @throws InvalidValueException when a value is malformed
     */
    User createUser(OrganizationRef org, NewUser user);

    /**
     * Creates several users, with the outcome {@link #createUser} would have for each, in order:
     * each user is created whole or not at all, independently of the others. Stores may do it
     * faster than one by one (one transaction, batched statements); this default does it one by
     * one. Bulk imports use it.
     *
     * @return one entry per input, in the same order
     * @throws StoreUnavailableException when the store cannot be reached at all
     */
    default List<UserCreation> createUsers(OrganizationRef org, List<NewUser> users) {
        List<UserCreation> result = new ArrayList<>(users.size());
        for (NewUser user : users) {
            try {
                result.add(UserCreation.created(createUser(org, user)));
            } catch (StoreUnavailableException e) {
                throw e;
            } catch (UserStoreException e) {
                result.add(UserCreation.failed(e));
            }
        }
        return result;
    }

    /**
     * Replaces the user's mutable state (username, active flag, profile).
     *
     * @param expectedVersion the version the caller read
     * @return the user as stored, with a new version
     * @throws EntityNotFoundException when there is no such user
     * @throws VersionConflictException when the stored version is not {@code expectedVersion}
     */
    User updateUser(OrganizationRef org, String id, long expectedVersion, UserUpdate update);

    /** Deletes a user, its credentials and its memberships. */
    void deleteUser(OrganizationRef org, String id, long expectedVersion);

    /** Sets (or replaces) the user's password; the store hashes it. */
    void setPassword(OrganizationRef org, String userId, char[] password);

    Group createGroup(OrganizationRef org, NewGroup group);

    Group updateGroup(OrganizationRef org, String id, long expectedVersion, GroupUpdate update);

    void deleteGroup(OrganizationRef org, String id, long expectedVersion);

    /** Adds a direct member; adding an existing member changes nothing. */
    void addMember(OrganizationRef org, String groupId, String userId);

    /**
     * Adds direct members to several groups, as {@link #addMember} would one by one. Stores that
     * can add them all or none in one transaction; this default adds them one by one, so after a
     * failure some may be members (adding them again changes nothing). Bulk imports use it.
     *
     * @param usersByGroup the ids of the users to add, by the id of their group
     * @throws EntityNotFoundException when one of the groups or users does not exist
     */
    default void addMembers(OrganizationRef org, Map<String, ? extends Collection<String>> usersByGroup) {
        usersByGroup.forEach((groupId, userIds) -> userIds.forEach(userId -> addMember(org, groupId, userId)));
    }

    /** Removes a direct member; removing a non-member changes nothing. */
    void removeMember(OrganizationRef org, String groupId, String userId);
}
