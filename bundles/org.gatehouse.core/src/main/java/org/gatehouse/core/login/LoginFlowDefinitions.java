package org.gatehouse.core.login;

import java.time.Instant;
import java.util.Optional;
import org.gatehouse.api.context.OrganizationRef;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Login flows per application, with a default per organization and a built-in default. Every save
 * adds a version; versions are never changed, so a login in progress finishes the flow it started.
 */
@ProviderType
public interface LoginFlowDefinitions {

    /** The scope of an organization's default flow, in place of a client id. */
    String ORGANIZATION_DEFAULT = "";

    /**
     * A flow as stored.
     *
     * @param scope the client id, or {@link #ORGANIZATION_DEFAULT}
     * @param version 0 for the built-in default, stored versions count from 1
     */
    record Versioned(String scope, int version, FlowDefinition definition, Optional<Instant> createdAt) {}

    /** The flow a new login to the application follows: its own, else the organization's, else the built-in one. */
    Versioned effective(OrganizationRef organization, String clientId);

    /** The latest stored version for exactly this scope. */
    Optional<Versioned> stored(OrganizationRef organization, String scope);

    /** One version, as logins in progress need it. */
    Optional<Versioned> version(OrganizationRef organization, String scope, int version);

    /**
     * Validates and stores a new version.
     *
     * @param expectedVersion the latest version the editor saw (0 when there was none)
     * @throws FlowValidationException when the definition cannot work
     * @throws IllegalStateException (a {@link FlowVersionConflictException}) when another edit came first
     */
    Versioned save(OrganizationRef organization, String scope, FlowDefinition definition, int expectedVersion);

    /** @throws FlowValidationException for malformed JSON or a definition that cannot work */
    FlowDefinition parse(String json);

    String toJson(FlowDefinition definition);

    /** @throws FlowValidationException listing every problem */
    void validate(FlowDefinition definition);

    /** Another edit saved a newer version first; nothing was stored. */
    class FlowVersionConflictException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final int current;

        public FlowVersionConflictException(int current) {
            super("The login flow was changed meanwhile: the current version is " + current);
            this.current = current;
        }

        public int current() {
            return current;
        }
    }
}
