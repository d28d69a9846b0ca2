-- A focus area corrected through the API is not edited: it is removed
-- (softly, as before) and a new one takes its place, naming the one it
-- replaces, so the history of the analysis stays readable.
ALTER TABLE focus_areas ADD COLUMN replaces TEXT REFERENCES focus_areas(id);

-- A monodisciplinary note can be withdrawn by its author. The row stays,
-- marked with who withdrew it and when; writing a note again brings it back.
ALTER TABLE analysis_notes ADD COLUMN removed_at BIGINT;
ALTER TABLE analysis_notes ADD COLUMN removed_by TEXT REFERENCES users(id);
