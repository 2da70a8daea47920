package org.gatehouse.protocol.oauth2.internal;

import java.util.Map;

/**
 * An OAuth 2 error response (RFC 6749 §5.2): the error code, a description safe to show the
 * caller, the HTTP status, and extra headers (e.g. {@code WWW-Authenticate}).
 */
final class OAuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final int status;
    private final Map<String, String> headers;

    OAuthException(String error, String description, int status, Map<String, String> headers) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    OAuthException(String error, String description, int status) {
        this(error, description, status, Map.of());
    }

    static OAuthException invalidRequest(String description) {
        return new OAuthException("invalid_request", description, 400);
    }

    static OAuthException invalidGrant(String description) {
        return new OAuthException("invalid_grant", description, 400);
    }

    static OAuthException invalidScope(String description) {
        return new OAuthException("invalid_scope", description, 400);
    }

    static OAuthException unauthorizedClient(String description) {
        return new OAuthException("unauthorized_client", description, 400);
    }

    /** 401 with a Basic challenge when the client tried Basic (RFC 6749 §5.2), else 401 without one. */
    static OAuthException invalidClient(String description, boolean usedBasic) {
        return new OAuthException("invalid_client", description, 401,
                usedBasic ? Map.of("WWW-Authenticate", "Basic realm=\"gatehouse\"") : Map.of());
    }

    /** RFC 6750 §3.1 */
    static OAuthException invalidToken(String description) {
        return new OAuthException("invalid_token", description, 401,
                Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + description.replace("\"", "'") + "\""));
    }

    String error() {
        return error;
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }
}
