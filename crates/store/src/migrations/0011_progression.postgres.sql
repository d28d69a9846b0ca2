-- A measurement once given is never edited or removed.
CREATE FUNCTION measurements_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'measurements are append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER measurements_append_only BEFORE UPDATE OR DELETE ON measurements
FOR EACH ROW EXECUTE FUNCTION measurements_append_only();
