-- Course frameworks: admin-configured templates for development courses.
CREATE TABLE course_frameworks (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    name TEXT NOT NULL,
    target_group TEXT NOT NULL,
    default_weeks BIGINT NOT NULL,
    default_team TEXT NOT NULL,
    active BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (municipality_id, name)
);
-- One triage per screening: the suggestion, the caseworker's assessment and
-- the decision, kept so the screening's predictions can be evaluated.
CREATE TABLE triages (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    citizen_id TEXT NOT NULL REFERENCES citizens(id),
    response_id TEXT NOT NULL UNIQUE REFERENCES questionnaire_responses(id),
    suggested_risk TEXT,
    suggested_readiness TEXT,
    assessed_risk TEXT NOT NULL,
    assessed_readiness TEXT,
    disagrees BIGINT NOT NULL,
    decision TEXT NOT NULL,
    framework_id TEXT REFERENCES course_frameworks(id),
    course_id TEXT REFERENCES courses(id),
    note TEXT NOT NULL,
    decided_by TEXT NOT NULL REFERENCES users(id),
    decided_at BIGINT NOT NULL
);
CREATE INDEX triages_citizen ON triages(municipality_id, citizen_id);
