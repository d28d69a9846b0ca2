//! The citizen's answers to the parts of their plan (one current answer per
//! placement; each change is in the audit log).

use crate::row::{instant, parsed, text};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::plan_response::PlanResponse;
use jobspor_domain::{CourseId, MunicipalityId, UserId};

/// The kind of notice the caseworker gets when the citizen answers.
pub const NOTICE_PLAN_ANSWER: &str = "plan_answer";

#[async_trait]
pub trait PlanResponseStore: Send + Sync {
    /// Saves the citizen's answer, replacing their earlier one, and tells
    /// the course's caseworker (a notice from `citizen_name`), in one
    /// transaction.
    async fn answer_placement(
        &self,
        r: &PlanResponse,
        citizen_name: &str,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// The answers to a course's placements.
    async fn plan_responses(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<PlanResponse>>;
}

#[async_trait]
impl PlanResponseStore for SqlStore {
    async fn answer_placement(
        &self,
        r: &PlanResponse,
        citizen_name: &str,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let course = sqlx::query(
            "SELECT c.id, c.caseworker_id FROM placements p JOIN courses c ON c.id = p.course_id
             WHERE p.id = $1 AND p.municipality_id = $2",
        )
        .bind(r.placement_id.to_string())
        .bind(r.municipality_id.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let (course_id, caseworker): (CourseId, UserId) =
            (parsed(&course, "id")?, parsed(&course, "caseworker_id")?);
        sqlx::query("DELETE FROM plan_responses WHERE placement_id = $1")
            .bind(r.placement_id.to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO plan_responses (placement_id, municipality_id, citizen_id, agreed, comment, answered_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(r.placement_id.to_string())
        .bind(r.municipality_id.to_string())
        .bind(r.citizen_id.to_string())
        .bind(r.agreed.map(i64::from))
        .bind(&r.comment)
        .bind(r.answered_at.timestamp_micros())
        .execute(&mut *tx)
        .await?;
        crate::control::notify_user(
            &mut tx,
            r.municipality_id,
            caseworker,
            course_id,
            NOTICE_PLAN_ANSWER,
            citizen_name,
            r.answered_at,
        )
        .await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn plan_responses(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<PlanResponse>> {
        let rows = sqlx::query(
            "SELECT r.placement_id, r.municipality_id, r.citizen_id, r.agreed, r.comment, r.answered_at
             FROM plan_responses r JOIN placements p ON p.id = r.placement_id
             WHERE r.municipality_id = $1 AND p.course_id = $2",
        )
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                let agreed: Option<i64> = sqlx::Row::try_get(r, "agreed")?;
                Ok(PlanResponse {
                    placement_id: parsed(r, "placement_id")?,
                    municipality_id: parsed(r, "municipality_id")?,
                    citizen_id: parsed(r, "citizen_id")?,
                    agreed: agreed.map(|a| a != 0),
                    comment: text(r, "comment")?,
                    answered_at: instant(r, "answered_at")?,
                })
            })
            .collect()
    }
}
