//! Course frameworks and triage decisions.

use crate::courses::{insert_course, insert_member};
use crate::row::{instant, int, one_in_municipality, opt_parsed, opt_text, parsed, text};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::course::Course;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::questionnaire::RiskClass;
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::triage::{CourseFramework, Decision, Triage};
use jobspor_domain::user::Profession;
use jobspor_domain::{FrameworkId, MunicipalityId, ResponseId, UserId};
use sqlx::any::AnyRow;

#[async_trait]
pub trait TriageStore: Send + Sync {
    async fn create_framework(&self, f: &CourseFramework, audit: &[AuditEvent]) -> Result<()>;
    async fn frameworks(&self, municipality: MunicipalityId) -> Result<Vec<CourseFramework>>;
    async fn framework(
        &self,
        municipality: MunicipalityId,
        id: FrameworkId,
    ) -> Result<Option<CourseFramework>>;
    /// Records the triage; with a development course, the course and its
    /// default team are created in the same transaction. A screening is
    /// triaged once: a second triage is a conflict.
    async fn record_triage(
        &self,
        t: &Triage,
        course: Option<(&Course, &JournalEntry)>,
        team: &[UserId],
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn triage_of_response(
        &self,
        municipality: MunicipalityId,
        response: ResponseId,
    ) -> Result<Option<Triage>>;
}

const FW_COLS: &str =
    "id, municipality_id, name, target_group, default_weeks, default_team, active";
pub(crate) const TR_COLS: &str = "id, municipality_id, citizen_id, response_id, suggested_risk, suggested_readiness, assessed_risk, assessed_readiness, decision, framework_id, course_id, note, decided_by, decided_at";

fn fw_from_row(r: &AnyRow) -> Result<CourseFramework> {
    let team: Vec<String> = serde_json::from_str(&text(r, "default_team")?)
        .map_err(|_| StoreError::Corrupt("default_team".into()))?;
    Ok(CourseFramework {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        name: text(r, "name")?,
        target_group: TargetGroup::parse(&text(r, "target_group")?)
            .ok_or_else(|| StoreError::Corrupt("target_group".into()))?,
        default_weeks: u32::try_from(int(r, "default_weeks")?)
            .map_err(|_| StoreError::Corrupt("default_weeks".into()))?,
        default_team: team.iter().filter_map(|p| Profession::parse(p)).collect(),
        active: int(r, "active")? != 0,
    })
}

fn tr_from_row(r: &AnyRow) -> Result<Triage> {
    let risk = |col: &str| -> Result<Option<RiskClass>> {
        match opt_text(r, col)? {
            None => Ok(None),
            Some(s) => RiskClass::parse(&s)
                .map(Some)
                .ok_or_else(|| StoreError::Corrupt(col.into())),
        }
    };
    Ok(Triage {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        citizen_id: parsed(r, "citizen_id")?,
        response_id: parsed(r, "response_id")?,
        suggested_risk: risk("suggested_risk")?,
        suggested_readiness: opt_text(r, "suggested_readiness")?,
        assessed_risk: risk("assessed_risk")?
            .ok_or_else(|| StoreError::Corrupt("assessed_risk".into()))?,
        assessed_readiness: opt_text(r, "assessed_readiness")?,
        decision: Decision::parse(&text(r, "decision")?)
            .ok_or_else(|| StoreError::Corrupt("decision".into()))?,
        framework_id: opt_parsed(r, "framework_id")?,
        course_id: opt_parsed(r, "course_id")?,
        note: text(r, "note")?,
        decided_by: parsed(r, "decided_by")?,
        decided_at: instant(r, "decided_at")?,
    })
}

#[async_trait]
impl TriageStore for SqlStore {
    async fn create_framework(&self, f: &CourseFramework, audit: &[AuditEvent]) -> Result<()> {
        let team: Vec<&str> = f.default_team.iter().map(|p| p.code()).collect();
        let mut tx = self.begin_write().await?;
        sqlx::query(&format!("INSERT INTO course_frameworks ({FW_COLS}, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"))
            .bind(f.id.to_string())
            .bind(f.municipality_id.to_string())
            .bind(&f.name)
            .bind(f.target_group.code())
            .bind(i64::from(f.default_weeks))
            .bind(serde_json::to_string(&team).map_err(|e| StoreError::Corrupt(e.to_string()))?)
            .bind(i64::from(f.active))
            .bind(chrono::Utc::now().timestamp_micros())
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "course framework"))?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn frameworks(&self, municipality: MunicipalityId) -> Result<Vec<CourseFramework>> {
        let rows = sqlx::query(&format!(
            "SELECT {FW_COLS} FROM course_frameworks WHERE municipality_id = $1 ORDER BY name"
        ))
        .bind(municipality.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(fw_from_row).collect()
    }

    async fn framework(
        &self,
        municipality: MunicipalityId,
        id: FrameworkId,
    ) -> Result<Option<CourseFramework>> {
        let sql = format!(
            "SELECT {FW_COLS} FROM course_frameworks WHERE municipality_id = $1 AND id = $2"
        );
        one_in_municipality(self, &sql, municipality, id.to_string(), fw_from_row).await
    }

    async fn record_triage(
        &self,
        t: &Triage,
        course: Option<(&Course, &JournalEntry)>,
        team: &[UserId],
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        if let Some((c, first_entry)) = course {
            insert_course(&mut tx, c).await?;
            crate::journal::insert_entry(&mut tx, first_entry).await?;
            for u in team {
                insert_member(&mut tx, c.id, *u).await?;
            }
        }
        sqlx::query(&format!(
            "INSERT INTO triages ({TR_COLS}, disagrees) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
        ))
        .bind(t.id.to_string())
        .bind(t.municipality_id.to_string())
        .bind(t.citizen_id.to_string())
        .bind(t.response_id.to_string())
        .bind(t.suggested_risk.map(|r| r.code()))
        .bind(t.suggested_readiness.clone())
        .bind(t.assessed_risk.code())
        .bind(t.assessed_readiness.clone())
        .bind(t.decision.code())
        .bind(t.framework_id.map(|f| f.to_string()))
        .bind(t.course_id.map(|c| c.to_string()))
        .bind(&t.note)
        .bind(t.decided_by.to_string())
        .bind(t.decided_at.timestamp_micros())
        .bind(i64::from(t.disagrees()))
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "triage of this screening"))?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn triage_of_response(
        &self,
        municipality: MunicipalityId,
        response: ResponseId,
    ) -> Result<Option<Triage>> {
        let sql = format!(
            "SELECT {TR_COLS} FROM triages WHERE municipality_id = $1 AND response_id = $2"
        );
        one_in_municipality(self, &sql, municipality, response.to_string(), tr_from_row).await
    }
}
