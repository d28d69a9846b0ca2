//! What the management dashboards read beyond the cohort: caseload targets
//! (kept per municipality, defaults from the domain), the placements'
//! queue and place times for capacity, and each placement's progression
//! from its first to its last rating.

use crate::bulk::{insert_rows, Cell};
use crate::row::{instant, int, opt_instant, parsed, text};
use crate::{Result, SqlStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures_util::TryStreamExt;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::evaluation::caseload::{Range, Targets};
use jobspor_domain::{InterventionId, MunicipalityId, PlacementId, UnitId};

/// The key under which the default target (for groups without their own
/// range) is kept.
pub const DEFAULT_TARGET_KEY: &str = "*";

/// A placement as capacity sees it: when it queued, when it got its place,
/// and when it ended.
#[derive(Debug, Clone)]
pub struct CapacityPlacement {
    pub intervention_id: InterventionId,
    pub unit_id: UnitId,
    pub status: String,
    pub queued_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// One placement's ratings by one rater (`citizen` or `provider`): the
/// first and the last value (corrected ratings replaced by their correction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingChange {
    pub placement_id: PlacementId,
    pub rater: String,
    pub first: i64,
    pub last: i64,
    pub ratings: i64,
}

#[async_trait]
pub trait ManagementStore: Send + Sync {
    /// The municipality's targets: the domain's defaults, overridden by
    /// what the municipality has set.
    async fn caseload_targets(&self, municipality: MunicipalityId) -> Result<Targets>;
    /// `group` is a target-group code, or [`DEFAULT_TARGET_KEY`].
    async fn set_caseload_target(
        &self,
        municipality: MunicipalityId,
        group: &str,
        range: Range,
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn capacity_placements(
        &self,
        municipality: MunicipalityId,
    ) -> Result<Vec<CapacityPlacement>>;
    async fn rating_changes(&self, municipality: MunicipalityId) -> Result<Vec<RatingChange>>;
    /// The comparison curves by name, each as (week, share) in week order.
    async fn comparison_curves(&self, municipality: MunicipalityId)
        -> Result<Vec<ComparisonCurve>>;
    /// The municipality's pseudonym key: the one kept, or `fresh` if there
    /// was none (kept from then on; two first calls agree on one key).
    async fn research_key(&self, municipality: MunicipalityId, fresh: &[u8]) -> Result<Vec<u8>>;
    /// Replaces the curve of that name, in one transaction.
    async fn set_comparison_curve(
        &self,
        municipality: MunicipalityId,
        curve: &ComparisonCurve,
        audit: &[AuditEvent],
    ) -> Result<()>;
}

/// A comparison group's share still on benefit by week since start.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonCurve {
    pub name: String,
    pub points: Vec<(u32, f64)>,
}

#[async_trait]
impl ManagementStore for SqlStore {
    async fn caseload_targets(&self, municipality: MunicipalityId) -> Result<Targets> {
        let mut t = Targets::default();
        for r in sqlx::query("SELECT target_group, min_courses, max_courses FROM caseload_targets WHERE municipality_id = $1")
            .bind(municipality.to_string())
            .fetch_all(&mut *self.read().await?)
            .await?
        {
            let group = text(&r, "target_group")?;
            let range = Range {
                min: int(&r, "min_courses")?.clamp(0, u32::MAX as i64) as u32,
                max: int(&r, "max_courses")?.clamp(0, u32::MAX as i64) as u32,
            };
            if group == DEFAULT_TARGET_KEY {
                t.default = range.max;
            } else {
                t.by_group.insert(group, range);
            }
        }
        Ok(t)
    }

    async fn set_caseload_target(
        &self,
        municipality: MunicipalityId,
        group: &str,
        range: Range,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let q = sqlx::query("INSERT INTO caseload_targets (municipality_id, target_group, min_courses, max_courses) VALUES ($1, $2, $3, $4) ON CONFLICT (municipality_id, target_group) DO UPDATE SET min_courses = excluded.min_courses, max_courses = excluded.max_courses")
            .bind(municipality.to_string())
            .bind(group.to_string())
            .bind(range.min as i64)
            .bind(range.max as i64);
        self.write_one(q, audit).await
    }

    async fn capacity_placements(
        &self,
        municipality: MunicipalityId,
    ) -> Result<Vec<CapacityPlacement>> {
        let q = sqlx::query("SELECT intervention_id, unit_id, status, queued_at, activated_at, ended_at FROM placements WHERE municipality_id = $1")
            .bind(municipality.to_string());
        crate::row::each(q, self, |r| {
            Ok(CapacityPlacement {
                intervention_id: parsed(r, "intervention_id")?,
                unit_id: parsed(r, "unit_id")?,
                status: text(r, "status")?,
                queued_at: instant(r, "queued_at")?,
                activated_at: opt_instant(r, "activated_at")?,
                ended_at: opt_instant(r, "ended_at")?,
            })
        })
        .await
    }

    async fn rating_changes(&self, municipality: MunicipalityId) -> Result<Vec<RatingChange>> {
        // A rating that a later row corrects does not count.
        let mut conn = self.read().await?;
        let mut rows = sqlx::query(
            "SELECT m.placement_id, m.rater, m.value FROM measurements m \
             WHERE m.municipality_id = $1 AND m.placement_id IS NOT NULL AND m.rater IN ('citizen', 'provider') \
             AND NOT EXISTS (SELECT 1 FROM measurements c WHERE c.corrects = m.id) \
             ORDER BY m.placement_id, m.rater, m.measured_on, m.recorded_at",
        )
        .bind(municipality.to_string())
        .fetch(&mut *conn);
        // Streamed: a municipality has a million ratings; only the changes
        // per placement are kept.
        let mut out: Vec<RatingChange> = Vec::new();
        while let Some(r) = rows.try_next().await? {
            let r = &r;
            let placement_id: PlacementId = parsed(r, "placement_id")?;
            let rater = text(r, "rater")?;
            let value = int(r, "value")?;
            match out.last_mut() {
                Some(c) if c.placement_id == placement_id && c.rater == rater => {
                    c.last = value;
                    c.ratings += 1;
                }
                _ => out.push(RatingChange {
                    placement_id,
                    rater,
                    first: value,
                    last: value,
                    ratings: 1,
                }),
            }
        }
        Ok(out)
    }

    async fn comparison_curves(
        &self,
        municipality: MunicipalityId,
    ) -> Result<Vec<ComparisonCurve>> {
        let rows = sqlx::query("SELECT name, week, share_ppm FROM comparison_curves WHERE municipality_id = $1 ORDER BY name, week")
            .bind(municipality.to_string())
            .fetch_all(&mut *self.read().await?)
            .await?;
        let mut out: Vec<ComparisonCurve> = Vec::new();
        for r in &rows {
            let name = text(r, "name")?;
            let point = (
                int(r, "week")?.clamp(0, u32::MAX as i64) as u32,
                int(r, "share_ppm")? as f64 / 1e6,
            );
            match out.last_mut() {
                Some(c) if c.name == name => c.points.push(point),
                _ => out.push(ComparisonCurve {
                    name,
                    points: vec![point],
                }),
            }
        }
        Ok(out)
    }

    async fn set_comparison_curve(
        &self,
        municipality: MunicipalityId,
        curve: &ComparisonCurve,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let m = municipality.to_string();
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM comparison_curves WHERE municipality_id = $1 AND name = $2")
            .bind(&m)
            .bind(&curve.name)
            .execute(&mut *tx)
            .await?;
        let rows: Vec<Vec<Cell>> = curve
            .points
            .iter()
            .map(|(w, s)| {
                vec![
                    Cell::Text(m.clone()),
                    Cell::Text(curve.name.clone()),
                    Cell::Int(i64::from(*w)),
                    Cell::Int((s * 1e6).round() as i64),
                ]
            })
            .collect();
        insert_rows(
            &mut tx,
            self.backend,
            "comparison_curves",
            &["municipality_id", "name", "week", "share_ppm"],
            &rows,
        )
        .await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn research_key(&self, municipality: MunicipalityId, fresh: &[u8]) -> Result<Vec<u8>> {
        let m = municipality.to_string();
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO research_keys (municipality_id, key_hex, created_at) VALUES ($1, $2, $3) ON CONFLICT (municipality_id) DO NOTHING")
            .bind(&m)
            .bind(hex::encode(fresh))
            .bind(chrono::Utc::now().timestamp_micros())
            .execute(&mut *tx)
            .await?;
        // The key that won: this one, or one stored before.
        let key: String =
            sqlx::query_scalar("SELECT key_hex FROM research_keys WHERE municipality_id = $1")
                .bind(&m)
                .fetch_one(&mut *tx)
                .await?;
        tx.commit(&[]).await?;
        hex::decode(key).map_err(|_| crate::StoreError::Corrupt("research key".into()))
    }
}
