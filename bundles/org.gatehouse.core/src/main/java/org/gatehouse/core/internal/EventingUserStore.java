package org.gatehouse.core.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.event.IdentityEvent;
import org.gatehouse.api.event.IdentityEventPublisher;
import org.gatehouse.api.event.IdentityEventTypes;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.GroupUpdate;
import org.gatehouse.api.userstore.NewGroup;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserCreation;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.WritableUserStore;

/**
 * A writable store that publishes an identity event after each change it made. Stores stay free of
 * event plumbing; every path that writes through the directory (management API, shell, SCIM) gets
 * the events.
 */
final class EventingUserStore implements WritableUserStore {

    private final WritableUserStore store;
    private final IdentityEventPublisher events;

    EventingUserStore(WritableUserStore store, IdentityEventPublisher events) {
        this.store = store;
        this.events = events;
    }

    private void publish(OrganizationRef org, String type, String subjectId, Map<String, String> attributes) {
        events.publish(new IdentityEvent(UUID.randomUUID().toString(), type, Instant.now(), org, Optional.ofNullable(subjectId), attributes));
    }

    private Map<String, String> domain() {
        return Map.of("domain", store.descriptor().domain());
    }

    @Override
    public User createUser(OrganizationRef org, NewUser user) {
        User created = store.createUser(org, user);
        publish(org, IdentityEventTypes.USER_CREATED, created.id(), Map.of("domain", created.domain(), "username", created.username()));
        return created;
    }

    @Override
    public List<UserCreation> createUsers(OrganizationRef org, List<NewUser> users) {
        List<UserCreation> created = store.createUsers(org, users);
        for (UserCreation c : created) {
            c.user().ifPresent(u -> publish(org, IdentityEventTypes.USER_CREATED, u.id(), Map.of("domain", u.domain(), "username", u.username())));
        }
        return created;
    }

    @Override
    public User updateUser(OrganizationRef org, String id, long expectedVersion, UserUpdate update) {
        User updated = store.updateUser(org, id, expectedVersion, update);
        publish(org, IdentityEventTypes.USER_UPDATED, id, domain());
        return updated;
    }

    @Override
    public void deleteUser(OrganizationRef org, String id, long expectedVersion) {
        store.deleteUser(org, id, expectedVersion);
        publish(org, IdentityEventTypes.USER_DELETED, id, domain());
    }

    @Override
    public void setPassword(OrganizationRef org, String userId, char[] password) {
        store.setPassword(org, userId, password);
        publish(org, IdentityEventTypes.PASSWORD_CHANGED, userId, domain());
    }

    @Override
    public Group createGroup(OrganizationRef org, NewGroup group) {
        Group created = store.createGroup(org, group);
        publish(org, IdentityEventTypes.GROUP_CREATED, created.id(), domain());
        return created;
    }

    @Override
    public Group updateGroup(OrganizationRef org, String id, long expectedVersion, GroupUpdate update) {
        Group updated = store.updateGroup(org, id, expectedVersion, update);
        publish(org, IdentityEventTypes.GROUP_UPDATED, id, domain());
        return updated;
    }

    @Override
    public void deleteGroup(OrganizationRef org, String id, long expectedVersion) {
        store.deleteGroup(org, id, expectedVersion);
        publish(org, IdentityEventTypes.GROUP_DELETED, id, domain());
    }

    @Override
    public void addMember(OrganizationRef org, String groupId, String userId) {
        store.addMember(org, groupId, userId);
        publish(org, IdentityEventTypes.GROUP_MEMBER_ADDED, groupId, Map.of("domain", store.descriptor().domain(), "userId", userId));
    }

    @Override
    public void addMembers(OrganizationRef org, Map<String, ? extends Collection<String>> usersByGroup) {
        store.addMembers(org, usersByGroup);
        usersByGroup.forEach((groupId, userIds) -> userIds.forEach(userId ->
                publish(org, IdentityEventTypes.GROUP_MEMBER_ADDED, groupId, Map.of("domain", store.descriptor().domain(), "userId", userId))));
    }

    @Override
    public void removeMember(OrganizationRef org, String groupId, String userId) {
        store.removeMember(org, groupId, userId);
        publish(org, IdentityEventTypes.GROUP_MEMBER_REMOVED, groupId, Map.of("domain", store.descriptor().domain(), "userId", userId));
    }

    // reads pass straight through

    @Override
    public UserStoreDescriptor descriptor() {
        return store.descriptor();
    }

    @Override
    public Optional<User> findUserById(OrganizationRef org, String id) {
        return store.findUserById(org, id);
    }

    @Override
    public Optional<User> findUserByUsername(OrganizationRef org, String username) {
        return store.findUserByUsername(org, username);
    }

    @Override
    public Page<User> searchUsers(OrganizationRef org, Query query) {
        return store.searchUsers(org, query);
    }

    @Override
    public CredentialCheck verifyPassword(OrganizationRef org, String userId, char[] password) {
        return store.verifyPassword(org, userId, password);
    }

    @Override
    public Optional<Group> findGroupById(OrganizationRef org, String id) {
        return store.findGroupById(org, id);
    }

    @Override
    public Optional<Group> findGroupByName(OrganizationRef org, String name) {
        return store.findGroupByName(org, name);
    }

    @Override
    public Page<Group> searchGroups(OrganizationRef org, Query query) {
        return store.searchGroups(org, query);
    }

    @Override
    public List<Group> groupsOf(OrganizationRef org, String userId) {
        return store.groupsOf(org, userId);
    }

    @Override
    public Page<User> membersOf(OrganizationRef org, String groupId, int offset, int limit) {
        return store.membersOf(org, groupId, offset, limit);
    }
}
