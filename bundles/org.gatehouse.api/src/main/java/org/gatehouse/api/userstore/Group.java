package org.gatehouse.api.userstore;

import java.time.Instant;
import java.util.Objects;

/**
 * A group of users.
 *
 * @param id stable identifier within the store
 * @param domain the domain of the store that holds the group
 * @param name the group's name, unique per organization and store, ignoring case
 * @param description free text, may be null
 * @param version increases with every change of name or description
 * @param created when the group was created
 * @param lastModified when the group last changed
 */
public record Group(String id, String domain, String name, String description, long version, Instant created, Instant lastModified) {
    public Group {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
        lastModified = lastModified == null ? created : lastModified;
    }
}
