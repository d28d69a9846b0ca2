-- The municipality's key for pseudonyms in the research export. It stays
-- here: exports carry only pseudonyms made with it.
CREATE TABLE research_keys (
    municipality_id TEXT PRIMARY KEY REFERENCES municipalities(id),
    key_hex TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
