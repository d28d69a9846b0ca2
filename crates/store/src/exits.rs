//! Closing a course: the exit is recorded, open interventions end (their
//! places go to those waiting) and their providers are told, all in one
//! transaction, together with the journal note.

use crate::journal::insert_entry;
use crate::plans::{fill_places, lock_intervention, notify};
use crate::row::{date, date_text, instant, parsed, text};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::control::{CourseExit, Outcome};
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::plan::NoticeKind;
use jobspor_domain::{CourseId, InterventionId, MunicipalityId, PlacementId, UnitId};

#[async_trait]
pub trait ExitStore: Send + Sync {
    /// Closes the course if it is at `expected_version` and not closed.
    /// Returns how many interventions were ended.
    async fn close_course(
        &self,
        exit: &CourseExit,
        expected_version: i64,
        note: &JournalEntry,
        audit: &[AuditEvent],
    ) -> Result<usize>;
    async fn exit(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Option<CourseExit>>;
}

#[async_trait]
impl ExitStore for SqlStore {
    async fn close_course(
        &self,
        exit: &CourseExit,
        expected_version: i64,
        note: &JournalEntry,
        audit: &[AuditEvent],
    ) -> Result<usize> {
        let m = exit.municipality_id;
        let at = exit.recorded_at;
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE courses SET status = 'closed', version = version + 1, updated_at = $1 WHERE municipality_id = $2 AND id = $3 AND version = $4 AND status <> 'closed'")
            .bind(at.timestamp_micros())
            .bind(m.to_string())
            .bind(exit.course_id.to_string())
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            let status: Option<String> = sqlx::query_scalar(
                "SELECT status FROM courses WHERE municipality_id = $1 AND id = $2",
            )
            .bind(m.to_string())
            .bind(exit.course_id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            return Err(match status.as_deref() {
                None => StoreError::NotFound,
                Some("closed") => Conflict::CourseClosed.into(),
                Some(_) => Conflict::Stale.into(),
            });
        }
        // Ending the interventions is a change of the plan: an edit made from
        // the plan as it was before gets a conflict (and waits for this one).
        sqlx::query("UPDATE plans SET version = version + 1, updated_at = $1, updated_by = $2 WHERE course_id = $3")
            .bind(at.timestamp_micros())
            .bind(exit.recorded_by.to_string())
            .bind(exit.course_id.to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO course_exits (course_id, municipality_id, outcome, exit_date, hours_per_week, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(exit.course_id.to_string())
            .bind(m.to_string())
            .bind(exit.outcome.code())
            .bind(date_text(exit.date))
            .bind(exit.hours_per_week.map(i64::from))
            .bind(exit.recorded_by.to_string())
            .bind(at.timestamp_micros())
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "exit"))?;
        let open = sqlx::query("SELECT id, unit_id, intervention_id, status FROM placements WHERE course_id = $1 AND status <> 'ended'")
            .bind(exit.course_id.to_string())
            .fetch_all(&mut *tx)
            .await?;
        let mut freed: Vec<InterventionId> = Vec::new();
        for r in &open {
            let id: PlacementId = parsed(r, "id")?;
            let unit: UnitId = parsed(r, "unit_id")?;
            sqlx::query("UPDATE placements SET status = 'ended', ended_at = $1, ended_by = $2, end_reason = $3 WHERE id = $4")
                .bind(at.timestamp_micros())
                .bind(exit.recorded_by.to_string())
                .bind("Forløbet er afsluttet")
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
            notify(&mut tx, m, unit, id, NoticeKind::Ended, at).await?;
            if text(r, "status")? == "active" {
                freed.push(parsed(r, "intervention_id")?);
            }
        }
        freed.sort();
        freed.dedup();
        for i in freed {
            let (capacity, _) = lock_intervention(&mut tx, m, i).await?;
            fill_places(&mut tx, m, i, capacity, at).await?;
        }
        insert_entry(&mut tx, note).await?;
        tx.commit(audit).await?;
        Ok(open.len())
    }

    async fn exit(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Option<CourseExit>> {
        let row = sqlx::query("SELECT course_id, municipality_id, outcome, exit_date, hours_per_week, recorded_by, recorded_at FROM course_exits WHERE municipality_id = $1 AND course_id = $2")
            .bind(municipality.to_string())
            .bind(course.to_string())
            .fetch_optional(&mut *self.read().await?)
            .await?;
        let Some(r) = row else { return Ok(None) };
        use sqlx::Row;
        let hours: Option<i64> = r.try_get("hours_per_week")?;
        Ok(Some(CourseExit {
            course_id: parsed(&r, "course_id")?,
            municipality_id: parsed(&r, "municipality_id")?,
            outcome: Outcome::parse(&text(&r, "outcome")?)
                .ok_or_else(|| StoreError::Corrupt("outcome".into()))?,
            date: date(&r, "exit_date")?,
            hours_per_week: hours.and_then(|h| u8::try_from(h).ok()),
            recorded_by: parsed(&r, "recorded_by")?,
            recorded_at: instant(&r, "recorded_at")?,
        }))
    }
}
