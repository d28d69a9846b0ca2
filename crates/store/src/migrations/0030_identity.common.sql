-- Logins through an identity provider (OpenID Connect) for staff and
-- citizens.
--
-- A login sent to the provider and not back yet: the hash of its state, the
-- hash of the browser cookie that started it, the nonce and the PKCE
-- verifier the callback needs. Deleted when used; never older than minutes.
CREATE TABLE oidc_pending_logins (
    state_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    browser_hash TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    next_path TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
-- An administrator's rule: a login whose claim has this value is a user of
-- the municipality with this role and team. A pair maps in one place only.
CREATE TABLE claim_mappings (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    claim TEXT NOT NULL,
    claim_value TEXT NOT NULL,
    role TEXT NOT NULL,
    team TEXT,
    create_users BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (claim, claim_value)
);
-- The provider's subject of a Jobspor user.
CREATE TABLE user_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities(user_id);
-- Whether the municipality's staff may still log in with a Jobspor password.
ALTER TABLE municipalities ADD COLUMN local_login BIGINT NOT NULL DEFAULT 1;
