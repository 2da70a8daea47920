package org.gatehouse.management.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;
import org.gatehouse.api.plugin.PluginCatalog;
import org.gatehouse.api.userstore.UserDirectory;
import org.gatehouse.management.internal.Representations.Check;
import org.gatehouse.management.internal.Representations.Health;
import org.gatehouse.persistence.Database;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health}: readiness, without authentication, for load balancers and orchestrators.
 *
 * <p>Every service it looks at is an optional dynamic reference, so the endpoint is up from the
 * moment this bundle is, and answers 503 naming the failed check until the server is ready.
 * Nothing is cached: each call pings the database (at most one second).
 */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_HTTP})
@Path("/health")
@Produces(ManagementApi.APPLICATION_JSON)
public final class HealthResource {

    private static final Logger LOG = LoggerFactory.getLogger(HealthResource.class);
    static final Duration DATABASE_TIMEOUT = Duration.ofSeconds(1);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Database database;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile UserDirectory userDirectory;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PluginCatalog pluginCatalog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ServiceComponentRuntime componentRuntime;

    private volatile BundleContext bundles;

    @Activate
    void activate(BundleContext context) {
        this.bundles = context;
    }

    @GET
    public Response health() {
        Health health = evaluate(database, userDirectory, pluginCatalog);
        health = withComponents(health, waitingComponents(componentRuntime, bundles));
        return Response.status("UP".equals(health.status()) ? 200 : 503)
                .entity(health)
                .build();
    }

    /** Pure, for tests: the report for the services bound right now (null when absent). */
    static Health evaluate(Database database, UserDirectory directory, PluginCatalog catalog) {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("database", database(database));
        checks.put("migrations", migrations(database, directory));
        checks.put("core", core(directory, catalog));
        boolean up = checks.values().stream().allMatch(c -> "UP".equals(c.status()));
        return new Health(up ? "UP" : "DOWN", checks);
    }

    /**
     * The components of the server's own bundles (vendor Gatehouse) that are enabled but not yet
     * satisfied: while features install, the OAuth endpoints, login pages or API resources of a
     * bundle may still be waiting for a service. Third-party plugins do not count: a broken plugin
     * must not take the whole server out of a load balancer.
     *
     * @return their names, or null when the component runtime is not there to ask
     */
    static List<String> waitingComponents(ServiceComponentRuntime scr, BundleContext bundles) {
        if (scr == null || bundles == null) {
            return null;
        }
        List<String> waiting = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            Bundle bundle = bundles.getBundle(d.bundle.id);
            if (bundle == null || !"Gatehouse".equals(bundle.getHeaders("").get("Bundle-Vendor")) || !scr.isComponentEnabled(d)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE || c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                        || c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    waiting.add(d.name);
                }
            }
        }
        return waiting;
    }

    /** Adds the components check: DOWN while a server component waits, naming it. */
    static Health withComponents(Health health, List<String> waiting) {
        if (waiting == null) {
            return health;
        }
        Map<String, Check> checks = new LinkedHashMap<>(health.checks());
        checks.put("components", waiting.isEmpty() ? up() : down("Waiting for " + String.join(", ", waiting)));
        boolean up = checks.values().stream().allMatch(c -> "UP".equals(c.status()));
        return new Health(up ? "UP" : "DOWN", checks);
    }

    private static Check database(Database database) {
        if (database == null) {
            return down("The database service is not registered");
        }
        try {
            return database.isReachable(DATABASE_TIMEOUT) ? up() : down("The database did not answer within " + DATABASE_TIMEOUT.toMillis() + " ms");
        } catch (RuntimeException e) {
            LOG.debug("Database health check failed", e);
            return down("The database check failed");
        }
    }

    private static Check migrations(Database database, UserDirectory directory) {
        if (database == null) {
            return down("The base schema is not migrated yet (no database service)");
        }
        if (directory == null) {
            return down("The user directory is not registered, so the user store migrations cannot be confirmed");
        }
        try {
            directory.primary();
            return up();
        } catch (RuntimeException e) {
            return down("The primary user store is not registered (its migrations have not completed)");
        }
    }

    private static Check core(UserDirectory directory, PluginCatalog catalog) {
        if (directory == null && catalog == null) {
            return down("Neither the user directory nor the plugin catalog is registered");
        }
        if (directory == null) {
            return down("The user directory is not registered");
        }
        if (catalog == null) {
            return down("The plugin catalog is not registered");
        }
        return up();
    }

    private static Check up() {
        return new Check("UP", null);
    }

    private static Check down(String detail) {
        return new Check("DOWN", detail);
    }
}
