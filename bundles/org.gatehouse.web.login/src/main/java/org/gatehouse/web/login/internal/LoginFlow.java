package org.gatehouse.web.login.internal;

import java.util.Objects;

/**
 * The login pages' own part of a login in progress, one per login request: which page it is on and
 * the token every form must send back. The authentication itself (steps, state, the user) is the
 * flow engine's.
 *
 * @param requestId the login request
 * @param stage where the pages stand
 * @param csrfToken the token every form of this login must send back
 */
record LoginFlow(String requestId, Stage stage, String csrfToken) {

    enum Stage {
        /** Not yet decided: the pages were just opened. */
        NEW,
        /** The user confirms or switches the account of an existing session. */
        ACCOUNT,
        /** The flow engine runs the login's steps. */
        STEP,
        /** Stopped: only a new login request can go on. */
        ENDED
    }

    LoginFlow {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(csrfToken, "csrfToken");
    }

    LoginFlow with(Stage newStage) {
        return new LoginFlow(requestId, newStage, csrfToken);
    }
}
