package org.gatehouse.management.internal;

import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Answers every exception with {@code application/problem+json}: the API's own failures, user store
 * exceptions, the JAX-RS runtime's own errors (unknown route, wrong method, unsupported media type,
 * ...) which CXF would otherwise send with an empty body, and, as a catch-all, anything unexpected
 * (500 with only a logged error id, never a stack trace).
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName(ManagementApi.ERRORS_EXTENSION)
@JaxrsExtensionSelect(ManagementApi.SELECT_JSON)
public final class ProblemExceptionMapper implements ExceptionMapper<Throwable> {

    @Override
    public Response toResponse(Throwable exception) {
        ErrorMapping.Mapped mapped = ErrorMapping.map(exception);
        if (mapped.passThrough() != null) {
            return mapped.passThrough();
        }
        Response.ResponseBuilder response = Response.status(mapped.status())
                .type(ManagementApi.PROBLEM_JSON)
                .entity(mapped.problem())
                .header("Cache-Control", "no-store");
        mapped.headers().forEach(response::header);
        return response.build();
    }
}
