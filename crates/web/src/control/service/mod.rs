//! Course control (forløbskontrol) on one course: its deadlines from the
//! date-versioned rules, the measurements due, plan reviews and the end of
//! its framework; and the exit that closes it.

pub mod deadlines;

use crate::audit::{event, PURPOSE_CASEWORK};
use crate::consent::service::managed_any;
use crate::courses::service::{read_course, CourseAccess};
use crate::error::{Refusal, WebError};
use crate::i18n::Word;
use crate::AppState;
use chrono::{Duration, NaiveDate, Utc};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::control::{check_exit, statutory, CourseExit, DeadlineKind};
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::plan::PlacementStatus;
use jobspor_domain::progression::{effective, next_due, Rater};
use jobspor_domain::time::{format_date, today_copenhagen};
use jobspor_domain::user::Actor;
use jobspor_domain::*;
use jobspor_store::{Conflict, StoreError};

pub struct ControlRow {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub detail: String,
    /// A statutory deadline the caseworker records as met.
    pub recordable: bool,
}

pub struct ControlView {
    pub access: CourseAccess,
    pub citizen: Citizen,
    pub rows: Vec<ControlRow>,
    pub exit: Option<CourseExit>,
    pub today: NaiveDate,
    /// Statutory deadlines that fell before the course started: not the
    /// course's, so not shown as overdue.
    pub before_start: usize,
}

/// How far ahead deadlines are listed.
const AHEAD_WEEKS: i64 = 26;

pub async fn view(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<ControlView, WebError> {
    let (access, citizen) = read_course(state, actor, course, "course_control").await?;
    let m = actor.municipality_id;
    let today = today_copenhagen(Utc::now());
    let k = &access.course;
    let exit = state.store.exit(m, course).await?;
    let book = crate::rules::service::book(state, m).await?;
    let before_start = jobspor_domain::control::before_start(&book, &k.dates());
    let mut rows = Vec::new();
    if exit.is_none() {
        let until = today + Duration::weeks(AHEAD_WEEKS);
        let met = state.store.deadlines_met(m, &[course]).await?;
        for d in statutory(&book, &k.dates(), until) {
            if met
                .iter()
                .any(|(_, kind, due)| kind == d.kind.code() && *due == d.due)
            {
                continue;
            }
            rows.push(ControlRow {
                kind: d.kind,
                due: d.due,
                detail: d
                    .rule_set
                    .map(|r| crate::i18n::words::rule_set(crate::i18n::Lang::current(), r))
                    .unwrap_or_default(),
                recordable: true,
            });
        }
        let names: std::collections::HashMap<InterventionId, String> = state
            .store
            .interventions(m)
            .await?
            .into_iter()
            .map(|i| (i.id, i.name))
            .collect();
        let placements = state.store.placements(m, course).await?;
        let goals = state.store.goals(m, course).await?;
        let all = state.store.measurements(m, course).await?;
        for p in placements
            .iter()
            .filter(|p| p.status == PlacementStatus::Active)
        {
            let name = names.get(&p.intervention_id).cloned().unwrap_or_default();
            rows.push(ControlRow {
                kind: DeadlineKind::PlanReview,
                due: p.period.to,
                detail: crate::page::say_with("control_intervention_ends", &[("name", &name)]),
                recordable: false,
            });
            let open_goals: Vec<_> = goals
                .iter()
                .filter(|g| g.placement_id == p.id && g.ended_at.is_none())
                .collect();
            if open_goals.is_empty() {
                rows.push(ControlRow {
                    kind: DeadlineKind::Measurement,
                    due: p.first_measurement,
                    detail: crate::page::say_with(
                        "control_first_measurement_no_goal",
                        &[("name", &name)],
                    ),
                    recordable: false,
                });
            }
            for g in open_goals {
                let series = effective(&all, Some(g.id), Rater::Provider);
                rows.push(ControlRow {
                    kind: DeadlineKind::Measurement,
                    due: next_due(p.first_measurement, g.interval_days, &series),
                    detail: format!("{name}: {}", g.question),
                    recordable: false,
                });
            }
        }
        if let Some(f) = state
            .store
            .frameworks(m)
            .await?
            .into_iter()
            .find(|f| f.name == k.framework)
        {
            rows.push(ControlRow {
                kind: DeadlineKind::FrameworkEnd,
                due: k.start_date + Duration::weeks(i64::from(f.default_weeks)) - Duration::days(1),
                detail: f.name,
                recordable: false,
            });
        }
        rows.retain(|r| r.due <= until);
        rows.sort_by_key(|r| r.due);
    }
    Ok(ControlView {
        before_start,
        access,
        citizen,
        rows,
        exit,
        today,
    })
}

/// Closes the course with its outcome. Open interventions end and their
/// providers are told; the course is read-only afterwards, except for
/// journal entries.
pub async fn close(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    version: i64,
    outcome: &str,
    date: &str,
    hours: &str,
) -> Result<CourseExit, WebError> {
    let ca = managed_any(state, actor, course).await?;
    let now = Utc::now();
    let today = today_copenhagen(now);
    let (outcome, date, hours) = check_exit(outcome, date, hours, ca.course.start_date, today)
        .map_err(WebError::Validation)?;
    let exit = CourseExit {
        course_id: course,
        municipality_id: actor.municipality_id,
        outcome,
        date,
        hours_per_week: hours,
        recorded_by: actor.user_id,
        recorded_at: now,
    };
    let note = JournalEntry {
        id: JournalEntryId::new(),
        municipality_id: actor.municipality_id,
        course_id: course,
        author_id: actor.user_id,
        author_name: actor.display_name.clone(),
        author_role: actor.role,
        entry_date: date,
        text: format!(
            "Forløbet er afsluttet pr. {}: {}{}.",
            format_date(date),
            outcome.word_in(crate::i18n::Lang::Da),
            hours
                .map(|h| format!(", {h} timer om ugen"))
                .unwrap_or_default()
        ),
        corrects: None,
        created_at: now,
    };
    let ev = event(
        actor,
        AuditAction::Update,
        Some(ca.course.citizen_id),
        format!("course:{course}:closed"),
        PURPOSE_CASEWORK,
    );
    state
        .store
        .close_course(&exit, version, &note, &[ev])
        .await
        .map_err(|e| match e {
            StoreError::Conflict(Conflict::CourseClosed) => {
                WebError::Refused(Refusal::CourseAlreadyClosed)
            }
            other => other.into(),
        })?;
    Ok(exit)
}

/// Records that a statutory deadline (a follow-up, the reassessment) was met
/// on `met_on`, with a journal note.
pub async fn meet(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    kind: &str,
    due: &str,
    met_on: &str,
) -> Result<(), WebError> {
    let ca = crate::consent::service::managed_course(state, actor, course).await?;
    let k = &ca.course;
    let now = Utc::now();
    let today = today_copenhagen(now);
    let kind = DeadlineKind::parse(kind)
        .filter(|k| k.recorded())
        .ok_or_else(|| WebError::invalid("invalid.unknown_deadline"))?;
    let book = crate::rules::service::book(state, actor.municipality_id).await?;
    let due = jobspor_domain::time::parse_date(due)
        .filter(|d| {
            statutory(&book, &k.dates(), *d)
                .iter()
                .any(|x| x.kind == kind && x.due == *d)
        })
        .ok_or_else(|| WebError::invalid("invalid.the_course_has_no_such_deadline"))?;
    let met_on = match met_on.trim() {
        "" => today,
        t => jobspor_domain::time::parse_date(t)
            .ok_or_else(|| WebError::invalid("invalid.the_date_is_not_a_valid"))?,
    };
    if met_on > today || met_on < k.start_date {
        return Err(WebError::invalid("invalid.the_date_must_lie_between_the"));
    }
    let note = JournalEntry {
        id: JournalEntryId::new(),
        municipality_id: actor.municipality_id,
        course_id: course,
        author_id: actor.user_id,
        author_name: actor.display_name.clone(),
        author_role: actor.role,
        entry_date: met_on,
        text: format!(
            "{} med frist {} er afholdt {}.",
            kind.word_in(crate::i18n::Lang::Da),
            format_date(due),
            format_date(met_on)
        ),
        corrects: None,
        created_at: now,
    };
    let ev = event(
        actor,
        AuditAction::Update,
        Some(k.citizen_id),
        format!("course:{course}:{}:{due}", kind.code()),
        PURPOSE_CASEWORK,
    );
    state
        .store
        .meet_deadline(
            actor.municipality_id,
            course,
            kind.code(),
            due,
            met_on,
            actor.user_id,
            &note,
            &[ev],
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => {
                WebError::invalid("invalid.the_deadline_is_already_recorded_as")
            }
            other => other.into(),
        })
}
