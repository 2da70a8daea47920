package org.gatehouse.management.internal;

import java.util.Optional;
import java.util.function.Supplier;
import org.gatehouse.api.context.OrganizationRef;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.WritableUserStore;

/**
 * How the resources find users, groups and their stores in the (dynamically bound) user directory.
 * Ids are unique within a store: with an explicit {@code domain} only that store is asked, without
 * one the stores are asked in resolution order, the primary store first.
 */
final class Directory {

    /** Until organizations exist in the API, every management operation works on the root organization. */
    static final OrganizationRef ORG = OrganizationRef.root();

    private final Supplier<UserDirectory> directory;

    Directory(Supplier<UserDirectory> directory) {
        this.directory = directory;
    }

    /** A user and the store that holds it. */
    record Located<T>(T entity, UserStore store) {}

    UserDirectory get() {
        UserDirectory d = directory.get();
        if (d == null) {
            throw ApiException.unavailable("The user directory is not available yet; retry shortly");
        }
        return d;
    }

    /** @param domain a normalized domain, or null for the primary store */
    UserStore store(String domain) {
        UserDirectory d = get();
        if (domain == null) {
            return d.primary();
        }
        return d.store(domain).orElseThrow(() -> ApiException.invalidField("domain", "There is no user store with domain " + domain));
    }

    boolean isPrimary(UserStore store) {
        try {
            return get().primary().descriptor().domain().equals(store.descriptor().domain());
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    WritableUserStore writable(UserStore store) {
        return get().writable(store.descriptor().domain());
    }

    Located<User> user(String id, String domain) {
        if (domain != null) {
            UserStore store = store(domain);
            return store.findUserById(ORG, id)
                    .map(u -> new Located<>(u, store))
                    .orElseThrow(() -> ApiException.notFound("There is no user with id " + id + " in the user store " + domain));
        }
        for (UserStore store : get().stores()) {
            Optional<User> user = store.findUserById(ORG, id);
            if (user.isPresent()) {
                return new Located<>(user.get(), store);
            }
        }
        throw ApiException.notFound("There is no user with id " + id);
    }

    Located<Group> group(String id, String domain) {
        if (domain != null) {
            UserStore store = groupStore(domain);
            return store.findGroupById(ORG, id)
                    .map(g -> new Located<>(g, store))
                    .orElseThrow(() -> ApiException.notFound("There is no group with id " + id + " in the user store " + domain));
        }
        for (UserStore store : get().stores()) {
            if (store.descriptor().can(StoreCapability.GROUPS)) {
                Optional<Group> group = store.findGroupById(ORG, id);
                if (group.isPresent()) {
                    return new Located<>(group.get(), store);
                }
            }
        }
        throw ApiException.notFound("There is no group with id " + id);
    }

    /** @return the store of the domain (null: primary), which must keep groups */
    UserStore groupStore(String domain) {
        UserStore store = store(domain);
        if (!store.descriptor().can(StoreCapability.GROUPS)) {
            throw new ApiException(ProblemType.UNSUPPORTED_OPERATION, 409,
                    "The user store " + store.descriptor().domain() + " does not keep groups");
        }
        return store;
    }
}
