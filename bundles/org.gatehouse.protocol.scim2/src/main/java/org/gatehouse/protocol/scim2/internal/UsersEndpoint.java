package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gatehouse.api.userstore.DirectoryPage;
import org.gatehouse.api.userstore.Filter;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.VersionConflictException;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.protocol.scim2.internal.ScimContext.Located;
import org.gatehouse.protocol.scim2.internal.UserMapping.UserState;

/**
 * {@code /Users} and {@code /Me}: users of every store. Every change is written conditionally on
 * the version it was computed from; when someone else changed the user meanwhile, a request without
 * {@code If-Match} is recomputed from the new state (at most {@value #ATTEMPTS} times), one with
 * {@code If-Match} fails with 412.
 */
final class UsersEndpoint {

    private static final int ATTEMPTS = 3;
    private static final List<String> SELF_MANAGED_ELSEWHERE = List.of("externalId", "employeeNumber", "costCenter", "organization",
            "division", "department", "manager");

    private final ScimContext ctx;
    private final UserMapping mapping;
    private final PatchOperations patch;
    private final Map<String, List<AttributeDef>> extensions = new LinkedHashMap<>();

    UsersEndpoint(ScimContext ctx) {
        this.ctx = ctx;
        this.mapping = new UserMapping(ctx.schemas);
        extensions.put(Schemas.ENTERPRISE, Schemas.ENTERPRISE_ATTRIBUTES);
        if (!ctx.schemas.customAttributes().isEmpty()) {
            extensions.put(Schemas.CUSTOM, ctx.schemas.customAttributes());
        }
        this.patch = new PatchOperations(Schemas.USER, Schemas.USER_ATTRIBUTES, extensions);
    }

    Projection projection(String attributes, String excluded) {
        return Projection.parse(attributes, excluded, Schemas.USER_ATTRIBUTES, extensions);
    }

    // ---- reads --------------------------------------------------------------------------------

    ScimResponse get(String id, ScimRequest r) {
        Projection projection = projection(r.param("attributes").orElse(null), r.param("excludedAttributes").orElse(null));
        Located<User> user = ctx.user(id);
        String etag = ETags.of(user.entity().version());
        ETags.Condition none = ETags.parse(r.ifNoneMatch());
        if (none.present() && none.matches(user.entity().version())) {
            return new ScimResponse(304, Map.of("ETag", etag), null);
        }
        return ScimResponse.resource(200, projection.apply(json(user, projection)), etag, null);
    }

    ScimResponse list(ListRequest list) {
        Projection projection = projection(list.attributes(), list.excludedAttributes());
        FilterMapping mapping = new FilterMapping(FilterMapping.Kind.USER, ctx.schemas, ctx.ids);
        FilterMapping.Mapped mapped = null;
        if (list.filter().isPresent()) {
            mapped = mapping.map(parse(list.filter().get()));
        }
        Query query = new Query(Optional.ofNullable(mapped).map(FilterMapping.Mapped::filter), Optional.empty(), list.startIndex() - 1, list.count());
        if (list.sortBy().isPresent()) {
            query = query.withSort(mapping.sort(list.sortBy().get(), list.descending()));
        }
        DirectoryPage<User> page;
        try {
            page = ctx.searchUsers(mapped, query);
        } catch (InvalidFilterException e) {
            throw ScimException.invalidFilter(e.getMessage());
        }
        ArrayNode resources = ScimJson.array();
        for (User u : page.page().items()) {
            UserStore store = ctx.directory.store(u.domain()).orElse(null);
            resources.add(projection.apply(json(new Located<>(u, store, u.id()), projection)));
        }
        return Lists.response(page, list, resources);
    }

    static Filter parse(String filter) {
        try {
            return Filter.parse(filter);
        } catch (InvalidFilterException e) {
            throw ScimException.invalidFilter(e.getMessage());
        }
    }

    private ObjectNode json(Located<User> user, Projection projection) {
        List<Group> groups = null;
        if (projection.includes("groups") && user.store() != null && user.store().descriptor().can(StoreCapability.GROUPS)) {
            groups = user.store().groupsOf(ScimContext.ORG, user.localId());
        }
        return mapping.toJson(user.entity(), groups, ctx.links);
    }

    // ---- writes -------------------------------------------------------------------------------

    ScimResponse create(ScimRequest r) {
        ObjectNode body = ScimJson.readObject(r.body());
        UserState state = mapping.fromJson(body, null);
        ScimContext.Qualified q = ctx.qualify(state.username());
        try {
            checkManager(state, null);
            WritableUserStore store = ctx.writable(q.domain());
            User created = store.createUser(ScimContext.ORG, new NewUser(q.name(), state.active(), state.profile(), state.password()));
            Located<User> located = ctx.user(ScimIds.of(created.domain(), created.id()));
            Projection projection = projection(r.param("attributes").orElse(null), r.param("excludedAttributes").orElse(null));
            String id = ScimIds.of(created.domain(), created.id());
            return ScimResponse.resource(201, projection.apply(json(located, projection)), ETags.of(created.version()), ctx.links.user(id));
        } finally {
            state.password().ifPresent(p -> Arrays.fill(p, '\0'));
        }
    }

    ScimResponse replace(String id, ScimRequest r, boolean self) {
        ObjectNode body = ScimJson.readObject(r.body());
        return write(id, r, self, current -> mapping.fromJson(body.deepCopy(), current.entity()));
    }

    ScimResponse patch(String id, ScimRequest r, boolean self) {
        ObjectNode body = ScimJson.readObject(r.body());
        return write(id, r, self, current -> {
            ObjectNode resource = mapping.toJson(current.entity(), null, ctx.links);
            patch.apply(body, resource);
            return mapping.fromJson(resource, current.entity());
        });
    }

    private interface Change {
        UserState apply(Located<User> current);
    }

    private ScimResponse write(String id, ScimRequest r, boolean self, Change change) {
        ETags.Condition ifMatch = ETags.parse(r.ifMatch());
        for (int attempt = 1; ; attempt++) {
            Located<User> current = ctx.user(id);
            User user = current.entity();
            if (ifMatch.present() && !ifMatch.matches(user.version())) {
                throw ScimException.preconditionFailed("The user has changed: If-Match does not match its version " + ETags.of(user.version()),
                        ETags.of(user.version()));
            }
            UserState state = change.apply(current);
            try {
                ScimContext.Qualified q = ctx.qualify(state.username());
                String domain = user.domain();
                if (q.explicit() && !q.domain().equals(domain)) {
                    throw ScimException.mutability("A user cannot move to another user store (" + domain + " to " + q.domain() + ")");
                }
                String username = q.explicit() ? q.name() : state.username();
                if (self) {
                    checkSelfService(user, username, state);
                }
                checkManager(state, id);
                WritableUserStore store = ctx.writable(domain);
                User updated;
                try {
                    updated = store.updateUser(ScimContext.ORG, current.localId(), user.version(), new UserUpdate(username, state.active(), state.profile()));
                } catch (VersionConflictException e) {
                    if (ifMatch.present() && !ifMatch.any()) {
                        throw ScimException.preconditionFailed("The user has changed: If-Match does not match its version " + ETags.of(e.actualVersion()),
                                ETags.of(e.actualVersion()));
                    }
                    if (attempt < ATTEMPTS) {
                        continue;
                    }
                    throw new ScimException(409, null, "The user kept changing while this request was applied; retry");
                }
                if (state.password().isPresent()) {
                    store.setPassword(ScimContext.ORG, current.localId(), state.password().get());
                }
                Located<User> located = new Located<>(updated, current.store(), current.localId());
                Projection projection = projection(r.param("attributes").orElse(null), r.param("excludedAttributes").orElse(null));
                return ScimResponse.resource(200, projection.apply(json(located, projection)), ETags.of(updated.version()), null);
            } finally {
                state.password().ifPresent(p -> Arrays.fill(p, '\0'));
            }
        }
    }

    ScimResponse delete(String id, ScimRequest r) {
        ETags.Condition ifMatch = ETags.parse(r.ifMatch());
        Located<User> current = ctx.user(id);
        if (ifMatch.present() && !ifMatch.matches(current.entity().version())) {
            throw ScimException.preconditionFailed("The user has changed: If-Match does not match its version", ETags.of(current.entity().version()));
        }
        WritableUserStore store = ctx.writable(current.entity().domain());
        try {
            store.deleteUser(ScimContext.ORG, current.localId(), current.entity().version());
        } catch (VersionConflictException e) {
            throw ScimException.preconditionFailed("The user changed while it was being deleted; read it and retry", ETags.of(e.actualVersion()));
        }
        return ScimResponse.noContent();
    }

    /** The manager must be another existing user. */
    private void checkManager(UserState state, String selfId) {
        List<String> manager = state.profile().attributes().get("manager");
        if (manager == null || manager.isEmpty()) {
            return;
        }
        String managerId = manager.get(0);
        if (managerId.equals(selfId)) {
            throw ScimException.invalidValue("A user cannot be their own manager");
        }
        try {
            ctx.user(managerId);
        } catch (ScimException e) {
            throw ScimException.invalidValue("manager.value names no user: " + managerId);
        }
    }

    /** Through /Me a user changes their own profile, not what the organization manages. */
    private static void checkSelfService(User current, String username, UserState state) {
        if (!username.equalsIgnoreCase(current.username())) {
            throw ScimException.forbidden("userName cannot be changed through /Me");
        }
        if (state.active() != current.active()) {
            throw ScimException.forbidden("active cannot be changed through /Me");
        }
        if (state.password().isPresent()) {
            // a bearer token alone must not be enough to take over the account
            throw ScimException.forbidden("The password cannot be changed through /Me; change it on the account pages, which ask for the current one");
        }
        for (String attribute : SELF_MANAGED_ELSEWHERE) {
            if (!Objects.equals(current.profile().attributes().get(attribute), state.profile().attributes().get(attribute))) {
                throw ScimException.forbidden(attribute + " is managed by the organization and cannot be changed through /Me");
            }
        }
    }
}
