-- Definitions never change once stored.
CREATE FUNCTION questionnaire_definitions_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'questionnaire definitions are immutable; import a new version';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER questionnaire_definitions_immutable BEFORE UPDATE ON questionnaire_definitions
FOR EACH ROW EXECUTE FUNCTION questionnaire_definitions_immutable();
