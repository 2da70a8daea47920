package org.gatehouse.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.api.authn.Authenticator;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Every authenticator plugin, by id; the flow engine resolves flow steps here. */
@Component(service = AuthenticatorRegistry.class)
public final class AuthenticatorRegistry {

    private final PluginRegistry<Authenticator> registry = new PluginRegistry<>("Authenticator");

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindAuthenticator(Authenticator a, Map<String, Object> properties, ServiceReference<Authenticator> ref) {
        registry.add(PluginEntry.of(a.descriptor().id(), a.descriptor().displayName(), a, properties, ref));
    }

    public void unbindAuthenticator(Authenticator a) {
        registry.remove(a);
    }

    public Optional<Authenticator> find(String id) {
        return registry.find(id);
    }

    /** The authenticator with that id, waiting up to {@code timeout} while it is being replaced (a bundle update). */
    public Optional<Authenticator> await(String id, java.time.Duration timeout) {
        return registry.await(id, timeout);
    }

    List<PluginEntry<Authenticator>> entries() {
        return registry.entries();
    }
}
