package org.gatehouse.management.internal;

import java.util.Locale;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.core.transfer.UserTransfers;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Bulk export of users: {@code GET /api/exports} streams a store's users out, ordered by username. */
@Component(service = ExportsResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_AUTH, ManagementApi.SELECT_HTTP})
@Path("/api/exports")
public final class ExportsResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile UserTransfers transfers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile UserDirectory userDirectory;

    @GET
    public Response exportUsers(@QueryParam("domain") String domain, @QueryParam("format") String format) {
        String store = ImportsResource.domain(domain);
        String chosen = format == null || format.isBlank() ? "csv" : format.toLowerCase(Locale.ROOT);
        UserTransfers t = transfers();
        UserDirectory directory = userDirectory;
        if (directory == null) {
            throw ApiException.unavailable("The user directory is not available yet; retry shortly");
        }
        // checked before the first byte goes out: once streaming, the status can no longer change
        if (directory.store(store).isEmpty()) {
            throw ApiException.notFound("No user store '" + store + "'");
        }
        if (!t.formats().contains(chosen)) {
            throw ApiException.invalidField("format", "Unknown format '" + chosen + "': available are " + String.join(", ", t.formats()));
        }
        StreamingOutput out = stream -> t.exportUsers(Directory.ORG, store, chosen, stream, UserTransfers.Progress.NONE);
        return Response.ok(out, chosen.equals("csv") ? "text/csv; charset=utf-8" : "application/json")
                .header("Content-Disposition", "attachment; filename=\"users-" + store.toLowerCase(Locale.ROOT) + "." + chosen + "\"")
                .build();
    }

    private UserTransfers transfers() {
        UserTransfers t = transfers;
        if (t == null) {
            throw ApiException.unavailable("Imports and exports are not available yet; retry shortly");
        }
        return t;
    }
}
