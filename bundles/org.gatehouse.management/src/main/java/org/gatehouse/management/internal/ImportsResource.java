package org.gatehouse.management.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import javax.ws.rs.Consumes;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import org.gatehouse.api.userstore.UserStoreDescriptor;
import org.gatehouse.core.transfer.ImportResult;
import org.gatehouse.core.transfer.TransferException;
import org.gatehouse.core.transfer.UserTransfers;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Bulk import of users: {@code POST /api/imports} streams a data file (CSV, or any registered
 * format) into a store and answers what it did, row by row. A rejected row changes nothing.
 */
@Component(service = ImportsResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_AUTH, ManagementApi.SELECT_HTTP})
@Path("/api/imports")
public final class ImportsResource {

    /** 256 MiB: about two million CSV rows. */
    static final long MAX_IMPORT_BYTES = 256L * 1024 * 1024;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile UserTransfers transfers;

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RowErrorView(long row, String field, String reason, String message) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ImportView(String domain, String format, long rows, long created, long failed, List<RowErrorView> errors, long tookMillis) {}

    @POST
    @Consumes({"text/csv", "application/csv", "text/plain", "application/octet-stream", "application/scim+json", "application/json"})
    @Produces(ManagementApi.APPLICATION_JSON)
    public ImportView importUsers(@QueryParam("domain") String domain, @QueryParam("format") String format,
            @HeaderParam("Content-Type") String contentType, InputStream body) {
        String store = domain(domain);
        String chosen = format != null && !format.isBlank() ? format : formatOf(contentType);
        UserTransfers t = transfers();
        ImportResult result;
        try {
            result = t.importUsers(Directory.ORG, store, chosen, body, UserTransfers.Progress.NONE);
        } catch (TransferException e) {
            throw ApiException.invalidField(format != null ? "format" : "body", e.getMessage());
        }
        return new ImportView(store, chosen.toLowerCase(Locale.ROOT), result.rows(), result.created(), result.failed(),
                result.errors().stream().map(r -> new RowErrorView(r.row(), r.field(), r.reason(), r.message())).toList(),
                result.took().toMillis());
    }

    static String domain(String domain) {
        String normalized = Validation.normalizeDomain("domain", domain);
        return normalized == null ? UserStoreDescriptor.PRIMARY_DOMAIN : normalized;
    }

    /** The format a request's media type names; CSV when it names none we know. */
    static String formatOf(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/scim+json") || type.startsWith("application/json")) {
            return "scim";
        }
        return "csv";
    }

    private UserTransfers transfers() {
        UserTransfers t = transfers;
        if (t == null) {
            throw ApiException.unavailable("Imports and exports are not available yet; retry shortly");
        }
        return t;
    }
}
