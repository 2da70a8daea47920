package org.gatehouse.management.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import org.gatehouse.api.userstore.EntityNotFoundException;
import org.gatehouse.api.userstore.InvalidFilterException;
import org.gatehouse.api.userstore.InvalidValueException;
import org.gatehouse.api.userstore.ReadOnlyStoreException;
import org.gatehouse.api.userstore.StoreUnavailableException;
import org.gatehouse.api.userstore.UniquenessConflictException;
import org.gatehouse.api.userstore.VersionConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the problem response for every exception that reaches the management API's mapper. Pure
 * (no JAX-RS runtime needed) so it can be tested without a server.
 */
final class ErrorMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    /** Response headers of a JAX-RS error worth keeping on the problem response. */
    private static final List<String> KEPT_HEADERS = List.of("Allow", "WWW-Authenticate", "Retry-After", "Accept-Patch");

    /**
     * The answer to an exception.
     *
     * @param status the HTTP status
     * @param problem the body, or null when {@code passThrough} is set
     * @param headers extra response headers
     * @param passThrough a non-error response of a {@link WebApplicationException} (a redirect) to send as is
     */
    record Mapped(int status, Problem problem, Map<String, String> headers, Response passThrough) {}

    private ErrorMapping() {}

    static Mapped map(Throwable t) {
        if (t instanceof ApiException api) {
            return new Mapped(api.status(), api.problem(), api.headers(), null);
        }
        ApiException tooLarge = BodyLimit.tooLargeIn(t);
        if (tooLarge != null) {
            return map(tooLarge);
        }
        if (t instanceof WebApplicationException wae) {
            return fromWebApplicationException(wae);
        }
        if (t instanceof InvalidValueException e) {
            String field = e.attribute() == null ? "body" : Representations.fieldName(e.attribute());
            return map(ApiException.invalidField(field, e.getMessage()));
        }
        if (t instanceof InvalidFilterException e) {
            Problem p = new Problem(ProblemType.INVALID_FILTER.uri(), ProblemType.INVALID_FILTER.title(400), 400,
                    e.getMessage(), List.of(new Problem.FieldError("filter", e.getMessage())), null);
            return new Mapped(400, p, Map.of(), null);
        }
        if (t instanceof UniquenessConflictException e) {
            String field = Representations.fieldName(e.attribute());
            Problem p = new Problem(ProblemType.UNIQUENESS_CONFLICT.uri(), ProblemType.UNIQUENESS_CONFLICT.title(409), 409,
                    e.getMessage(), field == null ? null : List.of(new Problem.FieldError(field, "Already taken")), null);
            return new Mapped(409, p, Map.of(), null);
        }
        if (t instanceof VersionConflictException e) {
            return simple(ProblemType.VERSION_CONFLICT, 409, e.getMessage());
        }
        if (t instanceof ReadOnlyStoreException e) {
            return simple(ProblemType.READ_ONLY_STORE, 409, e.getMessage() + "; it does not allow changes");
        }
        if (t instanceof StoreUnavailableException e) {
            return map(ApiException.unavailable(e.getMessage() == null ? "A user store is unavailable; retry later" : e.getMessage()));
        }
        if (t instanceof EntityNotFoundException e) {
            return simple(ProblemType.NOT_FOUND, 404, e.getMessage());
        }
        return unexpected(t);
    }

    private static Mapped simple(ProblemType type, int status, String detail) {
        return new Mapped(status, new Problem(type.uri(), type.title(status), status, detail, null, null), Map.of(), null);
    }

    private static Mapped fromWebApplicationException(WebApplicationException wae) {
        Response response = wae.getResponse();
        int status = response == null ? 500 : response.getStatus();
        if (status < 400) {
            return new Mapped(status, null, Map.of(), response);
        }
        if (status >= 500) {
            return unexpected(wae);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            List<Object> values = response.getHeaders().get(name);
            if (values != null && !values.isEmpty()) {
                headers.put(name, String.join(", ", values.stream().map(String::valueOf).distinct().toList()));
            }
        }
        Problem problem = new Problem(ProblemType.HTTP.uri(), HttpStatus.reasonPhrase(status), status, httpDetail(status), null, null);
        return new Mapped(status, problem, headers, null);
    }

    private static String httpDetail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed";
            case 401 -> "Authentication is required";
            case 403 -> "Access is denied";
            case 404 -> "There is no resource at this path";
            case 405 -> "This method is not allowed on this resource; the Allow header lists the allowed ones";
            case 406 -> "None of the media types in the Accept header can be produced; this API produces application/json";
            case 415 -> "The request's Content-Type is not supported by this resource";
            default -> HttpStatus.reasonPhrase(status).toLowerCase(Locale.ROOT);
        };
    }

    /** Logs an unexpected failure under a fresh id and answers 500 with nothing but that id. */
    private static Mapped unexpected(Throwable t) {
        String errorId = UUID.randomUUID().toString();
        LOG.error("Unexpected error {}, answered with 500", errorId, t);
        Problem problem = new Problem(ProblemType.INTERNAL_ERROR.uri(), ProblemType.INTERNAL_ERROR.title(500), 500,
                "An unexpected error occurred; it was logged with id " + errorId, null, errorId);
        return new Mapped(500, problem, Map.of(), null);
    }
}
