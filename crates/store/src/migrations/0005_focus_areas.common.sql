-- Focus areas: removal is soft (removed_at/removed_by), so the record stays.
CREATE TABLE focus_areas (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    component TEXT NOT NULL,
    polarity TEXT NOT NULL,
    description TEXT NOT NULL,
    icf_code TEXT,
    qualifier TEXT,
    priority BIGINT NOT NULL,
    suggested_intervention TEXT NOT NULL,
    profession TEXT,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    removed_at BIGINT,
    removed_by TEXT REFERENCES users(id)
);
CREATE INDEX focus_areas_course ON focus_areas(municipality_id, course_id);
