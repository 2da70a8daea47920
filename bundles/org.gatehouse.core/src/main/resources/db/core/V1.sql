-- Bootstrap: what first start created, and the machine client that automation uses
CREATE TABLE gh_bootstrap_step (
    name        VARCHAR(64) NOT NULL PRIMARY KEY,
    done_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE gh_bootstrap_client (
    org_id        VARCHAR(36)  NOT NULL REFERENCES gh_organization (id),
    client_id     VARCHAR(255) NOT NULL,
    secret_digest VARCHAR(128) NOT NULL,
    scopes        VARCHAR(1024) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (org_id, client_id)
);
