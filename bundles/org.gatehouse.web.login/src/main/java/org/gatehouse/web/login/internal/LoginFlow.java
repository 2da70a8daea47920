package org.gatehouse.web.login.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A login in progress on the login pages, one per login request.
 *
 * @param requestId the login request
 * @param stage where the login stands
 * @param authenticatorId the authenticator of the current step
 * @param state the step's own state (its {@code StepState})
 * @param csrfToken the token every form of this login must send back
 * @param attempts failed answers so far
 */
record LoginFlow(String requestId, Stage stage, String authenticatorId, Map<String, String> state, String csrfToken, int attempts) {

    enum Stage {
        /** Not yet decided: the flow was just opened. */
        NEW,
        /** The user confirms or switches the account of an existing session. */
        ACCOUNT,
        /** The user answers an authenticator. */
        STEP,
        /** Stopped (too many attempts, a final failure): only a new login request can go on. */
        ENDED
    }

    LoginFlow {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(stage, "stage");
        authenticatorId = authenticatorId == null ? "" : authenticatorId;
        state = new LinkedHashMap<>(state == null ? Map.of() : state);
        Objects.requireNonNull(csrfToken, "csrfToken");
    }

    LoginFlow with(Stage newStage, String newAuthenticator, Map<String, String> newState) {
        return new LoginFlow(requestId, newStage, newAuthenticator, newState, csrfToken, attempts);
    }
}
