-- Applications: OAuth 2 / OpenID Connect clients created from templates
CREATE TABLE gh_application (
    id                        VARCHAR(36)   NOT NULL PRIMARY KEY,
    org_id                    VARCHAR(36)   NOT NULL REFERENCES gh_organization (id),
    client_id                 VARCHAR(255)  NOT NULL,
    name                      VARCHAR(255)  NOT NULL,
    template                  VARCHAR(16)   NOT NULL,
    -- the client metadata as RFC 7591 JSON, never any secret
    metadata                  VARCHAR(65536) NOT NULL,
    -- SHA-256 of the client secret (Secrets.digest), or, for client_secret_jwt only, the secret
    -- sealed under the master key (the server needs it for HMAC); never both
    secret_digest             VARCHAR(128),
    secret_sealed             VARCHAR(1024),
    registration_token_digest VARCHAR(128),
    -- for the bootstrap machine client: the gh_bootstrap_client digest last copied into secret_digest
    bootstrap_digest          VARCHAR(128),
    version                   BIGINT        NOT NULL,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT gh_application_client_id_uq UNIQUE (client_id)
);
CREATE INDEX gh_application_org_idx ON gh_application (org_id, name);
