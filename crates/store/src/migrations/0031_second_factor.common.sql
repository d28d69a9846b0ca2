-- The second factor of local accounts (TOTP, RFC 6238): the secret, whether
-- its enrolment was finished, and the last time step accepted (a code is
-- good once). Recovery codes are kept as SHA-256 hashes, each good once.
CREATE TABLE totp_secrets (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    secret TEXT NOT NULL,
    confirmed BIGINT NOT NULL,
    last_step BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);
-- A right password waiting for its code: the hash of the browser's
-- challenge cookie, and how many codes were tried.
CREATE TABLE login_challenges (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    next_path TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL
);
