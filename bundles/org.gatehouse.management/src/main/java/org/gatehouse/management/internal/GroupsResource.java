package org.gatehouse.management.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.api.userstore.Group;
import org.gatehouse.api.userstore.GroupUpdate;
import org.gatehouse.api.userstore.NewGroup;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.VersionConflictException;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.management.internal.Directory.Located;
import org.gatehouse.management.internal.Representations.GroupInput;
import org.gatehouse.management.internal.Representations.GroupView;
import org.gatehouse.management.internal.Representations.ListView;
import org.gatehouse.management.internal.Representations.Member;
import org.gatehouse.management.internal.Representations.MemberInput;
import org.gatehouse.management.internal.Validation.GroupChange;
import org.gatehouse.management.internal.Validation.Mode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/groups}: groups of the user stores and their members. */
@Component(service = GroupsResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_AUTH, ManagementApi.SELECT_HTTP})
@Path("/api/groups")
@Produces(ManagementApi.APPLICATION_JSON)
public final class GroupsResource {

    private static final String ENTITY = "group";
    static final int DEFAULT_MEMBERS_LIMIT = 50;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile UserDirectory userDirectory;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ServerInfo serverInfo;

    private final JsonCodec codec;
    private final Directory directory = new Directory(() -> userDirectory);

    @Activate
    public GroupsResource(@Reference JsonCodec codec) {
        this.codec = codec;
    }

    @POST
    @Consumes(ManagementApi.APPLICATION_JSON)
    public Response create(@QueryParam("domain") String domainParam, GroupInput body) {
        ServerInfo server = serverInfo;
        if (server == null) {
            throw ApiException.unavailable("The server information is not available yet; retry shortly");
        }
        String domain = Validation.normalizeDomain("domain", domainParam);
        if (body.domain() != null) {
            String bodyDomain = Validation.normalizeDomain("domain", body.domain());
            if (domain != null && !domain.equals(bodyDomain)) {
                throw ApiException.invalidField("domain", "The domain in the body differs from the domain parameter");
            }
            domain = bodyDomain;
        }
        GroupChange change = Validation.group(body, Mode.CREATE, null, null);
        UserStore store = directory.groupStore(domain);
        Group created = directory.writable(store).createGroup(Directory.ORG, new NewGroup(change.name(), change.description()));
        return Response.created(Links.group(server, created.id(), directory.isPrimary(store) ? null : created.domain()))
                .header("ETag", Preconditions.etag(created.version()))
                .entity(Representations.group(created, List.of(), 0L))
                .build();
    }

    @GET
    public ListView<GroupView> list(
            @QueryParam("filter") String filter,
            @QueryParam("sortBy") String sortBy,
            @QueryParam("sortOrder") String sortOrder,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit,
            @QueryParam("domain") String domain) {
        Query query = ListParameters.parse(filter, sortBy, sortOrder, offset, limit, ListParameters.Vocabulary.GROUPS);
        UserStore store = directory.groupStore(Validation.normalizeDomain("domain", domain));
        if (query.sort().isPresent() && !store.descriptor().can(StoreCapability.SORT)) {
            throw ApiException.invalidField("sortBy", "The user store " + store.descriptor().domain() + " cannot sort");
        }
        Page<Group> page = store.searchGroups(Directory.ORG, query);
        List<GroupView> items = page.items().stream().map(g -> Representations.group(g, null, null)).toList();
        return new ListView<>(page.totalResults(), query.offset(), query.limit(), items);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @QueryParam("domain") String domain,
            @QueryParam("membersOffset") String membersOffset, @QueryParam("membersLimit") String membersLimit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int offset = ListParameters.integer("membersOffset", membersOffset, 0, 0, Integer.MAX_VALUE, errors);
        int limit = ListParameters.integer("membersLimit", membersLimit, DEFAULT_MEMBERS_LIMIT, 0, ListParameters.MAX_LIMIT, errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        Located<Group> group = directory.group(id, Validation.normalizeDomain("domain", domain));
        return single(group.entity(), group.store(), offset, limit);
    }

    @PUT
    @Path("{id}")
    @Consumes(ManagementApi.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, @QueryParam("domain") String domain,
            @HeaderParam("If-Match") String ifMatch, GroupInput body) {
        Preconditions.IfMatch precondition = Preconditions.parseIfMatch(ifMatch);
        Located<Group> current = directory.group(id, Validation.normalizeDomain("domain", domain));
        GroupChange change = Validation.group(body, Mode.REPLACE, id, current.entity().domain());
        return update(current, change, precondition);
    }

    @PATCH
    @Path("{id}")
    @Consumes(ManagementApi.MERGE_PATCH_JSON)
    public Response patch(@PathParam("id") String id, @QueryParam("domain") String domain,
            @HeaderParam("If-Match") String ifMatch, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ApiException.invalidField("body", "A merge patch of a group must be a JSON object");
        }
        Preconditions.IfMatch precondition = Preconditions.parseIfMatch(ifMatch);
        codec.convert(patch, GroupInput.class);
        Located<Group> current = directory.group(id, Validation.normalizeDomain("domain", domain));

        ObjectNode changes = ((ObjectNode) patch).deepCopy();
        ObjectNode fixed = codec.objectNode();
        for (String field : List.of("version", "id", "domain")) {
            JsonNode value = changes.remove(field);
            if (value != null && !value.isNull()) {
                fixed.set(field, value);
            }
        }
        changes.remove("members");
        changes.remove("membersTotal");
        changes.remove("meta");
        ObjectNode state = codec.objectNode();
        state.put("displayName", current.entity().name());
        if (current.entity().description() != null) {
            state.put("description", current.entity().description());
        }
        ObjectNode merged = (ObjectNode) MergePatch.apply(state, changes);
        merged.setAll(fixed);
        GroupChange change = Validation.group(codec.convert(merged, GroupInput.class), Mode.REPLACE, id, current.entity().domain());
        return update(current, change, precondition);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @QueryParam("domain") String domain, @HeaderParam("If-Match") String ifMatch) {
        Preconditions.IfMatch precondition = Preconditions.parseIfMatch(ifMatch);
        Located<Group> current = directory.group(id, Validation.normalizeDomain("domain", domain));
        Preconditions.Expected expected = Preconditions.forDelete(precondition, current.entity().version(), ENTITY);
        WritableUserStore writable = directory.writable(current.store());
        AdminGuard.checkGroupChange(directory, current.store(), current.entity(), null);
        try {
            writable.deleteGroup(Directory.ORG, id, expected.version());
        } catch (VersionConflictException e) {
            throw Preconditions.onConflict(e, expected, ENTITY);
        }
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/members")
    @Consumes(ManagementApi.APPLICATION_JSON)
    public Response addMember(@PathParam("id") String id, @QueryParam("domain") String domain, MemberInput body) {
        if (body.userId() == null || body.userId().isEmpty()) {
            throw ApiException.invalidField("userId", "Required");
        }
        Located<Group> group = directory.group(id, Validation.normalizeDomain("domain", domain));
        UserStore store = group.store();
        if (store.findUserById(Directory.ORG, body.userId()).isEmpty()) {
            throw ApiException.notFound("There is no user with id " + body.userId() + " in the user store " + store.descriptor().domain());
        }
        directory.writable(store).addMember(Directory.ORG, id, body.userId());
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}/members/{userId}")
    public Response removeMember(@PathParam("id") String id, @PathParam("userId") String userId, @QueryParam("domain") String domain) {
        Located<Group> group = directory.group(id, Validation.normalizeDomain("domain", domain));
        WritableUserStore writable = directory.writable(group.store());
        if (AdminGuard.isAdminGroup(directory, group.store(), group.entity())) {
            AdminGuard.checkNotLastAdmin(directory, group.store(), userId, "removed from the group");
        }
        writable.removeMember(Directory.ORG, id, userId);
        return Response.noContent().build();
    }

    // ---------------------------------------------------------------------------------------------

    private Response update(Located<Group> current, GroupChange change, Preconditions.IfMatch precondition) {
        Group group = current.entity();
        Preconditions.Expected expected = Preconditions.forUpdate(precondition, change.version(), group.version(), ENTITY);
        WritableUserStore writable = directory.writable(current.store());
        AdminGuard.checkGroupChange(directory, current.store(), group, change.name());
        Group updated;
        try {
            updated = writable.updateGroup(Directory.ORG, group.id(), expected.version(), new GroupUpdate(change.name(), change.description()));
        } catch (VersionConflictException e) {
            throw Preconditions.onConflict(e, expected, ENTITY);
        }
        return single(updated, current.store(), 0, DEFAULT_MEMBERS_LIMIT);
    }

    private Response single(Group group, UserStore store, int membersOffset, int membersLimit) {
        Page<User> members = store.membersOf(Directory.ORG, group.id(), membersOffset, membersLimit);
        List<Member> items = members.items().stream().map(Representations::member).toList();
        Long total = members.totalResults() >= 0 ? members.totalResults() : null;
        return Response.ok(Representations.group(group, items, total))
                .header("ETag", Preconditions.etag(group.version()))
                .build();
    }
}
