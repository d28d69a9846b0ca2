-- A document of a course that the caseworker has shared with the citizen:
-- it shows in Min plan until the sharing is stopped. One row per shared
-- document; sharing and stopping are in the audit log.
CREATE TABLE document_shares (
    document_id TEXT PRIMARY KEY REFERENCES documents(id),
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    citizen_id TEXT NOT NULL REFERENCES citizens(id),
    shared_by TEXT NOT NULL REFERENCES users(id),
    shared_at BIGINT NOT NULL
);
CREATE INDEX document_shares_citizen ON document_shares(municipality_id, citizen_id);
