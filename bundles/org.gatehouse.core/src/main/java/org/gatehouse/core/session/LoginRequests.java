package org.gatehouse.core.session;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Hands a login over from a protocol to the login pages. The request is stored (the browser only
 * carries its id), so nothing in it can be tampered with, and it expires after a few minutes.
 */
@ProviderType
public interface LoginRequests {

    /** The path of the login page; the request id travels as the query parameter {@code request}. */
    String LOGIN_PATH = "/login";

    /** Stores the request. @return its id, an unguessable handle */
    String begin(LoginRequest request);

    /** @return the request, while it has not expired */
    Optional<LoginRequest> find(String id);

    /** @return the server-relative URL of the login page for that request */
    default String loginPageFor(String id) {
        return LOGIN_PATH + "?request=" + id;
    }
}
