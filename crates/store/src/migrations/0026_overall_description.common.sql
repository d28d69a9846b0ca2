-- What the conference recommends the course leads to: the agreed plan, a
-- ressourceforløb, a fleksjob or førtidspension. Records from before this
-- recommended the plan.
ALTER TABLE conferences ADD COLUMN recommendation TEXT NOT NULL DEFAULT 'plan';

-- The regional sundhedskoordinator's advice on a course: asked for on a day
-- with a question, answered on a day with the advice in short, and the
-- reply attached as one of the course's documents. A fleksjob or
-- førtidspension recommendation is signed only with an attached reply.
CREATE TABLE health_consultations (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    requested_on TEXT NOT NULL,
    question TEXT NOT NULL,
    requested_by TEXT NOT NULL REFERENCES users(id),
    answered_on TEXT,
    answer TEXT NOT NULL,
    document_id TEXT REFERENCES documents(id),
    created_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX health_consultations_course ON health_consultations(municipality_id, course_id);
