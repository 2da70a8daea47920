package org.gatehouse.management.internal;

/** The kinds of problem the management API reports, each with its RFC 9457 type URI and title. */
enum ProblemType {
    /** A plain HTTP error that needs no further explanation (unknown route, wrong method, ...). */
    HTTP("about:blank", null),
    MALFORMED_JSON("urn:gatehouse:problem:malformed-json", "Malformed JSON"),
    VALIDATION("urn:gatehouse:problem:validation", "Invalid request"),
    /** A login flow that cannot work; the extension member {@code problems} lists every reason. */
    INVALID_LOGIN_FLOW("urn:gatehouse:problem:invalid-login-flow", "Invalid login flow"),
    INVALID_FILTER("urn:gatehouse:problem:invalid-filter", "Invalid filter"),
    PAYLOAD_TOO_LARGE("urn:gatehouse:problem:payload-too-large", "Request body too large"),
    NOT_FOUND("urn:gatehouse:problem:not-found", "Not found"),
    UNIQUENESS_CONFLICT("urn:gatehouse:problem:uniqueness-conflict", "Value already taken"),
    VERSION_CONFLICT("urn:gatehouse:problem:version-conflict", "Version conflict"),
    PRECONDITION_FAILED("urn:gatehouse:problem:precondition-failed", "Precondition failed"),
    PRECONDITION_REQUIRED("urn:gatehouse:problem:precondition-required", "Precondition required"),
    READ_ONLY_STORE("urn:gatehouse:problem:read-only-store", "Read-only user store"),
    UNSUPPORTED_OPERATION("urn:gatehouse:problem:unsupported-operation", "Operation not supported"),
    SERVICE_UNAVAILABLE("urn:gatehouse:problem:service-unavailable", "Service unavailable"),
    UNAUTHORIZED("urn:gatehouse:problem:unauthorized", "Authentication required"),
    FORBIDDEN("urn:gatehouse:problem:forbidden", "Forbidden"),
    INTERNAL_ERROR("urn:gatehouse:problem:internal-error", "Internal server error");

    private final String uri;
    private final String title;

    ProblemType(String uri, String title) {
        this.uri = uri;
        this.title = title;
    }

    String uri() {
        return uri;
    }

    /** @return the title, or for {@link #HTTP} the reason phrase of the status */
    String title(int status) {
        return title != null ? title : HttpStatus.reasonPhrase(status);
    }
}
