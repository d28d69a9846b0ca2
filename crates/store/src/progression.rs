//! Progression goals, measurements, decisions and the flag thresholds.

use crate::plans::PlacementStop;
use crate::row::{date, date_text, instant, int, opt_instant, opt_parsed, parsed, text};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::progression::{
    BankQuestion, Channel, Decision, DecisionRecord, Measurement, ProgressGoal, QuestionStyle,
    Rater, Thresholds,
};
use jobspor_domain::{CourseId, GoalId, MunicipalityId, UnitId};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

/// A citizen's one-time rating link (the token itself is never stored).
#[derive(Debug, Clone)]
pub struct RatingLink {
    pub token_hash: String,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub placement_id: jobspor_domain::PlacementId,
    pub created_by: jobspor_domain::UserId,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    pub used_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[async_trait]
pub trait ProgressionStore: Send + Sync {
    async fn add_bank_question(&self, q: &BankQuestion, audit: &[AuditEvent]) -> Result<()>;
    /// The municipality's own questions, active first, by text.
    async fn bank_questions(&self, municipality: MunicipalityId) -> Result<Vec<BankQuestion>>;
    async fn set_bank_question_active(
        &self,
        municipality: MunicipalityId,
        id: jobspor_domain::QuestionId,
        active: bool,
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn create_rating_link(&self, l: &RatingLink, audit: &[AuditEvent]) -> Result<()>;
    async fn rating_link(&self, token_hash: &str) -> Result<Option<RatingLink>>;
    /// Spends the link and saves the citizen's ratings, together; a link
    /// already used or expired at `now` is refused with [`Conflict::LinkSpent`].
    async fn submit_rating_link(
        &self,
        token_hash: &str,
        now: chrono::DateTime<chrono::Utc>,
        ratings: &[Measurement],
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// A goal with its baseline measurements, together.
    async fn add_goal(
        &self,
        g: &ProgressGoal,
        baselines: &[Measurement],
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// The course's goals, ended ones included, oldest first.
    async fn goals(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<ProgressGoal>>;
    async fn add_measurement(&self, m: &Measurement, audit: &[AuditEvent]) -> Result<()>;
    /// The course's measurements, oldest first.
    async fn measurements(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<Measurement>>;
    /// Records a decision with its journal note and tells the provider
    /// `unit`, in one transaction; `ends_goal` closes the goal it was taken
    /// on (adjust replaces it, stop ends it), and `stop` ends the placement
    /// too (its plan version bumped, its place given to the next in line).
    async fn decide(
        &self,
        d: &DecisionRecord,
        unit: UnitId,
        ends_goal: bool,
        note: &JournalEntry,
        stop: Option<&PlacementStop>,
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn decisions(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<DecisionRecord>>;
    /// The municipality's flag thresholds (the defaults until set).
    async fn thresholds(&self, municipality: MunicipalityId) -> Result<Thresholds>;
    async fn set_thresholds(
        &self,
        municipality: MunicipalityId,
        t: Thresholds,
        audit: &[AuditEvent],
    ) -> Result<()>;
}

pub(crate) const GOAL_COLS: &str = "id, municipality_id, course_id, placement_id, style, question, gas_levels, weight, interval_days, created_at, created_by, ended_at";
pub(crate) const M_COLS: &str = "id, municipality_id, course_id, placement_id, goal_id, rater, value, comment, measured_on, channel, baseline, recorded_at, recorded_by, corrects";

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.into())
}

fn goal(r: &AnyRow) -> Result<ProgressGoal> {
    Ok(ProgressGoal {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        course_id: parsed(r, "course_id")?,
        placement_id: parsed(r, "placement_id")?,
        style: QuestionStyle::parse(&text(r, "style")?).ok_or_else(|| corrupt("goal style"))?,
        question: text(r, "question")?,
        gas_levels: serde_json::from_str(&text(r, "gas_levels")?)
            .map_err(|_| corrupt("gas levels"))?,
        weight: u8::try_from(int(r, "weight")?).map_err(|_| corrupt("weight"))?,
        interval_days: u32::try_from(int(r, "interval_days")?).map_err(|_| corrupt("interval"))?,
        created_at: instant(r, "created_at")?,
        created_by: parsed(r, "created_by")?,
        ended_at: opt_instant(r, "ended_at")?,
    })
}

fn measurement(r: &AnyRow) -> Result<Measurement> {
    Ok(Measurement {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        course_id: parsed(r, "course_id")?,
        placement_id: opt_parsed(r, "placement_id")?,
        goal_id: opt_parsed(r, "goal_id")?,
        rater: Rater::parse(&text(r, "rater")?).ok_or_else(|| corrupt("rater"))?,
        value: i8::try_from(int(r, "value")?).map_err(|_| corrupt("value"))?,
        comment: text(r, "comment")?,
        measured_on: date(r, "measured_on")?,
        channel: Channel::parse(&text(r, "channel")?).ok_or_else(|| corrupt("channel"))?,
        baseline: int(r, "baseline")? != 0,
        recorded_at: instant(r, "recorded_at")?,
        recorded_by: opt_parsed(r, "recorded_by")?,
        corrects: opt_parsed(r, "corrects")?,
    })
}

async fn insert_measurement(tx: &mut AnyConnection, m: &Measurement) -> Result<()> {
    sqlx::query(&format!("INSERT INTO measurements ({M_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"))
        .bind(m.id.to_string())
        .bind(m.municipality_id.to_string())
        .bind(m.course_id.to_string())
        .bind(m.placement_id.map(|p| p.to_string()))
        .bind(m.goal_id.map(|g| g.to_string()))
        .bind(m.rater.code())
        .bind(i64::from(m.value))
        .bind(&m.comment)
        .bind(date_text(m.measured_on))
        .bind(m.channel.code())
        .bind(i64::from(m.baseline))
        .bind(m.recorded_at.timestamp_micros())
        .bind(m.recorded_by.map(|u| u.to_string()))
        .bind(m.corrects.map(|c| c.to_string()))
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "measurement"))?;
    Ok(())
}

#[async_trait]
impl ProgressionStore for SqlStore {
    async fn add_bank_question(&self, q: &BankQuestion, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO question_bank (id, municipality_id, style, text_da, text_en, low_anchor, high_anchor, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
            .bind(q.id.to_string())
            .bind(q.municipality_id.to_string())
            .bind(q.style.code())
            .bind(&q.text_da)
            .bind(&q.text_en)
            .bind(&q.low)
            .bind(&q.high)
            .bind(i64::from(q.active))
            .bind(chrono::Utc::now().timestamp_micros())
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "question"))?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn bank_questions(&self, municipality: MunicipalityId) -> Result<Vec<BankQuestion>> {
        let rows = sqlx::query("SELECT id, municipality_id, style, text_da, text_en, low_anchor, high_anchor, active FROM question_bank WHERE municipality_id = $1 ORDER BY active DESC, text_da, id")
            .bind(municipality.to_string())
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(BankQuestion {
                    id: parsed(r, "id")?,
                    municipality_id: parsed(r, "municipality_id")?,
                    style: QuestionStyle::parse(&text(r, "style")?)
                        .ok_or_else(|| corrupt("style"))?,
                    text_da: text(r, "text_da")?,
                    text_en: text(r, "text_en")?,
                    low: text(r, "low_anchor")?,
                    high: text(r, "high_anchor")?,
                    active: int(r, "active")? != 0,
                })
            })
            .collect()
    }

    async fn set_bank_question_active(
        &self,
        municipality: MunicipalityId,
        id: jobspor_domain::QuestionId,
        active: bool,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let q = sqlx::query(
            "UPDATE question_bank SET active = $1 WHERE municipality_id = $2 AND id = $3",
        )
        .bind(i64::from(active))
        .bind(municipality.to_string())
        .bind(id.to_string());
        self.update_found(q, audit).await
    }

    async fn create_rating_link(&self, l: &RatingLink, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO rating_links (token_hash, municipality_id, course_id, placement_id, created_by, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)")
            .bind(&l.token_hash)
            .bind(l.municipality_id.to_string())
            .bind(l.course_id.to_string())
            .bind(l.placement_id.to_string())
            .bind(l.created_by.to_string())
            .bind(l.created_at.timestamp_micros())
            .bind(l.expires_at.timestamp_micros())
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "rating link"))?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn rating_link(&self, token_hash: &str) -> Result<Option<RatingLink>> {
        let row = sqlx::query("SELECT token_hash, municipality_id, course_id, placement_id, created_by, created_at, expires_at, used_at FROM rating_links WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&mut *self.read().await?)
            .await?;
        row.map(|r| {
            Ok(RatingLink {
                token_hash: text(&r, "token_hash")?,
                municipality_id: parsed(&r, "municipality_id")?,
                course_id: parsed(&r, "course_id")?,
                placement_id: parsed(&r, "placement_id")?,
                created_by: parsed(&r, "created_by")?,
                created_at: instant(&r, "created_at")?,
                expires_at: instant(&r, "expires_at")?,
                used_at: opt_instant(&r, "used_at")?,
            })
        })
        .transpose()
    }

    async fn submit_rating_link(
        &self,
        token_hash: &str,
        now: chrono::DateTime<chrono::Utc>,
        ratings: &[Measurement],
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let spent = sqlx::query("UPDATE rating_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1")
            .bind(now.timestamp_micros())
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        if spent.rows_affected() == 0 {
            return Err(Conflict::LinkSpent.into());
        }
        for m in ratings {
            insert_measurement(&mut tx, m).await?;
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn add_goal(
        &self,
        g: &ProgressGoal,
        baselines: &[Measurement],
        audit: &[AuditEvent],
    ) -> Result<()> {
        let levels = serde_json::to_string(&g.gas_levels).map_err(|e| corrupt(&e.to_string()))?;
        let mut tx = self.begin_write().await?;
        sqlx::query(&format!("INSERT INTO progress_goals ({GOAL_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL)"))
            .bind(g.id.to_string())
            .bind(g.municipality_id.to_string())
            .bind(g.course_id.to_string())
            .bind(g.placement_id.to_string())
            .bind(g.style.code())
            .bind(&g.question)
            .bind(levels)
            .bind(i64::from(g.weight))
            .bind(i64::from(g.interval_days))
            .bind(g.created_at.timestamp_micros())
            .bind(g.created_by.to_string())
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "goal"))?;
        for m in baselines {
            insert_measurement(&mut tx, m).await?;
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn goals(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<ProgressGoal>> {
        let rows = sqlx::query(&format!("SELECT {GOAL_COLS} FROM progress_goals WHERE municipality_id = $1 AND course_id = $2 ORDER BY created_at, id"))
            .bind(municipality.to_string())
            .bind(course.to_string())
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.iter().map(goal).collect()
    }

    async fn add_measurement(&self, m: &Measurement, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        if let Some(c) = m.corrects {
            // A correction names a measurement of the same course, goal and rater.
            let same: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM measurements WHERE id = $1 AND course_id = $2 AND rater = $3 AND (goal_id = $4 OR (goal_id IS NULL AND $4 = ''))")
                .bind(c.to_string())
                .bind(m.course_id.to_string())
                .bind(m.rater.code())
                .bind(m.goal_id.map(|g| g.to_string()).unwrap_or_default())
                .fetch_one(&mut *tx)
                .await?;
            if same == 0 {
                return Err(StoreError::NotFound);
            }
        }
        insert_measurement(&mut tx, m).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn measurements(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<Measurement>> {
        let rows = sqlx::query(&format!("SELECT {M_COLS} FROM measurements WHERE municipality_id = $1 AND course_id = $2 ORDER BY measured_on, recorded_at, id"))
            .bind(municipality.to_string())
            .bind(course.to_string())
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.iter().map(measurement).collect()
    }

    async fn decide(
        &self,
        d: &DecisionRecord,
        unit: UnitId,
        ends_goal: bool,
        note: &JournalEntry,
        stop: Option<&PlacementStop>,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let flags = serde_json::to_string(&d.flags).map_err(|e| corrupt(&e.to_string()))?;
        let mut tx = self.begin_write().await?;
        if let (true, Some(g)) = (ends_goal, d.goal_id) {
            let done = sqlx::query("UPDATE progress_goals SET ended_at = $1 WHERE municipality_id = $2 AND id = $3 AND ended_at IS NULL")
                .bind(d.decided_at.timestamp_micros())
                .bind(d.municipality_id.to_string())
                .bind(g.to_string())
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 0 {
                return Err(Conflict::GoalEnded.into());
            }
        }
        crate::plans::notify(
            &mut tx,
            d.municipality_id,
            unit,
            d.placement_id,
            jobspor_domain::plan::NoticeKind::Decided,
            d.decided_at,
        )
        .await?;
        sqlx::query("INSERT INTO progress_decisions (id, municipality_id, course_id, placement_id, goal_id, decision, reason, flags, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
            .bind(d.id.to_string())
            .bind(d.municipality_id.to_string())
            .bind(d.course_id.to_string())
            .bind(d.placement_id.to_string())
            .bind(d.goal_id.map(|g| g.to_string()))
            .bind(d.decision.code())
            .bind(&d.reason)
            .bind(flags)
            .bind(d.decided_by.to_string())
            .bind(d.decided_at.timestamp_micros())
            .execute(&mut *tx)
            .await?;
        crate::journal::insert_entry(&mut tx, note).await?;
        if let Some(stop) = stop {
            crate::plans::end_in(
                &mut tx,
                d.municipality_id,
                d.course_id,
                d.placement_id,
                stop,
                d.decided_by,
                d.decided_at,
            )
            .await?;
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn decisions(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<DecisionRecord>> {
        let rows = sqlx::query("SELECT id, municipality_id, course_id, placement_id, goal_id, decision, reason, flags, decided_by, decided_at FROM progress_decisions WHERE municipality_id = $1 AND course_id = $2 ORDER BY decided_at, id")
            .bind(municipality.to_string())
            .bind(course.to_string())
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(DecisionRecord {
                    id: parsed(r, "id")?,
                    municipality_id: parsed(r, "municipality_id")?,
                    course_id: parsed(r, "course_id")?,
                    placement_id: parsed(r, "placement_id")?,
                    goal_id: opt_parsed::<GoalId>(r, "goal_id")?,
                    decision: Decision::parse(&text(r, "decision")?)
                        .ok_or_else(|| corrupt("decision"))?,
                    reason: text(r, "reason")?,
                    flags: serde_json::from_str(&text(r, "flags")?)
                        .map_err(|_| corrupt("flags"))?,
                    decided_by: parsed(r, "decided_by")?,
                    decided_at: instant(r, "decided_at")?,
                })
            })
            .collect()
    }

    async fn thresholds(&self, municipality: MunicipalityId) -> Result<Thresholds> {
        let row = sqlx::query("SELECT min_change, after_measurements, apart FROM progression_settings WHERE municipality_id = $1")
            .bind(municipality.to_string())
            .fetch_optional(&mut *self.read().await?)
            .await?;
        let Some(r) = row else {
            return Ok(Thresholds::default());
        };
        Ok(Thresholds {
            min_change: i8::try_from(int(&r, "min_change")?).map_err(|_| corrupt("min_change"))?,
            after_measurements: usize::try_from(int(&r, "after_measurements")?)
                .map_err(|_| corrupt("after_measurements"))?,
            apart: i8::try_from(int(&r, "apart")?).map_err(|_| corrupt("apart"))?,
        })
    }

    async fn set_thresholds(
        &self,
        municipality: MunicipalityId,
        t: Thresholds,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM progression_settings WHERE municipality_id = $1")
            .bind(municipality.to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO progression_settings (municipality_id, min_change, after_measurements, apart) VALUES ($1, $2, $3, $4)")
            .bind(municipality.to_string())
            .bind(i64::from(t.min_change))
            .bind(i64::try_from(t.after_measurements).unwrap_or(i64::MAX))
            .bind(i64::from(t.apart))
            .execute(&mut *tx)
            .await?;
        tx.commit(audit).await?;
        Ok(())
    }
}
