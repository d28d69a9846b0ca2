-- Citizens' own sessions after a login through NemLog-in/MitID, apart from
-- staff sessions: a citizen's cookie is never looked up as staff's.
CREATE TABLE citizen_sessions (
    id_hash TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    citizen_id TEXT NOT NULL REFERENCES citizens(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);
CREATE INDEX citizens_cpr ON citizens(cpr);
