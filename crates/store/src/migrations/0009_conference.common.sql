-- The analysis conversations (one professional, one time slot each), the
-- conference per course with its record and sign-off, and addenda after it.
CREATE TABLE analysis_bookings (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    professional_id TEXT NOT NULL REFERENCES users(id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    location TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    cancelled_at BIGINT
);
CREATE INDEX analysis_bookings_course ON analysis_bookings(municipality_id, course_id);
CREATE INDEX analysis_bookings_professional ON analysis_bookings(professional_id, starts_at);

CREATE TABLE conferences (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL UNIQUE REFERENCES courses(id),
    scheduled_at BIGINT NOT NULL,
    location TEXT NOT NULL,
    participants TEXT NOT NULL,
    citizen_attends BIGINT NOT NULL,
    invited TEXT NOT NULL,
    employment_goal TEXT NOT NULL,
    agreed TEXT NOT NULL,
    citizen_statement TEXT NOT NULL,
    citizen_agrees BIGINT NOT NULL,
    further_assessment TEXT NOT NULL,
    signed_at BIGINT,
    signed_by TEXT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);

CREATE TABLE conference_addenda (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    conference_id TEXT NOT NULL REFERENCES conferences(id),
    text TEXT NOT NULL,
    author_id TEXT NOT NULL REFERENCES users(id),
    author_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX conference_addenda_conference ON conference_addenda(conference_id, created_at);
