package org.gatehouse.protocol.scim2.internal;

import java.util.Locale;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.DirectoryPage;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.ReadOnlyStoreException;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.api.userstore.WritableUserStore;

/**
 * What the endpoints of one request share: the user directory, links, schemas, ids and limits, and
 * how SCIM ids and domain-qualified names find their stores.
 */
final class ScimContext {

    /** Until organizations reach the APIs, SCIM serves the root organization (as the management API does). */
    static final OrganizationRef ORG = OrganizationRef.root();

    final UserDirectory directory;
    final Links links;
    final Schemas schemas;
    final ScimIds ids;
    final Limits limits;

    ScimContext(UserDirectory directory, Links links, Schemas schemas, Limits limits) {
        this.directory = directory;
        this.links = links;
        this.schemas = schemas;
        this.limits = limits;
        this.ids = new ScimIds(domain -> !UserStoreDescriptor.PRIMARY_DOMAIN.equals(domain) && directory.store(domain).isPresent());
    }

    /** A user or group and the store that holds it. */
    record Located<T>(T entity, UserStore store, String localId) {}

    Located<User> user(String scimId) {
        ScimIds.Local local = ids.parse(scimId);
        UserStore store = directory.store(local.domain()).orElseThrow(() -> ScimException.notFound("There is no user " + scimId));
        User user = store.findUserById(ORG, local.id()).orElseThrow(() -> ScimException.notFound("There is no user " + scimId));
        return new Located<>(user, store, local.id());
    }

    Located<Group> group(String scimId) {
        ScimIds.Local local = ids.parse(scimId);
        UserStore store = directory.store(local.domain()).filter(s -> s.descriptor().can(StoreCapability.GROUPS))
                .orElseThrow(() -> ScimException.notFound("There is no group " + scimId));
        Group group = store.findGroupById(ORG, local.id()).orElseThrow(() -> ScimException.notFound("There is no group " + scimId));
        return new Located<>(group, store, local.id());
    }

    /** A writable view of the store of that domain; a read-only store is a mutability error. */
    WritableUserStore writable(String domain) {
        try {
            return directory.writable(domain);
        } catch (ReadOnlyStoreException e) {
            throw ScimException.mutability("The user store " + domain + " is read-only: its entries cannot be created, changed or deleted");
        }
    }

    /**
     * A name and the store it names: {@code CORP/alice} for a registered domain CORP ({@code explicit}),
     * otherwise the primary store and the name as it is.
     */
    record Qualified(String domain, String name, boolean explicit) {}

    Qualified qualify(String name) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            String domain = name.substring(0, slash).toUpperCase(Locale.ROOT);
            if (domain.matches("[A-Z0-9][A-Z0-9_-]{0,63}") && directory.store(domain).isPresent()) {
                return new Qualified(domain, name.substring(slash + 1), true);
            }
        }
        return new Qualified(UserStoreDescriptor.PRIMARY_DOMAIN, name, false);
    }

    /**
     * Searches users (or groups) everywhere, or only in one store when the filter confined the search
     * to it ({@code id eq} or a membership); two different stores confine it to nothing.
     */
    DirectoryPage<User> searchUsers(FilterMapping.Mapped mapped, Query query) {
        Optional<UserStore> only = confined(mapped);
        if (only == null) {
            return new DirectoryPage<>(new Page<>(java.util.List.of(), 0, query.offset(), query.limit()), java.util.List.of());
        }
        if (only.isPresent()) {
            UserStore store = only.get();
            Query q = store.descriptor().can(StoreCapability.SORT) ? query : new Query(query.filter(), Optional.empty(), query.offset(), query.limit());
            return new DirectoryPage<>(store.searchUsers(ORG, q), java.util.List.of());
        }
        return directory.searchAllUsers(ORG, query);
    }

    DirectoryPage<Group> searchGroups(FilterMapping.Mapped mapped, Query query) {
        Optional<UserStore> only = confined(mapped);
        if (only == null || only.isPresent() && !only.get().descriptor().can(StoreCapability.GROUPS)) {
            return new DirectoryPage<>(new Page<>(java.util.List.of(), 0, query.offset(), query.limit()), java.util.List.of());
        }
        if (only.isPresent()) {
            UserStore store = only.get();
            Query q = store.descriptor().can(StoreCapability.SORT) ? query : new Query(query.filter(), Optional.empty(), query.offset(), query.limit());
            return new DirectoryPage<>(store.searchGroups(ORG, q), java.util.List.of());
        }
        return directory.searchAllGroups(ORG, query);
    }

    /** @return empty for every store, the one store, or null when the filter names two stores or an unknown one */
    private Optional<UserStore> confined(FilterMapping.Mapped mapped) {
        if (mapped == null || mapped.domains().isEmpty()) {
            return Optional.empty();
        }
        if (mapped.domains().size() > 1) {
            return null;
        }
        return directory.store(mapped.domains().iterator().next()).map(Optional::of).orElse(null);
    }
}
