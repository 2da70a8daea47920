package org.gatehouse.core.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.gatehouse.api.context.ServerInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public base URL: {@code GATEHOUSE_BASE_URL}, else the configured one, else the HTTP listener
 * this server opened. Validated once at start, so a typo fails loudly instead of producing broken
 * links and issuers.
 */
@Component(service = ServerInfo.class, configurationPid = ServerConfiguration.PID)
@Designate(ocd = ServerConfiguration.class)
public final class ServerInfoService implements ServerInfo {

    private static final Logger LOG = LoggerFactory.getLogger(ServerInfoService.class);

    private final URI baseUrl;
    private final String version;

    @Activate
    public ServerInfoService(ServerConfiguration config, BundleContext context) {
        this(config, System.getenv(), context.getProperty("gatehouse.http.port"), context.getBundle().getVersion().toString());
    }

    ServerInfoService(ServerConfiguration config, Map<String, String> env, String httpPort, String bundleVersion) {
        String configured = env.getOrDefault("GATEHOUSE_BASE_URL", "");
        if (configured.isBlank()) {
            configured = config.baseUrl();
        }
        if (configured == null || configured.isBlank()) {
            configured = "http://127.0.0.1:" + (httpPort == null || httpPort.isBlank() ? "9080" : httpPort);
        }
        this.baseUrl = parse(configured.trim());
        this.version = bundleVersion.replaceFirst("^(\\d+\\.\\d+\\.\\d+).*", "$1");
        LOG.info("Public base URL: {}", baseUrl);
    }

    static URI parse(String value) {
        URI uri;
        try {
            uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("GATEHOUSE_BASE_URL is not a URL: " + value, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("GATEHOUSE_BASE_URL must be an absolute http(s) URL without user, query or fragment: " + value);
        }
        return uri;
    }

    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public String version() {
        return version;
    }
}
