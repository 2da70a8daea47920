package org.gatehouse.management.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import org.gatehouse.api.plugin.PluginCatalog;
import org.gatehouse.api.plugin.PluginType;
import org.gatehouse.management.internal.Representations.PluginList;
import org.gatehouse.management.internal.Representations.PluginView;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/plugins}: the plugins the runtime tracks. */
@Component(service = PluginsResource.class)
@JaxrsResource
@JaxrsExtensionSelect({ManagementApi.SELECT_JSON, ManagementApi.SELECT_ERRORS, ManagementApi.SELECT_AUTH, ManagementApi.SELECT_HTTP})
@Path("/api/plugins")
@Produces(ManagementApi.APPLICATION_JSON)
public final class PluginsResource {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PluginCatalog pluginCatalog;

    @GET
    public PluginList list(@QueryParam("type") String type) {
        PluginType wanted = type == null || type.isEmpty() ? null : parseType(type);
        PluginCatalog catalog = pluginCatalog;
        if (catalog == null) {
            throw ApiException.unavailable("The plugin catalog is not available yet; retry shortly");
        }
        List<PluginView> items = catalog.plugins().stream()
                .filter(p -> wanted == null || p.type() == wanted)
                .map(Representations::plugin)
                .toList();
        return new PluginList(items.size(), items);
    }

    /** Accepts {@code USER_STORE}, {@code user_store} and {@code user-store}. */
    static PluginType parseType(String type) {
        String normalized = type.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return PluginType.valueOf(normalized);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("type", "Must be one of "
                    + Arrays.stream(PluginType.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
