//! The sundhedskoordinator's advice on a course: requested, answered, and
//! its reply attached. Each step carries its journal note and audit entries
//! in the same transaction.

use crate::journal::insert_entry;
use crate::row::{date, date_text, instant, int, opt_date, opt_parsed, parsed, text};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::NaiveDate;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::description::HealthConsultation;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::{ConsultationId, CourseId, DocumentId, MunicipalityId};
use sqlx::any::AnyRow;

/// An answer to record on a consultation, if it is unchanged since
/// `version`.
pub struct Answer<'a> {
    pub id: ConsultationId,
    pub version: i64,
    pub answered_on: NaiveDate,
    pub answer: &'a str,
    /// The reply as one of the course's documents; once attached the
    /// consultation no longer changes.
    pub document: Option<DocumentId>,
}

#[async_trait]
pub trait ConsultationStore: Send + Sync {
    async fn request_consultation(
        &self,
        c: &HealthConsultation,
        note: &JournalEntry,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// Records the answer if the consultation is unchanged since the
    /// answer's version and its reply is not attached yet. The document
    /// must be one of the course's.
    async fn answer_consultation(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        answer: &Answer<'_>,
        note: &JournalEntry,
        audit: &[AuditEvent],
    ) -> Result<HealthConsultation>;
    /// The course's consultations, oldest request first.
    async fn consultations(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<HealthConsultation>>;
}

const COLS: &str = "id, municipality_id, course_id, requested_on, question, requested_by, answered_on, answer, document_id, created_at, version";

fn consultation(r: &AnyRow) -> Result<HealthConsultation> {
    Ok(HealthConsultation {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        course_id: parsed(r, "course_id")?,
        requested_on: date(r, "requested_on")?,
        question: text(r, "question")?,
        requested_by: parsed(r, "requested_by")?,
        answered_on: opt_date(r, "answered_on")?,
        answer: text(r, "answer")?,
        document_id: opt_parsed(r, "document_id")?,
        created_at: instant(r, "created_at")?,
        version: int(r, "version")?,
    })
}

async fn one(
    tx: &mut sqlx::AnyConnection,
    municipality: MunicipalityId,
    course: CourseId,
    id: ConsultationId,
) -> Result<Option<HealthConsultation>> {
    let row = sqlx::query(&format!(
        "SELECT {COLS} FROM health_consultations WHERE municipality_id = $1 AND course_id = $2 AND id = $3"
    ))
    .bind(municipality.to_string())
    .bind(course.to_string())
    .bind(id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    row.map(|r| consultation(&r)).transpose()
}

#[async_trait]
impl ConsultationStore for SqlStore {
    async fn request_consultation(
        &self,
        c: &HealthConsultation,
        note: &JournalEntry,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(&format!(
            "INSERT INTO health_consultations ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, NULL, '', NULL, $7, 1)"
        ))
        .bind(c.id.to_string())
        .bind(c.municipality_id.to_string())
        .bind(c.course_id.to_string())
        .bind(date_text(c.requested_on))
        .bind(&c.question)
        .bind(c.requested_by.to_string())
        .bind(c.created_at.timestamp_micros())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "consultation"))?;
        insert_entry(&mut tx, note).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn answer_consultation(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        answer: &Answer<'_>,
        note: &JournalEntry,
        audit: &[AuditEvent],
    ) -> Result<HealthConsultation> {
        let id = answer.id;
        let mut tx = self.begin_write().await?;
        if let Some(doc) = answer.document {
            let ours: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM documents WHERE municipality_id = $1 AND course_id = $2 AND id = $3",
            )
            .bind(municipality.to_string())
            .bind(course.to_string())
            .bind(doc.to_string())
            .fetch_one(&mut *tx)
            .await?;
            if ours == 0 {
                return Err(StoreError::NotFound);
            }
        }
        let done = sqlx::query(
            "UPDATE health_consultations SET answered_on = $1, answer = $2, document_id = $3, version = version + 1
             WHERE municipality_id = $4 AND course_id = $5 AND id = $6 AND version = $7 AND document_id IS NULL",
        )
        .bind(date_text(answer.answered_on))
        .bind(answer.answer)
        .bind(answer.document.map(|d| d.to_string()))
        .bind(municipality.to_string())
        .bind(course.to_string())
        .bind(id.to_string())
        .bind(answer.version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(match one(&mut tx, municipality, course, id).await? {
                None => StoreError::NotFound,
                Some(c) if c.document_id.is_some() => Conflict::AdviceAttached.into(),
                Some(_) => Conflict::Stale.into(),
            });
        }
        let saved = one(&mut tx, municipality, course, id)
            .await?
            .ok_or(StoreError::NotFound)?;
        insert_entry(&mut tx, note).await?;
        tx.commit(audit).await?;
        Ok(saved)
    }

    async fn consultations(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<HealthConsultation>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM health_consultations WHERE municipality_id = $1 AND course_id = $2 ORDER BY requested_on, created_at, id"
        ))
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(consultation).collect()
    }
}
