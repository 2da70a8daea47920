package org.gatehouse.management.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;
import org.gatehouse.core.session.SsoSessions;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/sessions/{id}}: ends a single sign-on session, as logout would: its grants without
 * offline access are revoked and its applications hear of it through back-channel logout.
 */
@Component(service = SessionsResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_AUTH, ManagementApi.SELECT_HTTP})
@Path("/api/sessions")
@Produces(ManagementApi.APPLICATION_JSON)
public final class SessionsResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile SsoSessions sessions;

    @DELETE
    @Path("{id}")
    public Response end(@PathParam("id") String id) {
        SsoSessions store = sessions;
        if (store == null) {
            throw ApiException.unavailable("The session store is not available yet; retry shortly");
        }
        if (id.length() > 128 || !store.end(id)) {
            throw ApiException.notFound("No live session with that id");
        }
        return Response.noContent().build();
    }
}
