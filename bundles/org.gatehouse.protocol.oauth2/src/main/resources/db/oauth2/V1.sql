-- OAuth 2 / OpenID Connect: grants, codes, refresh tokens, opaque tokens, revocations, pending requests, consent, device codes, assertion ids
-- A grant is what a user (or a client on its own behalf) authorized: every code, refresh and access
-- token descends from one, so revoking the grant revokes the whole family.
CREATE TABLE gh_oauth_grant (
    id            VARCHAR(64)   NOT NULL PRIMARY KEY,
    org_id        VARCHAR(36)   NOT NULL,
    client_id     VARCHAR(255)  NOT NULL,
    user_domain   VARCHAR(64),
    user_id       VARCHAR(255),
    username      VARCHAR(255),
    scopes        VARCHAR(2048) NOT NULL,
    session_id    VARCHAR(64),
    auth_time     TIMESTAMP WITH TIME ZONE,
    amr           VARCHAR(255)  NOT NULL,
    acr           VARCHAR(255)  NOT NULL,
    claims        VARCHAR(4000),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX gh_oauth_grant_session ON gh_oauth_grant (session_id);
CREATE INDEX gh_oauth_grant_user ON gh_oauth_grant (user_domain, user_id);
CREATE INDEX gh_oauth_grant_expiry ON gh_oauth_grant (expires_at);

CREATE TABLE gh_oauth_code (
    digest                 VARCHAR(64)   NOT NULL PRIMARY KEY,
    grant_id               VARCHAR(64)   NOT NULL,
    client_id              VARCHAR(255)  NOT NULL,
    redirect_uri           VARCHAR(2048) NOT NULL,
    code_challenge         VARCHAR(128),
    nonce                  VARCHAR(512),
    expires_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at                TIMESTAMP WITH TIME ZONE
);
CREATE INDEX gh_oauth_code_expiry ON gh_oauth_code (expires_at);

CREATE TABLE gh_oauth_refresh_token (
    digest        VARCHAR(64)  NOT NULL PRIMARY KEY,
    grant_id      VARCHAR(64)  NOT NULL,
    client_id     VARCHAR(255) NOT NULL,
    scopes        VARCHAR(2048) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX gh_oauth_refresh_grant ON gh_oauth_refresh_token (grant_id);
CREATE INDEX gh_oauth_refresh_expiry ON gh_oauth_refresh_token (expires_at);

-- Opaque access tokens: the handle's digest and the claims it stands for
CREATE TABLE gh_oauth_opaque_token (
    digest        VARCHAR(64)   NOT NULL PRIMARY KEY,
    claims        VARCHAR(8000) NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX gh_oauth_opaque_expiry ON gh_oauth_opaque_token (expires_at);

-- Revoked token ids (jti) and grant ids, kept until what they revoke has expired
CREATE TABLE gh_oauth_revoked (
    id            VARCHAR(160) NOT NULL PRIMARY KEY,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Authorization requests waiting for a login or consent, and pushed requests (PAR)
CREATE TABLE gh_oauth_pending_request (
    id            VARCHAR(64)    NOT NULL PRIMARY KEY,
    client_id     VARCHAR(255)   NOT NULL,
    params        VARCHAR(16000) NOT NULL,
    pushed        BOOLEAN        NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at       TIMESTAMP WITH TIME ZONE
);

CREATE TABLE gh_oauth_consent (
    org_id        VARCHAR(36)   NOT NULL,
    user_domain   VARCHAR(64)   NOT NULL,
    user_id       VARCHAR(255)  NOT NULL,
    client_id     VARCHAR(255)  NOT NULL,
    scopes        VARCHAR(2048) NOT NULL,
    granted_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (org_id, user_domain, user_id, client_id)
);

CREATE TABLE gh_oauth_device_code (
    digest        VARCHAR(64)   NOT NULL PRIMARY KEY,
    user_code     VARCHAR(16)   NOT NULL UNIQUE,
    client_id     VARCHAR(255)  NOT NULL,
    scopes        VARCHAR(2048) NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    grant_id      VARCHAR(64),
    interval_s    INTEGER       NOT NULL,
    last_poll_at  TIMESTAMP WITH TIME ZONE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Client assertion ids seen (private_key_jwt / client_secret_jwt), refused a second time
CREATE TABLE gh_oauth_assertion_jti (
    client_id     VARCHAR(255) NOT NULL,
    jti           VARCHAR(255) NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (client_id, jti)
);
