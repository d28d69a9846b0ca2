-- The arbejdspligt ledger: per course and week (its Monday), the hours
-- planned and met, and hours taken off the 37 for a documented health
-- reason. A correction overwrites the week under its version; every write is
-- audited.
CREATE TABLE work_duty_weeks (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    week TEXT NOT NULL,
    planned BIGINT NOT NULL,
    met BIGINT NOT NULL,
    reduction BIGINT NOT NULL,
    reduction_reason TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (course_id, week)
);
