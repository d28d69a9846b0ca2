//! Caseload: open courses per caseworker against the municipality's targets,
//! the distribution per team, the trend month by month, and moves that even
//! out a team. The manager sees caseworkers and counts, never a citizen; a
//! move hands over courses with a note in each course's journal and an
//! audit entry per course.

use crate::audit::event;
use crate::error::{Refusal, WebError};
use crate::journal::service::new_entry;
use crate::management::service::outcomes::Filter;
use crate::management::service::register::{require_manager, PURPOSE_EVALUATION};
use crate::AppState;
use chrono::{Months, NaiveDate, Utc};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::course::CourseStatus;
use jobspor_domain::evaluation::caseload::{propose_moves, Load, Range, Status, Targets};
use jobspor_domain::evaluation::median;
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::{Actor, Role, User};
use jobspor_domain::UserId;
use jobspor_store::{CohortCourse, CourseChange, DEFAULT_TARGET_KEY};
use std::collections::{BTreeMap, HashMap};

/// Why a manager moved courses: the purpose in each course's audit entry.
pub const PURPOSE_CASELOAD: &str = "fordeling af sager";

#[derive(Debug, Clone)]
pub struct Worker {
    pub id: UserId,
    pub name: String,
    pub team: String,
    pub open: usize,
    pub by_group: BTreeMap<String, usize>,
    pub range: Range,
    pub status: Status,
}

#[derive(Debug, Clone)]
pub struct TeamLoad {
    pub team: String,
    pub caseworkers: usize,
    pub open: usize,
    pub min: usize,
    pub median: f64,
    pub max: usize,
    pub over: usize,
    pub under: usize,
}

/// Moves proposed from one caseworker to another, of one target group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveGroup {
    pub from: UserId,
    pub from_name: String,
    pub to: UserId,
    pub to_name: String,
    pub target_group: String,
    pub courses: usize,
}

#[derive(Debug, Clone)]
pub struct Caseload {
    pub targets: Targets,
    pub workers: Vec<Worker>,
    pub teams: Vec<TeamLoad>,
    /// First day of each month, and per team the open courses at its end.
    pub months: Vec<NaiveDate>,
    pub trend: Vec<(String, Vec<usize>)>,
    pub moves: Vec<MoveGroup>,
}

const NO_TEAM: &str = "uden team";

fn team_of(u: &User) -> String {
    u.team.clone().unwrap_or_else(|| NO_TEAM.into())
}

/// The caseworkers and their open courses, in the filter's team and unit.
fn loads(
    users: &[User],
    cohort: &[CohortCourse],
    f: &Filter,
) -> (Vec<Load<String>>, HashMap<String, User>) {
    let mut by_worker: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for c in cohort.iter().filter(|c| !c.closed) {
        if !f.group_in(&c.target_group) {
            continue;
        }
        by_worker
            .entry(c.caseworker_id.to_string())
            .or_default()
            .push((c.course_id.to_string(), c.target_group.clone()));
    }
    let people: HashMap<String, User> = users
        .iter()
        .filter(|u| u.role == Role::Caseworker)
        .filter(|u| u.active || by_worker.contains_key(&u.id.to_string()))
        .filter(|u| f.staff_in(u.team.as_ref(), u.unit_id))
        .map(|u| (u.id.to_string(), u.clone()))
        .collect();
    let mut out: Vec<Load<String>> = people
        .iter()
        .map(|(id, u)| Load {
            caseworker: id.clone(),
            team: team_of(u),
            courses: by_worker.remove(id).unwrap_or_default(),
        })
        .collect();
    out.sort_by(|a, b| a.caseworker.cmp(&b.caseworker));
    (out, people)
}

fn proposals(
    targets: &Targets,
    loads: &[Load<String>],
    people: &HashMap<String, User>,
) -> Vec<(MoveGroup, Vec<String>)> {
    let groups: HashMap<&String, HashMap<&String, &String>> = loads
        .iter()
        .map(|l| {
            (
                &l.caseworker,
                l.courses.iter().map(|(c, g)| (c, g)).collect(),
            )
        })
        .collect();
    let mut out: BTreeMap<(String, String, String), Vec<String>> = BTreeMap::new();
    for m in propose_moves(targets, loads) {
        let group = groups
            .get(&m.from)
            .and_then(|g| g.get(&m.course))
            .map(|g| (*g).clone())
            .unwrap_or_default();
        out.entry((m.from, m.to, group)).or_default().push(m.course);
    }
    out.into_iter()
        .filter_map(|((from, to, group), courses)| {
            let (f, t) = (people.get(&from)?, people.get(&to)?);
            Some((
                MoveGroup {
                    from: f.id,
                    from_name: f.display_name.clone(),
                    to: t.id,
                    to_name: t.display_name.clone(),
                    target_group: group,
                    courses: courses.len(),
                },
                courses,
            ))
        })
        .collect()
}

pub async fn caseload(state: &AppState, actor: &Actor, f: &Filter) -> Result<Caseload, WebError> {
    require_manager(actor)?;
    let m = actor.municipality_id;
    let targets = state.store.caseload_targets(m).await?;
    let users = state.store.list_users(m).await?;
    let cohort = crate::management::service::snapshot::cohort(state, m).await?;
    let (loads, people) = loads(&users, &cohort, f);
    let mut workers: Vec<Worker> = loads
        .iter()
        .filter_map(|l| {
            let u = people.get(&l.caseworker)?;
            let mut by_group = BTreeMap::new();
            for (_, g) in &l.courses {
                *by_group.entry(g.clone()).or_insert(0) += 1;
            }
            Some(Worker {
                id: u.id,
                name: u.display_name.clone(),
                team: l.team.clone(),
                open: l.courses.len(),
                by_group,
                range: targets.range_for(l),
                status: targets.status(l),
            })
        })
        .collect();
    workers.sort_by(|a, b| a.team.cmp(&b.team).then(a.name.cmp(&b.name)));
    let mut per_team: BTreeMap<String, Vec<&Worker>> = BTreeMap::new();
    for w in &workers {
        per_team.entry(w.team.clone()).or_default().push(w);
    }
    let teams = per_team
        .into_iter()
        .map(|(team, ws)| {
            let mut counts: Vec<usize> = ws.iter().map(|w| w.open).collect();
            counts.sort_unstable();
            TeamLoad {
                caseworkers: ws.len(),
                open: counts.iter().sum(),
                min: counts.first().copied().unwrap_or(0),
                median: median(&counts.iter().map(|&n| n as f64).collect::<Vec<_>>())
                    .unwrap_or(0.0),
                max: counts.last().copied().unwrap_or(0),
                over: ws.iter().filter(|w| w.status == Status::Over).count(),
                under: ws.iter().filter(|w| w.status == Status::Under).count(),
                team,
            }
        })
        .collect();
    // The trend: courses open at each month's end, by the team of today's
    // caseworker (reassignments are not dated, so history follows today's
    // teams). Closed courses without a recorded exit date are left out.
    let months = f.months(today_copenhagen(Utc::now()));
    let mut trend: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let team_by_worker: HashMap<UserId, String> =
        people.values().map(|u| (u.id, team_of(u))).collect();
    for c in cohort.iter() {
        let Some(team) = team_by_worker.get(&c.caseworker_id) else {
            continue;
        };
        if !f.group_in(&c.target_group) {
            continue;
        }
        let end = match (&c.exit, c.closed) {
            (Some((_, d)), _) => Some(*d),
            (None, true) => continue,
            (None, false) => None,
        };
        let line = trend
            .entry(team.clone())
            .or_insert_with(|| vec![0; months.len()]);
        for (i, month) in months.iter().enumerate() {
            let month_end = (*month + Months::new(1)).pred_opt().unwrap_or(*month);
            if c.start <= month_end && end.is_none_or(|e| e > month_end) {
                line[i] += 1;
            }
        }
    }
    let moves = proposals(&targets, &loads, &people)
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    crate::management::service::register::audit_aggregate(state, actor, "caseload").await?;
    Ok(Caseload {
        targets,
        workers,
        teams,
        months,
        trend: trend.into_iter().collect(),
        moves,
    })
}

/// The proposed move from one caseworker to another in a target group, as
/// it stands now; refused when it is no longer proposed.
async fn proposed(
    state: &AppState,
    actor: &Actor,
    from: UserId,
    to: UserId,
    target_group: &str,
) -> Result<(MoveGroup, Vec<String>), WebError> {
    require_manager(actor)?;
    let m = actor.municipality_id;
    let targets = state.store.caseload_targets(m).await?;
    let users = state.store.list_users(m).await?;
    let cohort = state.store.cohort(m).await?;
    let (loads, people) = loads(&users, &cohort, &Filter::default());
    proposals(&targets, &loads, &people)
        .into_iter()
        .find(|(g, _)| g.from == from && g.to == to && g.target_group == target_group)
        .ok_or(WebError::Refused(Refusal::MoveNotProposed))
}

/// What a move would do, to ask before it: how many courses, from whom, to
/// whom.
pub async fn preview_move(
    state: &AppState,
    actor: &Actor,
    from: UserId,
    to: UserId,
    target_group: &str,
) -> Result<(usize, String, String), WebError> {
    let (group, courses) = proposed(state, actor, from, to, target_group).await?;
    Ok((courses.len(), group.from_name, group.to_name))
}

/// Carries out one proposed move (recomputed now, so a stale page moves
/// nothing that is no longer proposed). Returns how many courses moved.
pub async fn apply_move(
    state: &AppState,
    actor: &Actor,
    from: UserId,
    to: UserId,
    target_group: &str,
) -> Result<usize, WebError> {
    let m = actor.municipality_id;
    let (group, courses) = proposed(state, actor, from, to, target_group).await?;
    let today = today_copenhagen(Utc::now());
    // Every course of the proposal moves, or none does.
    let mut changes = Vec::new();
    let mut events = Vec::new();
    for id in courses {
        let Ok(id) = id.parse() else { continue };
        let Some(mut c) = state.store.course(m, id).await? else {
            continue;
        };
        if c.status == CourseStatus::Closed || c.caseworker_id != from {
            continue;
        }
        c.caseworker_id = to;
        let entry = new_entry(
            actor,
            c.id,
            today,
            format!(
                "Forløbet er overdraget fra {} til {} for at udjævne sagsstammerne.",
                group.from_name, group.to_name
            ),
            None,
        );
        events.push(event(
            actor,
            AuditAction::Update,
            Some(c.citizen_id),
            format!("course:{}:caseworker", c.id),
            PURPOSE_CASELOAD,
        ));
        changes.push(CourseChange {
            expected_version: c.version,
            course: c,
            note: entry,
        });
    }
    state.store.update_courses(&changes, &events).await?;
    state.eval_cache.invalidate(m);
    Ok(changes.len())
}

/// Sets the range for a target group (or the default, whose range is one
/// number: `max`).
pub async fn set_target(
    state: &AppState,
    actor: &Actor,
    group: &str,
    range: Range,
) -> Result<(), WebError> {
    require_manager(actor)?;
    if group != DEFAULT_TARGET_KEY && TargetGroup::parse(group).is_none() {
        return Err(WebError::invalid("invalid.unknown_target_group"));
    }
    if range.min > range.max || range.max == 0 || range.max > 500 {
        return Err(WebError::invalid("invalid.targets_must_be_1_to_500"));
    }
    let ev = event(
        actor,
        AuditAction::Update,
        None,
        format!("caseload_target:{group}"),
        PURPOSE_EVALUATION,
    );
    state
        .store
        .set_caseload_target(actor.municipality_id, group, range, &[ev])
        .await?;
    Ok(())
}
