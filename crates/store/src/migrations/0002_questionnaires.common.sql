-- Questionnaire definitions are immutable: a change is a new version (a new
-- row). `scope` is 'shipped' for definitions Jobspor ships, else the
-- municipality id of an imported one.
CREATE TABLE questionnaire_definitions (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    def_key TEXT NOT NULL,
    version BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (scope, def_key, version)
);
-- A response keeps the definition (and so the version) it was answered in.
CREATE TABLE questionnaire_responses (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    citizen_id TEXT NOT NULL REFERENCES citizens(id),
    definition_id TEXT NOT NULL REFERENCES questionnaire_definitions(id),
    channel TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL,
    answers TEXT NOT NULL,
    result TEXT,
    entered_by TEXT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    submitted_at BIGINT,
    version BIGINT NOT NULL
);
CREATE INDEX responses_citizen ON questionnaire_responses(municipality_id, citizen_id, created_at);
-- One-time links for citizens: only the SHA-256 of the token is stored.
CREATE TABLE questionnaire_links (
    token_hash TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    citizen_id TEXT NOT NULL REFERENCES citizens(id),
    response_id TEXT NOT NULL REFERENCES questionnaire_responses(id),
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX links_response ON questionnaire_links(response_id);
