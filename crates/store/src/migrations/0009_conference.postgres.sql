-- A signed conference record never changes; addenda are append-only.
CREATE FUNCTION conferences_signed_locked() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.signed_at IS NOT NULL THEN
        RAISE EXCEPTION 'a signed conference record is locked';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER conferences_signed_locked BEFORE UPDATE OR DELETE ON conferences
FOR EACH ROW EXECUTE FUNCTION conferences_signed_locked();
CREATE FUNCTION conference_addenda_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'addenda are append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER conference_addenda_append_only BEFORE UPDATE OR DELETE ON conference_addenda
FOR EACH ROW EXECUTE FUNCTION conference_addenda_append_only();
