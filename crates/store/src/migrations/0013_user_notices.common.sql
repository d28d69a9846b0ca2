-- Messages to one staff user, e.g. that a course was handed over to them.
-- The text names no citizen; the link leads behind the usual access check.
CREATE TABLE user_notices (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    kind TEXT NOT NULL,
    from_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX user_notices_user ON user_notices(user_id, created_at);
CREATE INDEX progress_goals_placement ON progress_goals(placement_id);
CREATE INDEX measurements_goal ON measurements(goal_id, rater, measured_on);
