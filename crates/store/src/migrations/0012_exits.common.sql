-- The exit of a course: how and when it ended. One per course.
CREATE TABLE course_exits (
    course_id TEXT PRIMARY KEY REFERENCES courses(id),
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    outcome TEXT NOT NULL,
    exit_date TEXT NOT NULL,
    hours_per_week BIGINT,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX course_exits_date ON course_exits(municipality_id, exit_date);
