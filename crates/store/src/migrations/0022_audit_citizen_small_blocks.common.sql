-- Blocks of 65,536 sequence numbers still spread a commit's audit entries
-- over the current block's part of the citizen index, a thousand pages of
-- it: a group commit of 250 entries of reads wrote some 200 index pages to
-- the WAL. In blocks of 1,024 a commit touches a few dozen pages. The access
-- log reads many blocks per query (a join against the block numbers, see
-- `access_log`), so more blocks cost it little.
DROP INDEX audit_citizen;
CREATE INDEX audit_citizen ON audit_log (municipality_id, (seq / 1024), citizen_id, seq);
