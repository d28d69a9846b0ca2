-- Progression: the municipality's own questions, goals per placement,
-- measurements (append-only; corrections are new rows), decisions on
-- flags, and the flag thresholds per municipality.
CREATE TABLE question_bank (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    style TEXT NOT NULL,
    text_da TEXT NOT NULL,
    text_en TEXT NOT NULL,
    low_anchor TEXT NOT NULL,
    high_anchor TEXT NOT NULL,
    active BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE progress_goals (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    placement_id TEXT NOT NULL REFERENCES placements(id),
    style TEXT NOT NULL,
    question TEXT NOT NULL,
    gas_levels TEXT NOT NULL,
    weight BIGINT NOT NULL,
    interval_days BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    ended_at BIGINT
);
CREATE INDEX progress_goals_course ON progress_goals(municipality_id, course_id);

CREATE TABLE measurements (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    placement_id TEXT REFERENCES placements(id),
    goal_id TEXT REFERENCES progress_goals(id),
    rater TEXT NOT NULL,
    value BIGINT NOT NULL,
    comment TEXT NOT NULL,
    measured_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    baseline BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by TEXT REFERENCES users(id),
    corrects TEXT REFERENCES measurements(id)
);
CREATE INDEX measurements_course ON measurements(municipality_id, course_id, measured_on);

CREATE TABLE progress_decisions (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    placement_id TEXT NOT NULL REFERENCES placements(id),
    goal_id TEXT REFERENCES progress_goals(id),
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    flags TEXT NOT NULL,
    decided_by TEXT NOT NULL REFERENCES users(id),
    decided_at BIGINT NOT NULL
);
CREATE INDEX progress_decisions_course ON progress_decisions(municipality_id, course_id);

CREATE TABLE progression_settings (
    municipality_id TEXT PRIMARY KEY REFERENCES municipalities(id),
    min_change BIGINT NOT NULL,
    after_measurements BIGINT NOT NULL,
    apart BIGINT NOT NULL
);
