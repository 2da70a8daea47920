-- Signing keys: private halves sealed under the master key, public halves published as JWKs
CREATE TABLE gh_signing_key (
    kid                VARCHAR(64)   NOT NULL PRIMARY KEY,
    org_id             VARCHAR(36)   NOT NULL REFERENCES gh_organization (id),
    alg                VARCHAR(16)   NOT NULL,
    generation         INTEGER       NOT NULL,
    public_jwk         VARCHAR(4096) NOT NULL,
    private_jwk_sealed VARCHAR(8192) NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at         TIMESTAMP WITH TIME ZONE,
    -- one generation per algorithm: two nodes creating the same generation at once collide here
    CONSTRAINT gh_signing_key_generation_uq UNIQUE (org_id, alg, generation)
);
