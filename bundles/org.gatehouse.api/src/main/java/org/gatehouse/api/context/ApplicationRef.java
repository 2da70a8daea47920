package org.gatehouse.api.context;

import java.util.Objects;

/**
 * A reference to the application (an OAuth client, a SAML service provider) on whose behalf a login
 * or request runs.
 *
 * @param id the application's stable identifier
 * @param clientId the protocol-level identifier (OAuth {@code client_id}, SAML entity id)
 * @param name the display name, for messages shown to the user
 */
public record ApplicationRef(String id, String clientId, String name) {
    public ApplicationRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
    }
}
