package org.gatehouse.userstore.table.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.GroupUpdate;
import org.gatehouse.api.userstore.NewGroup;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.ReadOnlyStoreException;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.WritableUserStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user store over a table that an application already has, one per factory configuration.
 *
 * <p>Registered as a {@link UserStore}; the runtime writes through it only when its descriptor
 * carries {@link StoreCapability#WRITE}, which only a {@code READ_WRITE} configuration gives (a
 * read-only store also refuses writes itself, and its pool is read-only in the database).
 *
 * <p>The table is checked against the configuration at activation: a missing table or column fails
 * the activation with an error that names it. A database that cannot be reached at activation does
 * not: the store starts, answers {@link StoreUnavailableException} quickly, checks the table when
 * the database is back and serves from then on, without a restart.
 */
@Component(service = UserStore.class, configurationPid = TableUserStoreConfiguration.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TableUserStoreConfiguration.class, factory = true)
public final class TableUserStore implements WritableUserStore {

    private static final Logger LOG = LoggerFactory.getLogger(TableUserStore.class);

    private final TableSettings settings;
    private final UserStoreDescriptor descriptor;
    private final HikariDataSource pool;
    private final AtomicReference<TableQueries> queries = new AtomicReference<>();

    @Activate
    public TableUserStore(
            TableUserStoreConfiguration config,
            @Reference(target = "(osgi.jdbc.driver.class=org.postgresql.Driver)") DataSourceFactory postgresql,
            @Reference(target = "(osgi.jdbc.driver.class=org.h2.Driver)") DataSourceFactory h2) throws SQLException {
        this(settings(config), postgresql, h2);
    }

    private TableUserStore(TableSettings settings, DataSourceFactory postgresql, DataSourceFactory h2) throws SQLException {
        this.settings = settings;
        this.descriptor = new UserStoreDescriptor(settings.domain(), settings.displayName(), capabilities(settings));
        this.pool = ConnectionPool.open(settings, settings.url().startsWith("jdbc:h2:") ? h2 : postgresql);
        try {
            queries.set(resolve());
            LOG.info("User store {} ready: {} on {} ({})", settings.domain(), settings.table().orElse("a users query"),
                    settings.redactedUrl(), settings.access());
        } catch (SchemaException e) {
            pool.close();
            LOG.error("User store {} does not fit its table: {}", settings.domain(), e.getMessage());
            throw new IllegalArgumentException("User store " + settings.domain() + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            // down now, checked on first use once it is back: only this store's users wait
            LOG.warn("User store {}: the database {} cannot be reached ({}); the store answers 'unavailable' until it can",
                    settings.domain(), settings.redactedUrl(), e.getMessage());
        }
    }

    private static TableSettings settings(TableUserStoreConfiguration config) {
        try {
            return TableSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("User store configuration {} is invalid: {}", TableUserStoreConfiguration.FACTORY_PID, e.getMessage());
            throw e;
        }
    }

    private static Set<StoreCapability> capabilities(TableSettings s) {
        Set<StoreCapability> c = EnumSet.of(StoreCapability.SORT);
        if (s.writable()) {
            c.add(StoreCapability.WRITE);
        }
        if (s.columns().containsKey(UserField.PASSWORD)) {
            c.add(StoreCapability.PASSWORD);
        }
        if (s.groups().isPresent()) {
            c.add(StoreCapability.GROUPS);
        }
        return c;
    }

    @Deactivate
    void close() {
        pool.close();
        LOG.info("User store {} closed", settings.domain());
    }

    /** The data source the store reads from, for tests. */
    DataSource dataSource() {
        return pool;
    }

    private TableQueries resolve() throws SQLException {
        try (Connection c = pool.getConnection()) {
            return new TableQueries(settings, UserTable.resolve(c, settings), pool);
        }
    }

    /** The queries once the table has been checked; checks it first when the database was down at activation. */
    private TableQueries queries() {
        TableQueries q = queries.get();
        if (q != null) {
            return q;
        }
        synchronized (queries) {
            q = queries.get();
            if (q == null) {
                try {
                    q = resolve();
                } catch (SQLException e) {
                    throw new StoreUnavailableException("The user store " + settings.domain() + " cannot reach its database", e);
                } catch (SchemaException e) {
                    LOG.error("User store {} does not fit its table: {}", settings.domain(), e.getMessage());
                    throw new StoreUnavailableException("The user store " + settings.domain() + " is misconfigured; see the server log", e);
                }
                queries.set(q);
                LOG.info("User store {}: the database is reachable again and the table fits", settings.domain());
            }
            return q;
        }
    }

    @Override
    public UserStoreDescriptor descriptor() {
        return descriptor;
    }

    /** The table holds the users of one organization; every other organization sees none. */
    private boolean serves(OrganizationRef org) {
        return settings.organizationId().equals(org.id());
    }

    private void requireWritable(OrganizationRef org) {
        if (!settings.writable()) {
            throw new ReadOnlyStoreException(settings.domain());
        }
        if (!serves(org)) {
            throw new org.gatehouse.api.userstore.EntityNotFoundException(
                    "The user store " + settings.domain() + " holds no users of organization " + org.handle());
        }
    }

    // ---- users

    @Override
    public Optional<User> findUserById(OrganizationRef org, String id) {
        return serves(org) ? queries().findById(id) : Optional.empty();
    }

    @Override
    public Optional<User> findUserByUsername(OrganizationRef org, String username) {
        return serves(org) ? queries().findByUsername(username) : Optional.empty();
    }

    @Override
    public Page<User> searchUsers(OrganizationRef org, Query query) {
        TableQueries q = queries();
        // translate first, so an unmapped attribute is an error in every organization
        return q.searchUsers(query, serves(org));
    }

    @Override
    public CredentialCheck verifyPassword(OrganizationRef org, String userId, char[] password) {
        if (!serves(org) || !settings.columns().containsKey(UserField.PASSWORD)) {
            settings.passwords().verifyNothing(password);
            return serves(org) ? CredentialCheck.NOT_SET : CredentialCheck.INVALID;
        }
        return queries().verifyPassword(userId, password);
    }

    @Override
    public User createUser(OrganizationRef org, NewUser user) {
        requireWritable(org);
        return queries().createUser(user);
    }

    @Override
    public User updateUser(OrganizationRef org, String id, long expectedVersion, UserUpdate update) {
        requireWritable(org);
        return queries().updateUser(id, expectedVersion, update);
    }

    @Override
    public void deleteUser(OrganizationRef org, String id, long expectedVersion) {
        requireWritable(org);
        queries().deleteUser(id, expectedVersion);
    }

    @Override
    public void setPassword(OrganizationRef org, String userId, char[] password) {
        requireWritable(org);
        queries().setPassword(userId, password);
    }

    // ---- groups

    @Override
    public Optional<Group> findGroupById(OrganizationRef org, String id) {
        return serves(org) && settings.groups().isPresent() ? queries().groups().findById(id) : Optional.empty();
    }

    @Override
    public Optional<Group> findGroupByName(OrganizationRef org, String name) {
        return serves(org) && settings.groups().isPresent() ? queries().groups().findByName(name) : Optional.empty();
    }

    @Override
    public Page<Group> searchGroups(OrganizationRef org, Query query) {
        if (settings.groups().isEmpty()) {
            return new Page<>(List.of(), 0, query.offset(), query.limit());
        }
        return queries().groups().search(query, serves(org));
    }

    @Override
    public List<Group> groupsOf(OrganizationRef org, String userId) {
        return serves(org) && settings.groups().isPresent() ? queries().groups().groupsOf(userId) : List.of();
    }

    @Override
    public Page<User> membersOf(OrganizationRef org, String groupId, int offset, int limit) {
        if (!serves(org) || settings.groups().isEmpty()) {
            return new Page<>(List.of(), 0, offset, limit);
        }
        return queries().membersOf(groupId, offset, limit);
    }

    @Override
    public Group createGroup(OrganizationRef org, NewGroup group) {
        requireGroupsWritable(org);
        return queries().groups().create(group);
    }

    @Override
    public Group updateGroup(OrganizationRef org, String id, long expectedVersion, GroupUpdate update) {
        requireGroupsWritable(org);
        return queries().groups().update(id, expectedVersion, update);
    }

    @Override
    public void deleteGroup(OrganizationRef org, String id, long expectedVersion) {
        requireGroupsWritable(org);
        queries().groups().delete(id, expectedVersion);
    }

    @Override
    public void addMember(OrganizationRef org, String groupId, String userId) {
        requireGroupsWritable(org);
        queries().groups().addMember(groupId, userId);
    }

    @Override
    public void removeMember(OrganizationRef org, String groupId, String userId) {
        requireGroupsWritable(org);
        queries().groups().removeMember(groupId, userId);
    }

    private void requireGroupsWritable(OrganizationRef org) {
        requireWritable(org);
        if (settings.groups().isEmpty()) {
            throw new org.gatehouse.api.userstore.EntityNotFoundException("The user store " + settings.domain() + " keeps no groups");
        }
    }
}
