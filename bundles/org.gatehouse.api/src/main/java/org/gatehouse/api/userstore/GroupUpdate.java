package org.gatehouse.api.userstore;

import java.util.Objects;

/** The new name and description of a group; {@code description} may be null. */
public record GroupUpdate(String name, String description) {
    public GroupUpdate {
        Objects.requireNonNull(name, "name");
    }
}
