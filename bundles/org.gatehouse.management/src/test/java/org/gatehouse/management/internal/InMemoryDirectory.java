package org.gatehouse.management.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.AuthenticationOutcome;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.DirectoryPage;
import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.GroupUpdate;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.NewGroup;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.ReadOnlyStoreException;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.VersionConflictException;
import org.gatehouse.api.userstore.WritableUserStore;

/** A user directory with one writable in-memory store, for tests. Passwords are kept in clear. */
class InMemoryDirectory implements UserDirectory {

    final Store primary = new Store(UserStoreDescriptor.PRIMARY_DOMAIN,
            EnumSet.of(StoreCapability.WRITE, StoreCapability.GROUPS, StoreCapability.PASSWORD, StoreCapability.SORT));
    final List<UserStore> extra = new ArrayList<>();
    final AtomicInteger authentications = new AtomicInteger();
    volatile boolean unavailable;

    @Override
    public List<UserStore> stores() {
        List<UserStore> all = new ArrayList<>();
        all.add(primary);
        all.addAll(extra);
        return all;
    }

    @Override
    public Optional<UserStore> store(String domain) {
        return stores().stream().filter(s -> s.descriptor().domain().equals(domain)).findFirst();
    }

    @Override
    public UserStore primary() {
        return primary;
    }

    @Override
    public DirectoryPage<User> searchAllUsers(OrganizationRef org, Query query) {
        return new DirectoryPage<>(primary.searchUsers(org, query), List.of());
    }

    @Override
    public DirectoryPage<Group> searchAllGroups(OrganizationRef org, Query query) {
        return new DirectoryPage<>(primary.searchGroups(org, query), List.of());
    }

    @Override
    public WritableUserStore writable(String domain) {
        UserStore store = store(domain).orElseThrow(() -> new EntityNotFoundException("No store " + domain));
        if (store instanceof WritableUserStore w) {
            return w;
        }
        throw new ReadOnlyStoreException(domain);
    }

    @Override
    public Optional<User> findUser(OrganizationRef org, String qualifiedUsername) {
        return primary.findUserByUsername(org, qualifiedUsername);
    }

    @Override
    public AuthenticationOutcome authenticate(OrganizationRef org, String qualifiedUsername, char[] password) {
        authentications.incrementAndGet();
        if (unavailable) {
            return new AuthenticationOutcome(AuthenticationOutcome.Status.STORE_UNAVAILABLE, Optional.empty());
        }
        Optional<User> user = primary.findUserByUsername(org, qualifiedUsername);
        if (user.isEmpty() || primary.verifyPassword(org, user.get().id(), password) != CredentialCheck.VALID) {
            return new AuthenticationOutcome(AuthenticationOutcome.Status.INVALID_CREDENTIALS, Optional.empty());
        }
        if (!user.get().active()) {
            return new AuthenticationOutcome(AuthenticationOutcome.Status.DISABLED, Optional.empty());
        }
        return new AuthenticationOutcome(AuthenticationOutcome.Status.SUCCESS, user);
    }

    /** Creates an active user with a password and adds it to the named groups (created on demand). */
    User user(String username, String password, String... groups) {
        User u = primary.createUser(OrganizationRef.root(), new NewUser(username, true, null, Optional.of(password.toCharArray())));
        for (String g : groups) {
            Group group = primary.findGroupByName(OrganizationRef.root(), g)
                    .orElseGet(() -> primary.createGroup(OrganizationRef.root(), new NewGroup(g, null)));
            primary.addMember(OrganizationRef.root(), group.id(), u.id());
        }
        return u;
    }

    static class Store implements WritableUserStore {
        private final UserStoreDescriptor descriptor;
        final Map<String, User> users = new LinkedHashMap<>();
        final Map<String, String> passwords = new LinkedHashMap<>();
        final Map<String, Group> groups = new LinkedHashMap<>();
        final Map<String, Set<String>> members = new LinkedHashMap<>();

        Store(String domain, Set<StoreCapability> capabilities) {
            this.descriptor = new UserStoreDescriptor(domain, domain, capabilities);
        }

        @Override
        public UserStoreDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public synchronized Optional<User> findUserById(OrganizationRef org, String id) {
            return Optional.ofNullable(users.get(id));
        }

        @Override
        public synchronized Optional<User> findUserByUsername(OrganizationRef org, String username) {
            return users.values().stream().filter(u -> u.username().equalsIgnoreCase(username)).findFirst();
        }

        @Override
        public synchronized Page<User> searchUsers(OrganizationRef org, Query query) {
            List<User> matches = users.values().stream()
                    .filter(u -> query.filter().map(f -> matches(u, f)).orElse(true))
                    .sorted(query.sort().map(InMemoryDirectory::order).orElse(Comparator.comparing(User::username)))
                    .toList();
            return new Page<>(window(matches, query.offset(), query.limit()), matches.size(), query.offset(), query.limit());
        }

        @Override
        public synchronized CredentialCheck verifyPassword(OrganizationRef org, String userId, char[] password) {
            String stored = passwords.get(userId);
            if (stored == null) {
                return CredentialCheck.NOT_SET;
            }
            return stored.equals(new String(password)) ? CredentialCheck.VALID : CredentialCheck.INVALID;
        }

        @Override
        public synchronized Optional<Group> findGroupById(OrganizationRef org, String id) {
            return Optional.ofNullable(groups.get(id));
        }

        @Override
        public synchronized Optional<Group> findGroupByName(OrganizationRef org, String name) {
            return groups.values().stream().filter(g -> g.name().equalsIgnoreCase(name)).findFirst();
        }

        @Override
        public synchronized Page<Group> searchGroups(OrganizationRef org, Query query) {
            List<Group> matches = groups.values().stream()
                    .filter(g -> query.filter().map(f -> matchesGroup(g, f)).orElse(true))
                    .sorted(Comparator.comparing(Group::name))
                    .toList();
            return new Page<>(window(matches, query.offset(), query.limit()), matches.size(), query.offset(), query.limit());
        }

        @Override
        public synchronized List<Group> groupsOf(OrganizationRef org, String userId) {
            return groups.values().stream()
                    .filter(g -> members.getOrDefault(g.id(), Set.of()).contains(userId))
                    .sorted(Comparator.comparing(Group::name))
                    .toList();
        }

        @Override
        public synchronized Page<User> membersOf(OrganizationRef org, String groupId, int offset, int limit) {
            List<User> list = members.getOrDefault(groupId, Set.of()).stream()
                    .map(users::get)
                    .sorted(Comparator.comparing(User::username))
                    .toList();
            return new Page<>(window(list, offset, limit), list.size(), offset, limit);
        }

        @Override
        public synchronized User createUser(OrganizationRef org, NewUser user) {
            if (findUserByUsername(org, user.username()).isPresent()) {
                throw new UniquenessConflictException("userName", "The username " + user.username() + " is taken");
            }
            Instant now = Instant.now();
            User created = new User(UUID.randomUUID().toString(), descriptor.domain(), user.username(), user.active(), user.profile(), 1, now, now);
            users.put(created.id(), created);
            user.password().ifPresent(p -> passwords.put(created.id(), new String(p)));
            return created;
        }

        @Override
        public synchronized User updateUser(OrganizationRef org, String id, long expectedVersion, UserUpdate update) {
            User current = users.get(id);
            if (current == null) {
                throw new EntityNotFoundException("No user " + id);
            }
            if (current.version() != expectedVersion) {
                throw new VersionConflictException("User " + id, expectedVersion, current.version());
            }
            Optional<User> clash = findUserByUsername(org, update.username());
            if (clash.isPresent() && !clash.get().id().equals(id)) {
                throw new UniquenessConflictException("userName", "The username " + update.username() + " is taken");
            }
            User updated = new User(id, current.domain(), update.username(), update.active(), update.profile(),
                    current.version() + 1, current.created(), Instant.now());
            users.put(id, updated);
            return updated;
        }

        @Override
        public synchronized void deleteUser(OrganizationRef org, String id, long expectedVersion) {
            User current = users.get(id);
            if (current == null) {
                throw new EntityNotFoundException("No user " + id);
            }
            if (current.version() != expectedVersion) {
                throw new VersionConflictException("User " + id, expectedVersion, current.version());
            }
            users.remove(id);
            passwords.remove(id);
            members.values().forEach(m -> m.remove(id));
        }

        @Override
        public synchronized void setPassword(OrganizationRef org, String userId, char[] password) {
            if (!users.containsKey(userId)) {
                throw new EntityNotFoundException("No user " + userId);
            }
            passwords.put(userId, new String(password));
        }

        @Override
        public synchronized Group createGroup(OrganizationRef org, NewGroup group) {
            if (findGroupByName(org, group.name()).isPresent()) {
                throw new UniquenessConflictException("displayName", "The group " + group.name() + " exists");
            }
            Instant now = Instant.now();
            Group created = new Group(UUID.randomUUID().toString(), descriptor.domain(), group.name(), group.description(), 1, now, now);
            groups.put(created.id(), created);
            members.put(created.id(), new LinkedHashSet<>());
            return created;
        }

        @Override
        public synchronized Group updateGroup(OrganizationRef org, String id, long expectedVersion, GroupUpdate update) {
            Group current = groups.get(id);
            if (current == null) {
                throw new EntityNotFoundException("No group " + id);
            }
            if (current.version() != expectedVersion) {
                throw new VersionConflictException("Group " + id, expectedVersion, current.version());
            }
            Group updated = new Group(id, current.domain(), update.name(), update.description(), current.version() + 1, current.created(), Instant.now());
            groups.put(id, updated);
            return updated;
        }

        @Override
        public synchronized void deleteGroup(OrganizationRef org, String id, long expectedVersion) {
            Group current = groups.get(id);
            if (current == null) {
                throw new EntityNotFoundException("No group " + id);
            }
            if (current.version() != expectedVersion) {
                throw new VersionConflictException("Group " + id, expectedVersion, current.version());
            }
            groups.remove(id);
            members.remove(id);
        }

        @Override
        public synchronized void addMember(OrganizationRef org, String groupId, String userId) {
            if (!groups.containsKey(groupId)) {
                throw new EntityNotFoundException("No group " + groupId);
            }
            members.get(groupId).add(userId);
        }

        @Override
        public synchronized void removeMember(OrganizationRef org, String groupId, String userId) {
            if (!groups.containsKey(groupId)) {
                throw new EntityNotFoundException("No group " + groupId);
            }
            members.get(groupId).remove(userId);
        }
    }

    private static <T> List<T> window(List<T> all, int offset, int limit) {
        if (offset >= all.size()) {
            return List.of();
        }
        return all.subList(offset, Math.min(all.size(), offset + limit));
    }

    private static Comparator<User> order(Query.Sort sort) {
        Comparator<User> c = Comparator.comparing(u -> String.valueOf(value(u, sort.path())));
        return sort.descending() ? c.reversed() : c;
    }

    private static Object value(User u, AttributePath path) {
        return switch (path.key()) {
            case "id" -> u.id();
            case "username" -> u.username();
            case "active" -> u.active();
            case "displayname" -> u.profile().displayName();
            case "name.givenname" -> u.profile().givenName();
            case "name.familyname" -> u.profile().familyName();
            case "emails.value" -> u.profile().email();
            case "phonenumbers.value" -> u.profile().phoneNumber();
            case "locale" -> u.profile().locale();
            case "meta.created" -> u.created();
            case "meta.lastmodified" -> u.lastModified();
            default -> throw new InvalidFilterException("Cannot search by " + path);
        };
    }

    private static boolean matches(User u, Filter f) {
        if (f instanceof Filter.And a) {
            return matches(u, a.left()) && matches(u, a.right());
        }
        if (f instanceof Filter.Or o) {
            return matches(u, o.left()) || matches(u, o.right());
        }
        if (f instanceof Filter.Not n) {
            return !matches(u, n.filter());
        }
        if (f instanceof Filter.Present p) {
            return value(u, p.path()) != null;
        }
        if (f instanceof Filter.Comparison c) {
            return compare(value(u, c.path()), c);
        }
        throw new InvalidFilterException("Unsupported filter " + f);
    }

    private static boolean matchesGroup(Group g, Filter f) {
        if (f instanceof Filter.Comparison c && c.path().key().equals("displayname")) {
            return compare(g.name(), c);
        }
        throw new InvalidFilterException("Unsupported group filter " + f);
    }

    private static boolean compare(Object actual, Filter.Comparison c) {
        String a = actual == null ? null : String.valueOf(actual).toLowerCase(Locale.ROOT);
        String v = c.value() == null ? null : String.valueOf(c.value()).toLowerCase(Locale.ROOT);
        return switch (c.operator()) {
            case EQ -> a == null ? v == null : a.equals(v);
            case NE -> a == null ? v != null : !a.equals(v);
            case SW -> a != null && v != null && a.startsWith(v);
            case EW -> a != null && v != null && a.endsWith(v);
            case CO -> a != null && v != null && a.contains(v);
            default -> throw new InvalidFilterException("Unsupported operator " + c.operator());
        };
    }
}
