-- The column mappings an administrator saves for importing existing cases
-- (issue 25, part 1), by name (one per system the cases come from).
CREATE TABLE import_mappings (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    saved_by TEXT NOT NULL REFERENCES users(id),
    saved_at BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, name)
);
