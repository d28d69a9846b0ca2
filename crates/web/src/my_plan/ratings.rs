//! The citizen's own progression in "Min plan": each open goal of an
//! intervention under way, the citizen's own series of ratings, and a form
//! to rate it today (0–10, or the goal's five GAS levels), as the one-time
//! rating link does, without needing a link.

use super::login::own;
use super::running::{day, running, Running};
use super::session;
use crate::error::WebError;
use crate::i18n::Tx;
use crate::page::PageResult;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::plan::{Placement, PlacementStatus};
use jobspor_domain::progression::{
    check_measured_on, parse_rating, Channel, Measurement, ProgressGoal, QuestionStyle, Rater,
};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::{GoalId, MeasurementId, MunicipalityId};
use serde::Deserialize;

pub struct Level {
    pub value: i8,
    pub label: String,
    pub checked: bool,
}

pub struct GoalRow {
    pub id: String,
    pub question: String,
    /// The citizen's own ratings, oldest first: "date: value".
    pub series: Vec<String>,
    pub levels: Vec<Level>,
    pub problem: Option<String>,
}

/// An open goal of an intervention under way, with its placement and the
/// citizen's own ratings of it, oldest first.
struct OpenGoal {
    goal: ProgressGoal,
    placement: Placement,
    mine: Vec<Measurement>,
}

async fn open_goals(
    state: &AppState,
    m: MunicipalityId,
    courses: &[Running],
) -> Result<Vec<OpenGoal>, WebError> {
    let mut out = Vec::new();
    for r in courses {
        let open: Vec<(ProgressGoal, &Placement)> = state
            .store
            .goals(m, r.course.id)
            .await?
            .into_iter()
            .filter(|g| g.ended_at.is_none())
            .filter_map(|g| {
                let p = r
                    .placements
                    .iter()
                    .find(|p| p.id == g.placement_id && p.status == PlacementStatus::Active)?;
                Some((g, p))
            })
            .collect();
        if open.is_empty() {
            continue;
        }
        // The course's ratings once, for all its goals.
        let ratings = state.store.measurements(m, r.course.id).await?;
        for (goal, p) in open {
            let mine = ratings
                .iter()
                .filter(|x| x.goal_id == Some(goal.id) && x.rater == Rater::Citizen)
                .cloned()
                .collect();
            out.push(OpenGoal {
                goal,
                placement: p.clone(),
                mine,
            });
        }
    }
    Ok(out)
}

pub async fn rows(
    state: &AppState,
    m: MunicipalityId,
    courses: &[Running],
    tx: &Tx,
    problem: Option<&super::page::Problem>,
) -> Result<Vec<GoalRow>, WebError> {
    let mut out = Vec::new();
    for OpenGoal { goal: g, mine, .. } in open_goals(state, m, courses).await? {
        let last = mine.last().map(|x| x.value);
        let here = problem.filter(|x| x.about == g.id.to_string());
        let (lo, hi) = g.style.range();
        let levels = (lo..=hi)
            .map(|v| Level {
                value: v,
                label: match g.style {
                    QuestionStyle::Gas => g
                        .gas_levels
                        .get(usize::try_from(v - lo).unwrap_or(0))
                        .map(|d| format!("{v:+}: {d}"))
                        .unwrap_or_else(|| format!("{v:+}")),
                    _ => v.to_string(),
                },
                checked: here
                    .map(|x| x.choice == v.to_string())
                    .unwrap_or(last == Some(v)),
            })
            .collect();
        out.push(GoalRow {
            id: g.id.to_string(),
            question: g.question.clone(),
            series: mine
                .iter()
                .map(|x| format!("{}: {}", day(x.measured_on), x.value))
                .collect(),
            levels,
            problem: here.map(|_| tx.t("my_plan.rating_invalid").to_string()),
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
pub struct RateForm {
    csrf: String,
    #[serde(default)]
    value: String,
}

pub async fn rate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<RateForm>,
) -> PageResult {
    let Some(s) = session::posting(&state, &headers, &f.csrf).await? else {
        return Ok(Redirect::to(&super::paths::home()).into_response());
    };
    let m = s.municipality_id;
    let id: GoalId = id.parse().map_err(|_| WebError::NotFound)?;
    let courses = running(&state, m, s.citizen_id).await?;
    let OpenGoal {
        goal: g,
        placement: p,
        ..
    } = open_goals(&state, m, &courses)
        .await?
        .into_iter()
        .find(|o| o.goal.id == id)
        .ok_or(WebError::NotFound)?;
    let now = Utc::now();
    let today = today_copenhagen(now);
    let checked = check_measured_on(today, p.period.from, today)
        .and_then(|()| parse_rating(&f.value, g.style));
    let value = match checked {
        Ok(v) => v,
        Err(message) => {
            let problem = super::page::Problem {
                about: g.id.to_string(),
                message,
                choice: f.value,
                comment: String::new(),
            };
            return super::page::plan_page(&state, &headers, &s, Some(problem)).await;
        }
    };
    let rating = Measurement {
        id: MeasurementId::new(),
        municipality_id: m,
        course_id: p.course_id,
        placement_id: Some(p.id),
        goal_id: Some(g.id),
        rater: Rater::Citizen,
        value,
        comment: String::new(),
        measured_on: today,
        channel: Channel::MinPlan,
        baseline: false,
        recorded_at: now,
        recorded_by: None,
        corrects: None,
    };
    let ev = own(
        s.municipality_id,
        s.citizen_id,
        AuditAction::Create,
        &format!("goal:{}:rating", g.id),
        "borgerens egen vurdering",
    );
    state.store.add_measurement(&rating, &[ev]).await?;
    Ok(Redirect::to(&format!("{}#maal-{}", super::paths::home(), g.id)).into_response())
}
