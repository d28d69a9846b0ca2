//! The intervention catalogue.

use crate::row::{int, one_in_municipality, parsed, text};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::catalogue::{Intervention, Track};
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::{InterventionId, MunicipalityId};
use sqlx::any::AnyRow;

#[async_trait]
pub trait CatalogueStore: Send + Sync {
    async fn create_intervention(&self, i: &Intervention, audit: &[AuditEvent]) -> Result<()>;
    /// Saves a changed intervention if `expected_version` is still current.
    async fn update_intervention(
        &self,
        i: &Intervention,
        expected_version: i64,
        audit: &[AuditEvent],
    ) -> Result<Intervention>;
    async fn interventions(&self, municipality: MunicipalityId) -> Result<Vec<Intervention>>;
    async fn intervention(
        &self,
        municipality: MunicipalityId,
        id: InterventionId,
    ) -> Result<Option<Intervention>>;
}

const COLS: &str = "id, municipality_id, name, description, unit_id, tracks, target_groups, usual_weeks, capacity, price_ore, progression_questions, active, version";

pub(crate) fn json_list(r: &AnyRow, col: &str) -> Result<Vec<String>> {
    serde_json::from_str(&text(r, col)?).map_err(|_| StoreError::Corrupt(col.into()))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_row(r: &AnyRow) -> Result<Intervention> {
    let count = |col: &str| -> Result<u32> {
        u32::try_from(int(r, col)?).map_err(|_| StoreError::Corrupt(col.into()))
    };
    Ok(Intervention {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        name: text(r, "name")?,
        description: text(r, "description")?,
        unit_id: parsed(r, "unit_id")?,
        tracks: json_list(r, "tracks")?
            .iter()
            .filter_map(|t| Track::parse(t))
            .collect(),
        target_groups: json_list(r, "target_groups")?
            .iter()
            .filter_map(|g| TargetGroup::parse(g))
            .collect(),
        usual_weeks: count("usual_weeks")?,
        capacity: count("capacity")?,
        price_ore: int(r, "price_ore")?,
        progression_questions: json_list(r, "progression_questions")?,
        active: int(r, "active")? != 0,
        version: int(r, "version")?,
    })
}

fn codes(i: &Intervention) -> Result<(String, String, String)> {
    let tracks: Vec<&str> = i.tracks.iter().map(|t| t.code()).collect();
    let groups: Vec<&str> = i.target_groups.iter().map(|g| g.code()).collect();
    Ok((
        to_json(&tracks)?,
        to_json(&groups)?,
        to_json(&i.progression_questions)?,
    ))
}

#[async_trait]
impl CatalogueStore for SqlStore {
    async fn create_intervention(&self, i: &Intervention, audit: &[AuditEvent]) -> Result<()> {
        let (tracks, groups, questions) = codes(i)?;
        let mut tx = self.begin_write().await?;
        sqlx::query(&format!("INSERT INTO interventions ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1)"))
            .bind(i.id.to_string())
            .bind(i.municipality_id.to_string())
            .bind(&i.name)
            .bind(&i.description)
            .bind(i.unit_id.to_string())
            .bind(tracks)
            .bind(groups)
            .bind(i64::from(i.usual_weeks))
            .bind(i64::from(i.capacity))
            .bind(i.price_ore)
            .bind(questions)
            .bind(i64::from(i.active))
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "intervention with this name"))?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn update_intervention(
        &self,
        i: &Intervention,
        expected_version: i64,
        audit: &[AuditEvent],
    ) -> Result<Intervention> {
        let (tracks, groups, questions) = codes(i)?;
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE interventions SET name = $1, description = $2, unit_id = $3, tracks = $4, target_groups = $5, usual_weeks = $6,
                    capacity = $7, price_ore = $8, progression_questions = $9, active = $10, version = version + 1
             WHERE municipality_id = $11 AND id = $12 AND version = $13",
        )
        .bind(&i.name)
        .bind(&i.description)
        .bind(i.unit_id.to_string())
        .bind(tracks)
        .bind(groups)
        .bind(i64::from(i.usual_weeks))
        .bind(i64::from(i.capacity))
        .bind(i.price_ore)
        .bind(questions)
        .bind(i64::from(i.active))
        .bind(i.municipality_id.to_string())
        .bind(i.id.to_string())
        .bind(expected_version)
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "intervention with this name"))?;
        if done.rows_affected() == 0 {
            return Err(Conflict::Stale.into());
        }
        if i.active {
            // More places: those waiting get them now.
            let at = audit.first().map(|e| e.at).unwrap_or_else(chrono::Utc::now);
            crate::plans::fill_places(&mut tx, i.municipality_id, i.id, i64::from(i.capacity), at)
                .await?;
        }
        tx.commit(audit).await?;
        Ok(Intervention {
            version: expected_version + 1,
            ..i.clone()
        })
    }

    async fn interventions(&self, municipality: MunicipalityId) -> Result<Vec<Intervention>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM interventions WHERE municipality_id = $1 ORDER BY name"
        ))
        .bind(municipality.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }

    async fn intervention(
        &self,
        municipality: MunicipalityId,
        id: InterventionId,
    ) -> Result<Option<Intervention>> {
        let sql =
            format!("SELECT {COLS} FROM interventions WHERE municipality_id = $1 AND id = $2");
        one_in_municipality(self, &sql, municipality, id.to_string(), from_row).await
    }
}
