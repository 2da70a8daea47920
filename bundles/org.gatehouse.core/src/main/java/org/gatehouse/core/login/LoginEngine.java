package org.gatehouse.core.login;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gatehouse.api.authn.Prompt;
import org.gatehouse.api.context.RequestInfo;
import org.gatehouse.api.userstore.UserRef;
import org.gatehouse.core.session.LoginRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs login flows: the same engine behind the login pages and the app-native JSON API. A login's
 * progress is stored in the database under a handle, so it survives a restart of the node, a switch
 * to another node, an upgrade of an authenticator bundle, and an edit of the flow (it keeps the
 * version it started with).
 */
@ProviderType
public interface LoginEngine {

    /**
     * Starts the flow of the request's application.
     *
     * @param requestId the login request this flow completes
     * @param handle the secret the caller will present to continue: the login request id for the
     *     login pages (already a secret in the page address), a fresh random value for app-native
     *     logins; at least 32 characters
     */
    FlowView begin(String requestId, LoginRequest request, String handle, Environment environment);

    /** The flow's current view again (a page reload), without calling the authenticator again. */
    FlowView current(String handle, Environment environment);

    /** Answers the current prompt, or switches to an alternative option of the current step. */
    FlowView submit(String handle, Input input, Environment environment);

    /** Forgets the flow (finished or abandoned). */
    void discard(String handle);

    /** @return the client the flow was started for, while the flow exists */
    Optional<String> clientOf(String handle);

    /**
     * The request as authenticators see it.
     *
     * @param callbackBase the URI upstream identity providers return to
     */
    record Environment(RequestInfo request, Locale locale, URI callbackBase) {
        public Environment {
            Objects.requireNonNull(request, "request");
            locale = locale == null ? Locale.ENGLISH : locale;
            Objects.requireNonNull(callbackBase, "callbackBase");
        }
    }

    /**
     * An answer.
     *
     * @param action the prompt action chosen
     * @param values the field values
     * @param option the id of an alternative authenticator of the current step to switch to, instead of an answer
     */
    record Input(String action, Map<String, String> values, Optional<String> option) {
        public Input {
            Objects.requireNonNull(action, "action");
            values = Map.copyOf(values);
            option = option == null ? Optional.empty() : option;
        }

        public static Input switchTo(String option) {
            return new Input("", Map.of(), Optional.of(option));
        }
    }

    /** An authenticator the user may pick instead of the one offered. */
    record Option(String authenticatorId, String displayName) {}

    /** Where a flow stands after a call. */
    sealed interface FlowView permits Prompting, Redirecting, Completed, Ended {
    }

    /**
     * The user must answer a prompt.
     *
     * @param authenticatorId who asks
     * @param enrolment whether the user is setting a factor up (rather than using one)
     * @param error a message key for what went wrong with the last answer
     * @param alternatives other authenticators of this step the user may pick
     * @param step the step's position, from 1
     * @param steps how many steps the flow has
     */
    record Prompting(String authenticatorId, Prompt prompt, boolean enrolment, Optional<String> error, List<Option> alternatives,
            int step, int steps) implements FlowView {
        public Prompting {
            error = error == null ? Optional.empty() : error;
            alternatives = List.copyOf(alternatives);
        }
    }

    /** The user's browser must go to an upstream identity provider. */
    record Redirecting(URI location) implements FlowView {}

    /**
     * The flow is done: the caller establishes the session and finishes the protocol.
     *
     * @param amr every method used (RFC 8176)
     * @param acr "1" for one factor, "2" for two or more (or a passkey with user verification)
     */
    record Completed(String requestId, UserRef user, Set<String> amr, String acr, Instant authTime) implements FlowView {
        public Completed {
            amr = Set.copyOf(amr);
        }
    }

    /**
     * The flow cannot go on (too many attempts, a lock, an authenticator that is gone, a factor the
     * user cannot set up); only a new login can.
     *
     * @param messageKey what to tell the user, safe to show (never says whether an account exists)
     */
    record Ended(String messageKey) implements FlowView {}
}
