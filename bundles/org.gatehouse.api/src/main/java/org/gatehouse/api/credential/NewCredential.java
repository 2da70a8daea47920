package org.gatehouse.api.credential;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A factor to store.
 *
 * @param type see {@link Credential#type()}
 * @param key see {@link Credential#key()}
 * @param label see {@link Credential#label()}
 * @param data see {@link Credential#data()}
 * @param secret a secret the authenticator needs back to verify (a TOTP seed); the runtime stores it
 *     encrypted under the master key and hands it out only through {@link Credentials#secret}.
 *     Store a hash instead wherever a hash will do (backup codes).
 */
public record NewCredential(String type, Optional<String> key, String label, Map<String, String> data, Optional<String> secret) {

    public NewCredential {
        Objects.requireNonNull(type, "type");
        key = key == null ? Optional.empty() : key;
        label = label == null ? "" : label;
        data = Map.copyOf(data);
        secret = secret == null ? Optional.empty() : secret;
    }

    @Override
    public String toString() {
        return "NewCredential[type=" + type + ", key=" + key + ", label=" + label + ", data=" + data.keySet() + "]";
    }
}
