-- Kontanthjælp as one benefit: every dated assessment of whether the
-- citizen is jobparat or aktivitetsparat, with the rate from 2025-07-01.
-- The latest is also the course's category; both change in one transaction
-- with a journal note and an audit entry.
CREATE TABLE readiness_assessments (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    assessed_on TEXT NOT NULL,
    category TEXT NOT NULL,
    rate TEXT,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX readiness_assessments_course ON readiness_assessments(municipality_id, course_id);
