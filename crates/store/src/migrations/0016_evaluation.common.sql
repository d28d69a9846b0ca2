-- Evaluation: the benefit register (weekly benefit periods per citizen, as
-- imported), the imports themselves, and the economics inputs.
CREATE TABLE register_imports (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    file_name TEXT NOT NULL,
    lines BIGINT NOT NULL,
    added BIGINT NOT NULL,
    extended BIGINT NOT NULL,
    unchanged BIGINT NOT NULL,
    imported_by TEXT NOT NULL REFERENCES users(id),
    imported_at BIGINT NOT NULL
);
-- from_week and to_week are the Mondays of the first and last week.
CREATE TABLE benefit_periods (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    citizen_id TEXT NOT NULL REFERENCES citizens(id),
    from_week TEXT NOT NULL,
    to_week TEXT NOT NULL,
    benefit TEXT NOT NULL,
    import_id TEXT NOT NULL REFERENCES register_imports(id)
);
CREATE INDEX benefit_periods_citizen ON benefit_periods (municipality_id, citizen_id, from_week);
CREATE TABLE investments (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    year BIGINT NOT NULL,
    category TEXT NOT NULL,
    ore BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, year, category)
);
CREATE TABLE benefit_rates (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    benefit TEXT NOT NULL,
    year BIGINT NOT NULL,
    ore_per_week BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, benefit, year)
);
CREATE INDEX triages_course ON triages (course_id);
