-- Statutory deadlines met (e.g. a sygedagpenge follow-up held), so the
-- ones not met show as overdue.
CREATE TABLE deadlines_met (
    course_id TEXT NOT NULL REFERENCES courses(id),
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    kind TEXT NOT NULL,
    due TEXT NOT NULL,
    met_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (course_id, kind, due)
);
