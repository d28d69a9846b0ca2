//! Progression: goals per placement, separate ratings by citizen and
//! provider, the caseworker's rating toward the employment goal, flags and
//! decisions. The course's team and caseworker see it all; a provider sees
//! and rates only their own participants, while consent holds. Every read
//! and change is audited.

pub mod question_bank;
pub mod rating_link;

use crate::audit::{event, PURPOSE_CASEWORK};
use crate::courses::service::{course_for, CourseAccess};
use crate::error::{Refusal, WebError};
use crate::i18n::Word;
use crate::AppState;
use chrono::{NaiveDate, Utc};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::message::Message;
use jobspor_domain::plan::{Placement, PlacementStatus};
use jobspor_domain::progression::*;
use jobspor_domain::text::{self, MEDIUM_MAX_BYTES};
use jobspor_domain::time::{parse_date, today_copenhagen};
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::*;
use jobspor_store::{Conflict, PlacementStop, StoreError};

/// One goal with its two series, due date and flags.
pub struct GoalView {
    pub goal: ProgressGoal,
    pub citizen: Vec<Point>,
    pub provider: Vec<Point>,
    pub due: NaiveDate,
    pub flags: Vec<Flag>,
    /// The ratings as given, newest first, for corrections.
    pub entries: Vec<Measurement>,
}

impl GoalView {
    /// Latest minus baseline, per rater.
    pub fn change(series: &[Point]) -> Option<i8> {
        Some(series.last()?.value - series.first()?.value)
    }
}

pub struct PlacementView {
    pub placement: Placement,
    pub intervention_name: String,
    pub goals: Vec<GoalView>,
    pub decisions: Vec<DecisionRecord>,
}

/// The GAS T-score across the GAS goals given, from each goal's latest
/// provider level (the team's follow-up rating) and its weight.
pub fn gas_t<'a>(goals: impl Iterator<Item = &'a GoalView>) -> Option<f64> {
    let levels: Vec<(f64, i8)> = goals
        .filter(|g| g.goal.style == QuestionStyle::Gas)
        .filter_map(|g| {
            g.provider
                .last()
                .map(|p| (f64::from(g.goal.weight), p.value))
        })
        .collect();
    gas_t_score(&levels, GAS_RHO)
}

pub struct CourseProgress {
    pub access: CourseAccess,
    pub citizen: Citizen,
    pub placements: Vec<PlacementView>,
    /// The caseworker's ratings toward the employment goal.
    pub employment: Vec<Point>,
    pub today: NaiveDate,
}

fn build(
    placements: Vec<(Placement, String)>,
    goals: &[ProgressGoal],
    all: &[Measurement],
    decisions: &[DecisionRecord],
    th: Thresholds,
    today: NaiveDate,
) -> Vec<PlacementView> {
    placements
        .into_iter()
        .map(|(p, name)| {
            let goals = goals
                .iter()
                .filter(|g| g.placement_id == p.id)
                .map(|g| {
                    let citizen = effective(all, Some(g.id), Rater::Citizen);
                    let provider = effective(all, Some(g.id), Rater::Provider);
                    let due = next_due(p.first_measurement, g.interval_days, &provider);
                    let open = g.ended_at.is_none() && p.status == PlacementStatus::Active;
                    let flags = if open {
                        flags(&citizen, &provider, due, today, th)
                    } else {
                        Vec::new()
                    };
                    let mut entries: Vec<Measurement> = all
                        .iter()
                        .filter(|m| m.goal_id == Some(g.id))
                        .cloned()
                        .collect();
                    entries.reverse();
                    GoalView {
                        goal: g.clone(),
                        citizen,
                        provider,
                        due,
                        flags,
                        entries,
                    }
                })
                .collect();
            PlacementView {
                decisions: decisions
                    .iter()
                    .filter(|d| d.placement_id == p.id)
                    .cloned()
                    .collect(),
                placement: p,
                intervention_name: name,
                goals,
            }
        })
        .collect()
}

/// The course's progression for its team and caseworker.
pub async fn course(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<CourseProgress, WebError> {
    let (access, citizen) =
        crate::courses::service::read_course(state, actor, course, "progression").await?;
    let m = actor.municipality_id;
    let names: std::collections::HashMap<InterventionId, String> = state
        .store
        .interventions(m)
        .await?
        .into_iter()
        .map(|i| (i.id, i.name))
        .collect();
    let placements = state
        .store
        .placements(m, course)
        .await?
        .into_iter()
        .filter(|p| p.status != PlacementStatus::Waiting)
        .map(|p| {
            let n = names.get(&p.intervention_id).cloned().unwrap_or_default();
            (p, n)
        })
        .collect();
    let goals = state.store.goals(m, course).await?;
    let all = state.store.measurements(m, course).await?;
    let decisions = state.store.decisions(m, course).await?;
    let th = state.store.thresholds(m).await?;
    let today = today_copenhagen(Utc::now());
    Ok(CourseProgress {
        placements: build(placements, &goals, &all, &decisions, th, today),
        employment: effective(&all, None, Rater::Caseworker),
        access,
        citizen,
        today,
    })
}

/// Who is acting on a placement, as far as progression goes.
pub(crate) enum Acting {
    /// The course's caseworker (or a teammate standing in).
    Caseworker,
    /// The provider of the placement's unit, consent holding.
    Provider,
}

/// The placement if the actor may work on its progression (else 404).
pub(crate) async fn placement_for(
    state: &AppState,
    actor: &Actor,
    id: PlacementId,
) -> Result<(Placement, Acting), WebError> {
    let m = actor.municipality_id;
    if actor.role == Role::Provider {
        let row = crate::provider::service::participant(state, actor, id).await?;
        return Ok((row.placement, Acting::Provider));
    }
    let p = state
        .store
        .placement(m, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let ca = course_for(state, actor, p.course_id).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound);
    }
    crate::courses::service::ensure_open(&ca.course)?;
    Ok((p, Acting::Caseworker))
}

/// One placement's progression for its provider (the caseworker uses the
/// course view).
/// `row` comes from [`crate::provider::service::participant`], which checked access
/// and audited the read.
pub async fn for_provider(
    state: &AppState,
    actor: &Actor,
    row: jobspor_store::RosterRow,
) -> Result<PlacementView, WebError> {
    let m = actor.municipality_id;
    let p = row.placement;
    let goals = state.store.goals(m, p.course_id).await?;
    let all: Vec<Measurement> = state
        .store
        .measurements(m, p.course_id)
        .await?
        .into_iter()
        .filter(|x| x.placement_id == Some(p.id))
        .collect();
    let decisions = state.store.decisions(m, p.course_id).await?;
    let th = state.store.thresholds(m).await?;
    let today = today_copenhagen(Utc::now());
    let mut views = build(
        vec![(p, row.intervention_name)],
        &goals,
        &all,
        &decisions,
        th,
        today,
    );
    views.pop().ok_or(WebError::NotFound)
}

fn invalid(m: Message) -> WebError {
    WebError::Validation(m)
}

fn measured_on(s: &str, earliest: NaiveDate, today: NaiveDate) -> Result<NaiveDate, WebError> {
    let day = match s.trim() {
        "" => today,
        t => parse_date(t).ok_or_else(|| WebError::invalid("invalid.the_date_is_not_a_valid"))?,
    };
    check_measured_on(day, earliest, today).map_err(invalid)?;
    Ok(day)
}

pub(crate) fn open_placement(p: &Placement) -> Result<(), WebError> {
    if p.status != PlacementStatus::Active {
        return Err(WebError::Refused(Refusal::NotUnderWay));
    }
    Ok(())
}

pub struct NewGoal<'a> {
    pub goal: GoalInput<'a>,
    pub baseline_citizen: &'a str,
    pub baseline_provider: &'a str,
}

/// A goal agreed by provider and citizen, with each one's baseline rating.
pub async fn add_goal(
    state: &AppState,
    actor: &Actor,
    id: PlacementId,
    input: &NewGoal<'_>,
) -> Result<ProgressGoal, WebError> {
    let (p, _) = placement_for(state, actor, id).await?;
    open_placement(&p)?;
    let v = input.goal.validate().map_err(invalid)?;
    let citizen = parse_rating(input.baseline_citizen, v.style).map_err(invalid)?;
    let provider = parse_rating(input.baseline_provider, v.style).map_err(invalid)?;
    let now = Utc::now();
    let today = today_copenhagen(now);
    let g = ProgressGoal {
        id: GoalId::new(),
        municipality_id: actor.municipality_id,
        course_id: p.course_id,
        placement_id: p.id,
        style: v.style,
        question: v.question,
        gas_levels: v.gas_levels,
        weight: v.weight,
        interval_days: v.interval_days,
        created_at: now,
        created_by: actor.user_id,
        ended_at: None,
    };
    let base = |rater, value| Measurement {
        id: MeasurementId::new(),
        municipality_id: actor.municipality_id,
        course_id: p.course_id,
        placement_id: Some(p.id),
        goal_id: Some(g.id),
        rater,
        value,
        comment: String::new(),
        measured_on: today,
        channel: if rater == Rater::Citizen {
            Channel::Meeting
        } else {
            Channel::Staff
        },
        baseline: true,
        recorded_at: now,
        recorded_by: Some(actor.user_id),
        corrects: None,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(p.citizen_id),
        format!("progress_goal:{}", g.id),
        PURPOSE_CASEWORK,
    );
    state
        .store
        .add_goal(
            &g,
            &[
                base(Rater::Citizen, citizen),
                base(Rater::Provider, provider),
            ],
            &[ev],
        )
        .await?;
    Ok(g)
}

pub struct Rating<'a> {
    pub goal: GoalId,
    pub rater: Rater,
    pub value: &'a str,
    pub comment: &'a str,
    pub date: &'a str,
    pub corrects: Option<MeasurementId>,
}

/// A rating of a goal. The provider rates as provider; the citizen's own
/// rating is keyed in at a meeting by the provider or the caseworker.
pub async fn rate(
    state: &AppState,
    actor: &Actor,
    id: PlacementId,
    r: &Rating<'_>,
) -> Result<Measurement, WebError> {
    let (p, who) = placement_for(state, actor, id).await?;
    open_placement(&p)?;
    let allowed = matches!(
        (&who, r.rater),
        (_, Rater::Citizen) | (Acting::Provider, Rater::Provider)
    );
    if !allowed {
        return Err(WebError::invalid("invalid.you_cannot_give_that_rating"));
    }
    let g = state
        .store
        .goals(actor.municipality_id, p.course_id)
        .await?
        .into_iter()
        .find(|g| g.id == r.goal && g.placement_id == p.id && g.ended_at.is_none())
        .ok_or(WebError::NotFound)?;
    let now = Utc::now();
    let today = today_copenhagen(now);
    let m = Measurement {
        id: MeasurementId::new(),
        municipality_id: actor.municipality_id,
        course_id: p.course_id,
        placement_id: Some(p.id),
        goal_id: Some(g.id),
        rater: r.rater,
        value: parse_rating(r.value, g.style).map_err(invalid)?,
        comment: text::normalize(r.comment, "comment", MEDIUM_MAX_BYTES)
            .map_err(crate::audit::validation)?,
        measured_on: measured_on(r.date, p.period.from, today)?,
        channel: if r.rater == Rater::Citizen {
            Channel::Meeting
        } else {
            Channel::Staff
        },
        baseline: false,
        recorded_at: now,
        recorded_by: Some(actor.user_id),
        corrects: r.corrects,
    };
    save_measurement(state, actor, p.citizen_id, m).await
}

/// Saves a rating with its audit entry.
async fn save_measurement(
    state: &AppState,
    actor: &Actor,
    citizen: CitizenId,
    m: Measurement,
) -> Result<Measurement, WebError> {
    let ev = event(
        actor,
        AuditAction::Create,
        Some(citizen),
        format!("measurement:{}", m.id),
        PURPOSE_CASEWORK,
    );
    state.store.add_measurement(&m, &[ev]).await?;
    Ok(m)
}

/// The caseworker's rating of progress toward the employment goal.
pub async fn rate_employment(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    value: &str,
    comment: &str,
    date: &str,
) -> Result<Measurement, WebError> {
    let ca = course_for(state, actor, course).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound);
    }
    crate::courses::service::ensure_open(&ca.course)?;
    let now = Utc::now();
    let today = today_copenhagen(now);
    let m = Measurement {
        id: MeasurementId::new(),
        municipality_id: actor.municipality_id,
        course_id: course,
        placement_id: None,
        goal_id: None,
        rater: Rater::Caseworker,
        value: parse_rating(value, QuestionStyle::Own).map_err(invalid)?,
        comment: text::normalize(comment, "comment", MEDIUM_MAX_BYTES)
            .map_err(crate::audit::validation)?,
        measured_on: measured_on(date, ca.course.start_date, today)?,
        channel: Channel::Staff,
        baseline: false,
        recorded_at: now,
        recorded_by: Some(actor.user_id),
        corrects: None,
    };
    save_measurement(state, actor, ca.course.citizen_id, m).await
}

/// A decision on a goal: continue, adjust (the goal ends; a new one is
/// added) or stop (the intervention ends). Audited, written to the journal,
/// and the provider is told.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    id: PlacementId,
    goal: Option<GoalId>,
    decision: &str,
    reason: &str,
) -> Result<DecisionRecord, WebError> {
    let (p, who) = placement_for(state, actor, id).await?;
    let Acting::Caseworker = who else {
        return Err(WebError::NotFound);
    };
    let decision =
        Decision::parse(decision).ok_or_else(|| WebError::invalid("invalid.choose_a_decision"))?;
    let reason = match decision {
        Decision::Continue => text::normalize(reason, "reason", MEDIUM_MAX_BYTES),
        _ => text::required(reason, "reason", MEDIUM_MAX_BYTES),
    }
    .map_err(crate::audit::validation)?;
    let m = actor.municipality_id;
    let view = build(
        vec![(p.clone(), String::new())],
        &state.store.goals(m, p.course_id).await?,
        &state.store.measurements(m, p.course_id).await?,
        &[],
        state.store.thresholds(m).await?,
        today_copenhagen(Utc::now()),
    );
    let flagged: Vec<String> = view
        .iter()
        .flat_map(|v| v.goals.iter())
        .filter(|g| goal.is_none_or(|id| g.goal.id == id))
        .flat_map(|g| {
            g.flags
                .iter()
                .map(|f| crate::i18n::words::flag(crate::i18n::Lang::Da, f))
        })
        .collect();
    if let Some(gid) = goal {
        if !view
            .iter()
            .flat_map(|v| v.goals.iter())
            .any(|g| g.goal.id == gid)
        {
            return Err(WebError::NotFound);
        }
    }
    let now = Utc::now();
    let d = DecisionRecord {
        id: DecisionId::new(),
        municipality_id: m,
        course_id: p.course_id,
        placement_id: p.id,
        goal_id: goal,
        decision,
        reason: reason.clone(),
        flags: flagged,
        decided_by: actor.user_id,
        decided_at: now,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(p.citizen_id),
        format!("progress_decision:{}", d.id),
        PURPOSE_CASEWORK,
    );
    let ends_goal = decision != Decision::Continue && goal.is_some();
    let name = state
        .store
        .intervention(m, p.intervention_id)
        .await?
        .map(|i| i.name)
        .unwrap_or_default();
    let note = JournalEntry {
        id: JournalEntryId::new(),
        municipality_id: m,
        course_id: p.course_id,
        author_id: actor.user_id,
        author_name: actor.display_name.clone(),
        author_role: actor.role,
        entry_date: today_copenhagen(now),
        text: format!(
            "Beslutning om progressionen i {name}: {}.{}",
            decision.word_in(crate::i18n::Lang::Da),
            if reason.is_empty() {
                String::new()
            } else {
                format!(" Begrundelse: {reason}")
            }
        ),
        corrects: None,
        created_at: now,
    };
    let mut events = vec![
        ev,
        event(
            actor,
            AuditAction::Create,
            Some(p.citizen_id),
            format!("journal:{}", note.id),
            PURPOSE_CASEWORK,
        ),
    ];
    // Stopping ends the placement in the same transaction.
    let stop = if decision == Decision::Stop {
        crate::consent::service::managed_course(state, actor, p.course_id).await?;
        events.push(event(
            actor,
            AuditAction::Update,
            Some(p.citizen_id),
            format!("placement:{}:ended", p.id),
            PURPOSE_CASEWORK,
        ));
        Some(PlacementStop {
            reason: reason.clone(),
            expected_plan_version: state.store.plan_version(m, p.course_id).await?,
        })
    } else {
        None
    };
    state
        .store
        .decide(&d, p.unit_id, ends_goal, &note, stop.as_ref(), &events)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(Conflict::GoalEnded) => WebError::Refused(Refusal::GoalEnded),
            StoreError::Conflict(Conflict::CourseClosed) => {
                crate::courses::service::closed_refusal()
            }
            other => other.into(),
        })?;
    Ok(d)
}

/// A goal the actor may rate on this placement (open goals only).
pub async fn goal_for_rating(
    state: &AppState,
    actor: &Actor,
    id: PlacementId,
    goal: GoalId,
) -> Result<ProgressGoal, WebError> {
    let (p, _) = placement_for(state, actor, id).await?;
    open_placement(&p)?;
    let found = state
        .store
        .goals(actor.municipality_id, p.course_id)
        .await?
        .into_iter()
        .find(|g| g.id == goal && g.placement_id == p.id && g.ended_at.is_none())
        .ok_or(WebError::NotFound)?;
    // The page shows the citizen's goal: a read of their data.
    crate::audit::audit(
        state,
        &[event(
            actor,
            AuditAction::Read,
            Some(p.citizen_id),
            format!("goal:{}:rating_form", found.id),
            PURPOSE_CASEWORK,
        )],
    )
    .await?;
    Ok(found)
}
