-- Users' authentication factors, account lockout, versioned login flow definitions, logins in progress
CREATE TABLE gh_credential (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    org_id       VARCHAR(36)   NOT NULL REFERENCES gh_organization (id),
    user_domain  VARCHAR(64)   NOT NULL,
    user_id      VARCHAR(255)  NOT NULL,
    username     VARCHAR(255)  NOT NULL,
    type         VARCHAR(64)   NOT NULL,
    -- optional lookup key (a WebAuthn credential id); NULLs do not collide in the unique constraint
    lookup_key   VARCHAR(1024),
    label        VARCHAR(255)  NOT NULL,
    -- the authenticator's non-secret data, form-encoded
    data         VARCHAR(16000) NOT NULL,
    -- sealed under the master key (AES-256-GCM, bound to the row id)
    secret       VARCHAR(4096),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    version      BIGINT        NOT NULL,
    CONSTRAINT gh_credential_key_uq UNIQUE (org_id, type, lookup_key)
);
CREATE INDEX gh_credential_user_ix ON gh_credential (org_id, user_domain, user_id);

CREATE TABLE gh_login_attempt (
    org_id        VARCHAR(36)  NOT NULL,
    -- SHA-256 of the normalised identifier: the table lists no user names, existing or not
    identifier    VARCHAR(64)  NOT NULL,
    failures      INT          NOT NULL,
    first_failure TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until  TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (org_id, identifier)
);
CREATE INDEX gh_login_attempt_first_ix ON gh_login_attempt (first_failure);

CREATE TABLE gh_flow_definition (
    org_id      VARCHAR(36)   NOT NULL REFERENCES gh_organization (id),
    -- the application's client id, or '' for the organization's default flow
    client_id   VARCHAR(255)  NOT NULL,
    -- versions are never changed: an edit adds one, so logins in progress keep theirs
    version     INT           NOT NULL,
    definition  VARCHAR(16000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (org_id, client_id, version)
);

CREATE TABLE gh_flow_context (
    -- SHA-256 of the flow handle the browser or app holds
    id            VARCHAR(64)   NOT NULL PRIMARY KEY,
    request_id    VARCHAR(64)   NOT NULL,
    org_id        VARCHAR(36)   NOT NULL,
    client_id     VARCHAR(255)  NOT NULL,
    flow_client   VARCHAR(255)  NOT NULL,
    flow_version  INT           NOT NULL,
    -- JSON: position, user, methods used, the current step's state and last prompt
    progress      VARCHAR(32000) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT        NOT NULL
);
CREATE INDEX gh_flow_context_request_ix ON gh_flow_context (request_id);
CREATE INDEX gh_flow_context_expires_ix ON gh_flow_context (expires_at);
