package org.gatehouse.management.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}).
 *
 * @param type a URI that identifies the kind of problem ({@code about:blank} for plain HTTP errors)
 * @param title a short summary of the kind of problem; the same for every occurrence
 * @param status the HTTP status code
 * @param detail what went wrong this time, for a human; never contains internals
 * @param errors the offending fields of a validation problem, else absent
 * @param errorId the id under which an unexpected error was logged, else absent
 * @param error an extension member: the protocol's own error code where one exists, e.g. the RFC
 *     7591 {@code invalid_redirect_uri} of invalid client metadata, else absent
 * @param problems an extension member: every reason a submitted document cannot work, each a
 *     sentence for the person editing it (a login flow's validation problems), else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(String type, String title, int status, String detail, List<FieldError> errors, String errorId, String error,
        List<String> problems) {

    static final String MEDIA_TYPE = "application/problem+json";

    Problem(String type, String title, int status, String detail, List<FieldError> errors, String errorId) {
        this(type, title, status, detail, errors, errorId, null, null);
    }

    Problem(String type, String title, int status, String detail, List<FieldError> errors, String errorId, String error) {
        this(type, title, status, detail, errors, errorId, error, null);
    }

    Problem {
        errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
        problems = problems == null || problems.isEmpty() ? null : List.copyOf(problems);
    }

    /** One invalid field of a request: the JSON path or parameter name, and what is wrong with it. */
    record FieldError(String field, String message) {}
}
