//! The flexible contact course: job conversations held, exemptions, and
//! what the contact-quota monitor reads.

use crate::journal::insert_entry;
use crate::row::{date, date_text, instant, opt_text, parsed, text};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::NaiveDate;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::job_contact::{Exemption, JobConversation};
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::{CourseId, MunicipalityId, UnitId};
use std::collections::HashMap;

/// A course the monitor may count: its group and category decide whether
/// it is close to the labour market.
#[derive(Debug, Clone)]
pub struct ContactCourse {
    pub course_id: CourseId,
    /// The caseworker's unit.
    pub unit_id: Option<UnitId>,
    pub target_group: String,
    pub category: Option<String>,
    pub start: NaiveDate,
    pub conversations: Vec<NaiveDate>,
    /// The earliest start of an intervention that was given (not only
    /// waited for).
    pub first_offer: Option<NaiveDate>,
    pub exempt: bool,
    /// The day the course ended, if it has.
    pub ended: Option<NaiveDate>,
}

#[async_trait]
pub trait JobContactStore: Send + Sync {
    async fn record_conversation(
        &self,
        c: &JobConversation,
        note: &JournalEntry,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// The course's conversations, newest first.
    async fn conversations(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<JobConversation>>;
    /// Exempts the course (`Some`) or lifts its exemption (`None`), with
    /// the journal note.
    async fn set_exemption(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        exemption: Option<&Exemption>,
        note: &JournalEntry,
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn exemption(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Option<Exemption>>;
    /// The earliest start of an intervention given on the course's plan.
    async fn first_offer(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Option<NaiveDate>>;
    /// The kontanthjælp and dagpenge courses started on or after `from`,
    /// with their conversations, first offer and exemption.
    async fn contact_courses(
        &self,
        municipality: MunicipalityId,
        from: NaiveDate,
    ) -> Result<Vec<ContactCourse>>;
}

#[async_trait]
impl JobContactStore for SqlStore {
    async fn record_conversation(
        &self,
        c: &JobConversation,
        note: &JournalEntry,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO job_conversations (id, municipality_id, course_id, held_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(c.id.to_string())
        .bind(c.municipality_id.to_string())
        .bind(c.course_id.to_string())
        .bind(date_text(c.held_on))
        .bind(c.recorded_by.to_string())
        .bind(c.recorded_at.timestamp_micros())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "job_conversation"))?;
        insert_entry(&mut tx, note).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn conversations(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<JobConversation>> {
        let rows = sqlx::query(
            "SELECT id, municipality_id, course_id, held_on, recorded_by, recorded_at FROM job_conversations
             WHERE municipality_id = $1 AND course_id = $2 ORDER BY held_on DESC, recorded_at DESC",
        )
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(JobConversation {
                    id: parsed(r, "id")?,
                    municipality_id: parsed(r, "municipality_id")?,
                    course_id: parsed(r, "course_id")?,
                    held_on: date(r, "held_on")?,
                    recorded_by: parsed(r, "recorded_by")?,
                    recorded_at: instant(r, "recorded_at")?,
                })
            })
            .collect()
    }

    async fn set_exemption(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        exemption: Option<&Exemption>,
        note: &JournalEntry,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM contact_exemptions WHERE municipality_id = $1 AND course_id = $2")
            .bind(municipality.to_string())
            .bind(course.to_string())
            .execute(&mut *tx)
            .await?;
        if let Some(e) = exemption {
            sqlx::query(
                "INSERT INTO contact_exemptions (municipality_id, course_id, reason, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(municipality.to_string())
            .bind(course.to_string())
            .bind(&e.reason)
            .bind(e.decided_by.to_string())
            .bind(e.decided_at.timestamp_micros())
            .execute(&mut *tx)
            .await?;
        }
        insert_entry(&mut tx, note).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn exemption(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Option<Exemption>> {
        let row = sqlx::query(
            "SELECT municipality_id, course_id, reason, decided_by, decided_at FROM contact_exemptions
             WHERE municipality_id = $1 AND course_id = $2",
        )
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.map(|r| {
            Ok(Exemption {
                municipality_id: parsed(&r, "municipality_id")?,
                course_id: parsed(&r, "course_id")?,
                reason: text(&r, "reason")?,
                decided_by: parsed(&r, "decided_by")?,
                decided_at: instant(&r, "decided_at")?,
            })
        })
        .transpose()
    }

    async fn first_offer(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Option<NaiveDate>> {
        let first: Option<String> = sqlx::query_scalar(
            "SELECT MIN(start_date) FROM placements WHERE municipality_id = $1 AND course_id = $2 AND status IN ('active', 'ended')",
        )
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_one(&mut *self.read().await?)
        .await?;
        Ok(first.as_deref().and_then(jobspor_domain::time::parse_date))
    }

    async fn contact_courses(
        &self,
        municipality: MunicipalityId,
        from: NaiveDate,
    ) -> Result<Vec<ContactCourse>> {
        let m = municipality.to_string();
        let mut conn = self.read().await?;
        let rows = sqlx::query(
            "SELECT c.id, u.unit_id, c.target_group, c.category, c.start_date,
                    (SELECT COUNT(*) FROM contact_exemptions e WHERE e.course_id = c.id) AS exempt,
                    (SELECT MIN(p.start_date) FROM placements p WHERE p.municipality_id = c.municipality_id AND p.course_id = c.id AND p.status IN ('active', 'ended')) AS first_offer
             , x.exit_date
             FROM courses c JOIN users u ON u.id = c.caseworker_id
             LEFT JOIN course_exits x ON x.course_id = c.id
             WHERE c.municipality_id = $1 AND c.target_group IN ('kontanthjaelp', 'forsikret_ledig') AND c.start_date >= $2",
        )
        .bind(&m)
        .bind(date_text(from))
        .fetch_all(&mut *conn)
        .await?;
        let mut held: HashMap<String, Vec<NaiveDate>> = HashMap::new();
        for r in sqlx::query(
            "SELECT j.course_id, j.held_on FROM job_conversations j JOIN courses c ON c.id = j.course_id
             WHERE j.municipality_id = $1 AND c.start_date >= $2",
        )
        .bind(&m)
        .bind(date_text(from))
        .fetch_all(&mut *conn)
        .await?
        {
            held.entry(text(&r, "course_id")?)
                .or_default()
                .push(date(&r, "held_on")?);
        }
        rows.iter()
            .map(|r| {
                let id = text(r, "id")?;
                Ok(ContactCourse {
                    course_id: parsed(r, "id")?,
                    unit_id: crate::row::opt_parsed(r, "unit_id")?,
                    target_group: text(r, "target_group")?,
                    category: opt_text(r, "category")?,
                    start: date(r, "start_date")?,
                    conversations: held.remove(&id).unwrap_or_default(),
                    first_offer: opt_text(r, "first_offer")?
                        .as_deref()
                        .and_then(jobspor_domain::time::parse_date),
                    exempt: crate::row::int(r, "exempt")? > 0,
                    ended: opt_text(r, "exit_date")?
                        .as_deref()
                        .and_then(jobspor_domain::time::parse_date),
                })
            })
            .collect()
    }
}
