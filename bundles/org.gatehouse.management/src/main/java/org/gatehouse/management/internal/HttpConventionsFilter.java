package org.gatehouse.management.internal;

import java.io.InputStream;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.MultivaluedMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * HTTP conventions of the management API's paths:
 * <ul>
 *   <li>bodies larger than {@link JsonCodec#MAX_BODY_BYTES} are refused with 413, by their
 *       {@code Content-Length} before anything is read and, for chunked bodies, while reading;
 *   <li>responses are not cacheable and not sniffable;
 *   <li>{@code Allow} (on 405 and OPTIONS) lists the methods of the matched path, where CXF would
 *       list those of every path of the resource class.
 * </ul>
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JaxrsExtension
@JaxrsName(ManagementApi.HTTP_EXTENSION)
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS})
@PreMatching
public final class HttpConventionsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private final Routes routes = new Routes(Routes.RESOURCES);

    @Override
    public void filter(ContainerRequestContext request) {
        if (!ApiPaths.isManagement(request.getUriInfo().getPath(true))) {
            return;
        }
        // imports stream data files through; everything else is a small JSON document
        long limit = ApiPaths.isImport(request.getUriInfo().getPath(true)) ? ImportsResource.MAX_IMPORT_BYTES : JsonCodec.MAX_BODY_BYTES;
        if (BodyLimit.exceedsLimit(request.getHeaderString("Content-Length"), limit)) {
            throw ApiException.payloadTooLarge(limit);
        }
        InputStream body = request.getEntityStream();
        if (body != null) {
            request.setEntityStream(new BodyLimit.Bounded(body, limit));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath(true);
        if (!ApiPaths.isManagement(path)) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        if (!headers.containsKey("Cache-Control")) {
            headers.putSingle("Cache-Control", "no-store");
        }
        headers.putSingle("X-Content-Type-Options", "nosniff");
        if (headers.containsKey("Allow") && (response.getStatus() == 405 || "OPTIONS".equals(request.getMethod()))) {
            routes.allow(path).ifPresent(allow -> headers.putSingle("Allow", allow));
        }
    }
}
