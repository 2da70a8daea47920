package org.gatehouse.api.authn;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.gatehouse.api.userstore.UserRef;

/**
 * An authenticator's answer to {@code start} or {@code submit}: exactly one of a prompt, a redirect
 * to an external identity provider, success, or failure.
 */
public sealed interface StepResult permits StepResult.Prompted, StepResult.Redirect, StepResult.Success, StepResult.Failure {

    /** Ask the user something: the runtime renders the prompt and calls {@code submit} with the answer. */
    record Prompted(Prompt prompt) implements StepResult {
        public Prompted {
            Objects.requireNonNull(prompt, "prompt");
        }
    }

    /** Send the user's browser to an external identity provider; it returns to the callback URI. */
    record Redirect(URI location) implements StepResult {
        public Redirect {
            Objects.requireNonNull(location, "location");
        }
    }

    /**
     * The step is passed.
     *
     * @param user who was authenticated
     * @param amr the authentication methods used (RFC 8176), e.g. {@code pwd}
     * @param claims claims established by this step (e.g. from an upstream IdP), may be empty
     */
    record Success(UserRef user, Set<String> amr, Map<String, Object> claims) implements StepResult {
        public Success {
            Objects.requireNonNull(user, "user");
            amr = Set.copyOf(amr);
            claims = Map.copyOf(claims);
        }
    }

    /**
     * The step failed.
     *
     * @param reason why, for the runtime's decisions (lockout, retry, events)
     * @param messageKey the message shown to the user, a key in the i18n bundles; it must not reveal
     *     whether an account exists
     * @param retryable whether the user may try again in this step
     */
    record Failure(FailureReason reason, String messageKey, boolean retryable) implements StepResult {
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(messageKey, "messageKey");
        }
    }

    static StepResult prompt(Prompt prompt) {
        return new Prompted(prompt);
    }

    static StepResult redirect(URI location) {
        return new Redirect(location);
    }

    static StepResult success(UserRef user, Set<String> amr) {
        return new Success(user, amr, Map.of());
    }

    static StepResult failure(FailureReason reason, String messageKey, boolean retryable) {
        return new Failure(reason, messageKey, retryable);
    }
}
