-- Retention (issue 25, part 2): each municipality's periods, legal holds on
-- courses, the checkpoints the audit chain is verified from once its oldest
-- entries are pruned, and the permit the retention job alone holds (inside
-- its own transaction) to change what is otherwise append-only. An
-- anonymised citizen keeps a row, so their courses still count in the
-- statistics, with the birth date the statistics need and a pseudonym in
-- place of the CPR number.
CREATE TABLE retention_periods (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    kind TEXT NOT NULL,
    months BIGINT NOT NULL,
    changed_by TEXT REFERENCES users(id),
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, kind)
);
CREATE TABLE legal_holds (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    course_id TEXT NOT NULL REFERENCES courses(id),
    reason TEXT NOT NULL,
    placed_by TEXT NOT NULL REFERENCES users(id),
    placed_at BIGINT NOT NULL,
    lifted_by TEXT REFERENCES users(id),
    lifted_at BIGINT
);
CREATE INDEX legal_holds_course ON legal_holds(municipality_id, course_id);
CREATE TABLE audit_prunes (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    pruned_at BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, seq)
);
CREATE TABLE retention_permits (
    token TEXT PRIMARY KEY
);
ALTER TABLE citizens ADD COLUMN anonymised_at BIGINT;
ALTER TABLE citizens ADD COLUMN birth_date TEXT;
