//! The dated readiness assessments of kontanthjælp courses, with the rate.

use crate::row::{date, date_text, instant, opt_text, parsed, text};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::benefit::{Assessment, Rate};
use jobspor_domain::course::Course;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::{CourseId, MunicipalityId};

#[async_trait]
pub trait BenefitStore: Send + Sync {
    /// Records the assessment with the course as it becomes (its category
    /// the latest assessment's), if the course is unchanged since
    /// `expected_version`, and the journal note.
    async fn record_assessment(
        &self,
        a: &Assessment,
        course: &Course,
        expected_version: i64,
        note: &JournalEntry,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// The course's assessments, newest first.
    async fn assessments(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<Assessment>>;
}

#[async_trait]
impl BenefitStore for SqlStore {
    async fn record_assessment(
        &self,
        a: &Assessment,
        course: &Course,
        expected_version: i64,
        note: &JournalEntry,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        crate::courses::update_in(&mut tx, course, expected_version, Some(note), a.recorded_at)
            .await?;
        sqlx::query(
            "INSERT INTO readiness_assessments (id, municipality_id, course_id, assessed_on, category, rate, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(a.id.to_string())
        .bind(a.municipality_id.to_string())
        .bind(a.course_id.to_string())
        .bind(date_text(a.assessed_on))
        .bind(&a.category)
        .bind(a.rate.map(|r| r.code()))
        .bind(a.recorded_by.to_string())
        .bind(a.recorded_at.timestamp_micros())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "assessment"))?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn assessments(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<Assessment>> {
        let rows = sqlx::query(
            "SELECT id, municipality_id, course_id, assessed_on, category, rate, recorded_by, recorded_at FROM readiness_assessments
             WHERE municipality_id = $1 AND course_id = $2 ORDER BY assessed_on DESC, recorded_at DESC",
        )
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Assessment {
                    id: parsed(r, "id")?,
                    municipality_id: parsed(r, "municipality_id")?,
                    course_id: parsed(r, "course_id")?,
                    assessed_on: date(r, "assessed_on")?,
                    category: text(r, "category")?,
                    rate: match opt_text(r, "rate")? {
                        None => None,
                        Some(c) => Some(
                            Rate::parse(&c).ok_or_else(|| StoreError::Corrupt("rate".into()))?,
                        ),
                    },
                    recorded_by: parsed(r, "recorded_by")?,
                    recorded_at: instant(r, "recorded_at")?,
                })
            })
            .collect()
    }
}
