//! The interdisciplinary analysis on a course: focus areas and notes.

use crate::row::{instant, int, opt_parsed, opt_text, parsed, text};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jobspor_domain::analysis::AnalysisNote;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::focus::{FocusArea, Polarity};
use jobspor_domain::icf::{Component, IcfCode, Qualifier};
use jobspor_domain::user::Profession;
use jobspor_domain::{CourseId, FocusAreaId, MunicipalityId, UserId};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

#[async_trait]
pub trait FocusStore: Send + Sync {
    async fn add_focus_area(&self, f: &FocusArea, audit: &[AuditEvent]) -> Result<()>;
    /// The course's focus areas; removed ones only when asked for.
    async fn focus_areas(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        include_removed: bool,
    ) -> Result<Vec<FocusArea>>;
    /// Soft removal of a focus area of `course`: the row stays, marked with who removed it and when.
    async fn remove_focus_area(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        id: FocusAreaId,
        by: UserId,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// Corrects a focus area: `old` is removed softly and `new`, which names
    /// it in `replaces`, takes its place, in one transaction. `NotFound` when
    /// `old` is not a current focus area of the new one's course.
    async fn replace_focus_area(&self, new: &FocusArea, audit: &[AuditEvent]) -> Result<()>;
}

const COLS: &str = "id, municipality_id, course_id, component, polarity, description, icf_code, qualifier, priority, suggested_intervention, profession, created_at, created_by, removed_at, removed_by, replaces";

fn from_row(r: &AnyRow) -> Result<FocusArea> {
    let component = Component::parse(&text(r, "component")?)
        .ok_or_else(|| StoreError::Corrupt("component".into()))?;
    let icf_code = match opt_text(r, "icf_code")? {
        None => None,
        Some(c) => Some(IcfCode::parse(&c).map_err(|_| StoreError::Corrupt("icf_code".into()))?),
    };
    let qualifier = match opt_text(r, "qualifier")? {
        None => None,
        Some(q) => Some(
            Qualifier::parse(component, &q).map_err(|_| StoreError::Corrupt("qualifier".into()))?,
        ),
    };
    use sqlx::Row;
    let removed_at: Option<i64> = r.try_get("removed_at")?;
    Ok(FocusArea {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        course_id: parsed(r, "course_id")?,
        component,
        polarity: Polarity::parse(&text(r, "polarity")?)
            .ok_or_else(|| StoreError::Corrupt("polarity".into()))?,
        description: text(r, "description")?,
        icf_code,
        qualifier,
        priority: u8::try_from(int(r, "priority")?)
            .map_err(|_| StoreError::Corrupt("priority".into()))?,
        suggested_intervention: text(r, "suggested_intervention")?,
        profession: opt_text(r, "profession")?
            .as_deref()
            .and_then(Profession::parse),
        created_at: instant(r, "created_at")?,
        created_by: parsed(r, "created_by")?,
        removed_at: removed_at.map(jobspor_domain::time::from_micros),
        removed_by: opt_parsed(r, "removed_by")?,
        replaces: opt_parsed(r, "replaces")?,
    })
}

async fn insert_focus_area(tx: &mut AnyConnection, f: &FocusArea) -> Result<()> {
    sqlx::query(&format!("INSERT INTO focus_areas ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"))
            .bind(f.id.to_string())
            .bind(f.municipality_id.to_string())
            .bind(f.course_id.to_string())
            .bind(f.component.code())
            .bind(f.polarity.code())
            .bind(&f.description)
            .bind(f.icf_code.as_ref().map(|c| c.to_string()))
            .bind(f.qualifier.map(|q| q.notation()))
            .bind(i64::from(f.priority))
            .bind(&f.suggested_intervention)
            .bind(f.profession.map(|p| p.code()))
            .bind(f.created_at.timestamp_micros())
            .bind(f.created_by.to_string())
            .bind(f.removed_at.map(|t| t.timestamp_micros()))
            .bind(f.removed_by.map(|u| u.to_string()))
            .bind(f.replaces.map(|r| r.to_string()))
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "focus area"))?;
    Ok(())
}

/// Marks a current focus area of `course` removed; `NotFound` if there is none.
async fn mark_focus_area_removed(
    tx: &mut AnyConnection,
    municipality: MunicipalityId,
    course: CourseId,
    id: FocusAreaId,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<()> {
    let done = sqlx::query("UPDATE focus_areas SET removed_at = $1, removed_by = $2 WHERE municipality_id = $3 AND id = $4 AND course_id = $5 AND removed_at IS NULL")
        .bind(at.timestamp_micros())
        .bind(by.to_string())
        .bind(municipality.to_string())
        .bind(id.to_string())
        .bind(course.to_string())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

#[async_trait]
impl FocusStore for SqlStore {
    async fn add_focus_area(&self, f: &FocusArea, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_focus_area(&mut tx, f).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn replace_focus_area(&self, new: &FocusArea, audit: &[AuditEvent]) -> Result<()> {
        let old = new.replaces.ok_or(StoreError::NotFound)?;
        let mut tx = self.begin_write().await?;
        mark_focus_area_removed(
            &mut tx,
            new.municipality_id,
            new.course_id,
            old,
            new.created_by,
            new.created_at,
        )
        .await?;
        insert_focus_area(&mut tx, new).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn focus_areas(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        include_removed: bool,
    ) -> Result<Vec<FocusArea>> {
        let filter = if include_removed {
            ""
        } else {
            " AND removed_at IS NULL"
        };
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM focus_areas WHERE municipality_id = $1 AND course_id = $2{filter} ORDER BY priority, created_at, id"
        ))
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }

    async fn remove_focus_area(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        id: FocusAreaId,
        by: UserId,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        mark_focus_area_removed(&mut tx, municipality, course, id, by, at).await?;
        tx.commit(audit).await?;
        Ok(())
    }
}

/// Monodisciplinary notes, one per professional per course.
#[async_trait]
pub trait AnalysisStore: Send + Sync {
    /// Creates the author's note, or updates it if `expected_version` is current.
    async fn save_analysis_note(
        &self,
        n: &AnalysisNote,
        expected_version: Option<i64>,
        audit: &[AuditEvent],
    ) -> Result<AnalysisNote>;
    /// The course's current notes (withdrawn ones are left out).
    async fn analysis_notes(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<AnalysisNote>>;
    /// The author withdraws their note at `expected_version`. The row stays,
    /// marked; `NotFound` when the author has no current note, `Stale` when
    /// the version has moved on.
    async fn withdraw_analysis_note(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        author: UserId,
        expected_version: i64,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<()>;
}

const NOTE_COLS: &str = "id, municipality_id, course_id, author_id, author_name, profession, limitation, resources, suggested_intervention, created_at, updated_at, version";

fn note_from_row(r: &AnyRow) -> Result<AnalysisNote> {
    Ok(AnalysisNote {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        course_id: parsed(r, "course_id")?,
        author_id: parsed(r, "author_id")?,
        author_name: text(r, "author_name")?,
        profession: opt_text(r, "profession")?
            .as_deref()
            .and_then(Profession::parse),
        limitation: text(r, "limitation")?,
        resources: text(r, "resources")?,
        suggested_intervention: text(r, "suggested_intervention")?,
        created_at: instant(r, "created_at")?,
        updated_at: instant(r, "updated_at")?,
        version: int(r, "version")?,
    })
}

#[async_trait]
impl AnalysisStore for SqlStore {
    async fn save_analysis_note(
        &self,
        n: &AnalysisNote,
        expected_version: Option<i64>,
        audit: &[AuditEvent],
    ) -> Result<AnalysisNote> {
        let mut tx = self.begin_write().await?;
        match expected_version {
            None if revive_note(&mut tx, n).await? => {}
            None => {
                sqlx::query(&format!("INSERT INTO analysis_notes ({NOTE_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1)"))
                    .bind(n.id.to_string())
                    .bind(n.municipality_id.to_string())
                    .bind(n.course_id.to_string())
                    .bind(n.author_id.to_string())
                    .bind(&n.author_name)
                    .bind(n.profession.map(|p| p.code()))
                    .bind(&n.limitation)
                    .bind(&n.resources)
                    .bind(&n.suggested_intervention)
                    .bind(n.created_at.timestamp_micros())
                    .bind(n.updated_at.timestamp_micros())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| StoreError::from_write(e, "analysis note by this author"))?;
            }
            Some(v) => {
                let done = sqlx::query(
                    "UPDATE analysis_notes SET limitation = $1, resources = $2, suggested_intervention = $3, updated_at = $4, version = version + 1
                     WHERE municipality_id = $5 AND course_id = $6 AND author_id = $7 AND version = $8 AND removed_at IS NULL",
                )
                .bind(&n.limitation)
                .bind(&n.resources)
                .bind(&n.suggested_intervention)
                .bind(n.updated_at.timestamp_micros())
                .bind(n.municipality_id.to_string())
                .bind(n.course_id.to_string())
                .bind(n.author_id.to_string())
                .bind(v)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(Conflict::Stale.into());
                }
            }
        }
        let row = sqlx::query(&format!(
            "SELECT {NOTE_COLS} FROM analysis_notes WHERE course_id = $1 AND author_id = $2"
        ))
        .bind(n.course_id.to_string())
        .bind(n.author_id.to_string())
        .fetch_one(&mut *tx)
        .await?;
        let saved = note_from_row(&row)?;
        tx.commit(audit).await?;
        Ok(saved)
    }

    async fn analysis_notes(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<AnalysisNote>> {
        let rows = sqlx::query(&format!("SELECT {NOTE_COLS} FROM analysis_notes WHERE municipality_id = $1 AND course_id = $2 AND removed_at IS NULL ORDER BY created_at, id"))
            .bind(municipality.to_string())
            .bind(course.to_string())
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.iter().map(note_from_row).collect()
    }

    async fn withdraw_analysis_note(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        author: UserId,
        expected_version: i64,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE analysis_notes SET removed_at = $1, removed_by = $2, version = version + 1
             WHERE municipality_id = $3 AND course_id = $4 AND author_id = $5 AND version = $6 AND removed_at IS NULL",
        )
        .bind(at.timestamp_micros())
        .bind(author.to_string())
        .bind(municipality.to_string())
        .bind(course.to_string())
        .bind(author.to_string())
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            let current = sqlx::query(
                "SELECT 1 FROM analysis_notes WHERE municipality_id = $1 AND course_id = $2 AND author_id = $3 AND removed_at IS NULL",
            )
            .bind(municipality.to_string())
            .bind(course.to_string())
            .bind(author.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            return Err(match current {
                Some(_) => Conflict::Stale.into(),
                None => StoreError::NotFound,
            });
        }
        tx.commit(audit).await?;
        Ok(())
    }
}

/// Writing a note over one the author withdrew brings the row back with the
/// new text. False when there is no withdrawn note to bring back.
async fn revive_note(tx: &mut AnyConnection, n: &AnalysisNote) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE analysis_notes SET limitation = $1, resources = $2, suggested_intervention = $3, updated_at = $4,
                version = version + 1, removed_at = NULL, removed_by = NULL
         WHERE municipality_id = $5 AND course_id = $6 AND author_id = $7 AND removed_at IS NOT NULL",
    )
    .bind(&n.limitation)
    .bind(&n.resources)
    .bind(&n.suggested_intervention)
    .bind(n.updated_at.timestamp_micros())
    .bind(n.municipality_id.to_string())
    .bind(n.course_id.to_string())
    .bind(n.author_id.to_string())
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() > 0)
}
