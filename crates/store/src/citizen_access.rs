//! Access to a citizen opened without a course: a stated purpose, or the
//! registration of the citizen (need-to-know, `domain::need_to_know`).

use crate::citizens::insert_citizen;
use crate::row::{instant, opt_instant, opt_parsed, parsed, text};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::need_to_know::{Grant, Reason};
use jobspor_domain::{AccessGrantId, CitizenId, MunicipalityId, UserId};
use sqlx::any::AnyRow;

/// A purpose-stated access awaiting review, with the names a reviewer reads.
#[derive(Debug, Clone)]
pub struct GrantToReview {
    pub grant: Grant,
    pub citizen_name: String,
    pub staff_name: String,
}

#[async_trait]
pub trait CitizenAccessStore: Send + Sync {
    /// Records access with a stated purpose, with its audit entries.
    async fn grant_citizen_access(&self, g: &Grant, audit: &[AuditEvent]) -> Result<()>;
    /// Registers a citizen and gives the one who registers them access
    /// for intake, in one transaction.
    async fn register_citizen(&self, c: &Citizen, g: &Grant, audit: &[AuditEvent]) -> Result<()>;
    /// The access a member of staff holds to a citizen at `now`, if any
    /// (the one lasting longest).
    async fn open_citizen_access(
        &self,
        municipality: MunicipalityId,
        citizen: CitizenId,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<Option<Grant>>;
    /// Purpose-stated access not yet reviewed, oldest first.
    async fn citizen_access_to_review(
        &self,
        municipality: MunicipalityId,
        limit: i64,
    ) -> Result<Vec<GrantToReview>>;
    /// Marks a flagged access reviewed; `NotFound` if there is no such
    /// access awaiting review.
    async fn review_citizen_access(
        &self,
        municipality: MunicipalityId,
        id: AccessGrantId,
        reviewer: UserId,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<()>;
}

const COLS: &str = "a.id, a.municipality_id, a.citizen_id, a.user_id, a.reason, a.purpose, a.granted_at, a.expires_at, a.reviewed_by, a.reviewed_at";

fn grant_from_row(r: &AnyRow) -> Result<Grant> {
    let reason = Reason::parse(&text(r, "reason")?)
        .ok_or_else(|| StoreError::Corrupt("citizen access reason".into()))?;
    let reviewed = match (
        opt_parsed::<UserId>(r, "reviewed_by")?,
        opt_instant(r, "reviewed_at")?,
    ) {
        (Some(u), Some(at)) => Some((u, at)),
        _ => None,
    };
    Ok(Grant {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        citizen_id: parsed(r, "citizen_id")?,
        user_id: parsed(r, "user_id")?,
        reason,
        purpose: text(r, "purpose")?,
        granted_at: instant(r, "granted_at")?,
        expires_at: instant(r, "expires_at")?,
        flagged: reason.flagged(),
        reviewed,
    })
}

fn insert_grant(g: &Grant) -> crate::engine::write::Statement<'static> {
    sqlx::query(
        "INSERT INTO citizen_access (id, municipality_id, citizen_id, user_id, reason, purpose, granted_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(g.id.to_string())
    .bind(g.municipality_id.to_string())
    .bind(g.citizen_id.to_string())
    .bind(g.user_id.to_string())
    .bind(g.reason.code())
    .bind(g.purpose.clone())
    .bind(g.granted_at.timestamp_micros())
    .bind(g.expires_at.timestamp_micros())
}

#[async_trait]
impl CitizenAccessStore for SqlStore {
    async fn grant_citizen_access(&self, g: &Grant, audit: &[AuditEvent]) -> Result<()> {
        self.write_one(insert_grant(g), audit).await
    }

    async fn register_citizen(&self, c: &Citizen, g: &Grant, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_citizen(&mut tx, c).await?;
        insert_grant(g).execute(&mut *tx).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn open_citizen_access(
        &self,
        municipality: MunicipalityId,
        citizen: CitizenId,
        user: UserId,
        now: DateTime<Utc>,
    ) -> Result<Option<Grant>> {
        let row = sqlx::query(&format!(
            "SELECT {COLS} FROM citizen_access a
             WHERE a.municipality_id = $1 AND a.citizen_id = $2 AND a.user_id = $3
               AND a.expires_at > $4 AND a.granted_at <= $4
             ORDER BY a.expires_at DESC LIMIT 1"
        ))
        .bind(municipality.to_string())
        .bind(citizen.to_string())
        .bind(user.to_string())
        .bind(now.timestamp_micros())
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.as_ref().map(grant_from_row).transpose()
    }

    async fn citizen_access_to_review(
        &self,
        municipality: MunicipalityId,
        limit: i64,
    ) -> Result<Vec<GrantToReview>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS}, c.name AS citizen_name, u.display_name AS staff_name
             FROM citizen_access a
             JOIN citizens c ON c.id = a.citizen_id
             JOIN users u ON u.id = a.user_id
             WHERE a.municipality_id = $1 AND a.reviewed_at IS NULL AND a.reason <> $2
             ORDER BY a.granted_at, a.id LIMIT $3"
        ))
        .bind(municipality.to_string())
        .bind(Reason::Intake.code())
        .bind(limit)
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(GrantToReview {
                    grant: grant_from_row(r)?,
                    citizen_name: text(r, "citizen_name")?,
                    staff_name: text(r, "staff_name")?,
                })
            })
            .collect()
    }

    async fn review_citizen_access(
        &self,
        municipality: MunicipalityId,
        id: AccessGrantId,
        reviewer: UserId,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<()> {
        self.update_found(
            sqlx::query(
                "UPDATE citizen_access SET reviewed_by = $1, reviewed_at = $2
                 WHERE municipality_id = $3 AND id = $4 AND reviewed_at IS NULL AND reason <> $5",
            )
            .bind(reviewer.to_string())
            .bind(at.timestamp_micros())
            .bind(municipality.to_string())
            .bind(id.to_string())
            .bind(Reason::Intake.code()),
            audit,
        )
        .await
    }
}
