package org.gatehouse.core.internal;

import java.util.ArrayList;
import java.util.List;
import org.gatehouse.api.plugin.InstalledPlugin;
import org.gatehouse.api.plugin.PluginCatalog;
import org.gatehouse.api.plugin.PluginType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The installed plugins, as the four registries see them right now. */
@Component(service = PluginCatalog.class)
public final class PluginCatalogService implements PluginCatalog {

    private final AuthenticatorRegistry authenticators;
    private final UserDirectoryService stores;
    private final NotificationChannelRegistry channels;
    private final EventDispatcher listeners;

    @Activate
    public PluginCatalogService(@Reference AuthenticatorRegistry authenticators, @Reference UserDirectoryService stores,
            @Reference NotificationChannelRegistry channels, @Reference EventDispatcher listeners) {
        this.authenticators = authenticators;
        this.stores = stores;
        this.channels = channels;
        this.listeners = listeners;
    }

    @Override
    public List<InstalledPlugin> plugins() {
        List<InstalledPlugin> all = new ArrayList<>();
        add(all, PluginType.AUTHENTICATOR, authenticators.entries());
        add(all, PluginType.USER_STORE, stores.entries());
        add(all, PluginType.NOTIFICATION_CHANNEL, channels.entries());
        add(all, PluginType.EVENT_LISTENER, listeners.entries());
        return all;
    }

    private static void add(List<InstalledPlugin> all, PluginType type, List<? extends PluginEntry<?>> entries) {
        for (PluginEntry<?> e : entries) {
            all.add(new InstalledPlugin(type, e.id(), e.displayName(), e.bundleSymbolicName(), e.bundleVersion(), e.bundleState()));
        }
    }
}
