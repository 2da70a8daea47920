package org.gatehouse.api.userstore;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a user store is and can do.
 *
 * @param domain the store's domain, unique among the stores of a server: upper-case letters,
 *     digits, {@code -} and {@code _}. Users of secondary stores log in as {@code DOMAIN/username}.
 * @param displayName a human-readable name for consoles and logs
 * @param capabilities what the store supports
 */
public record UserStoreDescriptor(String domain, String displayName, Set<StoreCapability> capabilities) {

    /** The domain of the primary store, the one users log in to without a prefix. */
    public static final String PRIMARY_DOMAIN = "PRIMARY";

    private static final Pattern DOMAIN = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,63}");

    public UserStoreDescriptor {
        Objects.requireNonNull(domain, "domain");
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("A store domain is 1-64 upper-case letters, digits, '-' or '_': " + domain);
        }
        displayName = displayName == null ? domain : displayName;
        capabilities = Set.copyOf(capabilities);
    }

    public boolean can(StoreCapability capability) {
        return capabilities.contains(capability);
    }
}
