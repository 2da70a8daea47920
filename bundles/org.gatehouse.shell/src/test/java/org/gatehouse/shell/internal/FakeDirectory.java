package org.gatehouse.shell.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.AuthenticationOutcome;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.DirectoryPage;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.GroupUpdate;
import org.gatehouse.api.userstore.NewGroup;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.WritableUserStore;

/** One writable store that keeps users in memory; understands {@code userName sw "x"} filters only. */
final class FakeDirectory implements UserDirectory, WritableUserStore {

    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, String> passwords = new LinkedHashMap<>();
    Query lastQuery;
    private final UserStoreDescriptor descriptor =
            new UserStoreDescriptor("PRIMARY", "Primary", EnumSet.of(StoreCapability.WRITE, StoreCapability.PASSWORD));

    User add(String username, String email) {
        User u = new User("id-" + (users.size() + 1), "PRIMARY", username, true,
                org.gatehouse.api.userstore.UserProfile.builder().email(email).build(), 1, Instant.now(), null);
        users.put(u.id(), u);
        return u;
    }

    @Override public List<UserStore> stores() { return List.of(this); }
    @Override public Optional<UserStore> store(String domain) { return domain.equals("PRIMARY") ? Optional.of(this) : Optional.empty(); }
    @Override public UserStore primary() { return this; }
    @Override public WritableUserStore writable(String domain) { return this; }
    @Override public Optional<User> findUser(OrganizationRef org, String name) { return findUserByUsername(org, name); }
    @Override public AuthenticationOutcome authenticate(OrganizationRef org, String name, char[] password) { throw new UnsupportedOperationException(); }
    @Override public DirectoryPage<User> searchAllUsers(OrganizationRef org, Query query) { return new DirectoryPage<>(searchUsers(org, query), List.of()); }
    @Override public DirectoryPage<Group> searchAllGroups(OrganizationRef org, Query query) { return new DirectoryPage<>(searchGroups(org, query), List.of()); }

    @Override public UserStoreDescriptor descriptor() { return descriptor; }
    @Override public Optional<User> findUserById(OrganizationRef org, String id) { return Optional.ofNullable(users.get(id)); }

    @Override
    public Optional<User> findUserByUsername(OrganizationRef org, String username) {
        return users.values().stream().filter(u -> u.username().equalsIgnoreCase(username)).findFirst();
    }

    @Override
    public Page<User> searchUsers(OrganizationRef org, Query query) {
        lastQuery = query;
        List<User> matches = new ArrayList<>();
        for (User u : users.values()) {
            if (query.filter().isEmpty()
                    || query.filter().get() instanceof Filter.Comparison c && u.username().startsWith(String.valueOf(c.value()))) {
                matches.add(u);
            }
        }
        List<User> page = matches.subList(0, Math.min(matches.size(), query.limit()));
        return new Page<>(page, matches.size(), 0, query.limit());
    }

    @Override
    public User createUser(OrganizationRef org, NewUser user) {
        if (findUserByUsername(org, user.username()).isPresent()) {
            throw new UniquenessConflictException("userName", "taken");
        }
        User u = new User("id-" + (users.size() + 1), "PRIMARY", user.username(), user.active(), user.profile(), 1, Instant.now(), null);
        users.put(u.id(), u);
        user.password().ifPresent(p -> passwords.put(u.id(), new String(p)));
        return u;
    }

    @Override public CredentialCheck verifyPassword(OrganizationRef org, String userId, char[] password) { throw new UnsupportedOperationException(); }
    @Override public Optional<Group> findGroupById(OrganizationRef org, String id) { return Optional.empty(); }
    @Override public Optional<Group> findGroupByName(OrganizationRef org, String name) { return Optional.empty(); }
    @Override public Page<Group> searchGroups(OrganizationRef org, Query query) { return new Page<>(List.of(), 0, 0, 0); }
    @Override public List<Group> groupsOf(OrganizationRef org, String userId) { return List.of(); }
    @Override public Page<User> membersOf(OrganizationRef org, String groupId, int offset, int limit) { return new Page<>(List.of(), 0, 0, 0); }
    @Override public User updateUser(OrganizationRef org, String id, long v, UserUpdate update) { throw new UnsupportedOperationException(); }
    @Override public void deleteUser(OrganizationRef org, String id, long v) { throw new UnsupportedOperationException(); }
    @Override public void setPassword(OrganizationRef org, String userId, char[] password) { throw new UnsupportedOperationException(); }
    @Override public Group createGroup(OrganizationRef org, NewGroup group) { throw new UnsupportedOperationException(); }
    @Override public Group updateGroup(OrganizationRef org, String id, long v, GroupUpdate update) { throw new UnsupportedOperationException(); }
    @Override public void deleteGroup(OrganizationRef org, String id, long v) { throw new UnsupportedOperationException(); }
    @Override public void addMember(OrganizationRef org, String groupId, String userId) { throw new UnsupportedOperationException(); }
    @Override public void removeMember(OrganizationRef org, String groupId, String userId) { throw new UnsupportedOperationException(); }
}
