package org.gatehouse.management.internal;

import java.util.Locale;
import java.util.Optional;

/** Whether the management API accepts HTTP Basic credentials of administrators. */
enum BasicAuthMode {
    /** From every caller. */
    ENABLED,
    /** Only from callers connected through the loopback interface. */
    LOOPBACK,
    /** Never: bearer access tokens only. */
    DISABLED;

    /** @return the mode a configuration value names ({@code enabled|loopback|disabled}, or a boolean), if any */
    static Optional<BasicAuthMode> parse(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (String.valueOf(value).trim().toLowerCase(Locale.ROOT)) {
            case "enabled", "true", "on" -> Optional.of(ENABLED);
            case "loopback" -> Optional.of(LOOPBACK);
            case "disabled", "false", "off" -> Optional.of(DISABLED);
            default -> Optional.empty();
        };
    }

    boolean allows(boolean loopbackCaller) {
        return this == ENABLED || this == LOOPBACK && loopbackCaller;
    }
}
