package org.gatehouse.application;

import java.time.Instant;
import java.util.Objects;
import org.gatehouse.api.context.ApplicationRef;

/**
 * An application registered with an organization.
 *
 * @param id the stable identifier
 * @param organizationId the owning organization
 * @param clientId the OAuth {@code client_id}, unique across the server
 * @param name {@code client_name}, shown to users on login and consent pages
 * @param template the template it was created from; its rules apply to every change
 * @param metadata the protocol settings
 * @param version increases with every change; updates name the version they were based on
 * @param created when it was created
 * @param lastModified when it last changed
 */
public record Application(
        String id,
        String organizationId,
        String clientId,
        String name,
        ApplicationTemplate template,
        ClientMetadata metadata,
        long version,
        Instant created,
        Instant lastModified) {

    public Application {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastModified, "lastModified");
    }

    public ApplicationRef ref() {
        return new ApplicationRef(id, clientId, name);
    }
}
