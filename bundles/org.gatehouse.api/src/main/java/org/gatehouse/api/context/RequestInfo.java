package org.gatehouse.api.context;

import java.util.Optional;

/**
 * Network facts about the caller, as the runtime established them (honouring trusted proxies). No
 * servlet or HTTP types leak into the API: this is all a plugin needs to know about a request.
 *
 * @param clientAddress the caller's IP address
 * @param userAgent the {@code User-Agent} header, or an empty string
 * @param origin the {@code Origin} of a browser request, if any
 */
public record RequestInfo(String clientAddress, String userAgent, Optional<String> origin) {
    public RequestInfo {
        clientAddress = clientAddress == null ? "" : clientAddress;
        userAgent = userAgent == null ? "" : userAgent;
        origin = origin == null ? Optional.empty() : origin;
    }
}
