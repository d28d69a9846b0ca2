-- A municipality's licensed ICF classification (the shipped categories live
-- in code). An import replaces the municipality's set as a whole.
CREATE TABLE icf_categories (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    code TEXT NOT NULL,
    title_da TEXT NOT NULL,
    title_en TEXT NOT NULL,
    PRIMARY KEY (municipality_id, code)
);
