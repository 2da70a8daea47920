package org.gatehouse.protocol.scim2.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.userstore.DirectoryPage;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.GroupUpdate;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.NewGroup;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.VersionConflictException;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.protocol.scim2.internal.GroupMapping.GroupState;
import org.gatehouse.protocol.scim2.internal.ScimContext.Located;

/**
 * {@code /Groups}: groups of every store that keeps groups. A group's version (its ETag) changes
 * with its name; memberships are changed one by one in the store, which keeps concurrent member
 * additions and removals from overwriting each other.
 */
final class GroupsEndpoint {

    private static final int ATTEMPTS = 3;
    private static final int MEMBER_PAGE = Query.MAX_LIMIT;

    private final ScimContext ctx;
    private final PatchOperations patch = new PatchOperations(Schemas.GROUP, Schemas.GROUP_ATTRIBUTES, Map.of());

    GroupsEndpoint(ScimContext ctx) {
        this.ctx = ctx;
    }

    Projection projection(String attributes, String excluded) {
        return Projection.parse(attributes, excluded, Schemas.GROUP_ATTRIBUTES, Map.of());
    }

    ScimResponse get(String id, ScimRequest r) {
        Projection projection = projection(r.param("attributes").orElse(null), r.param("excludedAttributes").orElse(null));
        Located<Group> group = ctx.group(id);
        String etag = ETags.of(group.entity().version());
        ETags.Condition none = ETags.parse(r.ifNoneMatch());
        if (none.present() && none.matches(group.entity().version())) {
            return new ScimResponse(304, Map.of("ETag", etag), null);
        }
        return ScimResponse.resource(200, projection.apply(json(group, projection.includes("members"))), etag, null);
    }

    ScimResponse list(ListRequest list) {
        Projection projection = projection(list.attributes(), list.excludedAttributes());
        FilterMapping mapping = new FilterMapping(FilterMapping.Kind.GROUP, ctx.schemas, ctx.ids);
        FilterMapping.Mapped mapped = list.filter().map(f -> mapping.map(UsersEndpoint.parse(f))).orElse(null);
        Query query = new Query(Optional.ofNullable(mapped).map(FilterMapping.Mapped::filter), Optional.empty(), list.startIndex() - 1, list.count());
        if (list.sortBy().isPresent()) {
            query = query.withSort(mapping.sort(list.sortBy().get(), list.descending()));
        }
        DirectoryPage<Group> page;
        try {
            page = ctx.searchGroups(mapped, query);
        } catch (InvalidFilterException e) {
            throw ScimException.invalidFilter(e.getMessage());
        }
        ArrayNode resources = ScimJson.array();
        boolean members = projection.includes("members");
        for (Group g : page.page().items()) {
            UserStore store = ctx.directory.store(g.domain()).orElse(null);
            resources.add(projection.apply(json(new Located<>(g, store, g.id()), members && store != null)));
        }
        return Lists.response(page, list, resources);
    }

    private ObjectNode json(Located<Group> group, boolean withMembers) {
        return GroupMapping.toJson(group.entity(), withMembers ? members(group) : null, ctx.links);
    }

    private List<User> members(Located<Group> group) {
        List<User> all = new ArrayList<>();
        for (int offset = 0; ; offset += MEMBER_PAGE) {
            Page<User> page = group.store().membersOf(ScimContext.ORG, group.localId(), offset, MEMBER_PAGE);
            all.addAll(page.items());
            if (all.size() > ctx.limits.maxGroupMembers()) {
                throw new ScimException(400, "tooMany", "The group has more than " + ctx.limits.maxGroupMembers()
                        + " members: leave them out (excludedAttributes=members) and page through /Users?filter=groups eq \""
                        + ScimIds.of(group.entity().domain(), group.entity().id()) + "\"");
            }
            if (page.items().size() < MEMBER_PAGE) {
                return all;
            }
        }
    }

    // ---- writes -------------------------------------------------------------------------------

    ScimResponse create(ScimRequest r) {
        GroupState state = GroupMapping.fromJson(ScimJson.readObject(r.body()));
        ScimContext.Qualified q = ctx.qualify(state.name());
        UserStore store = ctx.directory.store(q.domain()).orElseThrow(() -> ScimException.unavailable("The user store " + q.domain() + " is not available"));
        if (!store.descriptor().can(StoreCapability.GROUPS)) {
            throw ScimException.mutability("The user store " + q.domain() + " keeps no groups");
        }
        List<String> members = memberIds(state.memberIds(), q.domain());
        WritableUserStore writable = ctx.writable(q.domain());
        Group created = writable.createGroup(ScimContext.ORG, new NewGroup(q.name(), null));
        members.forEach(m -> writable.addMember(ScimContext.ORG, created.id(), m));
        Located<Group> located = new Located<>(created, store, created.id());
        String id = ScimIds.of(created.domain(), created.id());
        Projection projection = projection(r.param("attributes").orElse(null), r.param("excludedAttributes").orElse(null));
        return ScimResponse.resource(201, projection.apply(json(located, projection.includes("members"))), ETags.of(created.version()),
                ctx.links.group(id));
    }

    ScimResponse replace(String id, ScimRequest r) {
        ObjectNode body = ScimJson.readObject(r.body());
        return write(id, r, current -> GroupMapping.fromJson(body.deepCopy()));
    }

    ScimResponse patch(String id, ScimRequest r) {
        ObjectNode body = ScimJson.readObject(r.body());
        return write(id, r, current -> {
            ObjectNode resource = GroupMapping.toJson(current.entity(), members(current), ctx.links);
            patch.apply(body, resource);
            return GroupMapping.fromJson(resource);
        });
    }

    private interface Change {
        GroupState apply(Located<Group> current);
    }

    private ScimResponse write(String id, ScimRequest r, Change change) {
        ETags.Condition ifMatch = ETags.parse(r.ifMatch());
        for (int attempt = 1; ; attempt++) {
            Located<Group> current = ctx.group(id);
            Group group = current.entity();
            if (ifMatch.present() && !ifMatch.matches(group.version())) {
                throw ScimException.preconditionFailed("The group has changed: If-Match does not match its version " + ETags.of(group.version()),
                        ETags.of(group.version()));
            }
            GroupState state = change.apply(current);
            ScimContext.Qualified q = ctx.qualify(state.name());
            if (q.explicit() && !q.domain().equals(group.domain())) {
                throw ScimException.mutability("A group cannot move to another user store (" + group.domain() + " to " + q.domain() + ")");
            }
            String name = q.explicit() ? q.name() : state.name();
            List<String> wanted = memberIds(state.memberIds(), group.domain());
            WritableUserStore store = ctx.writable(group.domain());
            Group updated = group;
            if (!name.equals(group.name())) {
                try {
                    updated = store.updateGroup(ScimContext.ORG, current.localId(), group.version(), new GroupUpdate(name, group.description()));
                } catch (VersionConflictException e) {
                    if (ifMatch.present() && !ifMatch.any()) {
                        throw ScimException.preconditionFailed("The group has changed", ETags.of(e.actualVersion()));
                    }
                    if (attempt < ATTEMPTS) {
                        continue;
                    }
                    throw new ScimException(409, null, "The group kept changing while this request was applied; retry");
                }
            }
            Set<String> present = new LinkedHashSet<>();
            members(current).forEach(u -> present.add(u.id()));
            for (String m : wanted) {
                if (!present.remove(m)) {
                    store.addMember(ScimContext.ORG, current.localId(), m);
                }
            }
            for (String gone : present) {
                store.removeMember(ScimContext.ORG, current.localId(), gone);
            }
            Located<Group> located = new Located<>(updated, current.store(), current.localId());
            Projection projection = projection(r.param("attributes").orElse(null), r.param("excludedAttributes").orElse(null));
            return ScimResponse.resource(200, projection.apply(json(located, projection.includes("members"))), ETags.of(updated.version()), null);
        }
    }

    ScimResponse delete(String id, ScimRequest r) {
        ETags.Condition ifMatch = ETags.parse(r.ifMatch());
        Located<Group> current = ctx.group(id);
        if (ifMatch.present() && !ifMatch.matches(current.entity().version())) {
            throw ScimException.preconditionFailed("The group has changed: If-Match does not match its version", ETags.of(current.entity().version()));
        }
        try {
            ctx.writable(current.entity().domain()).deleteGroup(ScimContext.ORG, current.localId(), current.entity().version());
        } catch (VersionConflictException e) {
            throw ScimException.preconditionFailed("The group changed while it was being deleted; read it and retry", ETags.of(e.actualVersion()));
        }
        return ScimResponse.noContent();
    }

    /** Store ids of the members, each an existing user of the group's own store. */
    private List<String> memberIds(Set<String> scimIds, String groupDomain) {
        List<String> out = new ArrayList<>();
        for (String scimId : scimIds) {
            ScimIds.Local local = ctx.ids.parse(scimId);
            if (!local.domain().equals(groupDomain)) {
                throw ScimException.invalidValue("Member " + scimId + " is not a user of the group's store " + groupDomain
                        + ": a group's members come from its own store");
            }
            Located<User> user;
            try {
                user = ctx.user(scimId);
            } catch (ScimException e) {
                throw ScimException.invalidValue("Member " + scimId + " names no user");
            }
            out.add(user.localId());
        }
        return out;
    }
}
