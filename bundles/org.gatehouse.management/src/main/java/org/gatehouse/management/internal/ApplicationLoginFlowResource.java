package org.gatehouse.management.internal;

import java.io.InputStream;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;
import org.gatehouse.application.Applications;
import org.gatehouse.core.login.LoginFlowDefinitions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/applications/{clientId}/login-flow}: the login flow of one application. Without a flow
 * of its own an application follows the organization's default (or the built-in one); GET shows
 * that flow with {@code inherited: true}, and the first PUT gives the application its own.
 *
 * <p>Its own component, apart from {@link ApplicationsResource}: both references are dynamic, and
 * without the flow store only this path answers 503. Like {@link ApplicationsResource}, public
 * signatures name no type of the optionally imported {@code org.gatehouse.application}.
 */
@Component(service = ApplicationLoginFlowResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_AUTH, ManagementApi.SELECT_HTTP})
@Path("/api/applications/{clientId}/login-flow")
@Produces(ManagementApi.APPLICATION_JSON)
public final class ApplicationLoginFlowResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile LoginFlowDefinitions loginFlows;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Applications applications;

    private final LoginFlowEditor editor;

    @Activate
    public ApplicationLoginFlowResource(@Reference JsonCodec codec) {
        this.editor = new LoginFlowEditor(codec, () -> loginFlows);
    }

    @GET
    public Response get(@PathParam("clientId") String clientId) {
        requireApplication(clientId);
        return editor.read(clientId);
    }

    /** The body is the flow itself, {@code {"steps": [...]}}; {@code If-Match} names the application's own version ("0" for none). */
    @PUT
    @Consumes(ManagementApi.APPLICATION_JSON)
    public Response replace(@PathParam("clientId") String clientId, @HeaderParam("If-Match") String ifMatch, InputStream body) {
        Preconditions.IfMatch precondition = Preconditions.parseIfMatch(ifMatch);
        requireApplication(clientId);
        return editor.replace(clientId, precondition, body);
    }

    /** Flows are stored by client id whether or not it exists: only applications of the root organization have one here. */
    private void requireApplication(String clientId) {
        Applications registry = applications;
        if (registry == null) {
            throw ApiException.unavailable("The application registry is not available; retry shortly (is the gatehouse-oidc feature installed?)");
        }
        boolean known = registry.findByClientId(clientId).filter(a -> a.organizationId().equals(Directory.ORG.id())).isPresent();
        if (!known) {
            throw ApiException.notFound("No application with client_id " + clientId);
        }
    }
}
