-- The flexible contact course (from 2026-07-01): the job conversations held
-- on a course, and the courses exempted from the conversation and offer
-- requirements (up to 25 % of the group may be). Each write comes with its
-- journal note and audit entry.
CREATE TABLE job_conversations (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    held_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES users(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX job_conversations_course ON job_conversations(municipality_id, course_id);

CREATE TABLE contact_exemptions (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT PRIMARY KEY REFERENCES courses(id),
    reason TEXT NOT NULL,
    decided_by TEXT NOT NULL REFERENCES users(id),
    decided_at BIGINT NOT NULL
);
