package org.gatehouse.management.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
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
import org.gatehouse.core.session.SsoSessions;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.api.userstore.NewUser;
import org.gatehouse.api.userstore.Page;
import org.gatehouse.api.userstore.Query;
import org.gatehouse.api.userstore.StoreCapability;
import org.gatehouse.api.userstore.User;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.api.userstore.UserStore;
import org.gatehouse.api.userstore.UserUpdate;
import org.gatehouse.api.userstore.VersionConflictException;
import org.gatehouse.api.userstore.WritableUserStore;
import org.gatehouse.management.internal.Directory.Located;
import org.gatehouse.management.internal.Representations.GroupRef;
import org.gatehouse.management.internal.Representations.GroupView;
import org.gatehouse.management.internal.Representations.ListView;
import org.gatehouse.management.internal.Representations.PasswordInput;
import org.gatehouse.management.internal.Representations.UserInput;
import org.gatehouse.management.internal.Representations.UserView;
import org.gatehouse.management.internal.Validation.Mode;
import org.gatehouse.management.internal.Validation.UserChange;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/users}: users of the user stores.
 *
 * <p>The user directory and server info are dynamic references: the core can be upgraded under a
 * running API, which answers 503 meanwhile instead of 404.
 */
@Component(service = UsersResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_AUTH, ManagementApi.SELECT_HTTP})
@Path("/api/users")
@Produces(ManagementApi.APPLICATION_JSON)
public final class UsersResource {

    private static final String ENTITY = "user";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile UserDirectory userDirectory;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ServerInfo serverInfo;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile SsoSessions sessions;

    private final JsonCodec codec;
    private final CredentialCache credentials;
    private final Directory directory = new Directory(() -> userDirectory);

    @Activate
    public UsersResource(@Reference JsonCodec codec, @Reference CredentialCache credentials) {
        this.codec = codec;
        this.credentials = credentials;
    }

    @POST
    @Consumes(ManagementApi.APPLICATION_JSON)
    public Response create(@QueryParam("domain") String domainParam, UserInput body) {
        ServerInfo server = server();
        String domain = Validation.normalizeDomain("domain", domainParam);
        if (body.domain() != null) {
            String bodyDomain = Validation.normalizeDomain("domain", body.domain());
            if (domain != null && !domain.equals(bodyDomain)) {
                throw ApiException.invalidField("domain", "The domain in the body differs from the domain parameter");
            }
            domain = bodyDomain;
        }
        UserChange change = Validation.user(body, Mode.CREATE, null, null);
        try {
            UserStore store = directory.store(domain);
            WritableUserStore writable = directory.writable(store);
            User created = writable.createUser(Directory.ORG,
                    new NewUser(change.userName(), change.active(), change.profile(), change.password()));
            List<GroupRef> groups = store.descriptor().can(StoreCapability.GROUPS) ? List.of() : null;
            return Response.created(Links.user(server, created.id(), directory.isPrimary(store) ? null : created.domain()))
                    .header("ETag", Preconditions.etag(created.version()))
                    .entity(Representations.user(created, groups))
                    .build();
        } finally {
            change.password().ifPresent(p -> Arrays.fill(p, '\0'));
        }
    }

    @GET
    public ListView<UserView> list(
            @QueryParam("filter") String filter,
            @QueryParam("sortBy") String sortBy,
            @QueryParam("sortOrder") String sortOrder,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit,
            @QueryParam("domain") String domain) {
        Query query = ListParameters.parse(filter, sortBy, sortOrder, offset, limit, ListParameters.Vocabulary.USERS);
        UserStore store = directory.store(Validation.normalizeDomain("domain", domain));
        if (query.sort().isPresent() && !store.descriptor().can(StoreCapability.SORT)) {
            throw ApiException.invalidField("sortBy", "The user store " + store.descriptor().domain() + " cannot sort");
        }
        Page<User> page = store.searchUsers(Directory.ORG, query);
        List<UserView> items = page.items().stream().map(u -> Representations.user(u, null)).toList();
        return new ListView<>(page.totalResults(), query.offset(), query.limit(), items);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @QueryParam("domain") String domain) {
        Located<User> user = directory.user(id, Validation.normalizeDomain("domain", domain));
        return single(user.entity(), user.store());
    }

    @PUT
    @Path("{id}")
    @Consumes(ManagementApi.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, @QueryParam("domain") String domain,
            @HeaderParam("If-Match") String ifMatch, UserInput body) {
        Preconditions.IfMatch precondition = Preconditions.parseIfMatch(ifMatch);
        Located<User> current = directory.user(id, Validation.normalizeDomain("domain", domain));
        UserChange change = Validation.user(body, Mode.REPLACE, id, current.entity().domain());
        return update(current, change, precondition);
    }

    @PATCH
    @Path("{id}")
    @Consumes(ManagementApi.MERGE_PATCH_JSON)
    public Response patch(@PathParam("id") String id, @QueryParam("domain") String domain,
            @HeaderParam("If-Match") String ifMatch, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw ApiException.invalidField("body", "A merge patch of a user must be a JSON object");
        }
        Preconditions.IfMatch precondition = Preconditions.parseIfMatch(ifMatch);
        codec.convert(patch, UserInput.class); // names and types of the patch itself
        Located<User> current = directory.user(id, Validation.normalizeDomain("domain", domain));

        ObjectNode changes = ((ObjectNode) patch).deepCopy();
        ObjectNode fixed = codec.objectNode();
        for (String field : List.of("version", "id", "domain")) {
            JsonNode value = changes.remove(field);
            if (value != null && !value.isNull()) {
                fixed.set(field, value);
            }
        }
        changes.remove("groups");
        changes.remove("meta");
        ObjectNode merged = (ObjectNode) MergePatch.apply(mutableState(current.entity()), changes);
        merged.setAll(fixed);
        UserChange change = Validation.user(codec.convert(merged, UserInput.class), Mode.REPLACE, id, current.entity().domain());
        return update(current, change, precondition);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @QueryParam("domain") String domain, @HeaderParam("If-Match") String ifMatch) {
        Preconditions.IfMatch precondition = Preconditions.parseIfMatch(ifMatch);
        Located<User> current = directory.user(id, Validation.normalizeDomain("domain", domain));
        Preconditions.Expected expected = Preconditions.forDelete(precondition, current.entity().version(), ENTITY);
        WritableUserStore writable = directory.writable(current.store());
        AdminGuard.checkNotLastAdmin(directory, current.store(), id, "deleted");
        try {
            writable.deleteUser(Directory.ORG, id, expected.version());
        } catch (VersionConflictException e) {
            throw Preconditions.onConflict(e, expected, ENTITY);
        } finally {
            credentials.invalidate(id);
        }
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/password")
    @Consumes(ManagementApi.APPLICATION_JSON)
    public Response setPassword(@PathParam("id") String id, @QueryParam("domain") String domain, PasswordInput body) {
        char[] password = Validation.password(body.password());
        try {
            Located<User> current = directory.user(id, Validation.normalizeDomain("domain", domain));
            directory.writable(current.store()).setPassword(Directory.ORG, id, password);
            return Response.noContent().build();
        } finally {
            Arrays.fill(password, '\0');
            credentials.invalidate(id);
        }
    }

    @GET
    @Path("{id}/groups")
    public ListView<GroupView> groups(@PathParam("id") String id, @QueryParam("domain") String domain) {
        Located<User> user = directory.user(id, Validation.normalizeDomain("domain", domain));
        List<GroupView> items = user.store().descriptor().can(StoreCapability.GROUPS)
                ? user.store().groupsOf(Directory.ORG, id).stream().map(g -> Representations.group(g, null, null)).toList()
                : List.of();
        return new ListView<>(items.size(), 0, items.size(), items);
    }

    /** The user's live single sign-on sessions, most recent first; end one with DELETE /api/sessions/{id}. */
    @GET
    @Path("{id}/sessions")
    public ListView<Representations.SessionView> sessions(@PathParam("id") String id, @QueryParam("domain") String domain) {
        Located<User> user = directory.user(id, Validation.normalizeDomain("domain", domain));
        SsoSessions store = sessions;
        if (store == null) {
            throw ApiException.unavailable("The session store is not available yet; retry shortly");
        }
        List<Representations.SessionView> items = store.sessionsOf(Directory.ORG, user.entity().ref()).stream().map(Representations::session).toList();
        return new ListView<>(items.size(), 0, items.size(), items);
    }

    // ---------------------------------------------------------------------------------------------

    private Response update(Located<User> current, UserChange change, Preconditions.IfMatch precondition) {
        User user = current.entity();
        Preconditions.Expected expected = Preconditions.forUpdate(precondition, change.version(), user.version(), ENTITY);
        WritableUserStore writable = directory.writable(current.store());
        if (user.active() && !change.active()) {
            AdminGuard.checkNotLastAdmin(directory, current.store(), user.id(), "disabled");
        }
        User updated;
        try {
            updated = writable.updateUser(Directory.ORG, user.id(), expected.version(),
                    new UserUpdate(change.userName(), change.active(), change.profile()));
        } catch (VersionConflictException e) {
            throw Preconditions.onConflict(e, expected, ENTITY);
        } finally {
            credentials.invalidate(user.id());
        }
        return single(updated, current.store());
    }

    private Response single(User user, UserStore store) {
        List<GroupRef> groups = store.descriptor().can(StoreCapability.GROUPS)
                ? store.groupsOf(Directory.ORG, user.id()).stream().map(Representations::groupRef).toList()
                : null;
        return Response.ok(Representations.user(user, groups))
                .header("ETag", Preconditions.etag(user.version()))
                .build();
    }

    /** The user's mutable state in the shape of a request body, the target of a merge patch. */
    private ObjectNode mutableState(User user) {
        UserView view = Representations.user(user, null);
        UserInput state = new UserInput(view.userName(), view.active(), null,
                new Representations.NameInput(view.name().givenName(), view.name().familyName()),
                view.displayName(), view.email(), view.emailVerified(), view.phoneNumber(), view.locale(),
                view.attributes(), null, null, null, null, null);
        return (ObjectNode) codec.toTree(state);
    }

    private ServerInfo server() {
        ServerInfo server = serverInfo;
        if (server == null) {
            throw ApiException.unavailable("The server information is not available yet; retry shortly");
        }
        return server;
    }
}
