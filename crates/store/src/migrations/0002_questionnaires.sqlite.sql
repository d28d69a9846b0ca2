-- Definitions never change once stored.
CREATE TRIGGER questionnaire_definitions_immutable BEFORE UPDATE ON questionnaire_definitions
BEGIN SELECT RAISE(ABORT, 'questionnaire definitions are immutable; import a new version'); END;
