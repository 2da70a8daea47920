package org.gatehouse.management.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
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

    @GET
    public Response health() {
        Health health = evaluate(database, userDirectory, pluginCatalog);
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
