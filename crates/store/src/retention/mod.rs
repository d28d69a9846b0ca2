//! Retention (`domain::retention`): each municipality's periods, legal
//! holds on courses, and the job that deletes or anonymises what has
//! expired ([`run`]).

mod run;

use crate::row::{instant, parsed, text};
use crate::{AuditStore, Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_domain::retention::{DataKind, LegalHold, Periods, RunReport};
use jobspor_domain::{CitizenId, LegalHoldId, MunicipalityId, UserId};

/// An open legal hold with what its list shows.
#[derive(Debug, Clone)]
pub struct HoldRow {
    pub hold: LegalHold,
    pub citizen_id: CitizenId,
    pub citizen_name: String,
    pub placed_by_name: String,
}

#[async_trait]
pub trait RetentionStore: Send + Sync {
    /// The municipality's periods (the defaults where none is set).
    async fn retention_periods(&self, municipality: MunicipalityId) -> Result<Periods>;
    /// Sets one period, with its audit entry.
    async fn set_retention_period(
        &self,
        municipality: MunicipalityId,
        kind: DataKind,
        months: u32,
        by: UserId,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// Places a hold on a course of the municipality; `NotFound` for no
    /// such course.
    async fn place_legal_hold(&self, hold: &LegalHold, audit: &[AuditEvent]) -> Result<()>;
    /// Lifts an open hold; `NotFound` if there is none with that id.
    async fn lift_legal_hold(
        &self,
        municipality: MunicipalityId,
        id: LegalHoldId,
        by: UserId,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// The open holds, newest first.
    async fn legal_holds(&self, municipality: MunicipalityId) -> Result<Vec<HoldRow>>;
    /// Runs the job for one municipality at `now`: deletes and anonymises
    /// what has expired, in one transaction with its audit entries. A dry
    /// run does the same work and rolls it back, and reports what it
    /// would have done.
    async fn run_retention(
        &self,
        municipality: MunicipalityId,
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<RunReport>;
}

#[async_trait]
impl RetentionStore for SqlStore {
    async fn retention_periods(&self, municipality: MunicipalityId) -> Result<Periods> {
        let mut conn = self.read().await?;
        run::periods(&mut conn, municipality).await
    }

    async fn set_retention_period(
        &self,
        municipality: MunicipalityId,
        kind: DataKind,
        months: u32,
        by: UserId,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let now = Utc::now().timestamp_micros();
        self.write_one(
            sqlx::query(
                "INSERT INTO retention_periods (municipality_id, kind, months, changed_by, changed_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (municipality_id, kind) DO UPDATE SET months = excluded.months,
                   changed_by = excluded.changed_by, changed_at = excluded.changed_at",
            )
            .bind(municipality.to_string())
            .bind(kind.code())
            .bind(i64::from(months))
            .bind(by.to_string())
            .bind(now),
            audit,
        )
        .await
    }

    async fn place_legal_hold(&self, h: &LegalHold, audit: &[AuditEvent]) -> Result<()> {
        self.update_found(
            sqlx::query(
                "INSERT INTO legal_holds (id, municipality_id, course_id, reason, placed_by, placed_at)
                 SELECT $1, $2, c.id, $4, $5, $6 FROM courses c WHERE c.id = $3 AND c.municipality_id = $2",
            )
            .bind(h.id.to_string())
            .bind(h.municipality_id.to_string())
            .bind(h.course_id.to_string())
            .bind(h.reason.clone())
            .bind(h.placed_by.to_string())
            .bind(h.placed_at.timestamp_micros()),
            audit,
        )
        .await
    }

    async fn lift_legal_hold(
        &self,
        municipality: MunicipalityId,
        id: LegalHoldId,
        by: UserId,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<()> {
        self.update_found(
            sqlx::query(
                "UPDATE legal_holds SET lifted_by = $3, lifted_at = $4
                 WHERE id = $1 AND municipality_id = $2 AND lifted_at IS NULL",
            )
            .bind(id.to_string())
            .bind(municipality.to_string())
            .bind(by.to_string())
            .bind(at.timestamp_micros()),
            audit,
        )
        .await
    }

    async fn legal_holds(&self, municipality: MunicipalityId) -> Result<Vec<HoldRow>> {
        let rows = sqlx::query(
            "SELECT h.id, h.municipality_id, h.course_id, h.reason, h.placed_by, h.placed_at,
                    c.citizen_id, z.name AS citizen_name, u.display_name AS placed_by_name
             FROM legal_holds h
             JOIN courses c ON c.id = h.course_id
             JOIN citizens z ON z.id = c.citizen_id
             JOIN users u ON u.id = h.placed_by
             WHERE h.municipality_id = $1 AND h.lifted_at IS NULL
             ORDER BY h.placed_at DESC",
        )
        .bind(municipality.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(HoldRow {
                    hold: LegalHold {
                        id: parsed(r, "id")?,
                        municipality_id: parsed(r, "municipality_id")?,
                        course_id: parsed(r, "course_id")?,
                        reason: text(r, "reason")?,
                        placed_by: parsed(r, "placed_by")?,
                        placed_at: instant(r, "placed_at")?,
                    },
                    citizen_id: parsed(r, "citizen_id")?,
                    citizen_name: text(r, "citizen_name")?,
                    placed_by_name: text(r, "placed_by_name")?,
                })
            })
            .collect()
    }

    async fn run_retention(
        &self,
        municipality: MunicipalityId,
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<RunReport> {
        let mut tx = self.begin_write().await?;
        let (report, audit) = run::run(&mut tx, municipality, now).await?;
        let report = RunReport { dry_run, ..report };
        if dry_run {
            // Everything done is rolled back as the transaction drops; the
            // dry run itself is recorded.
            drop(tx);
            let summary = run::summary_event(municipality, now, AuditAction::Read, &report);
            self.append_audit(&[summary]).await?;
            return Ok(report);
        }
        tx.commit(&audit).await?;
        Ok(report)
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("retention: {what}"))
}
