-- What is append-only stays so, except inside the retention job's own
-- transaction, which holds a permit row no one else ever sees.
DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM retention_permits)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
DROP TRIGGER measurements_no_update;
CREATE TRIGGER measurements_no_update BEFORE UPDATE ON measurements
WHEN NOT EXISTS (SELECT 1 FROM retention_permits)
BEGIN SELECT RAISE(ABORT, 'measurements are append-only'); END;
DROP TRIGGER conferences_signed_locked;
CREATE TRIGGER conferences_signed_locked BEFORE UPDATE ON conferences
WHEN OLD.signed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM retention_permits)
BEGIN SELECT RAISE(ABORT, 'a signed conference record is locked'); END;
DROP TRIGGER conference_addenda_no_update;
CREATE TRIGGER conference_addenda_no_update BEFORE UPDATE ON conference_addenda
WHEN NOT EXISTS (SELECT 1 FROM retention_permits)
BEGIN SELECT RAISE(ABORT, 'addenda are append-only'); END;
