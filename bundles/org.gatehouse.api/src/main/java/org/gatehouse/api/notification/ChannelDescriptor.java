package org.gatehouse.api.notification;

import java.util.Objects;

/**
 * What a notification channel is.
 *
 * @param id unique, stable identifier, e.g. {@code smtp-main}
 * @param displayName for consoles and logs
 * @param type the medium
 */
public record ChannelDescriptor(String id, String displayName, ChannelType type) {
    public ChannelDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(type, "type");
    }
}
