-- Organizations, the root of every other table
CREATE TABLE gh_organization (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    handle      VARCHAR(64)  NOT NULL,
    name        VARCHAR(255) NOT NULL,
    parent_id   VARCHAR(36)  REFERENCES gh_organization (id),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT gh_organization_handle_uq UNIQUE (handle)
);
INSERT INTO gh_organization (id, handle, name, parent_id, created_at)
VALUES ('00000000-0000-0000-0000-000000000000', 'root', 'Root organization', NULL, CURRENT_TIMESTAMP);
