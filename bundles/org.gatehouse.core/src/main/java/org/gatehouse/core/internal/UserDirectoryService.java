package org.gatehouse.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.event.IdentityEventPublisher;
import org.gatehouse.api.userstore.AuthenticationOutcome;
import org.gatehouse.api.userstore.AttributePath;
import org.gatehouse.api.userstore.CredentialCheck;
import org.gatehouse.api.userstore.DirectoryPage;
import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.ReadOnlyStoreException;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.crypto.PasswordHasher;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every user store the runtime tracks, in resolution order: the primary store first, then the
 * secondary stores by domain.
 */
@Component(service = {UserDirectory.class, UserDirectoryService.class})
public final class UserDirectoryService implements UserDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(UserDirectoryService.class);

    private final PluginRegistry<UserStore> stores = new PluginRegistry<>("User store");
    private final PasswordHasher hasher;
    private final IdentityEventPublisher events;

    @Activate
    public UserDirectoryService(@Reference PasswordHasher hasher, @Reference IdentityEventPublisher events) {
        this.hasher = hasher;
        this.events = events;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindStore(UserStore store, Map<String, Object> properties, ServiceReference<UserStore> ref) {
        UserStoreDescriptor d = store.descriptor();
        stores.add(PluginEntry.of(d.domain(), d.displayName(), store, properties, ref));
    }

    public void unbindStore(UserStore store) {
        stores.remove(store);
    }

    @Override
    public List<UserStore> stores() {
        List<UserStore> ordered = new ArrayList<>();
        stores.find(UserStoreDescriptor.PRIMARY_DOMAIN).ifPresent(ordered::add);
        for (PluginEntry<UserStore> e : stores.entries()) {
            if (!e.id().equals(UserStoreDescriptor.PRIMARY_DOMAIN)) {
                ordered.add(e.service());
            }
        }
        return ordered;
    }

    @Override
    public Optional<UserStore> store(String domain) {
        return stores.find(domain);
    }

    @Override
    public UserStore primary() {
        return stores.find(UserStoreDescriptor.PRIMARY_DOMAIN)
                .orElseThrow(() -> new StoreUnavailableException("The primary user store is not available", null));
    }

    @Override
    public WritableUserStore writable(String domain) {
        UserStore store = stores.find(domain).orElseThrow(() -> new EntityNotFoundException("No user store '" + domain + "'"));
        if (store instanceof WritableUserStore w && store.descriptor().can(StoreCapability.WRITE)) {
            return new EventingUserStore(w, events);
        }
        throw new ReadOnlyStoreException(domain);
    }

    @Override
    public Optional<User> findUser(OrganizationRef org, String qualifiedUsername) {
        Qualified q = qualify(qualifiedUsername);
        for (UserStore store : q.candidates) {
            Optional<User> user = store.findUserByUsername(org, q.username);
            if (user.isPresent()) {
                return user;
            }
        }
        return Optional.empty();
    }

    @Override
    public AuthenticationOutcome authenticate(OrganizationRef org, String qualifiedUsername, char[] password) {
        Qualified q = qualify(qualifiedUsername);
        boolean someStoreDown = false;
        for (UserStore store : q.candidates) {
            Optional<User> user;
            try {
                user = store.findUserByUsername(org, q.username);
            } catch (StoreUnavailableException e) {
                LOG.warn("User store {} is unavailable during login: {}", store.descriptor().domain(), e.getMessage());
                someStoreDown = true;
                continue;
            }
            if (user.isEmpty()) {
                continue;
            }
            CredentialCheck check;
            try {
                check = store.verifyPassword(org, user.get().id(), password);
            } catch (StoreUnavailableException e) {
                // the store went away between finding the user and checking the password: only its users are affected
                LOG.warn("User store {} is unavailable during login: {}", store.descriptor().domain(), e.getMessage());
                hasher.verifyNothing(password); // the same time as for anyone else whose store is down
                return new AuthenticationOutcome(AuthenticationOutcome.Status.STORE_UNAVAILABLE, Optional.empty());
            }
            if (check != CredentialCheck.VALID) {
                return new AuthenticationOutcome(AuthenticationOutcome.Status.INVALID_CREDENTIALS, Optional.empty());
            }
            if (!user.get().active()) {
                return new AuthenticationOutcome(AuthenticationOutcome.Status.DISABLED, Optional.empty());
            }
            return new AuthenticationOutcome(AuthenticationOutcome.Status.SUCCESS, user);
        }
        // unknown user: spend the time a password check takes, so timing does not reveal it
        hasher.verifyNothing(password);
        return new AuthenticationOutcome(someStoreDown ? AuthenticationOutcome.Status.STORE_UNAVAILABLE
                : AuthenticationOutcome.Status.INVALID_CREDENTIALS, Optional.empty());
    }

    @Override
    public DirectoryPage<User> searchAllUsers(OrganizationRef org, Query query) {
        SpanningSearch.Plan plan = SpanningSearch.plan(stores(), query, AttributePath.USERNAME, stores::find);
        return SpanningSearch.run(plan.stores(), plan.query(), (store, q) -> store.searchUsers(org, q));
    }

    @Override
    public DirectoryPage<Group> searchAllGroups(OrganizationRef org, Query query) {
        List<UserStore> withGroups = stores().stream().filter(s -> s.descriptor().can(StoreCapability.GROUPS)).toList();
        SpanningSearch.Plan plan = SpanningSearch.plan(withGroups, query, AttributePath.DISPLAY_NAME,
                domain -> stores.find(domain).filter(s -> s.descriptor().can(StoreCapability.GROUPS)));
        return SpanningSearch.run(plan.stores(), plan.query(), (store, q) -> store.searchGroups(org, q));
    }

    /** "CORP/alice" names the store CORP; a plain "alice" may live in any store. */
    private Qualified qualify(String qualifiedUsername) {
        int slash = qualifiedUsername.indexOf('/');
        if (slash > 0) {
            Optional<UserStore> store = stores.find(qualifiedUsername.substring(0, slash).toUpperCase(java.util.Locale.ROOT));
            if (store.isPresent()) {
                return new Qualified(List.of(store.get()), qualifiedUsername.substring(slash + 1));
            }
        }
        return new Qualified(stores(), qualifiedUsername);
    }

    private record Qualified(List<UserStore> candidates, String username) {}

    List<PluginEntry<UserStore>> entries() {
        return stores.entries();
    }
}
