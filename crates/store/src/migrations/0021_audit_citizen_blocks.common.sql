-- The citizen's access log was indexed by (municipality, citizen, seq).
-- Citizen ids are random, so every audit entry landed on a random page of
-- an index as large as the log (half a gigabyte at 5 million entries), and
-- writing the reads of a busy day cost a page read and a page write per
-- entry. Keyed by the block of 65,536 sequence numbers first, new entries
-- land in the current block's small, hot part of the index; the access log
-- asks each block in turn (a few dozen seeks for a municipality's decade).
DROP INDEX audit_citizen;
CREATE INDEX audit_citizen ON audit_log (municipality_id, (seq / 65536), citizen_id, seq);
