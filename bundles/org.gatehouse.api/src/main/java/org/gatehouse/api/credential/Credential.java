package org.gatehouse.api.credential;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gatehouse.api.userstore.UserRef;

/**
 * A factor a user has set up with an authenticator: a code generator, a passkey, a set of backup
 * codes. Stored by the runtime, whatever user store the user lives in.
 *
 * @param id the runtime's id for it
 * @param user whose it is
 * @param type the kind, by convention the id of the authenticator that owns it (e.g. {@code totp})
 * @param key an optional lookup key, unique per organization and type (e.g. a WebAuthn credential
 *     id, so a passkey assertion finds its user)
 * @param label a name the user recognises it by ("Phone", "YubiKey")
 * @param data the authenticator's non-secret data (a public key, a sign counter, the last used time
 *     step); small strings only
 * @param createdAt when it was set up
 * @param lastUsedAt when it last passed a login
 * @param version changes with every update; updates name the version they start from
 */
public record Credential(
        String id,
        UserRef user,
        String type,
        Optional<String> key,
        String label,
        Map<String, String> data,
        Instant createdAt,
        Optional<Instant> lastUsedAt,
        long version) {

    public Credential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(type, "type");
        key = key == null ? Optional.empty() : key;
        label = label == null ? "" : label;
        data = Map.copyOf(data);
        Objects.requireNonNull(createdAt, "createdAt");
        lastUsedAt = lastUsedAt == null ? Optional.empty() : lastUsedAt;
    }
}
