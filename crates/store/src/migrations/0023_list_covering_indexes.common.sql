-- "Mine forløb" and the caseworker's search read every open course of the
-- caseworker and its citizen's name and CPR, to sort by name and count.
-- Through `courses_caseworker` each course cost a visit to the courses table
-- and its citizen two more (the id's index, then the table): three b-tree
-- descents per course, each to a page that a reader rarely has cached (every
-- commit empties a SQLite reader's page cache). With these two indexes the
-- list is one range of `courses_caseworker` and one descent per citizen.
DROP INDEX courses_caseworker;
CREATE INDEX courses_caseworker ON courses (municipality_id, caseworker_id, status, citizen_id, start_date, id, target_group, category, rule_set, framework);
CREATE INDEX citizens_listed ON citizens (id, name_key, name, cpr);
