package org.gatehouse.api.plugin;

import java.util.Objects;

/**
 * One plugin service the runtime tracks.
 *
 * @param type the extension point it implements
 * @param id its identifier at that extension point (authenticator id, store domain, channel id, listener name)
 * @param displayName its human-readable name
 * @param bundleSymbolicName the bundle that registered it
 * @param bundleVersion that bundle's version
 * @param bundleState that bundle's state (e.g. {@code ACTIVE})
 */
public record InstalledPlugin(
        PluginType type, String id, String displayName, String bundleSymbolicName, String bundleVersion, String bundleState) {
    public InstalledPlugin {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(bundleSymbolicName, "bundleSymbolicName");
        Objects.requireNonNull(bundleVersion, "bundleVersion");
        Objects.requireNonNull(bundleState, "bundleState");
    }
}
