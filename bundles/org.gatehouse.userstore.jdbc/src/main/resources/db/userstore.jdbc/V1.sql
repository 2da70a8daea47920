-- Users, credentials, attributes, groups and memberships
CREATE TABLE gh_user (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    org_id         VARCHAR(36)  NOT NULL REFERENCES gh_organization (id),
    username       VARCHAR(255) NOT NULL,
    -- lower-cased username: case-insensitive uniqueness and indexed lookups on both databases
    username_key   VARCHAR(255) NOT NULL,
    active         BOOLEAN      NOT NULL,
    given_name     VARCHAR(255),
    family_name    VARCHAR(255),
    display_name   VARCHAR(255),
    email          VARCHAR(320),
    email_key      VARCHAR(320),
    email_verified BOOLEAN      NOT NULL,
    phone_number   VARCHAR(32),
    locale         VARCHAR(35),
    version        BIGINT       NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    modified_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT gh_user_username_uq UNIQUE (org_id, username_key)
);
CREATE INDEX gh_user_email_idx ON gh_user (org_id, email_key);

CREATE TABLE gh_user_credential (
    user_id     VARCHAR(36)  NOT NULL REFERENCES gh_user (id) ON DELETE CASCADE,
    type        VARCHAR(32)  NOT NULL,
    secret      VARCHAR(512) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, type)
);

CREATE TABLE gh_user_attribute (
    user_id     VARCHAR(36)   NOT NULL REFERENCES gh_user (id) ON DELETE CASCADE,
    name        VARCHAR(128)  NOT NULL,
    name_key    VARCHAR(128)  NOT NULL,
    position    INTEGER       NOT NULL,
    val         VARCHAR(512)  NOT NULL,
    -- 512 characters keep an index entry within PostgreSQL's B-tree limit even in 4-byte UTF-8
    val_key     VARCHAR(512)  NOT NULL,
    PRIMARY KEY (user_id, name_key, position)
);
CREATE INDEX gh_user_attribute_value_idx ON gh_user_attribute (name_key, val_key);

CREATE TABLE gh_group (
    id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    org_id      VARCHAR(36)   NOT NULL REFERENCES gh_organization (id),
    name        VARCHAR(255)  NOT NULL,
    name_key    VARCHAR(255)  NOT NULL,
    description VARCHAR(1024),
    version     BIGINT        NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    modified_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT gh_group_name_uq UNIQUE (org_id, name_key)
);

CREATE TABLE gh_group_member (
    group_id    VARCHAR(36) NOT NULL REFERENCES gh_group (id) ON DELETE CASCADE,
    user_id     VARCHAR(36) NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX gh_group_member_user_idx ON gh_group_member (user_id);
-- added after the index on exactly its column, so that H2 uses that index for it instead of making a second one
ALTER TABLE gh_group_member ADD CONSTRAINT gh_group_member_user_fk FOREIGN KEY (user_id) REFERENCES gh_user (id) ON DELETE CASCADE;
