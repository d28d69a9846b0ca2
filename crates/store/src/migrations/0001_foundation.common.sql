-- Shared by SQLite and PostgreSQL. Ids are UUIDv7 text made by the application,
-- instants are BIGINT microseconds since the epoch (UTC), civil dates are TEXT
-- 'YYYY-MM-DD', booleans are BIGINT 0/1. Every tenant-owned row carries its
-- municipality so the schema can be sharded by municipality.
CREATE TABLE municipalities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE units (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (municipality_id, name)
);
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    profession TEXT,
    unit_id TEXT REFERENCES units(id),
    team TEXT,
    password_hash TEXT NOT NULL,
    active BIGINT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX users_municipality ON users(municipality_id, username);
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
CREATE TABLE citizens (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    cpr TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    address TEXT,
    created_at BIGINT NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (municipality_id, cpr)
);
CREATE INDEX citizens_name ON citizens(municipality_id, name_key);
CREATE TABLE courses (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    citizen_id TEXT NOT NULL REFERENCES citizens(id),
    caseworker_id TEXT NOT NULL REFERENCES users(id),
    target_group TEXT NOT NULL,
    category TEXT,
    rule_set TEXT NOT NULL,
    status TEXT NOT NULL,
    start_date TEXT NOT NULL,
    framework TEXT NOT NULL,
    employment_goal TEXT NOT NULL,
    referral TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX courses_caseworker ON courses(municipality_id, caseworker_id, status);
CREATE INDEX courses_citizen ON courses(citizen_id);
CREATE TABLE course_members (
    course_id TEXT NOT NULL REFERENCES courses(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (course_id, user_id)
);
CREATE INDEX course_members_user ON course_members(user_id);
CREATE TABLE journal_entries (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    author_id TEXT NOT NULL REFERENCES users(id),
    author_name TEXT NOT NULL,
    author_role TEXT NOT NULL,
    entry_date TEXT NOT NULL,
    body TEXT NOT NULL,
    corrects_id TEXT REFERENCES journal_entries(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX journal_course ON journal_entries(course_id, created_at);
CREATE TABLE contact_persons (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX contacts_course ON contact_persons(course_id);
CREATE TABLE audit_head (
    municipality_id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE audit_log (
    municipality_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    id TEXT NOT NULL,
    at BIGINT NOT NULL,
    user_id TEXT,
    username TEXT NOT NULL,
    role TEXT,
    action TEXT NOT NULL,
    citizen_id TEXT,
    object TEXT NOT NULL,
    purpose TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (municipality_id, seq)
);
CREATE INDEX audit_citizen ON audit_log(municipality_id, citizen_id, seq);
