package org.gatehouse.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.notification.ChannelType;
import org.gatehouse.api.notification.NotificationChannel;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Every notification channel, by id. */
@Component(service = NotificationChannelRegistry.class)
public final class NotificationChannelRegistry {

    private final PluginRegistry<NotificationChannel> registry = new PluginRegistry<>("Notification channel");

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindChannel(NotificationChannel c, Map<String, Object> properties, ServiceReference<NotificationChannel> ref) {
        registry.add(PluginEntry.of(c.descriptor().id(), c.descriptor().displayName(), c, properties, ref));
    }

    void unbindChannel(NotificationChannel c) {
        registry.remove(c);
    }

    /** @return the first channel of that type, by id order */
    public Optional<NotificationChannel> firstOfType(ChannelType type) {
        return registry.entries().stream().map(PluginEntry::service).filter(c -> c.descriptor().type() == type).findFirst();
    }

    List<PluginEntry<NotificationChannel>> entries() {
        return registry.entries();
    }
}
