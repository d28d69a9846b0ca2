//! The intervention plan: placements of catalogue interventions on courses,
//! with capacity enforced and a waiting list, and the provider units' inbox.
//!
//! Every change of a plan bumps the plan's version in the same transaction,
//! so two edits made from the same version cannot both land (409).
//! Capacity is decided under a row lock on the intervention (an UPDATE that
//! changes nothing still locks the row on PostgreSQL; SQLite writers are
//! serialised anyway), so two bookings of the last place cannot both get it.

use crate::row::{date, date_text, instant, int, opt_instant, opt_parsed, opt_text, parsed, text};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::period::Period;
use jobspor_domain::plan::{NoticeKind, Notification, Placement, PlacementStatus};
use jobspor_domain::{
    CourseId, InterventionId, MunicipalityId, NotificationId, PlacementId, UnitId, UserId,
};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Places in use and the line, per intervention.
#[derive(Debug, Clone, Default)]
pub struct Occupancy {
    /// End dates of the active placements.
    pub active_ends: Vec<NaiveDate>,
    pub waiting: u32,
}

/// Which of a unit's participants to read.
#[derive(Debug, Clone, Copy)]
pub enum RosterScope {
    /// Those with an open placement (active or waiting).
    Open,
    /// One placement, open or ended.
    One(PlacementId),
    /// Those named in the unit's latest `n` notifications.
    Notified(i64),
}

/// A participant as a provider unit sees them.
#[derive(Debug, Clone)]
pub struct RosterRow {
    pub placement: Placement,
    pub citizen_name: String,
    pub citizen_phone: Option<String>,
    pub citizen_email: Option<String>,
    pub caseworker_name: String,
    /// The responsible caseworker's unit: placements elsewhere need consent.
    pub caseworker_unit: Option<UnitId>,
    pub intervention_name: String,
}

/// What changes when a placement is revised.
pub struct Revision<'a> {
    pub goal: &'a str,
    pub period: Period,
    pub first_measurement: NaiveDate,
}

#[async_trait]
pub trait PlanStore: Send + Sync {
    /// The plan's version; 0 before its first change.
    async fn plan_version(&self, municipality: MunicipalityId, course: CourseId) -> Result<i64>;
    /// The course's placements in the order they were made, ended ones included.
    async fn placements(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<Placement>>;
    async fn placement(
        &self,
        municipality: MunicipalityId,
        id: PlacementId,
    ) -> Result<Option<Placement>>;
    /// A provider unit's participants with what the provider needs to know.
    async fn roster(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
        scope: RosterScope,
    ) -> Result<Vec<RosterRow>>;
    /// Adds `p` to its course's plan: with a place if one is free, else on
    /// the waiting list (its `status` is decided here). Tells the provider
    /// unit. Returns the saved placement and the plan's new version.
    async fn place(
        &self,
        p: &Placement,
        expected_plan_version: i64,
        audit: &[AuditEvent],
    ) -> Result<(Placement, i64)>;
    /// Changes goal and dates of an open placement; returns the new plan version.
    #[allow(clippy::too_many_arguments)]
    async fn revise_placement(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        id: PlacementId,
        change: &Revision<'_>,
        expected_plan_version: i64,
        by: UserId,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<i64>;
    /// Ends an open placement; a freed place goes to the first in line.
    /// Returns the plan's new version and who got a place.
    #[allow(clippy::too_many_arguments)]
    async fn end_placement(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        id: PlacementId,
        reason: &str,
        expected_plan_version: i64,
        by: UserId,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<(i64, Vec<PlacementId>)>;
    /// Places in use and the line for every intervention with either.
    async fn occupancy(
        &self,
        municipality: MunicipalityId,
    ) -> Result<HashMap<InterventionId, Occupancy>>;
    /// A provider unit's inbox, newest first.
    async fn inbox(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
        limit: i64,
    ) -> Result<Vec<Notification>>;
    async fn mark_read(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
        id: NotificationId,
        by: UserId,
        at: DateTime<Utc>,
    ) -> Result<()>;
    /// Marks these notifications of the unit read (those unread), in one
    /// statement.
    async fn mark_read_many(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
        ids: &[NotificationId],
        by: UserId,
        at: DateTime<Utc>,
    ) -> Result<u64>;
    /// The participant a unit's notification is about.
    async fn notification_placement(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
        id: NotificationId,
    ) -> Result<Option<PlacementId>>;
}

const COLS: &str = "p.id, p.municipality_id, p.course_id, p.citizen_id, p.intervention_id, p.unit_id, p.goal, p.start_date, p.end_date, p.first_measurement, p.status, p.queued_at, p.created_at, p.created_by, p.ended_at, p.end_reason,
    (SELECT COUNT(*) FROM placements w WHERE w.intervention_id = p.intervention_id AND w.status = 'waiting'
        AND (w.queued_at < p.queued_at OR (w.queued_at = p.queued_at AND w.id < p.id))) AS ahead";

fn from_row(r: &AnyRow) -> Result<Placement> {
    let status = PlacementStatus::parse(&text(r, "status")?)
        .ok_or_else(|| StoreError::Corrupt("placement status".into()))?;
    let ahead = u32::try_from(int(r, "ahead")?).unwrap_or(u32::MAX);
    Ok(Placement {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        course_id: parsed(r, "course_id")?,
        citizen_id: parsed(r, "citizen_id")?,
        intervention_id: parsed(r, "intervention_id")?,
        unit_id: parsed(r, "unit_id")?,
        goal: text(r, "goal")?,
        period: Period {
            from: date(r, "start_date")?,
            to: date(r, "end_date")?,
        },
        first_measurement: date(r, "first_measurement")?,
        status,
        queued_at: instant(r, "queued_at")?,
        waiting_position: (status == PlacementStatus::Waiting).then_some(ahead + 1),
        created_at: instant(r, "created_at")?,
        created_by: parsed(r, "created_by")?,
        ended_at: opt_instant(r, "ended_at")?,
        end_reason: opt_text(r, "end_reason")?,
    })
}

/// Ending a placement as part of another change (a progression decision to
/// stop): why, and the plan's version the caller saw.
#[derive(Debug, Clone)]
pub struct PlacementStop {
    pub reason: String,
    pub expected_plan_version: i64,
}

/// Ends a placement inside the caller's transaction: bumps the plan's
/// version, tells the provider and gives the freed place to the next in
/// line. Returns the new plan version and the placements that got a place.
pub(crate) async fn end_in(
    tx: &mut AnyConnection,
    municipality: MunicipalityId,
    course: CourseId,
    id: PlacementId,
    stop: &PlacementStop,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<(i64, Vec<PlacementId>)> {
    let version = bump_plan(tx, municipality, course, stop.expected_plan_version, by, at).await?;
    let p = open_placement(tx, municipality, course, id).await?;
    let (capacity, _) = lock_intervention(tx, municipality, p.intervention_id).await?;
    sqlx::query("UPDATE placements SET status = 'ended', ended_at = $1, ended_by = $2, end_reason = $3 WHERE id = $4")
        .bind(at.timestamp_micros())
        .bind(by.to_string())
        .bind(&stop.reason)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    notify(tx, municipality, p.unit_id, id, NoticeKind::Ended, at).await?;
    let promoted = fill_places(tx, municipality, p.intervention_id, capacity, at).await?;
    Ok((version, promoted))
}

/// Moves the plan from `expected` to the next version, or fails with a conflict.
async fn bump_plan(
    tx: &mut AnyConnection,
    municipality: MunicipalityId,
    course: CourseId,
    expected: i64,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<i64> {
    let changed = if expected == 0 {
        sqlx::query("INSERT INTO plans (course_id, municipality_id, version, updated_at, updated_by) VALUES ($1, $2, 1, $3, $4)")
            .bind(course.to_string())
            .bind(municipality.to_string())
            .bind(at.timestamp_micros())
            .bind(by.to_string())
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "plan"))
            .map_err(|e| match e {
                StoreError::Conflict(_) => Conflict::Stale.into(),
                other => other,
            })?
            .rows_affected()
    } else {
        sqlx::query("UPDATE plans SET version = version + 1, updated_at = $1, updated_by = $2 WHERE municipality_id = $3 AND course_id = $4 AND version = $5")
            .bind(at.timestamp_micros())
            .bind(by.to_string())
            .bind(municipality.to_string())
            .bind(course.to_string())
            .bind(expected)
            .execute(&mut *tx)
            .await?
            .rows_affected()
    };
    if changed == 0 {
        return Err(Conflict::Stale.into());
    }
    // A closed course's plan does not change (checked here too, in case it
    // closed after the caller looked).
    let closed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM courses WHERE id = $1 AND status = 'closed'")
            .bind(course.to_string())
            .fetch_one(&mut *tx)
            .await?;
    if closed > 0 {
        return Err(Conflict::CourseClosed.into());
    }
    Ok(expected + 1)
}

/// Locks the intervention's row for this transaction and reads its capacity
/// and whether it takes participants.
pub(crate) async fn lock_intervention(
    tx: &mut AnyConnection,
    municipality: MunicipalityId,
    id: InterventionId,
) -> Result<(i64, bool)> {
    let locked = sqlx::query(
        "UPDATE interventions SET version = version WHERE municipality_id = $1 AND id = $2",
    )
    .bind(municipality.to_string())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    if locked.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    let row = sqlx::query("SELECT capacity, active FROM interventions WHERE id = $1")
        .bind(id.to_string())
        .fetch_one(&mut *tx)
        .await?;
    Ok((int(&row, "capacity")?, int(&row, "active")? != 0))
}

async fn count_active(tx: &mut AnyConnection, intervention: InterventionId) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM placements WHERE intervention_id = $1 AND status = 'active'",
    )
    .bind(intervention.to_string())
    .fetch_one(&mut *tx)
    .await?)
}

pub(crate) async fn notify(
    tx: &mut AnyConnection,
    municipality: MunicipalityId,
    unit: UnitId,
    placement: PlacementId,
    kind: NoticeKind,
    at: DateTime<Utc>,
) -> Result<()> {
    let id = NotificationId::new();
    sqlx::query("INSERT INTO notifications (id, municipality_id, unit_id, placement_id, kind, created_at, read_at, read_by) VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)")
        .bind(id.to_string())
        .bind(municipality.to_string())
        .bind(unit.to_string())
        .bind(placement.to_string())
        .bind(kind.code())
        .bind(at.timestamp_micros())
        .execute(&mut *tx)
        .await?;
    // Queued for e-mail when the unit has a shared mailbox.
    sqlx::query("INSERT INTO mail_outbox (id, municipality_id, notification_id, recipient, created_at, sent_at, attempts, last_error)
                 SELECT $1, municipality_id, $2, email, $3, NULL, 0, NULL FROM units WHERE id = $4 AND email IS NOT NULL AND email <> ''")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(id.to_string())
        .bind(at.timestamp_micros())
        .bind(unit.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Gives free places of an intervention (its row locked) to the first in
/// line, and tells their units. Returns who got a place.
pub(crate) async fn fill_places(
    tx: &mut AnyConnection,
    municipality: MunicipalityId,
    intervention: InterventionId,
    capacity: i64,
    at: DateTime<Utc>,
) -> Result<Vec<PlacementId>> {
    let free = capacity - count_active(tx, intervention).await?;
    if free <= 0 {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT id, unit_id FROM placements WHERE intervention_id = $1 AND status = 'waiting' ORDER BY queued_at, id LIMIT $2",
    )
    .bind(intervention.to_string())
    .bind(free)
    .fetch_all(&mut *tx)
    .await?;
    let mut promoted = Vec::new();
    for r in &rows {
        let id: PlacementId = parsed(r, "id")?;
        sqlx::query("UPDATE placements SET status = 'active', activated_at = $1 WHERE id = $2")
            .bind(at.timestamp_micros())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        notify(
            tx,
            municipality,
            parsed(r, "unit_id")?,
            id,
            NoticeKind::Promoted,
            at,
        )
        .await?;
        promoted.push(id);
    }
    Ok(promoted)
}

async fn one(
    tx: &mut AnyConnection,
    municipality: MunicipalityId,
    id: PlacementId,
) -> Result<Placement> {
    let row = sqlx::query(&format!(
        "SELECT {COLS} FROM placements p WHERE p.municipality_id = $1 AND p.id = $2"
    ))
    .bind(municipality.to_string())
    .bind(id.to_string())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(StoreError::NotFound)?;
    from_row(&row)
}

/// The open placement `id` of `course`, or NotFound.
async fn open_placement(
    tx: &mut AnyConnection,
    municipality: MunicipalityId,
    course: CourseId,
    id: PlacementId,
) -> Result<Placement> {
    let p = one(tx, municipality, id).await?;
    if p.course_id != course || p.status == PlacementStatus::Ended {
        return Err(StoreError::NotFound);
    }
    Ok(p)
}

#[async_trait]
impl PlanStore for SqlStore {
    async fn plan_version(&self, municipality: MunicipalityId, course: CourseId) -> Result<i64> {
        let v: Option<i64> = sqlx::query_scalar(
            "SELECT version FROM plans WHERE municipality_id = $1 AND course_id = $2",
        )
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_optional(&mut *self.read().await?)
        .await?;
        Ok(v.unwrap_or(0))
    }

    async fn placements(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<Placement>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM placements p WHERE p.municipality_id = $1 AND p.course_id = $2 ORDER BY p.created_at, p.id"
        ))
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(from_row).collect()
    }

    async fn placement(
        &self,
        municipality: MunicipalityId,
        id: PlacementId,
    ) -> Result<Option<Placement>> {
        let sql =
            format!("SELECT {COLS} FROM placements p WHERE p.municipality_id = $1 AND p.id = $2");
        crate::row::one_in_municipality(self, &sql, municipality, id.to_string(), from_row).await
    }

    async fn roster(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
        scope: RosterScope,
    ) -> Result<Vec<RosterRow>> {
        let (which, key) = match scope {
            RosterScope::Open => ("p.status <> 'ended' AND $3 = ''", String::new()),
            RosterScope::One(id) => ("p.id = $3", id.to_string()),
            RosterScope::Notified(n) => (
                "p.id IN (SELECT placement_id FROM notifications WHERE unit_id = $2 ORDER BY created_at DESC LIMIT CAST($3 AS BIGINT))",
                n.to_string(),
            ),
        };
        let rows = sqlx::query(&format!(
            "SELECT {COLS}, c.name AS citizen_name, c.phone AS citizen_phone, c.email AS citizen_email,
                    u.display_name AS caseworker_name, u.unit_id AS caseworker_unit, i.name AS intervention_name
             FROM placements p
             JOIN citizens c ON c.id = p.citizen_id
             JOIN courses k ON k.id = p.course_id
             JOIN users u ON u.id = k.caseworker_id
             JOIN interventions i ON i.id = p.intervention_id
             WHERE p.municipality_id = $1 AND p.unit_id = $2 AND {which}
             ORDER BY p.start_date, c.name, p.id"
        ))
        .bind(municipality.to_string())
        .bind(unit.to_string())
        .bind(key)
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RosterRow {
                    placement: from_row(r)?,
                    citizen_name: text(r, "citizen_name")?,
                    citizen_phone: opt_text(r, "citizen_phone")?,
                    citizen_email: opt_text(r, "citizen_email")?,
                    caseworker_name: text(r, "caseworker_name")?,
                    caseworker_unit: opt_parsed(r, "caseworker_unit")?,
                    intervention_name: text(r, "intervention_name")?,
                })
            })
            .collect()
    }

    async fn place(
        &self,
        p: &Placement,
        expected_plan_version: i64,
        audit: &[AuditEvent],
    ) -> Result<(Placement, i64)> {
        let m = p.municipality_id;
        let mut tx = self.begin_write().await?;
        let version = bump_plan(
            &mut tx,
            m,
            p.course_id,
            expected_plan_version,
            p.created_by,
            p.created_at,
        )
        .await?;
        let (capacity, open) = lock_intervention(&mut tx, m, p.intervention_id).await?;
        if !open {
            return Err(Conflict::InterventionClosed.into());
        }
        let twice: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM placements WHERE course_id = $1 AND intervention_id = $2 AND status <> 'ended'",
        )
        .bind(p.course_id.to_string())
        .bind(p.intervention_id.to_string())
        .fetch_one(&mut *tx)
        .await?;
        if twice > 0 {
            return Err(Conflict::AlreadyPlanned.into());
        }
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM placements WHERE intervention_id = $1 AND status = 'waiting'",
        )
        .bind(p.intervention_id.to_string())
        .fetch_one(&mut *tx)
        .await?;
        // Nobody jumps the line: a free place goes to those already waiting.
        let status = if waiting == 0 && count_active(&mut tx, p.intervention_id).await? < capacity {
            PlacementStatus::Active
        } else {
            PlacementStatus::Waiting
        };
        // The place in the line is taken here, under the intervention's
        // lock, after everyone already waiting: two requests that race get
        // the order they commit in, so the position each is told is the one
        // it keeps (the caller's clock is read before the race is decided).
        // Only a race moves the caller's time, and by microseconds.
        let last: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(queued_at) FROM placements WHERE intervention_id = $1 AND status = 'waiting'",
        )
        .bind(p.intervention_id.to_string())
        .fetch_one(&mut *tx)
        .await?;
        let queued_at = last.map_or(p.queued_at.timestamp_micros(), |l| {
            (l + 1).max(p.queued_at.timestamp_micros())
        });
        sqlx::query("INSERT INTO placements (id, municipality_id, course_id, citizen_id, intervention_id, unit_id, goal, start_date, end_date, first_measurement, status, queued_at, created_at, created_by, ended_at, ended_by, end_reason, activated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL, NULL, NULL, $15)")
            .bind(p.id.to_string())
            .bind(m.to_string())
            .bind(p.course_id.to_string())
            .bind(p.citizen_id.to_string())
            .bind(p.intervention_id.to_string())
            .bind(p.unit_id.to_string())
            .bind(&p.goal)
            .bind(date_text(p.period.from))
            .bind(date_text(p.period.to))
            .bind(date_text(p.first_measurement))
            .bind(status.code())
            .bind(queued_at)
            .bind(p.created_at.timestamp_micros())
            .bind(p.created_by.to_string())
            .bind((status == PlacementStatus::Active).then(|| p.created_at.timestamp_micros()))
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "placement"))?;
        let kind = match status {
            PlacementStatus::Active => NoticeKind::Assigned,
            _ => NoticeKind::Waitlisted,
        };
        notify(&mut tx, m, p.unit_id, p.id, kind, p.created_at).await?;
        let saved = one(&mut tx, m, p.id).await?;
        tx.commit(audit).await?;
        Ok((saved, version))
    }

    async fn revise_placement(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        id: PlacementId,
        change: &Revision<'_>,
        expected_plan_version: i64,
        by: UserId,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let version =
            bump_plan(&mut tx, municipality, course, expected_plan_version, by, at).await?;
        open_placement(&mut tx, municipality, course, id).await?;
        sqlx::query("UPDATE placements SET goal = $1, start_date = $2, end_date = $3, first_measurement = $4 WHERE id = $5")
            .bind(change.goal)
            .bind(date_text(change.period.from))
            .bind(date_text(change.period.to))
            .bind(date_text(change.first_measurement))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit(audit).await?;
        Ok(version)
    }

    async fn end_placement(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        id: PlacementId,
        reason: &str,
        expected_plan_version: i64,
        by: UserId,
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<(i64, Vec<PlacementId>)> {
        let mut tx = self.begin_write().await?;
        let stop = PlacementStop {
            reason: reason.to_string(),
            expected_plan_version,
        };
        let done = end_in(&mut tx, municipality, course, id, &stop, by, at).await?;
        tx.commit(audit).await?;
        Ok(done)
    }

    async fn occupancy(
        &self,
        municipality: MunicipalityId,
    ) -> Result<HashMap<InterventionId, Occupancy>> {
        let rows = sqlx::query(
            "SELECT intervention_id, status, end_date FROM placements WHERE municipality_id = $1 AND status <> 'ended'",
        )
        .bind(municipality.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        let mut out: HashMap<InterventionId, Occupancy> = HashMap::new();
        for r in &rows {
            let o = out.entry(parsed(r, "intervention_id")?).or_default();
            if text(r, "status")? == "waiting" {
                o.waiting += 1;
            } else {
                o.active_ends.push(date(r, "end_date")?);
            }
        }
        Ok(out)
    }

    async fn inbox(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
        limit: i64,
    ) -> Result<Vec<Notification>> {
        let rows = sqlx::query(
            "SELECT id, municipality_id, unit_id, placement_id, kind, created_at, read_at FROM notifications
             WHERE municipality_id = $1 AND unit_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3",
        )
        .bind(municipality.to_string())
        .bind(unit.to_string())
        .bind(limit)
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Notification {
                    id: parsed(r, "id")?,
                    municipality_id: parsed(r, "municipality_id")?,
                    unit_id: parsed(r, "unit_id")?,
                    placement_id: parsed(r, "placement_id")?,
                    kind: NoticeKind::parse(&text(r, "kind")?)
                        .ok_or_else(|| StoreError::Corrupt("notification kind".into()))?,
                    created_at: instant(r, "created_at")?,
                    read_at: opt_instant(r, "read_at")?,
                })
            })
            .collect()
    }

    async fn notification_placement(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
        id: NotificationId,
    ) -> Result<Option<PlacementId>> {
        let row = sqlx::query(
            "SELECT placement_id FROM notifications WHERE municipality_id = $1 AND unit_id = $2 AND id = $3",
        )
        .bind(municipality.to_string())
        .bind(unit.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.map(|r| parsed(&r, "placement_id")).transpose()
    }

    async fn mark_read(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
        id: NotificationId,
        by: UserId,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let q = sqlx::query("UPDATE notifications SET read_at = $1, read_by = $2 WHERE municipality_id = $3 AND unit_id = $4 AND id = $5 AND read_at IS NULL")
            .bind(at.timestamp_micros())
            .bind(by.to_string())
            .bind(municipality.to_string())
            .bind(unit.to_string())
            .bind(id.to_string());
        self.update_found(q, &[]).await
    }

    async fn mark_read_many(
        &self,
        municipality: MunicipalityId,
        unit: UnitId,
        ids: &[NotificationId],
        by: UserId,
        at: DateTime<Utc>,
    ) -> Result<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let sql = format!(
            "UPDATE notifications SET read_at = $1, read_by = $2 WHERE municipality_id = $3 AND unit_id = $4 AND read_at IS NULL AND id IN ({})",
            crate::row::placeholders(5, ids.len())
        );
        let mut q = sqlx::query(&sql)
            .bind(at.timestamp_micros())
            .bind(by.to_string())
            .bind(municipality.to_string())
            .bind(unit.to_string());
        for id in ids {
            q = q.bind(id.to_string());
        }
        self.write_counted(q).await
    }
}
