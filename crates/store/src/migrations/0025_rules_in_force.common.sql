-- Sickness-benefit follow-up is counted from the first day of absence, and a
-- sick-listed citizen may be on the § 13 f light track or exempt (employed,
-- back within 26 weeks). Courses made before this have no first day of
-- absence; their follow-up is counted from the start, as before.
ALTER TABLE courses ADD COLUMN first_absence_date TEXT;
ALTER TABLE courses ADD COLUMN follow_up_track TEXT NOT NULL DEFAULT 'standard';

-- A municipality's decision on a pending rule set (an expected law): in
-- force from a date, or still pending with a moved date. One row per set;
-- the change is audited with the user who made it.
CREATE TABLE rule_set_activations (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    rule_set TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    in_force BIGINT NOT NULL,
    changed_by TEXT NOT NULL REFERENCES users(id),
    changed_at BIGINT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, rule_set)
);
