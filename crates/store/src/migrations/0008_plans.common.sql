-- Consents per receiving unit, the plan's version (for 409 on concurrent
-- edits), placements of catalogue interventions on courses, and the provider
-- units' inbox. Dates are 'YYYY-MM-DD' text, instants microseconds.
CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    citizen_id TEXT NOT NULL REFERENCES citizens(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    scope TEXT NOT NULL,
    purpose TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL,
    method TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    revoked_at BIGINT,
    revoked_by TEXT REFERENCES users(id)
);
CREATE INDEX consents_course ON consents(municipality_id, course_id);

CREATE TABLE plans (
    course_id TEXT PRIMARY KEY REFERENCES courses(id),
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL REFERENCES users(id)
);

CREATE TABLE placements (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    citizen_id TEXT NOT NULL REFERENCES citizens(id),
    intervention_id TEXT NOT NULL REFERENCES interventions(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    goal TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    first_measurement TEXT NOT NULL,
    status TEXT NOT NULL,
    queued_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    ended_at BIGINT,
    ended_by TEXT REFERENCES users(id),
    end_reason TEXT
);
CREATE INDEX placements_course ON placements(municipality_id, course_id);
CREATE INDEX placements_intervention ON placements(intervention_id, status, queued_at);
CREATE INDEX placements_unit ON placements(unit_id, status);

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    placement_id TEXT NOT NULL REFERENCES placements(id),
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    read_by TEXT REFERENCES users(id)
);
CREATE INDEX notifications_unit ON notifications(municipality_id, unit_id, created_at);
