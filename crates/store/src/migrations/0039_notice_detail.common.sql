-- What a notice is about beyond its kind and sender, as JSON (a booking's
-- time and place); empty for kinds that need none.
ALTER TABLE user_notices ADD COLUMN detail TEXT NOT NULL DEFAULT '';
