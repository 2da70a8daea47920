package org.gatehouse.api.plugin;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** What plugins the runtime currently tracks. Implemented by the runtime. */
@ProviderType
public interface PluginCatalog {

    /** @return every tracked plugin, ordered by type, then id */
    List<InstalledPlugin> plugins();
}
