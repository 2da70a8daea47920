package org.gatehouse.api.authn;

import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Small per-step state, persisted by the runtime between calls so a login survives a restart or a
 * plugin upgrade. Values are strings; keep them small (a few kilobytes in all). Never store a
 * secret the user typed: store what is needed to check the next answer (a nonce, a hash, a
 * counter).
 */
@ProviderType
public interface StepState {

    Optional<String> get(String key);

    void put(String key, String value);

    void remove(String key);

    Set<String> keys();
}
