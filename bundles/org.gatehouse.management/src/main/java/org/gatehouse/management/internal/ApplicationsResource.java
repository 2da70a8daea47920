package org.gatehouse.management.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;
import org.gatehouse.api.context.ServerInfo;
import org.gatehouse.application.Application;
import org.gatehouse.application.ApplicationConflictException;
import org.gatehouse.application.ApplicationNotFoundException;
import org.gatehouse.application.ApplicationTemplate;
import org.gatehouse.application.Applications;
import org.gatehouse.application.CreatedApplication;
import org.gatehouse.application.InvalidClientMetadataException;
import org.gatehouse.management.internal.Representations.ListView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/applications}: the OAuth 2 / OpenID Connect applications of the root organization.
 * Bodies are RFC 7591 client metadata plus {@code template}; the rules of each template are the
 * registry's ({@link Applications}), this resource only speaks HTTP.
 *
 * <p>The registry is a dynamic reference: while the OIDC feature is absent or being upgraded the
 * API answers 503. Public method signatures name no type of {@code org.gatehouse.application}, whose
 * import is optional: without it only this resource is missing, never the rest of the API.
 */
@Component(service = ApplicationsResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_AUTH, ManagementApi.SELECT_HTTP})
@Path("/api/applications")
@Produces(ManagementApi.APPLICATION_JSON)
public final class ApplicationsResource {

    private static final String ENTITY = "application";
    private static final String TEMPLATE = "template";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Applications applications;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ServerInfo serverInfo;

    private final JsonCodec codec;

    @Activate
    public ApplicationsResource(@Reference JsonCodec codec) {
        this.codec = codec;
    }

    @GET
    public Response list() {
        Applications registry = registry();
        List<JsonNode> items = registry.list(Directory.ORG).stream().map(a -> (JsonNode) view(registry, a)).toList();
        return Response.ok(new ListView<>(items.size(), 0, items.size(), items)).build();
    }

    @POST
    @Consumes(ManagementApi.APPLICATION_JSON)
    public Response create(JsonNode body) {
        Map<String, Object> metadata = metadata(body);
        Object templateValue = metadata.get(TEMPLATE);
        if (templateValue == null) {
            throw ApiException.invalidField(TEMPLATE, "template is required: one of " + templateIds());
        }
        ApplicationTemplate template = templateValue instanceof String id ? ApplicationTemplate.byId(id).orElse(null) : null;
        if (template == null) {
            throw ApiException.invalidField(TEMPLATE, "template must be one of " + templateIds());
        }
        ServerInfo server = server();
        Applications registry = registry();
        CreatedApplication created = translate(() -> registry.create(Directory.ORG, template, metadata, false), null);
        Application app = created.application();
        ObjectNode view = view(registry, app);
        created.clientSecret().ifPresent(secret -> {
            view.put("client_secret", secret);
            view.put("client_secret_expires_at", 0);
        });
        return Response.created(Links.application(server, app.clientId()))
                .header("ETag", Preconditions.etag(app.version()))
                .entity(view)
                .build();
    }

    @GET
    @Path("{clientId}")
    public Response get(@PathParam("clientId") String clientId) {
        Applications registry = registry();
        Application app = find(registry, clientId);
        return single(registry, app);
    }

    @PUT
    @Path("{clientId}")
    @Consumes(ManagementApi.APPLICATION_JSON)
    public Response replace(@PathParam("clientId") String clientId, @HeaderParam("If-Match") String ifMatch, JsonNode body) {
        Preconditions.IfMatch precondition = Preconditions.parseIfMatch(ifMatch);
        Map<String, Object> metadata = metadata(body);
        Applications registry = registry();
        Application current = find(registry, clientId);
        Preconditions.Expected expected = Preconditions.forUpdate(precondition, java.util.Optional.empty(), current.version(), ENTITY);
        Application updated = translate(() -> registry.update(Directory.ORG, clientId, expected.version(), metadata), clientId);
        return single(registry, updated);
    }

    @DELETE
    @Path("{clientId}")
    public Response delete(@PathParam("clientId") String clientId, @HeaderParam("If-Match") String ifMatch) {
        Preconditions.IfMatch precondition = Preconditions.parseIfMatch(ifMatch);
        Applications registry = registry();
        Application current = find(registry, clientId);
        Preconditions.Expected expected = Preconditions.forDelete(precondition, current.version(), ENTITY);
        translate(() -> {
            registry.delete(Directory.ORG, clientId, expected.version());
            return null;
        }, clientId);
        return Response.noContent().build();
    }

    @POST
    @Path("{clientId}/secret")
    public Response rotateSecret(@PathParam("clientId") String clientId) {
        Applications registry = registry();
        find(registry, clientId);
        String secret = translate(() -> registry.rotateSecret(Directory.ORG, clientId), clientId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("client_id", clientId);
        answer.put("client_secret", secret);
        answer.put("client_secret_expires_at", 0);
        Response.ResponseBuilder response = Response.ok(codec.toTree(answer));
        registry.findByClientId(clientId).ifPresent(a -> response.header("ETag", Preconditions.etag(a.version())));
        return response.build();
    }

    // ---------------------------------------------------------------------------------------------

    private Response single(Applications registry, Application app) {
        return Response.ok(view(registry, app)).header("ETag", Preconditions.etag(app.version())).build();
    }

    private ObjectNode view(Applications registry, Application app) {
        return (ObjectNode) codec.toTree(registry.describe(app));
    }

    /** The application in the root organization; applications of other organizations do not exist here. */
    private static Application find(Applications registry, String clientId) {
        return registry.findByClientId(clientId)
                .filter(a -> a.organizationId().equals(Directory.ORG.id()))
                .orElseThrow(() -> ApiException.notFound("No application with client_id " + clientId));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> metadata(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalidField("body", "The body must be a JSON object of client metadata (RFC 7591)");
        }
        return new LinkedHashMap<>(codec.convert(body, Map.class));
    }

    /**
     * Runs a registry call, answering its failures as the rest of the API does.
     *
     * @param clientId the application the call changes, or null for a creation
     */
    private <T> T translate(Supplier<T> call, String clientId) {
        try {
            return call.get();
        } catch (InvalidClientMetadataException e) {
            throw invalidMetadata(e);
        } catch (ApplicationNotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (ApplicationConflictException e) {
            if (clientId == null) {
                Problem p = new Problem(ProblemType.UNIQUENESS_CONFLICT.uri(), ProblemType.UNIQUENESS_CONFLICT.title(409), 409, e.getMessage(),
                        List.of(new Problem.FieldError("client_id", "Already taken")), null);
                return throwing(new ApiException(p, Map.of()));
            }
            // a concurrent change won after our precondition check
            long current = registry().findByClientId(clientId).map(Application::version).orElse(-1L);
            if (current < 0) {
                throw ApiException.notFound("No application with client_id " + clientId);
            }
            throw Preconditions.failed(ENTITY, current);
        }
    }

    private static <T> T throwing(ApiException e) {
        throw e;
    }

    /** A 400 problem naming the field, with the RFC 7591 error code as the extension member {@code error}. */
    static ApiException invalidMetadata(InvalidClientMetadataException e) {
        String field = e.field() == null ? "body" : e.field();
        Problem p = new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(400), 400, field + ": " + e.getMessage(),
                List.of(new Problem.FieldError(field, e.getMessage())), null, e.error());
        return new ApiException(p, Map.of());
    }

    private Applications registry() {
        Applications registry = applications;
        if (registry == null) {
            throw ApiException.unavailable("The application registry is not available; retry shortly (is the gatehouse-oidc feature installed?)");
        }
        return registry;
    }

    private ServerInfo server() {
        ServerInfo server = serverInfo;
        if (server == null) {
            throw ApiException.unavailable("The server information is not available yet; retry shortly");
        }
        return server;
    }

    private static String templateIds() {
        return String.join(", ", java.util.Arrays.stream(ApplicationTemplate.values()).map(ApplicationTemplate::id).toList());
    }
}
