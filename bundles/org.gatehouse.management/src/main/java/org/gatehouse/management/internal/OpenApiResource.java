package org.gatehouse.management.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import org.gatehouse.api.context.ServerInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/openapi.json}: the OpenAPI 3.0 description of the management API, public. The
 * document is hand-written ({@code openapi.json} next to this class); a unit test keeps it in step
 * with the resource classes.
 */
@Component(service = OpenApiResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_HTTP})
@Path("/api/openapi.json")
@Produces(ManagementApi.APPLICATION_JSON)
public final class OpenApiResource {

    static final String DOCUMENT = "openapi.json";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ServerInfo serverInfo;

    private final ObjectNode document;

    @Activate
    public OpenApiResource(@Reference JsonCodec codec) {
        this.document = load(codec);
    }

    static ObjectNode load(JsonCodec codec) {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the bundle");
            }
            return (ObjectNode) codec.readValue(in.readAllBytes(), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DOCUMENT, e);
        }
    }

    @GET
    public JsonNode get() {
        ServerInfo server = serverInfo;
        if (server == null) {
            return document;
        }
        ObjectNode copy = document.deepCopy();
        ArrayNode servers = copy.putArray("servers");
        servers.addObject().put("url", server.baseUrl().toString());
        return copy;
    }
}
