package org.gatehouse.web.login.internal;

import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import org.gatehouse.api.authn.Authenticator;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The texts authenticator plugins bring: {@code gatehouse/messages*.properties} (UTF-8) in the
 * plugin's bundle, keys prefixed with the authenticator's id ({@code totp.prompt.code}). Looked up
 * in the bundle that registered the authenticator, so an upgraded plugin's new texts apply at once.
 */
@Component(service = PluginMessages.class)
public final class PluginMessages {

    static final String BASE = "gatehouse.messages";
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final Map<String, ClassLoader> loaders = new ConcurrentHashMap<>();
    private final Map<Authenticator, String> ids = new ConcurrentHashMap<>();

    /** Texts of one language. */
    interface Lookup {
        Optional<String> text(String key);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindAuthenticator(Authenticator authenticator, ServiceReference<Authenticator> reference) {
        Bundle bundle = reference.getBundle();
        BundleWiring wiring = bundle == null ? null : bundle.adapt(BundleWiring.class);
        String id;
        try {
            id = authenticator.descriptor().id();
        } catch (RuntimeException e) {
            return;
        }
        if (wiring != null && wiring.getClassLoader() != null) {
            ids.put(authenticator, id);
            loaders.put(id, wiring.getClassLoader());
        }
    }

    void unbindAuthenticator(Authenticator authenticator) {
        String id = ids.remove(authenticator);
        if (id != null && !ids.containsValue(id)) {
            loaders.remove(id);
        }
    }

    /** For tests and embedding: texts from a class loader for one authenticator id. */
    void register(String authenticatorId, ClassLoader loader) {
        loaders.put(authenticatorId, loader);
    }

    Lookup forLocale(Locale locale) {
        return key -> {
            int dot = key.indexOf('.');
            ClassLoader loader = dot <= 0 ? null : loaders.get(key.substring(0, dot));
            if (loader == null) {
                return Optional.empty();
            }
            for (Locale candidate : new Locale[] {locale, Locale.ROOT}) {
                try {
                    ResourceBundle bundle = ResourceBundle.getBundle(BASE, candidate, loader, NO_FALLBACK);
                    if (bundle.containsKey(key)) {
                        return Optional.of(bundle.getString(key));
                    }
                } catch (MissingResourceException e) {
                    // no file for this language: try the default one
                }
            }
            return Optional.empty();
        };
    }
}
