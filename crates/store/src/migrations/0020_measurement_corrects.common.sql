-- "Is this rating corrected by a later one?" is asked of every rating when
-- the evaluation reads progression; without this index that is a scan each.
CREATE INDEX measurements_corrects ON measurements (corrects);
