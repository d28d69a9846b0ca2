//! Consents per receiving unit.

use crate::row::{date, date_text, instant, opt_instant, opt_parsed, parsed, text};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::consent::{Consent, ConsentMethod};
use jobspor_domain::period::Period;
use jobspor_domain::{ConsentId, CourseId, MunicipalityId, UnitId, UserId};
use sqlx::any::AnyRow;

#[async_trait]
pub trait ConsentStore: Send + Sync {
    async fn record_consent(&self, c: &Consent, audit: &[AuditEvent]) -> Result<()>;
    /// Revokes a consent of `course` that is not yet revoked (else NotFound);
    /// `by` is the member of staff, or none when the citizen revoked it.
    async fn revoke_consent(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        id: ConsentId,
        by: Option<UserId>,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// The course's consents, newest first, revoked ones included.
    async fn consents(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<Consent>>;
    /// Every consent given to `unit`, revoked ones included.
    async fn unit_consents(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
    ) -> Result<Vec<Consent>>;
}

const COLS: &str = "id, municipality_id, course_id, citizen_id, unit_id, scope, purpose, valid_from, valid_to, method, recorded_at, recorded_by, revoked_at, revoked_by";

fn from_row(r: &AnyRow) -> Result<Consent> {
    Ok(Consent {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        course_id: parsed(r, "course_id")?,
        citizen_id: parsed(r, "citizen_id")?,
        unit_id: parsed(r, "unit_id")?,
        scope: text(r, "scope")?,
        purpose: text(r, "purpose")?,
        period: Period {
            from: date(r, "valid_from")?,
            to: date(r, "valid_to")?,
        },
        method: ConsentMethod::parse(&text(r, "method")?)
            .ok_or_else(|| StoreError::Corrupt("consent method".into()))?,
        recorded_at: instant(r, "recorded_at")?,
        recorded_by: parsed(r, "recorded_by")?,
        revoked_at: opt_instant(r, "revoked_at")?,
        revoked_by: opt_parsed(r, "revoked_by")?,
    })
}

#[async_trait]
impl ConsentStore for SqlStore {
    async fn record_consent(&self, c: &Consent, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(&format!("INSERT INTO consents ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, NULL)"))
            .bind(c.id.to_string())
            .bind(c.municipality_id.to_string())
            .bind(c.course_id.to_string())
            .bind(c.citizen_id.to_string())
            .bind(c.unit_id.to_string())
            .bind(&c.scope)
            .bind(&c.purpose)
            .bind(date_text(c.period.from))
            .bind(date_text(c.period.to))
            .bind(c.method.code())
            .bind(c.recorded_at.timestamp_micros())
            .bind(c.recorded_by.to_string())
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "consent"))?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn revoke_consent(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        id: ConsentId,
        by: Option<UserId>,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let q = sqlx::query(
            "UPDATE consents SET revoked_at = $1, revoked_by = $2
             WHERE municipality_id = $3 AND course_id = $4 AND id = $5 AND revoked_at IS NULL",
        )
        .bind(at.timestamp_micros())
        .bind(by.map(|u| u.to_string()))
        .bind(municipality.to_string())
        .bind(course.to_string())
        .bind(id.to_string());
        self.update_found(q, audit).await
    }

    async fn consents(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<Consent>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM consents WHERE municipality_id = $1 AND course_id = $2 ORDER BY recorded_at DESC, id"
        ))
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }

    async fn unit_consents(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
    ) -> Result<Vec<Consent>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM consents WHERE municipality_id = $1 AND unit_id = $2"
        ))
        .bind(municipality.to_string())
        .bind(unit.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }
}
