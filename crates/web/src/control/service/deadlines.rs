//! Overdue and coming deadlines across courses: for a caseworker (their own
//! courses or their team's) and for a provider unit (measurements due).
//! Names shown are audited reads.

use crate::audit::{audit, event, PURPOSE_CASEWORK};
use crate::error::WebError;
use crate::AppState;
use chrono::{Duration, NaiveDate, Utc};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::control::{outstanding, statutory, DeadlineKind};
use jobspor_domain::progression::{next_due, Point};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::*;
use jobspor_store::{OpenGoal, UserNotice, Whose};
use std::collections::{HashMap, HashSet};

/// How far ahead the lists look.
pub const WINDOW_DAYS: i64 = 14;

pub struct DueRow {
    pub due: NaiveDate,
    pub kind: DeadlineKind,
    pub course_id: CourseId,
    pub placement_id: Option<PlacementId>,
    pub citizen_id: CitizenId,
    pub citizen_name: String,
    pub detail: String,
    pub caseworker: String,
}

pub struct DueList {
    pub rows: Vec<DueRow>,
    pub notices: Vec<UserNotice>,
    pub today: NaiveDate,
}

fn goal_due(g: &OpenGoal) -> NaiveDate {
    // Only the latest date matters for the schedule; a dummy baseline first.
    let series: Vec<Point> = std::iter::once(Point {
        on: g.first_measurement,
        value: 0,
    })
    .chain(g.last_provider.map(|on| Point { on, value: 0 }))
    .collect();
    next_due(g.first_measurement, g.interval_days, &series)
}

async fn audit_rows(
    state: &AppState,
    actor: &Actor,
    rows: &[DueRow],
    purpose: &str,
) -> Result<(), WebError> {
    let shown: HashSet<(CourseId, CitizenId)> =
        rows.iter().map(|r| (r.course_id, r.citizen_id)).collect();
    let events: Vec<_> = shown
        .into_iter()
        .map(|(course, citizen)| {
            event(
                actor,
                AuditAction::Read,
                Some(citizen),
                format!("deadlines:{course}"),
                purpose,
            )
        })
        .collect();
    audit(state, &events).await
}

/// The caseworker's own courses, or (with `team`) every course of their team.
pub async fn for_caseworker(
    state: &AppState,
    actor: &Actor,
    team: bool,
) -> Result<DueList, WebError> {
    if actor.role != Role::Caseworker {
        return Err(WebError::NotFound);
    }
    let m = actor.municipality_id;
    let users = state.store.list_users(m).await?;
    let names: HashMap<UserId, String> = users
        .iter()
        .map(|u| (u.id, u.display_name.clone()))
        .collect();
    let who: Vec<UserId> = if team && actor.team.is_some() {
        users
            .iter()
            .filter(|u| u.role == Role::Caseworker && u.team == actor.team)
            .map(|u| u.id)
            .collect()
    } else {
        vec![actor.user_id]
    };
    let today = today_copenhagen(Utc::now());
    let until = today + Duration::days(WINDOW_DAYS);
    let book = crate::rules::service::book(state, m).await?;
    let mut rows = Vec::new();
    let courses = state.store.open_courses(m, &who).await?;
    let ids: Vec<CourseId> = courses.iter().map(|k| k.course_id).collect();
    let met: HashSet<(CourseId, String, NaiveDate)> = state
        .store
        .deadlines_met(m, &ids)
        .await?
        .into_iter()
        .collect();
    for k in courses {
        let is_met = |d: &jobspor_domain::control::Deadline| {
            met.contains(&(k.course_id, d.kind.code().to_string(), d.due))
        };
        // Unmet ones stay on the list, overdue, until recorded as met.
        for d in outstanding(statutory(&book, &k.dates(), until), is_met, today, until) {
            rows.push(DueRow {
                due: d.due,
                kind: d.kind,
                course_id: k.course_id,
                placement_id: None,
                citizen_id: k.citizen_id,
                citizen_name: k.citizen_name.clone(),
                detail: d
                    .rule_set
                    .map(|r| crate::i18n::words::rule_set(crate::i18n::Lang::current(), r))
                    .unwrap_or_default(),
                caseworker: names.get(&k.caseworker_id).cloned().unwrap_or_default(),
            });
        }
    }
    for g in state.store.open_goals(m, &Whose::Caseworkers(who)).await? {
        let due = goal_due(&g);
        if due <= until {
            rows.push(DueRow {
                due,
                kind: DeadlineKind::Measurement,
                course_id: g.course_id,
                placement_id: Some(g.placement_id),
                detail: format!("{}: {}", g.intervention_name, g.question),
                citizen_id: g.citizen_id,
                citizen_name: g.citizen_name,
                caseworker: names.get(&g.caseworker_id).cloned().unwrap_or_default(),
            });
        }
    }
    rows.sort_by(|a, b| (a.due, &a.citizen_name).cmp(&(b.due, &b.citizen_name)));
    audit_rows(state, actor, &rows, PURPOSE_CASEWORK).await?;
    let notices = state.store.notices(m, actor.user_id, 20).await?;
    crate::notices::service::audit_names(state, actor, &notices).await?;
    Ok(DueList {
        rows,
        notices,
        today,
    })
}

/// The provider unit's measurements due, for participants consent allows.
pub async fn for_provider(state: &AppState, actor: &Actor) -> Result<DueList, WebError> {
    let Some(unit) = actor.unit_id.filter(|_| actor.role == Role::Provider) else {
        return Err(WebError::NotFound);
    };
    let visible: HashSet<PlacementId> =
        crate::provider::service::participants_unaudited(state, actor)
            .await?
            .into_iter()
            .map(|r| r.placement.id)
            .collect();
    let today = today_copenhagen(Utc::now());
    let until = today + Duration::days(WINDOW_DAYS);
    let mut rows: Vec<DueRow> = state
        .store
        .open_goals(actor.municipality_id, &Whose::Unit(unit))
        .await?
        .into_iter()
        .filter(|g| visible.contains(&g.placement_id))
        .filter_map(|g| {
            let due = goal_due(&g);
            (due <= until).then(|| DueRow {
                due,
                kind: DeadlineKind::Measurement,
                course_id: g.course_id,
                placement_id: Some(g.placement_id),
                detail: format!("{}: {}", g.intervention_name, g.question),
                citizen_id: g.citizen_id,
                citizen_name: g.citizen_name,
                caseworker: String::new(),
            })
        })
        .collect();
    rows.sort_by(|a, b| (a.due, &a.citizen_name).cmp(&(b.due, &b.citizen_name)));
    audit_rows(
        state,
        actor,
        &rows,
        crate::provider::service::PURPOSE_PROVIDING,
    )
    .await?;
    Ok(DueList {
        rows,
        notices: Vec::new(),
        today,
    })
}

pub async fn mark_notice_read(state: &AppState, actor: &Actor, id: &str) -> Result<(), WebError> {
    Ok(state
        .store
        .mark_notice_read(actor.municipality_id, actor.user_id, id, Utc::now())
        .await?)
}
