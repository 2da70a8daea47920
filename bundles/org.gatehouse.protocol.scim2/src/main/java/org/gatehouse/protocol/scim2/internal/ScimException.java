package org.gatehouse.protocol.scim2.internal;

import java.util.Map;

/**
 * A SCIM error (RFC 7644 section 3.12): an HTTP status, an optional {@code scimType} and a detail
 * for the client. Answered as an error body, never with a stack trace.
 */
final class ScimException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String scimType;
    private final transient Map<String, String> headers;

    ScimException(int status, String scimType, String detail) {
        this(status, scimType, detail, Map.of());
    }

    ScimException(int status, String scimType, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
        this.headers = Map.copyOf(headers);
    }

    int status() {
        return status;
    }

    /** @return the scimType, or null */
    String scimType() {
        return scimType;
    }

    Map<String, String> headers() {
        return headers;
    }

    static ScimException invalidFilter(String detail) {
        return new ScimException(400, "invalidFilter", detail);
    }

    static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    static ScimException invalidPath(String detail) {
        return new ScimException(400, "invalidPath", detail);
    }

    static ScimException noTarget(String detail) {
        return new ScimException(400, "noTarget", detail);
    }

    static ScimException mutability(String detail) {
        return new ScimException(400, "mutability", detail);
    }

    static ScimException uniqueness(String detail) {
        return new ScimException(409, "uniqueness", detail);
    }

    static ScimException invalidVersion(String detail) {
        return new ScimException(400, "invalidVers", detail);
    }

    static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    static ScimException forbidden(String detail) {
        return new ScimException(403, null, detail);
    }

    static ScimException preconditionFailed(String detail, String currentEtag) {
        return new ScimException(412, null, detail, currentEtag == null ? Map.of() : Map.of("ETag", currentEtag));
    }

    static ScimException tooLarge(String detail) {
        return new ScimException(413, null, detail);
    }

    static ScimException unavailable(String detail) {
        return new ScimException(503, null, detail, Map.of("Retry-After", "5"));
    }

    static ScimException notImplemented(String detail) {
        return new ScimException(501, null, detail);
    }

    static ScimException methodNotAllowed(String detail, String allow) {
        return new ScimException(405, null, detail, Map.of("Allow", allow));
    }
}
