package org.gatehouse.userstore.ldap.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.message.SearchScope;
import org.apache.directory.api.ldap.model.name.Dn;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.CredentialCheck;
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
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.VersionConflictException;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.crypto.PasswordHasher;
import org.gatehouse.userstore.ldap.internal.EntryReader.DirectoryGroup;
import org.gatehouse.userstore.ldap.internal.EntryReader.DirectoryUser;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user store in an LDAP directory or Active Directory, one per factory configuration.
 *
 * <p>Registered as a {@link UserStore}; the object is always a {@link WritableUserStore}, but only
 * a read-write configuration declares {@link StoreCapability#WRITE}, and the runtime hands out
 * writable stores only for that capability (a read-only store refuses every change with {@link
 * ReadOnlyStoreException} anyway). It is never registered under {@code WritableUserStore}, so the
 * bootstrap, which creates the first administrator in the writable PRIMARY store, cannot pick a
 * directory by accident.
 *
 * <p>Activation does not contact the directory: a directory that is down when Gatehouse starts
 * degrades this store's users only ({@link org.gatehouse.api.userstore.StoreUnavailableException}),
 * and the store works as soon as the directory is back.
 */
@Component(service = UserStore.class, configurationPid = LdapUserStoreConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = LdapUserStoreConfiguration.class, factory = true)
public final class LdapUserStore implements WritableUserStore {

    private static final Logger LOG = LoggerFactory.getLogger(LdapUserStore.class);
    /** caseIgnoreOrderingMatch (RFC 4517 4.2.12). */
    private static final String CASE_IGNORE_ORDERING = "2.5.13.3";

    private final LdapSettings settings;
    private final UserStoreDescriptor descriptor;
    private final DirectoryConnections connections;
    private final EntryReader reader;
    private final PagedSearch paged;
    private final DirectoryWriter writer;
    private final FilterTranslator userFilters;
    private final FilterTranslator groupFilters;
    private final String userBaseFilter;
    private final PasswordHasher hasher;

    @Activate
    public LdapUserStore(LdapUserStoreConfiguration config, @Reference PasswordHasher hasher) {
        this(checked(config), hasher);
    }

    LdapUserStore(LdapSettings settings, PasswordHasher hasher) {
        this(settings, hasher, TrustedCertificates.of(settings.trustedCertificates(), settings.host()));
    }

    LdapUserStore(LdapSettings settings, PasswordHasher hasher, TrustManager[] trust) {
        this.settings = settings;
        this.hasher = hasher;
        EnumSet<StoreCapability> capabilities = EnumSet.of(StoreCapability.PASSWORD);
        if (!settings.readOnly()) {
            capabilities.add(StoreCapability.WRITE);
        }
        if (settings.groups().isPresent()) {
            capabilities.add(StoreCapability.GROUPS);
        }
        if (settings.serverSideSort()) {
            capabilities.add(StoreCapability.SORT);
        }
        this.descriptor = new UserStoreDescriptor(settings.domain(), settings.displayName(), capabilities);
        this.connections = new DirectoryConnections(settings, trust);
        this.reader = new EntryReader(settings);
        this.paged = new PagedSearch(settings.domain(), settings.pageSize(), settings.countLimit(), settings.operationTimeout());
        this.writer = new DirectoryWriter(settings);
        this.userBaseFilter = LdapFilters.and(settings.userFilter().isPresent()
                ? new String[] {LdapFilters.equality("objectClass", settings.userObjectClass()), settings.userFilter().get()}
                : new String[] {LdapFilters.equality("objectClass", settings.userObjectClass())});
        this.userFilters = new FilterTranslator(userTargets(settings), activeFilter(settings), this::groupDn);
        this.groupFilters = new FilterTranslator(groupTargets(settings), LdapFilters.TRUE, this::userDn);
        LOG.info("LDAP user store {} configured: {}", settings.domain(), settings);
    }

    /** Validates the configuration; a mistake is logged with the setting it concerns and fails the activation. */
    private static LdapSettings checked(LdapUserStoreConfiguration config) {
        try {
            return LdapSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("LDAP user store configuration rejected: {}", e.getMessage());
            throw e;
        }
    }

    @Deactivate
    void close() {
        connections.close();
        LOG.info("LDAP user store {} stopped", settings.domain());
    }

    @Override
    public UserStoreDescriptor descriptor() {
        return descriptor;
    }

    // ---- users: reads

    @Override
    public Optional<User> findUserById(OrganizationRef org, String id) {
        if (!ours(org)) {
            return Optional.empty();
        }
        return userById(id).map(DirectoryUser::user);
    }

    @Override
    public Optional<User> findUserByUsername(OrganizationRef org, String username) {
        if (!ours(org) || username == null || username.isEmpty() || username.length() > 256) {
            return Optional.empty();
        }
        return userByUsername(username).map(DirectoryUser::user);
    }

    @Override
    public Page<User> searchUsers(OrganizationRef org, Query query) {
        String filter = query.filter().map(f -> LdapFilters.and(userBaseFilter, userFilters.translate(f))).orElse(userBaseFilter);
        Optional<PagedSearch.Sort> sort = sort(query, userFilters);
        if (!ours(org)) {
            return new Page<>(List.of(), 0, query.offset(), query.limit());
        }
        PagedSearch.Request request = new PagedSearch.Request(settings.userBaseDn(), userScope(), filter, reader.userAttributes(), sort);
        PagedSearch.Window window = connections.execute(c -> paged.window(c, request, query.offset(), query.limit()));
        List<User> users = window.entries().stream().map(reader::user).flatMap(Optional::stream).map(DirectoryUser::user).toList();
        return new Page<>(users, window.total(), query.offset(), query.limit());
    }

    private Optional<PagedSearch.Sort> sort(Query query, FilterTranslator translator) {
        if (query.sort().isEmpty()) {
            return Optional.empty();
        }
        if (!settings.serverSideSort()) {
            throw new InvalidFilterException("The user store " + settings.domain() + " cannot sort (serverSideSort is off)");
        }
        Query.Sort s = query.sort().get();
        FilterTranslator.Target target = translator.sortTarget(s.path());
        // most name attributes have no ORDERING rule in OpenLDAP's schema: name caseIgnoreOrderingMatch explicitly
        String rule = target.kind() == FilterTranslator.Kind.TEXT && !settings.type().isActiveDirectory() ? CASE_IGNORE_ORDERING : null;
        return Optional.of(new PagedSearch.Sort(target.attribute(), rule, s.descending()));
    }

    /**
     * Checks the password by binding as the user. An unknown id and a wrong password both answer
     * INVALID; an empty password is never sent, because a simple bind with a DN and no password is
     * an "unauthenticated bind" that many directories accept (RFC 4513 5.1.2).
     */
    @Override
    public CredentialCheck verifyPassword(OrganizationRef org, String userId, char[] password) {
        if (!ours(org) || password == null || password.length == 0 || password.length > 1024) {
            return CredentialCheck.INVALID;
        }
        Optional<DirectoryUser> user = userById(userId);
        if (user.isPresent() && connections.execute(c -> writer.bindAs(c, user.get().dn(), password))) {
            return CredentialCheck.VALID;
        }
        // the runtime spends a password hash on an unknown username; a bind is far cheaper, so a
        // wrong password spends one too, or the time of the answer would tell which names exist
        hasher.verifyNothing(password);
        return CredentialCheck.INVALID;
    }

    // ---- users: writes

    @Override
    public User createUser(OrganizationRef org, NewUser user) {
        requireWritable(org);
        String username = Values.username(user.username(), settings.type().isActiveDirectory());
        Values.profile(user.profile());
        user.password().ifPresent(Values::password);
        if (userByUsername(username).isPresent()) {
            throw new UniquenessConflictException("userName", "The username '" + username + "' is taken in the user store " + settings.domain());
        }
        String dn = writer.newUserDn(username, user.profile());
        connections.execute(c -> {
            writer.addUser(c, dn, username, user);
            return null;
        });
        if (user.password().isPresent() && !settings.type().isActiveDirectory()) {
            // OpenLDAP hashes what the password modify operation sets; a userPassword in the add would stay clear text
            connections.execute(c -> {
                writer.setPassword(c, dn, user.password().get());
                return null;
            });
        }
        return userByDn(dn).map(DirectoryUser::user)
                .orElseThrow(() -> new EntityNotFoundException("The new user " + username + " is outside the store's base DN or filter"));
    }

    @Override
    public User updateUser(OrganizationRef org, String id, long expectedVersion, UserUpdate update) {
        requireWritable(org);
        String username = Values.username(update.username(), settings.type().isActiveDirectory());
        Values.profile(update.profile());
        DirectoryUser current = currentVersion(id, expectedVersion);
        if (!username.equalsIgnoreCase(current.user().username())) {
            userByUsername(username).ifPresent(other -> {
                throw new UniquenessConflictException("userName", "The username '" + username + "' is taken in the user store " + settings.domain());
            });
        }
        String dn;
        try {
            dn = connections.execute(c -> writer.updateUser(c, current, username, update));
        } catch (VersionConflictException e) {
            throw userConflict(id, expectedVersion);
        }
        return userByDn(dn).map(DirectoryUser::user).orElseThrow(() -> new EntityNotFoundException("User " + id + " was deleted concurrently"));
    }

    @Override
    public void deleteUser(OrganizationRef org, String id, long expectedVersion) {
        requireWritable(org);
        DirectoryUser current = currentVersion(id, expectedVersion);
        try {
            connections.execute(c -> {
                writer.delete(c, current.dn(), current.rawVersion(), "User " + id, expectedVersion);
                return null;
            });
        } catch (VersionConflictException e) {
            throw userConflict(id, expectedVersion);
        }
        if (settings.groups().isPresent() && !settings.type().isActiveDirectory()) {
            // Active Directory drops the links itself; OpenLDAP only with the refint overlay
            for (DirectoryGroup g : groupsWithMember(current.dn())) {
                connections.execute(c -> {
                    writer.removeMember(c, g, current.dn());
                    return null;
                });
            }
        }
    }

    @Override
    public void setPassword(OrganizationRef org, String userId, char[] password) {
        requireWritable(org);
        Values.password(password);
        DirectoryUser user = userById(userId).orElseThrow(() -> new EntityNotFoundException("No user " + userId));
        connections.execute(c -> {
            writer.setPassword(c, user.dn(), password);
            return null;
        });
    }

    private DirectoryUser currentVersion(String id, long expectedVersion) {
        DirectoryUser current = userById(id).orElseThrow(() -> new EntityNotFoundException("No user " + id));
        if (current.user().version() != expectedVersion) {
            throw new VersionConflictException("User " + id, expectedVersion, current.user().version());
        }
        return current;
    }

    // ---- groups

    @Override
    public Optional<Group> findGroupById(OrganizationRef org, String id) {
        return ours(org) ? groupById(id).map(DirectoryGroup::group) : Optional.empty();
    }

    @Override
    public Optional<Group> findGroupByName(OrganizationRef org, String name) {
        if (!ours(org) || settings.groups().isEmpty() || name == null || name.isEmpty() || name.length() > 256) {
            return Optional.empty();
        }
        return groupByName(name).map(DirectoryGroup::group);
    }

    @Override
    public Page<Group> searchGroups(OrganizationRef org, Query query) {
        if (settings.groups().isEmpty()) {
            return new Page<>(List.of(), 0, query.offset(), query.limit());
        }
        String filter = query.filter().map(f -> LdapFilters.and(groupBaseFilter(), groupFilters.translate(f))).orElse(groupBaseFilter());
        Optional<PagedSearch.Sort> sort = sort(query, groupFilters);
        if (!ours(org)) {
            return new Page<>(List.of(), 0, query.offset(), query.limit());
        }
        PagedSearch.Request request = new PagedSearch.Request(groupBase(), SearchScope.SUBTREE, filter, reader.groupAttributes(), sort);
        PagedSearch.Window window = connections.execute(c -> paged.window(c, request, query.offset(), query.limit()));
        List<Group> groups = window.entries().stream().map(reader::group).flatMap(Optional::stream).map(DirectoryGroup::group).toList();
        return new Page<>(groups, window.total(), query.offset(), query.limit());
    }

    @Override
    public List<Group> groupsOf(OrganizationRef org, String userId) {
        if (!ours(org) || settings.groups().isEmpty()) {
            return List.of();
        }
        DirectoryUser user = userById(userId).orElse(null);
        if (user == null) {
            return List.of();
        }
        List<DirectoryGroup> groups;
        if (settings.groups().get().resolution() == GroupResolution.MEMBER_OF) {
            groups = new ArrayList<>();
            for (String dn : user.memberOf()) {
                if (isBelow(dn, groupBase())) {
                    groupByDn(dn).ifPresent(groups::add);
                }
            }
        } else {
            groups = groupsWithMember(user.dn());
        }
        return groups.stream().map(DirectoryGroup::group).sorted(Comparator.comparing(g -> g.name().toLowerCase(Locale.ROOT))).toList();
    }

    /**
     * The group's direct members, from its member attribute: ordered by DN (which is the order of
     * usernames when the RDN is the username, as with uid=...), and only the window is looked up.
     */
    @Override
    public Page<User> membersOf(OrganizationRef org, String groupId, int offset, int limit) {
        if (!ours(org)) {
            throw new EntityNotFoundException("No group " + groupId);
        }
        DirectoryGroup group = groupById(groupId).orElseThrow(() -> new EntityNotFoundException("No group " + groupId));
        List<String> members = group.members().stream().filter(dn -> isBelow(dn, settings.userBaseDn()))
                .sorted(Comparator.comparing(dn -> dn.toLowerCase(Locale.ROOT))).toList();
        List<User> users = new ArrayList<>();
        for (String dn : members.subList(Math.min(offset, members.size()), Math.min(members.size(), offset + Math.max(0, limit)))) {
            userByDn(dn).ifPresent(u -> users.add(u.user()));
        }
        users.sort(Comparator.comparing(u -> u.username().toLowerCase(Locale.ROOT)));
        return new Page<>(users, members.size(), offset, limit);
    }

    @Override
    public Group createGroup(OrganizationRef org, NewGroup group) {
        requireWritable(org);
        requireGroups();
        String name = Values.groupName(group.name());
        String description = Values.description(group.description());
        if (groupByName(name).isPresent()) {
            throw new UniquenessConflictException("displayName", "The group '" + name + "' exists in the user store " + settings.domain());
        }
        String dn = writer.newGroupDn(name);
        connections.execute(c -> {
            writer.addGroup(c, dn, name, description);
            return null;
        });
        return groupByDn(dn).map(DirectoryGroup::group).orElseThrow(() -> new EntityNotFoundException("The new group " + name + " cannot be read"));
    }

    @Override
    public Group updateGroup(OrganizationRef org, String id, long expectedVersion, GroupUpdate update) {
        requireWritable(org);
        requireGroups();
        String name = Values.groupName(update.name());
        String description = Values.description(update.description());
        DirectoryGroup current = currentGroupVersion(id, expectedVersion);
        if (!name.equalsIgnoreCase(current.group().name())) {
            groupByName(name).ifPresent(other -> {
                throw new UniquenessConflictException("displayName", "The group '" + name + "' exists in the user store " + settings.domain());
            });
        }
        String dn;
        try {
            dn = connections.execute(c -> writer.updateGroup(c, current, name, description));
        } catch (VersionConflictException e) {
            throw groupConflict(id, expectedVersion);
        }
        return groupByDn(dn).map(DirectoryGroup::group).orElseThrow(() -> new EntityNotFoundException("Group " + id + " was deleted concurrently"));
    }

    @Override
    public void deleteGroup(OrganizationRef org, String id, long expectedVersion) {
        requireWritable(org);
        requireGroups();
        DirectoryGroup current = currentGroupVersion(id, expectedVersion);
        try {
            connections.execute(c -> {
                writer.delete(c, current.dn(), current.rawVersion(), "Group " + id, expectedVersion);
                return null;
            });
        } catch (VersionConflictException e) {
            throw groupConflict(id, expectedVersion);
        }
    }

    @Override
    public void addMember(OrganizationRef org, String groupId, String userId) {
        requireWritable(org);
        requireGroups();
        DirectoryGroup group = groupById(groupId).orElseThrow(() -> new EntityNotFoundException("No group " + groupId));
        DirectoryUser user = userById(userId).orElseThrow(() -> new EntityNotFoundException("No user " + userId));
        connections.execute(c -> {
            writer.addMember(c, group, user.dn());
            return null;
        });
    }

    @Override
    public void removeMember(OrganizationRef org, String groupId, String userId) {
        requireWritable(org);
        requireGroups();
        DirectoryGroup group = groupById(groupId).orElseThrow(() -> new EntityNotFoundException("No group " + groupId));
        Optional<DirectoryUser> user = userById(userId);
        if (user.isEmpty()) {
            return;
        }
        connections.execute(c -> {
            writer.removeMember(c, group, user.get().dn());
            return null;
        });
    }

    /** The directory's assertion failed: someone changed the entry in between; report what it is now. */
    private RuntimeException userConflict(String id, long expectedVersion) {
        return userById(id).<RuntimeException>map(u -> new VersionConflictException("User " + id, expectedVersion, u.user().version()))
                .orElseGet(() -> new EntityNotFoundException("No user " + id));
    }

    private RuntimeException groupConflict(String id, long expectedVersion) {
        return groupById(id).<RuntimeException>map(g -> new VersionConflictException("Group " + id, expectedVersion, g.group().version()))
                .orElseGet(() -> new EntityNotFoundException("No group " + id));
    }

    private DirectoryGroup currentGroupVersion(String id, long expectedVersion) {
        DirectoryGroup current = groupById(id).orElseThrow(() -> new EntityNotFoundException("No group " + id));
        if (current.group().version() != expectedVersion) {
            throw new VersionConflictException("Group " + id, expectedVersion, current.group().version());
        }
        return current;
    }

    // ---- lookups

    private Optional<DirectoryUser> userById(String id) {
        if (!Ids.isUuid(id)) {
            return Optional.empty();
        }
        return oneUser(LdapFilters.and(userBaseFilter, idFilter(id)));
    }

    /** Active Directory users log in with their sAMAccountName or their userPrincipalName (name@domain). */
    private Optional<DirectoryUser> userByUsername(String username) {
        String byName = LdapFilters.equality(settings.usernameAttribute(), username);
        if (settings.type().isActiveDirectory() && username.contains("@")) {
            byName = LdapFilters.or(byName, LdapFilters.equality("userPrincipalName", username));
        }
        return oneUser(LdapFilters.and(userBaseFilter, byName));
    }

    private Optional<DirectoryUser> userByDn(String dn) {
        return connections.execute(c -> {
            List<DirectoryUser> found = new ArrayList<>();
            paged.visit(c, new PagedSearch.Request(dn, SearchScope.OBJECT, userBaseFilter, reader.userAttributes(), Optional.empty()), e -> {
                reader.user(e).ifPresent(found::add);
                return true;
            });
            return found.stream().findFirst();
        });
    }

    /** A lookup that must match at most one entry; two matches are a directory mistake, and match nobody rather than the wrong user. */
    private Optional<DirectoryUser> oneUser(String filter) {
        PagedSearch.Request request = new PagedSearch.Request(settings.userBaseDn(), userScope(), filter, reader.userAttributes(), Optional.empty());
        List<DirectoryUser> found = connections.execute(c -> {
            List<DirectoryUser> list = new ArrayList<>(2);
            paged.visit(c, request, e -> {
                reader.user(e).ifPresent(list::add);
                return list.size() < 2;
            });
            return list;
        });
        if (found.size() > 1) {
            LOG.warn("User store {}: {} matches more than one entry ({}, {}, ...); treating it as no match", settings.domain(), filter,
                    found.get(0).dn(), found.get(1).dn());
            return Optional.empty();
        }
        return found.stream().findFirst();
    }

    private Optional<DirectoryGroup> groupById(String id) {
        if (settings.groups().isEmpty() || !Ids.isUuid(id)) {
            return Optional.empty();
        }
        return oneGroup(LdapFilters.and(groupBaseFilter(), idFilter(id)));
    }

    private Optional<DirectoryGroup> groupByName(String name) {
        return oneGroup(LdapFilters.and(groupBaseFilter(), LdapFilters.equality(settings.groups().get().nameAttribute(), name)));
    }

    private Optional<DirectoryGroup> groupByDn(String dn) {
        return connections.execute(c -> {
            List<DirectoryGroup> found = new ArrayList<>();
            paged.visit(c, new PagedSearch.Request(dn, SearchScope.OBJECT, groupBaseFilter(), reader.groupAttributes(), Optional.empty()), e -> {
                reader.group(e).ifPresent(found::add);
                return true;
            });
            return found.stream().findFirst();
        });
    }

    private Optional<DirectoryGroup> oneGroup(String filter) {
        PagedSearch.Request request = new PagedSearch.Request(groupBase(), SearchScope.SUBTREE, filter, reader.groupAttributes(), Optional.empty());
        List<DirectoryGroup> found = connections.execute(c -> {
            List<DirectoryGroup> list = new ArrayList<>(2);
            paged.visit(c, request, e -> {
                reader.group(e).ifPresent(list::add);
                return list.size() < 2;
            });
            return list;
        });
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private List<DirectoryGroup> groupsWithMember(String userDn) {
        String filter = LdapFilters.and(groupBaseFilter(), LdapFilters.equality(settings.groups().get().memberAttribute(), userDn));
        PagedSearch.Request request = new PagedSearch.Request(groupBase(), SearchScope.SUBTREE, filter, reader.groupAttributes(), Optional.empty());
        return connections.execute(c -> {
            List<DirectoryGroup> list = new ArrayList<>();
            paged.visit(c, request, e -> {
                reader.group(e).ifPresent(list::add);
                return true;
            });
            return list;
        });
    }

    /** For filters on groups.value: the DN a user's memberOf holds for that group id. */
    private Optional<String> groupDn(String groupId) {
        return groupById(groupId).map(DirectoryGroup::dn);
    }

    /** For filters on members.value: the DN a group's member attribute holds for that user id. */
    private Optional<String> userDn(String userId) {
        return userById(userId).map(DirectoryUser::dn);
    }

    private String idFilter(String id) {
        return settings.idIsBinaryGuid()
                ? "(" + settings.idAttribute() + "=" + LdapFilters.escape(ActiveDirectory.guidBytes(id)) + ")"
                : LdapFilters.equality(settings.idAttribute(), id.toLowerCase(Locale.ROOT));
    }

    private String groupBaseFilter() {
        return LdapFilters.equality("objectClass", settings.groups().orElseThrow().objectClass());
    }

    private String groupBase() {
        return settings.groups().orElseThrow().baseDn();
    }

    private SearchScope userScope() {
        return settings.userScope() == SearchDepth.ONE_LEVEL ? SearchScope.ONELEVEL : SearchScope.SUBTREE;
    }

    private boolean ours(OrganizationRef org) {
        return org != null && org.id().equals(settings.organizationId());
    }

    private void requireWritable(OrganizationRef org) {
        if (settings.readOnly()) {
            throw new ReadOnlyStoreException(settings.domain());
        }
        if (!ours(org)) {
            throw new EntityNotFoundException("The user store " + settings.domain() + " holds no users of organization " + org.handle());
        }
    }

    private void requireGroups() {
        if (settings.groups().isEmpty()) {
            throw new EntityNotFoundException("The user store " + settings.domain() + " has no groups (no groupBaseDn)");
        }
    }

    static boolean isBelow(String dn, String base) {
        try {
            return new Dn(dn).isDescendantOf(new Dn(base));
        } catch (LdapException e) {
            return false;
        }
    }

    // ---- the mapping as filter targets

    private static Map<String, FilterTranslator.Target> userTargets(LdapSettings s) {
        Map<String, FilterTranslator.Target> t = new HashMap<>();
        t.put("id", new FilterTranslator.Target(s.idAttribute(), s.idIsBinaryGuid() ? FilterTranslator.Kind.GUID : FilterTranslator.Kind.ID));
        t.put("username", new FilterTranslator.Target(s.usernameAttribute(), FilterTranslator.Kind.TEXT));
        t.put("active", new FilterTranslator.Target("objectClass", FilterTranslator.Kind.ACTIVE));
        t.put("meta.created", new FilterTranslator.Target("createTimestamp", FilterTranslator.Kind.TIME));
        t.put("meta.lastmodified", new FilterTranslator.Target("modifyTimestamp", FilterTranslator.Kind.TIME));
        s.mapping().forEach((path, attribute) -> t.put(AttributePath.of(path).key(), new FilterTranslator.Target(attribute, FilterTranslator.Kind.TEXT)));
        // emails and phoneNumbers without a sub-attribute mean their value, as in SCIM
        Optional.ofNullable(s.mapping().get("emails.value")).ifPresent(a -> t.put("emails", new FilterTranslator.Target(a, FilterTranslator.Kind.TEXT)));
        Optional.ofNullable(s.mapping().get("phoneNumbers.value"))
                .ifPresent(a -> t.put("phonenumbers", new FilterTranslator.Target(a, FilterTranslator.Kind.TEXT)));
        for (String extra : s.extraAttributes()) {
            t.putIfAbsent(extra.toLowerCase(Locale.ROOT), new FilterTranslator.Target(extra, FilterTranslator.Kind.TEXT));
        }
        s.groups().filter(g -> g.resolution() == GroupResolution.MEMBER_OF).ifPresent(g -> {
            t.put("groups", new FilterTranslator.Target(g.memberOfAttribute(), FilterTranslator.Kind.REFERENCE));
            t.put("groups.value", new FilterTranslator.Target(g.memberOfAttribute(), FilterTranslator.Kind.REFERENCE));
        });
        return Map.copyOf(t);
    }

    private static Map<String, FilterTranslator.Target> groupTargets(LdapSettings s) {
        if (s.groups().isEmpty()) {
            return Map.of();
        }
        LdapSettings.GroupSettings g = s.groups().get();
        return Map.of(
                "id", new FilterTranslator.Target(s.idAttribute(), s.idIsBinaryGuid() ? FilterTranslator.Kind.GUID : FilterTranslator.Kind.ID),
                "displayname", new FilterTranslator.Target(g.nameAttribute(), FilterTranslator.Kind.TEXT),
                "description", new FilterTranslator.Target("description", FilterTranslator.Kind.TEXT),
                "members", new FilterTranslator.Target(g.memberAttribute(), FilterTranslator.Kind.REFERENCE),
                "members.value", new FilterTranslator.Target(g.memberAttribute(), FilterTranslator.Kind.REFERENCE),
                "meta.created", new FilterTranslator.Target("createTimestamp", FilterTranslator.Kind.TIME),
                "meta.lastmodified", new FilterTranslator.Target("modifyTimestamp", FilterTranslator.Kind.TIME));
    }

    /** The filter of active accounts. */
    static String activeFilter(LdapSettings s) {
        if (s.type().isActiveDirectory()) {
            return LdapFilters.not(ActiveDirectory.DISABLED_FILTER);
        }
        if (s.disabledAttribute().isEmpty()) {
            return LdapFilters.TRUE;
        }
        String a = s.disabledAttribute().get();
        return LdapFilters.not(s.disabledValue().map(v -> LdapFilters.equality(a, v)).orElse(LdapFilters.present(a)));
    }

    @Override
    public String toString() {
        return "LdapUserStore[" + settings.domain() + "]";
    }
}
