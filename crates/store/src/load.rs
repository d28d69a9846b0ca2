//! Typed bulk loading for the benchmark's data generator (`jobspor-bench`):
//! many rows per statement, one transaction per call. Only for filling a
//! fresh database; the application never writes through this.
//!
//! The generator hands over domain values; the tables, their columns and
//! how each value is stored are known here only, as for every other write.
//! The audit log is chained here too: the generator gives the events and
//! their ids, the store computes sequence numbers, hashes and heads.

use crate::bulk::{insert_rows, Cell};
use crate::courses::referral_json;
use crate::evaluation::{BenefitPeriod, BENEFIT_PERIOD_COLUMNS};
use crate::row::date_text;
use crate::{Result, SqlStore, StoreError};
use chrono::{DateTime, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::catalogue::Intervention;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::control::CourseExit;
use jobspor_domain::course::Course;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::plan::Placement;
use jobspor_domain::progression::{Measurement, ProgressGoal};
use jobspor_domain::text::search_key;
use jobspor_domain::user::User;
use jobspor_domain::{AuditId, MunicipalityId, UnitId, UserId};

/// A placement as loaded: with who ended it and when it got its place,
/// which the domain value does not carry.
#[derive(Debug, Clone)]
pub struct LoadedPlacement {
    pub placement: Placement,
    pub ended_by: Option<UserId>,
    pub activated_at: Option<DateTime<Utc>>,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn int(v: i64) -> Cell {
    Cell::Int(v)
}

fn opt_text(v: Option<String>) -> Cell {
    v.map_or(Cell::NullText, Cell::Text)
}

fn opt_int(v: Option<i64>) -> Cell {
    v.map_or(Cell::NullInt, Cell::Int)
}

fn json<T: serde::Serialize>(v: &T) -> Result<Cell> {
    serde_json::to_string(v)
        .map(Cell::Text)
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl SqlStore {
    /// Inserts `rows` into `table` in one transaction.
    pub(crate) async fn load(&self, table: &str, cols: &[&str], rows: &[Vec<Cell>]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        insert_rows(&mut tx, self.backend, table, cols, rows).await?;
        tx.commit(&[]).await
    }

    pub async fn load_units(
        &self,
        municipality: MunicipalityId,
        units: &[(UnitId, String)],
        at: DateTime<Utc>,
    ) -> Result<()> {
        let rows: Vec<Vec<Cell>> = units
            .iter()
            .map(|(id, name)| {
                vec![
                    text(id.to_string()),
                    text(municipality.to_string()),
                    text(name.clone()),
                    int(at.timestamp_micros()),
                ]
            })
            .collect();
        self.load(
            "units",
            &["id", "municipality_id", "name", "created_at"],
            &rows,
        )
        .await
    }

    /// Users with their password hash.
    pub async fn load_users(&self, users: &[(User, String)], at: DateTime<Utc>) -> Result<()> {
        let rows: Vec<Vec<Cell>> = users
            .iter()
            .map(|(u, hash)| {
                vec![
                    text(u.id.to_string()),
                    text(u.municipality_id.to_string()),
                    text(u.username.clone()),
                    text(u.display_name.clone()),
                    text(u.role.code()),
                    opt_text(u.profession.map(|p| p.code().to_string())),
                    opt_text(u.unit_id.map(|x| x.to_string())),
                    opt_text(u.team.clone()),
                    text(hash.clone()),
                    int(i64::from(u.active)),
                    int(u.version),
                    int(at.timestamp_micros()),
                ]
            })
            .collect();
        self.load(
            "users",
            &[
                "id",
                "municipality_id",
                "username",
                "display_name",
                "role",
                "profession",
                "unit_id",
                "team",
                "password_hash",
                "active",
                "version",
                "created_at",
            ],
            &rows,
        )
        .await
    }

    pub async fn load_interventions(&self, list: &[Intervention]) -> Result<()> {
        let mut rows = Vec::with_capacity(list.len());
        for i in list {
            let tracks: Vec<&str> = i.tracks.iter().map(|t| t.code()).collect();
            let groups: Vec<&str> = i.target_groups.iter().map(|g| g.code()).collect();
            rows.push(vec![
                text(i.id.to_string()),
                text(i.municipality_id.to_string()),
                text(i.name.clone()),
                text(i.description.clone()),
                text(i.unit_id.to_string()),
                json(&tracks)?,
                json(&groups)?,
                int(i64::from(i.usual_weeks)),
                int(i64::from(i.capacity)),
                int(i.price_ore),
                json(&i.progression_questions)?,
                int(i64::from(i.active)),
                int(i.version),
            ]);
        }
        self.load(
            "interventions",
            &[
                "id",
                "municipality_id",
                "name",
                "description",
                "unit_id",
                "tracks",
                "target_groups",
                "usual_weeks",
                "capacity",
                "price_ore",
                "progression_questions",
                "active",
                "version",
            ],
            &rows,
        )
        .await
    }

    /// A register import whose periods follow with
    /// [`SqlStore::load_benefit_periods`] and whose counts are set at the
    /// end ([`SqlStore::set_register_import_counts`]).
    pub async fn load_register_import(
        &self,
        id: &str,
        municipality: MunicipalityId,
        file_name: &str,
        by: UserId,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.load(
            "register_imports",
            &[
                "id",
                "municipality_id",
                "file_name",
                "lines",
                "added",
                "extended",
                "unchanged",
                "imported_by",
                "imported_at",
            ],
            &[vec![
                text(id),
                text(municipality.to_string()),
                text(file_name),
                int(0),
                int(0),
                int(0),
                int(0),
                text(by.to_string()),
                int(at.timestamp_micros()),
            ]],
        )
        .await
    }

    pub async fn load_citizens(&self, list: &[Citizen]) -> Result<()> {
        let rows: Vec<Vec<Cell>> = list
            .iter()
            .map(|c| {
                vec![
                    text(c.id.to_string()),
                    text(c.municipality_id.to_string()),
                    text(c.cpr.full()),
                    text(c.name.clone()),
                    text(search_key(&c.name)),
                    opt_text(c.phone.clone()),
                    opt_text(c.email.clone()),
                    opt_text(c.address.clone()),
                    int(c.created_at.timestamp_micros()),
                    int(c.version),
                ]
            })
            .collect();
        self.load(
            "citizens",
            &[
                "id",
                "municipality_id",
                "cpr",
                "name",
                "name_key",
                "phone",
                "email",
                "address",
                "created_at",
                "version",
            ],
            &rows,
        )
        .await
    }

    /// Benefit periods of the register import `import`.
    pub async fn load_benefit_periods(
        &self,
        municipality: MunicipalityId,
        import: &str,
        list: &[BenefitPeriod],
    ) -> Result<()> {
        let rows: Vec<Vec<Cell>> = list
            .iter()
            .map(|p| {
                vec![
                    text(p.id.clone()),
                    text(municipality.to_string()),
                    text(p.citizen_id.to_string()),
                    text(date_text(p.from)),
                    text(date_text(p.to)),
                    text(p.benefit.clone()),
                    text(import),
                ]
            })
            .collect();
        self.load("benefit_periods", &BENEFIT_PERIOD_COLUMNS, &rows)
            .await
    }

    pub async fn load_courses(&self, list: &[Course]) -> Result<()> {
        let mut rows = Vec::with_capacity(list.len());
        for c in list {
            rows.push(vec![
                text(c.id.to_string()),
                text(c.municipality_id.to_string()),
                text(c.citizen_id.to_string()),
                text(c.caseworker_id.to_string()),
                text(c.target_group.code()),
                opt_text(c.category.clone()),
                text(c.rule_set.clone()),
                text(c.status.code()),
                text(date_text(c.start_date)),
                opt_text(c.first_absence_date.map(date_text)),
                text(c.follow_up_track.code()),
                text(c.framework.clone()),
                text(c.employment_goal.clone()),
                text(referral_json(&c.referral)?),
                int(c.created_at.timestamp_micros()),
                int(c.updated_at.timestamp_micros()),
                int(c.version),
            ]);
        }
        self.load(
            "courses",
            &[
                "id",
                "municipality_id",
                "citizen_id",
                "caseworker_id",
                "target_group",
                "category",
                "rule_set",
                "status",
                "start_date",
                "first_absence_date",
                "follow_up_track",
                "framework",
                "employment_goal",
                "referral",
                "created_at",
                "updated_at",
                "version",
            ],
            &rows,
        )
        .await
    }

    pub async fn load_exits(&self, list: &[CourseExit]) -> Result<()> {
        let rows: Vec<Vec<Cell>> = list
            .iter()
            .map(|x| {
                vec![
                    text(x.course_id.to_string()),
                    text(x.municipality_id.to_string()),
                    text(x.outcome.code()),
                    text(date_text(x.date)),
                    opt_int(x.hours_per_week.map(i64::from)),
                    text(x.recorded_by.to_string()),
                    int(x.recorded_at.timestamp_micros()),
                ]
            })
            .collect();
        self.load(
            "course_exits",
            &[
                "course_id",
                "municipality_id",
                "outcome",
                "exit_date",
                "hours_per_week",
                "recorded_by",
                "recorded_at",
            ],
            &rows,
        )
        .await
    }

    pub async fn load_placements(&self, list: &[LoadedPlacement]) -> Result<()> {
        let rows: Vec<Vec<Cell>> = list
            .iter()
            .map(|l| {
                let p = &l.placement;
                vec![
                    text(p.id.to_string()),
                    text(p.municipality_id.to_string()),
                    text(p.course_id.to_string()),
                    text(p.citizen_id.to_string()),
                    text(p.intervention_id.to_string()),
                    text(p.unit_id.to_string()),
                    text(p.goal.clone()),
                    text(date_text(p.period.from)),
                    text(date_text(p.period.to)),
                    text(date_text(p.first_measurement)),
                    text(p.status.code()),
                    int(p.queued_at.timestamp_micros()),
                    int(p.created_at.timestamp_micros()),
                    text(p.created_by.to_string()),
                    opt_int(p.ended_at.map(|t| t.timestamp_micros())),
                    opt_text(l.ended_by.map(|u| u.to_string())),
                    opt_text(p.end_reason.clone()),
                    opt_int(l.activated_at.map(|t| t.timestamp_micros())),
                ]
            })
            .collect();
        self.load(
            "placements",
            &[
                "id",
                "municipality_id",
                "course_id",
                "citizen_id",
                "intervention_id",
                "unit_id",
                "goal",
                "start_date",
                "end_date",
                "first_measurement",
                "status",
                "queued_at",
                "created_at",
                "created_by",
                "ended_at",
                "ended_by",
                "end_reason",
                "activated_at",
            ],
            &rows,
        )
        .await
    }

    pub async fn load_goals(&self, list: &[ProgressGoal]) -> Result<()> {
        let mut rows = Vec::with_capacity(list.len());
        for g in list {
            rows.push(vec![
                text(g.id.to_string()),
                text(g.municipality_id.to_string()),
                text(g.course_id.to_string()),
                text(g.placement_id.to_string()),
                text(g.style.code()),
                text(g.question.clone()),
                json(&g.gas_levels)?,
                int(i64::from(g.weight)),
                int(i64::from(g.interval_days)),
                int(g.created_at.timestamp_micros()),
                text(g.created_by.to_string()),
                opt_int(g.ended_at.map(|t| t.timestamp_micros())),
            ]);
        }
        let cols: Vec<&str> = crate::progression::GOAL_COLS.split(", ").collect();
        self.load("progress_goals", &cols, &rows).await
    }

    pub async fn load_measurements(&self, list: &[Measurement]) -> Result<()> {
        let rows: Vec<Vec<Cell>> = list
            .iter()
            .map(|m| {
                vec![
                    text(m.id.to_string()),
                    text(m.municipality_id.to_string()),
                    text(m.course_id.to_string()),
                    opt_text(m.placement_id.map(|p| p.to_string())),
                    opt_text(m.goal_id.map(|g| g.to_string())),
                    text(m.rater.code()),
                    int(i64::from(m.value)),
                    text(m.comment.clone()),
                    text(date_text(m.measured_on)),
                    text(m.channel.code()),
                    int(i64::from(m.baseline)),
                    int(m.recorded_at.timestamp_micros()),
                    opt_text(m.recorded_by.map(|u| u.to_string())),
                    opt_text(m.corrects.map(|c| c.to_string())),
                ]
            })
            .collect();
        let cols: Vec<&str> = crate::progression::M_COLS.split(", ").collect();
        self.load("measurements", &cols, &rows).await
    }

    pub async fn load_journal(&self, list: &[JournalEntry]) -> Result<()> {
        let rows: Vec<Vec<Cell>> = list
            .iter()
            .map(|e| {
                vec![
                    text(e.id.to_string()),
                    text(e.municipality_id.to_string()),
                    text(e.course_id.to_string()),
                    text(e.author_id.to_string()),
                    text(e.author_name.clone()),
                    text(e.author_role.code()),
                    text(date_text(e.entry_date)),
                    text(e.text.clone()),
                    opt_text(e.corrects.map(|c| c.to_string())),
                    int(e.created_at.timestamp_micros()),
                ]
            })
            .collect();
        let cols: Vec<&str> = crate::journal::COLS.split(", ").collect();
        self.load("journal_entries", &cols, &rows).await
    }

    /// Appends `events` to their chains with the ids `ids` (one each, in
    /// order), as every write does: the store numbers and hashes them and
    /// moves the heads.
    pub async fn load_audit(&self, events: &[AuditEvent], ids: &[AuditId]) -> Result<()> {
        if events.len() != ids.len() {
            return Err(StoreError::Corrupt("an audit id for every event".into()));
        }
        if events.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        crate::audit::append_with_ids(&mut tx, self.backend, events, |i| ids[i]).await?;
        tx.commit(&[]).await
    }
}
