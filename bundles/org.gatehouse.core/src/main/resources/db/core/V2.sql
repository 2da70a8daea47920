-- Browser single sign-on sessions, the applications that joined them, and login hand-overs
CREATE TABLE gh_sso_session (
    id             VARCHAR(64)   NOT NULL PRIMARY KEY,
    org_id         VARCHAR(36)   NOT NULL REFERENCES gh_organization (id),
    -- SHA-256 of the cookie value (base64url); the value itself is never stored
    cookie_digest  VARCHAR(64)   NOT NULL,
    user_domain    VARCHAR(64)   NOT NULL,
    user_id        VARCHAR(255)  NOT NULL,
    username       VARCHAR(255)  NOT NULL,
    auth_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    -- RFC 8176 values, space-separated
    amr            VARCHAR(255)  NOT NULL,
    acr            VARCHAR(255)  NOT NULL,
    client_address VARCHAR(64)   NOT NULL,
    user_agent     VARCHAR(512)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT gh_sso_session_cookie_uq UNIQUE (cookie_digest)
);
CREATE INDEX gh_sso_session_user_ix ON gh_sso_session (org_id, user_domain, user_id);
CREATE INDEX gh_sso_session_expires_ix ON gh_sso_session (expires_at);
CREATE TABLE gh_sso_session_client (
    session_id VARCHAR(64)  NOT NULL REFERENCES gh_sso_session (id) ON DELETE CASCADE,
    client_id  VARCHAR(255) NOT NULL,
    joined_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (session_id, client_id)
);
CREATE TABLE gh_login_request (
    id              VARCHAR(64)   NOT NULL PRIMARY KEY,
    org_id          VARCHAR(36)   NOT NULL REFERENCES gh_organization (id),
    org_handle      VARCHAR(64)   NOT NULL,
    app_id          VARCHAR(255)  NOT NULL,
    app_client_id   VARCHAR(255)  NOT NULL,
    app_name        VARCHAR(255)  NOT NULL,
    return_to       VARCHAR(4096) NOT NULL,
    force_authn     BOOLEAN       NOT NULL,
    select_account  BOOLEAN       NOT NULL,
    max_age_seconds BIGINT,
    login_hint      VARCHAR(255),
    -- space-separated BCP 47 tags / ACR values, most preferred first
    ui_locales      VARCHAR(255)  NOT NULL,
    acr_values      VARCHAR(1024) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX gh_login_request_expires_ix ON gh_login_request (expires_at);
