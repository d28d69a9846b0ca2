-- Comparison groups for the economics baseline: a curve of the share still
-- on benefit by week since start (e.g. comparable municipalities' figures),
-- imported as CSV and kept by name. The share is in parts per million.
CREATE TABLE comparison_curves (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    name TEXT NOT NULL,
    week BIGINT NOT NULL,
    share_ppm BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, name, week)
);
