package org.gatehouse.application;

/**
 * Client metadata that is malformed, unknown, or unsafe for the application's template. Nothing was
 * changed.
 */
public class InvalidClientMetadataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The RFC 7591 error code for an unacceptable redirect URI. */
    public static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";
    /** The RFC 7591 error code for any other unacceptable setting. */
    public static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";

    private final String error;
    private final String field;

    /**
     * @param error {@link #INVALID_REDIRECT_URI} or {@link #INVALID_CLIENT_METADATA}
     * @param field the JSON name of the offending setting
     * @param message what is wrong and how to fix it, safe to show to the caller
     */
    public InvalidClientMetadataException(String error, String field, String message) {
        super(message);
        this.error = error;
        this.field = field;
    }

    public String error() {
        return error;
    }

    public String field() {
        return field;
    }
}
