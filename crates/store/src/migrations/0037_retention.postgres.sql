-- What is append-only stays so, except inside the retention job's own
-- transaction, which holds a permit row no other transaction can see.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM retention_permits) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION measurements_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM retention_permits) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'measurements are append-only';
END
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION conferences_signed_locked() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM retention_permits) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' OR OLD.signed_at IS NOT NULL THEN
        RAISE EXCEPTION 'a signed conference record is locked';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION conference_addenda_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM retention_permits) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'addenda are append-only';
END
$$ LANGUAGE plpgsql;
