package org.gatehouse.core.login;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A login flow: ordered steps, each offering one or more authenticators (by id) of which the user
 * passes one. Stored per application (or per organization as its default), as JSON:
 *
 * <pre>{@code
 * {"steps": [
 *   {"options": ["password", "passkey"]},
 *   {"options": ["totp", "email-otp", "backup-codes"], "when": "enrolled", "requiredForGroups": ["admins"]}
 * ]}
 * }</pre>
 *
 * @param steps at least one
 */
public record FlowDefinition(List<Step> steps) {

    public FlowDefinition {
        steps = List.copyOf(steps);
    }

    /** When a step runs once the user is known. */
    public enum When {
        /** Always; a user without any of its factors enrols one. */
        ALWAYS,
        /** Only for users who have one of its factors; skipped for the others. */
        ENROLLED
    }

    /**
     * One step.
     *
     * @param options authenticator ids; the first applicable one is offered, the others as alternatives
     * @param when whether the step may be skipped for users without its factors
     * @param requiredForGroups members of these groups (by name) must pass the step even with {@link
     *     When#ENROLLED}, enrolling a factor if they have none
     */
    public record Step(List<String> options, When when, Set<String> requiredForGroups) {

        public Step {
            options = List.copyOf(options);
            Objects.requireNonNull(when, "when");
            requiredForGroups = Set.copyOf(requiredForGroups);
        }

        public Step(List<String> options) {
            this(options, When.ALWAYS, Set.of());
        }
    }
}
