package org.gatehouse.core.internal;

import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * A plugin service as a registry holds it: the service, its id at its extension point, and where
 * it came from.
 */
record PluginEntry<T>(String id, String displayName, T service, long serviceId, int ranking, String bundleSymbolicName, String bundleVersion, Bundle bundle) {

    static <T> PluginEntry<T> of(String id, String displayName, T service, Map<String, Object> properties, ServiceReference<?> ref) {
        Bundle bundle = ref == null ? null : ref.getBundle();
        return new PluginEntry<>(id, displayName, service,
                (Long) properties.getOrDefault(Constants.SERVICE_ID, 0L),
                properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0,
                bundle == null ? "unknown" : bundle.getSymbolicName(),
                bundle == null ? "0.0.0" : bundle.getVersion().toString(),
                bundle);
    }

    /** @return the OSGi state of the providing bundle, e.g. ACTIVE */
    String bundleState() {
        if (bundle == null) {
            return "UNKNOWN";
        }
        return switch (bundle.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            default -> "UNINSTALLED";
        };
    }
}
