-- A signed conference record never changes; addenda are append-only.
CREATE TRIGGER conferences_signed_locked BEFORE UPDATE ON conferences
WHEN OLD.signed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a signed conference record is locked'); END;
CREATE TRIGGER conferences_no_delete BEFORE DELETE ON conferences
BEGIN SELECT RAISE(ABORT, 'conference records are kept'); END;
CREATE TRIGGER conference_addenda_no_update BEFORE UPDATE ON conference_addenda
BEGIN SELECT RAISE(ABORT, 'addenda are append-only'); END;
CREATE TRIGGER conference_addenda_no_delete BEFORE DELETE ON conference_addenda
BEGIN SELECT RAISE(ABORT, 'addenda are append-only'); END;
