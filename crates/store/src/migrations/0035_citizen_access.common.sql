-- Access to a citizen opened without a course (need-to-know, issue 24):
-- a caseworker's stated purpose (flagged for the data protection officer's
-- review), or registering the citizen (intake, not flagged). Each opens the
-- citizen for that member of staff until `expires_at`. Rows are kept after
-- they expire: they are part of the record of who used the data and why.
CREATE TABLE citizen_access (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    citizen_id TEXT NOT NULL REFERENCES citizens(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    reason TEXT NOT NULL,
    purpose TEXT NOT NULL,
    granted_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    reviewed_by TEXT REFERENCES users(id),
    reviewed_at BIGINT
);
CREATE INDEX citizen_access_open ON citizen_access(municipality_id, citizen_id, user_id, expires_at);
CREATE INDEX citizen_access_review ON citizen_access(municipality_id, reviewed_at, granted_at);
