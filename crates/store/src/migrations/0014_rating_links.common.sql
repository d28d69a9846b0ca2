-- One-time links through which a citizen rates their own progression.
-- Only the token's hash is stored.
CREATE TABLE rating_links (
    token_hash TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    placement_id TEXT NOT NULL REFERENCES placements(id),
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
