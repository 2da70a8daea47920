package org.gatehouse.api.context;

import java.net.URI;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Facts about this server that plugins need to build links. Implemented by the runtime.
 */
@ProviderType
public interface ServerInfo {

    /**
     * The public base URL every link, issuer and redirect derives from: {@code GATEHOUSE_BASE_URL}
     * when set (behind a TLS-terminating proxy), otherwise the server's own listener. Never ends
     * with {@code /}.
     */
    URI baseUrl();

    /** @return the Gatehouse release, e.g. {@code 0.1.0} */
    String version();
}
