-- The intervention catalogue. Tracks, target groups and questions are JSON
-- lists; prices are integer øre.
CREATE TABLE interventions (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    tracks TEXT NOT NULL,
    target_groups TEXT NOT NULL,
    usual_weeks BIGINT NOT NULL,
    capacity BIGINT NOT NULL,
    price_ore BIGINT NOT NULL,
    progression_questions TEXT NOT NULL,
    active BIGINT NOT NULL,
    version BIGINT NOT NULL,
    UNIQUE (municipality_id, name)
);
