package org.gatehouse.management.internal;

import java.io.InputStream;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;
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
 * {@code /api/login-flow}: the organization's default login flow, which every application without
 * a flow of its own follows. Until one is stored GET shows the built-in flow (version 0,
 * {@code inherited: true}).
 */
@Component(service = OrganizationLoginFlowResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_AUTH, ManagementApi.SELECT_HTTP})
@Path("/api/login-flow")
@Produces(ManagementApi.APPLICATION_JSON)
public final class OrganizationLoginFlowResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile LoginFlowDefinitions loginFlows;

    private final LoginFlowEditor editor;

    @Activate
    public OrganizationLoginFlowResource(@Reference JsonCodec codec) {
        this.editor = new LoginFlowEditor(codec, () -> loginFlows);
    }

    @GET
    public Response get() {
        return editor.read(LoginFlowDefinitions.ORGANIZATION_DEFAULT);
    }

    /** The body is the flow itself, {@code {"steps": [...]}}; {@code If-Match} names the stored version ("0" for none). */
    @PUT
    @Consumes(ManagementApi.APPLICATION_JSON)
    public Response replace(@HeaderParam("If-Match") String ifMatch, InputStream body) {
        return editor.replace(LoginFlowDefinitions.ORGANIZATION_DEFAULT, Preconditions.parseIfMatch(ifMatch), body);
    }
}
