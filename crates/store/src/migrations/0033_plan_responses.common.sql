-- The citizen's answer to each part of their plan (Min plan): agreed (1),
-- not agreed (0) or no choice (NULL), and a comment. One current answer per
-- placement; each change is in the audit log.
CREATE TABLE plan_responses (
    placement_id TEXT PRIMARY KEY REFERENCES placements(id),
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    citizen_id TEXT NOT NULL REFERENCES citizens(id),
    agreed BIGINT,
    comment TEXT NOT NULL,
    answered_at BIGINT NOT NULL
);
