//! Log review: the recent audit entries to look through, and the
//! reviewers' verdicts on single entries (issue 25, part 4).

use crate::audit::{entry_from_row, COLS};
use crate::row::{instant, int, parsed, text};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jobspor_domain::audit::{AuditEntry, AuditEvent};
use jobspor_domain::log_review::Verdict;
use jobspor_domain::{MunicipalityId, UserId};

/// A verdict on one audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub municipality_id: MunicipalityId,
    pub seq: i64,
    pub reviewer: UserId,
    pub verdict: Verdict,
    pub note: String,
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait LogReviewStore: Send + Sync {
    /// A municipality's audit entries from `since` on, newest first, at
    /// most `cap` of them.
    async fn recent_audit(
        &self,
        municipality: MunicipalityId,
        since: DateTime<Utc>,
        cap: usize,
    ) -> Result<Vec<AuditEntry>>;
    /// One entry of a municipality's audit log.
    async fn audit_entry(
        &self,
        municipality: MunicipalityId,
        seq: i64,
    ) -> Result<Option<AuditEntry>>;
    /// Records a verdict; `Conflict::Exists` when the entry has one.
    async fn review_entry(&self, r: &Review, audit: &[AuditEvent]) -> Result<()>;
    /// The verdicts on these entries.
    async fn reviews_of(&self, municipality: MunicipalityId, seqs: &[i64]) -> Result<Vec<Review>>;
}

/// Entries read per query, going back from the newest.
const PAGE: i64 = 5000;

#[async_trait]
impl LogReviewStore for SqlStore {
    async fn recent_audit(
        &self,
        municipality: MunicipalityId,
        since: DateTime<Utc>,
        cap: usize,
    ) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        let mut below = i64::MAX;
        loop {
            let rows = sqlx::query(&format!(
                "SELECT {COLS} FROM audit_log WHERE municipality_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT {PAGE}"
            ))
            .bind(municipality.to_string())
            .bind(below)
            .fetch_all(&mut *self.read().await?)
            .await?;
            let last_page = (rows.len() as i64) < PAGE;
            for r in &rows {
                let e = entry_from_row(r)?;
                if e.event.at < since || out.len() >= cap {
                    return Ok(out);
                }
                below = e.seq;
                out.push(e);
            }
            if last_page {
                return Ok(out);
            }
        }
    }

    async fn audit_entry(
        &self,
        municipality: MunicipalityId,
        seq: i64,
    ) -> Result<Option<AuditEntry>> {
        let row = sqlx::query(&format!(
            "SELECT {COLS} FROM audit_log WHERE municipality_id = $1 AND seq = $2"
        ))
        .bind(municipality.to_string())
        .bind(seq)
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.as_ref().map(entry_from_row).transpose()
    }

    async fn review_entry(&self, r: &Review, audit: &[AuditEvent]) -> Result<()> {
        self.write_one(
            sqlx::query(
                "INSERT INTO audit_reviews (municipality_id, seq, reviewer_id, verdict, note, reviewed_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(r.municipality_id.to_string())
            .bind(r.seq)
            .bind(r.reviewer.to_string())
            .bind(r.verdict.code())
            .bind(r.note.clone())
            .bind(r.at.timestamp_micros()),
            audit,
        )
        .await
        .map_err(|e| match e {
            StoreError::Database(d) => StoreError::from_write(d, "review of this entry"),
            e => e,
        })
    }

    async fn reviews_of(&self, municipality: MunicipalityId, seqs: &[i64]) -> Result<Vec<Review>> {
        let mut out = Vec::new();
        for part in seqs.chunks(500) {
            let list = crate::row::placeholders(2, part.len());
            let sql = format!(
                "SELECT municipality_id, seq, reviewer_id, verdict, note, reviewed_at FROM audit_reviews
                 WHERE municipality_id = $1 AND seq IN ({list})"
            );
            let mut q = sqlx::query(&sql).bind(municipality.to_string());
            for s in part {
                q = q.bind(*s);
            }
            for r in q.fetch_all(&mut *self.read().await?).await? {
                out.push(Review {
                    municipality_id: parsed(&r, "municipality_id")?,
                    seq: int(&r, "seq")?,
                    reviewer: parsed(&r, "reviewer_id")?,
                    verdict: Verdict::parse(&text(&r, "verdict")?)
                        .ok_or_else(|| StoreError::Corrupt("review verdict".into()))?,
                    note: text(&r, "note")?,
                    at: instant(&r, "reviewed_at")?,
                });
            }
        }
        Ok(out)
    }
}
