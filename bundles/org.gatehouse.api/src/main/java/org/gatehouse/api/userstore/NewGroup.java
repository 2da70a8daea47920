package org.gatehouse.api.userstore;

import java.util.Objects;

/** A group to create; {@code description} may be null. */
public record NewGroup(String name, String description) {
    public NewGroup {
        Objects.requireNonNull(name, "name");
    }
}
