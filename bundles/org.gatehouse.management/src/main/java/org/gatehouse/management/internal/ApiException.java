package org.gatehouse.management.internal;

import java.util.List;
import java.util.Map;

/**
 * An expected failure of a request, answered with a problem body. Deliberately not a
 * {@code WebApplicationException}: JAX-RS would send a WAE's own response without asking the
 * exception mappers, and building a {@code Response} needs a JAX-RS runtime, which keeps these out of
 * plain unit tests.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final Map<String, String> headers;

    ApiException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    ApiException(ProblemType type, int status, String detail) {
        this(new Problem(type.uri(), type.title(status), status, detail, null, null), Map.of());
    }

    Problem problem() {
        return problem;
    }

    int status() {
        return problem.status();
    }

    /** @return extra response headers, e.g. {@code WWW-Authenticate} */
    Map<String, String> headers() {
        return headers;
    }

    static ApiException validation(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ApiException(
                new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(400), 400, detail, errors, null), Map.of());
    }

    static ApiException invalidField(String field, String message) {
        return validation(List.of(new Problem.FieldError(field, message)));
    }

    static ApiException notFound(String detail) {
        return new ApiException(ProblemType.NOT_FOUND, 404, detail);
    }

    static ApiException unavailable(String detail) {
        return new ApiException(
                new Problem(ProblemType.SERVICE_UNAVAILABLE.uri(), ProblemType.SERVICE_UNAVAILABLE.title(503), 503, detail, null, null),
                Map.of("Retry-After", "5"));
    }

    static ApiException payloadTooLarge(long limit) {
        return new ApiException(ProblemType.PAYLOAD_TOO_LARGE, 413, "The request body exceeds the limit of " + limit + " bytes");
    }
}
