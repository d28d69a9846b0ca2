-- Management: when a placement got its place (waiting time = activated_at -
-- queued_at), and caseload targets per target group.
ALTER TABLE placements ADD COLUMN activated_at BIGINT;
-- Before this column nobody recorded the moment; the queue time is the best
-- known value for placements that hold or held a place.
UPDATE placements SET activated_at = queued_at WHERE status IN ('active', 'ended');
CREATE TABLE caseload_targets (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    target_group TEXT NOT NULL,
    min_courses BIGINT NOT NULL,
    max_courses BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, target_group)
);
