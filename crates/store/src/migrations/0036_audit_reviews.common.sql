-- Log review (issue 25, part 4): a reviewer's verdict on one audit entry
-- (a read of a citizen picked for a spot check, or an anomaly): fine or
-- suspicious, with a note. One verdict per entry; the review itself is
-- in the audit log.
CREATE TABLE audit_reviews (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    seq BIGINT NOT NULL,
    reviewer_id TEXT NOT NULL REFERENCES users(id),
    verdict TEXT NOT NULL,
    note TEXT NOT NULL,
    reviewed_at BIGINT NOT NULL,
    PRIMARY KEY (municipality_id, seq)
);
