package org.gatehouse.protocol.scim2.internal;

import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.ReadOnlyStoreException;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.UserStoreException;
import org.gatehouse.api.userstore.VersionConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes SCIM requests (from HTTP or from /Bulk) to the endpoints, checks the caller's scopes for
 * each, and turns every failure into a SCIM error response.
 */
final class ScimService {

    private static final Logger LOG = LoggerFactory.getLogger(ScimService.class);

    private final ScimContext ctx;
    private final UsersEndpoint users;
    private final GroupsEndpoint groups;
    private final DiscoveryEndpoints discovery;
    private final BulkEndpoint bulk;

    ScimService(ScimContext ctx) {
        this.ctx = ctx;
        this.users = new UsersEndpoint(ctx);
        this.groups = new GroupsEndpoint(ctx);
        this.discovery = new DiscoveryEndpoints(ctx);
        this.bulk = new BulkEndpoint(ctx, this::handle);
    }

    /** Never throws: failures are SCIM error responses. */
    ScimResponse handle(ScimRequest r) {
        try {
            return route(r);
        } catch (ScimException e) {
            return ScimResponse.error(e);
        } catch (RuntimeException e) {
            return failure(e, r);
        }
    }

    /** The SCIM answer to a failure of a user store or of this server. */
    static ScimResponse failure(RuntimeException e, ScimRequest r) {
        if (e instanceof UniquenessConflictException u) {
            return ScimResponse.error(409, "uniqueness", u.getMessage());
        }
        if (e instanceof InvalidValueException v) {
            return ScimResponse.error(400, "invalidValue", v.getMessage());
        }
        if (e instanceof InvalidFilterException f) {
            return ScimResponse.error(400, "invalidFilter", f.getMessage());
        }
        if (e instanceof EntityNotFoundException n) {
            return ScimResponse.error(404, null, n.getMessage());
        }
        if (e instanceof ReadOnlyStoreException) {
            return ScimResponse.error(400, "mutability", "The user store is read-only: " + e.getMessage());
        }
        if (e instanceof VersionConflictException c) {
            return ScimResponse.error(ScimException.preconditionFailed(c.getMessage(), ETags.of(c.actualVersion())));
        }
        if (e instanceof StoreUnavailableException) {
            LOG.warn("SCIM {} {}: a user store is unavailable: {}", r.method(), String.join("/", r.path()), e.getMessage());
            return ScimResponse.error(ScimException.unavailable("The user store is unavailable; retry shortly"));
        }
        if (e instanceof UserStoreException) {
            return ScimResponse.error(400, "invalidValue", e.getMessage());
        }
        String errorId = java.util.UUID.randomUUID().toString();
        LOG.error("SCIM {} {} failed (error id {})", r.method(), String.join("/", r.path()), errorId, e);
        return ScimResponse.error(500, null, "The server could not complete the request (error id " + errorId + ")");
    }

    private ScimResponse route(ScimRequest r) {
        String head = r.segment(0);
        String id = r.segment(1);
        if (head == null) {
            throw ScimException.notFound("Resources live under /scim2/Users, /scim2/Groups and /scim2/Me; see /scim2/ServiceProviderConfig");
        }
        if (r.path().size() > 2 || (r.path().size() == 2 && !(head.equals("Users") || head.equals("Groups")
                || head.equals("ResourceTypes") || head.equals("Schemas")))) {
            throw ScimException.notFound("No such endpoint");
        }
        String method = r.method();
        switch (head) {
            case "Users" -> {
                if (".search".equals(id)) {
                    requirePost(method);
                    r.caller().requireRead();
                    return users.list(ListRequest.fromSearchRequest(ScimJson.readObject(r.body()), ctx.limits));
                }
                return resource(r, method, id, true);
            }
            case "Groups" -> {
                if (".search".equals(id)) {
                    requirePost(method);
                    r.caller().requireRead();
                    return groups.list(ListRequest.fromSearchRequest(ScimJson.readObject(r.body()), ctx.limits));
                }
                return resource(r, method, id, false);
            }
            case "Me" -> {
                return me(r, method);
            }
            case "Bulk" -> {
                requirePost(method);
                r.caller().requireWrite();
                return bulk.handle(r);
            }
            case "ServiceProviderConfig" -> {
                requireGet(method);
                requireAnyScope(r.caller());
                return discovery.serviceProviderConfig(r);
            }
            case "ResourceTypes" -> {
                requireGet(method);
                requireAnyScope(r.caller());
                return discovery.resourceTypes(id);
            }
            case "Schemas" -> {
                requireGet(method);
                requireAnyScope(r.caller());
                return discovery.schemas(id);
            }
            case ".search" -> throw ScimException.notImplemented("Searching across resource types is not supported: POST to /Users/.search or /Groups/.search");
            default -> throw ScimException.notFound("No such endpoint: /" + head);
        }
    }

    private ScimResponse resource(ScimRequest r, String method, String id, boolean isUsers) {
        if (id == null) {
            switch (method) {
                case "GET" -> {
                    r.caller().requireRead();
                    return isUsers ? users.list(ListRequest.fromQuery(r, ctx.limits)) : groups.list(ListRequest.fromQuery(r, ctx.limits));
                }
                case "POST" -> {
                    r.caller().requireWrite();
                    return isUsers ? users.create(r) : groups.create(r);
                }
                default -> throw ScimException.methodNotAllowed(method + " is not allowed here", "GET, POST");
            }
        }
        switch (method) {
            case "GET" -> {
                r.caller().requireRead();
                return isUsers ? users.get(id, r) : groups.get(id, r);
            }
            case "PUT" -> {
                r.caller().requireWrite();
                return isUsers ? users.replace(id, r, false) : groups.replace(id, r);
            }
            case "PATCH" -> {
                r.caller().requireWrite();
                return isUsers ? users.patch(id, r, false) : groups.patch(id, r);
            }
            case "DELETE" -> {
                r.caller().requireWrite();
                return isUsers ? users.delete(id, r) : groups.delete(id, r);
            }
            default -> throw ScimException.methodNotAllowed(method + " is not allowed here", "GET, PUT, PATCH, DELETE");
        }
    }

    /** RFC 7644 section 3.11: /Me is the resource of the token's own user. */
    private ScimResponse me(ScimRequest r, String method) {
        Caller caller = r.caller();
        if (caller.user().isEmpty()) {
            throw ScimException.notImplemented("/Me needs a token that acts for a user; this token was issued to the client " + caller.clientId());
        }
        if (!caller.canUseMe()) {
            throw new ScimException(403, null, "/Me needs an access token with the scope " + Caller.ME,
                    java.util.Map.of("WWW-Authenticate", "Bearer realm=\"gatehouse\", error=\"insufficient_scope\", scope=\"" + Caller.ME + "\""));
        }
        String self = ScimIds.of(caller.user().get().domain(), caller.user().get().id());
        return switch (method) {
            case "GET" -> users.get(self, r);
            case "PUT" -> users.replace(self, r, true);
            case "PATCH" -> users.patch(self, r, true);
            case "DELETE" -> throw ScimException.forbidden("An account cannot be deleted through /Me");
            case "POST" -> throw ScimException.notImplemented("Creating a resource through /Me is not supported");
            default -> throw ScimException.methodNotAllowed(method + " is not allowed here", "GET, PUT, PATCH");
        };
    }

    private static void requirePost(String method) {
        if (!"POST".equals(method)) {
            throw ScimException.methodNotAllowed(method + " is not allowed here", "POST");
        }
    }

    private static void requireAnyScope(Caller caller) {
        if (!caller.anyScimScope()) {
            throw ScimException.forbidden("Discovery needs an access token with a SCIM scope (" + Caller.READ + ", " + Caller.WRITE + " or " + Caller.ME + ")");
        }
    }

    private static void requireGet(String method) {
        if (!"GET".equals(method)) {
            throw ScimException.methodNotAllowed(method + " is not allowed here", "GET");
        }
    }
}
