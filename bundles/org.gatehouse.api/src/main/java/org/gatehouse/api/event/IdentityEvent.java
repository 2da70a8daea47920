package org.gatehouse.api.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;

/**
 * Something that happened to an identity: a user created, a login failed, an account locked.
 *
 * @param id unique id of this event; listeners use it to ignore a redelivered event
 * @param type what happened, one of {@link IdentityEventTypes} or a plugin's own dotted name
 * @param time when it happened
 * @param organization where it happened
 * @param subjectId the id of the user or group concerned, if any
 * @param attributes further facts (store domain, client id, reason); never secrets
 */
public record IdentityEvent(
        String id, String type, Instant time, OrganizationRef organization, Optional<String> subjectId, Map<String, String> attributes) {
    public IdentityEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(organization, "organization");
        subjectId = subjectId == null ? Optional.empty() : subjectId;
        attributes = Map.copyOf(attributes);
    }
}
