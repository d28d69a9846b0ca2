//! The arbejdspligt ledger: one row per course and week.

use crate::row::{date, date_text, instant, int, parsed, text};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::work_duty::DutyWeek;
use jobspor_domain::{CourseId, MunicipalityId};
use sqlx::any::AnyRow;

#[async_trait]
pub trait WorkDutyStore: Send + Sync {
    /// Records a week (`expected_version` None: a week not recorded yet) or
    /// corrects it if unchanged since `expected_version`.
    async fn save_duty_week(
        &self,
        w: &DutyWeek,
        expected_version: Option<i64>,
        audit: &[AuditEvent],
    ) -> Result<DutyWeek>;
    /// The course's weeks, newest first.
    async fn duty_weeks(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<DutyWeek>>;
}

const COLS: &str = "municipality_id, course_id, week, planned, met, reduction, reduction_reason, recorded_by, recorded_at, version";

fn hours(r: &AnyRow, col: &str) -> Result<u8> {
    u8::try_from(int(r, col)?).map_err(|_| StoreError::Corrupt(col.into()))
}

fn week(r: &AnyRow) -> Result<DutyWeek> {
    Ok(DutyWeek {
        municipality_id: parsed(r, "municipality_id")?,
        course_id: parsed(r, "course_id")?,
        week: date(r, "week")?,
        planned: hours(r, "planned")?,
        met: hours(r, "met")?,
        reduction: hours(r, "reduction")?,
        reduction_reason: text(r, "reduction_reason")?,
        recorded_by: parsed(r, "recorded_by")?,
        recorded_at: instant(r, "recorded_at")?,
        version: int(r, "version")?,
    })
}

#[async_trait]
impl WorkDutyStore for SqlStore {
    async fn save_duty_week(
        &self,
        w: &DutyWeek,
        expected_version: Option<i64>,
        audit: &[AuditEvent],
    ) -> Result<DutyWeek> {
        let mut tx = self.begin_write().await?;
        match expected_version {
            None => {
                sqlx::query(&format!(
                    "INSERT INTO work_duty_weeks ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)"
                ))
                .bind(w.municipality_id.to_string())
                .bind(w.course_id.to_string())
                .bind(date_text(w.week))
                .bind(i64::from(w.planned))
                .bind(i64::from(w.met))
                .bind(i64::from(w.reduction))
                .bind(&w.reduction_reason)
                .bind(w.recorded_by.to_string())
                .bind(w.recorded_at.timestamp_micros())
                .execute(&mut *tx)
                .await
                .map_err(|e| StoreError::from_write(e, "work_duty_week"))?;
            }
            Some(v) => {
                let done = sqlx::query(
                    "UPDATE work_duty_weeks SET planned = $1, met = $2, reduction = $3, reduction_reason = $4,
                        recorded_by = $5, recorded_at = $6, version = version + 1
                     WHERE municipality_id = $7 AND course_id = $8 AND week = $9 AND version = $10",
                )
                .bind(i64::from(w.planned))
                .bind(i64::from(w.met))
                .bind(i64::from(w.reduction))
                .bind(&w.reduction_reason)
                .bind(w.recorded_by.to_string())
                .bind(w.recorded_at.timestamp_micros())
                .bind(w.municipality_id.to_string())
                .bind(w.course_id.to_string())
                .bind(date_text(w.week))
                .bind(v)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(Conflict::Stale.into());
                }
            }
        }
        let row = sqlx::query(&format!(
            "SELECT {COLS} FROM work_duty_weeks WHERE municipality_id = $1 AND course_id = $2 AND week = $3"
        ))
        .bind(w.municipality_id.to_string())
        .bind(w.course_id.to_string())
        .bind(date_text(w.week))
        .fetch_one(&mut *tx)
        .await?;
        let saved = week(&row)?;
        tx.commit(audit).await?;
        Ok(saved)
    }

    async fn duty_weeks(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<DutyWeek>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM work_duty_weeks WHERE municipality_id = $1 AND course_id = $2 ORDER BY week DESC"
        ))
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(week).collect()
    }
}
