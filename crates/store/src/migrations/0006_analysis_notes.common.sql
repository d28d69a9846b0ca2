-- One monodisciplinary note per professional per course, kept up to date
-- with a version check.
CREATE TABLE analysis_notes (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    author_name TEXT NOT NULL,
    profession TEXT,
    limitation TEXT NOT NULL,
    resources TEXT NOT NULL,
    suggested_intervention TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (course_id, author_id)
);
