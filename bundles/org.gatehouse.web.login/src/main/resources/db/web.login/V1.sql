-- Login flows: the state of a login in progress on the login pages, so any node can continue it
CREATE TABLE gh_login_flow (
    request_id       VARCHAR(64)   NOT NULL PRIMARY KEY REFERENCES gh_login_request (id) ON DELETE CASCADE,
    -- ACCOUNT (choosing the account of an existing session), STEP (in an authenticator), ENDED
    stage            VARCHAR(16)   NOT NULL,
    authenticator_id VARCHAR(64)   NOT NULL,
    -- the authenticator's StepState, form-encoded
    step_state       VARCHAR(8192) NOT NULL,
    csrf_token       VARCHAR(64)   NOT NULL,
    attempts         INTEGER       NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
