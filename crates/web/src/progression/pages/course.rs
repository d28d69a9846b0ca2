//! Progression on a course: every intervention's goals with charts and
//! tables, the employment-goal line, flags and decisions (caseworker), and
//! the citizen's own rating at a meeting (caseworker and provider).

use crate::auth::{Authed, CurrentUser};
use crate::courses::head::{head, Head};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{form_error, id, render, render_status, Chrome, PageError, PageResult};
use crate::progression::pages::cards::{data_rows, placement_card, DataRow, PlacementCard};
use crate::progression::service as progression;
use crate::progression::service::{NewGoal, Rating};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use jobspor_domain::progression::{GoalInput, QuestionStyle, Rater, SHIPPED};
use jobspor_domain::{CourseId, GoalId, PlacementId};
use serde::Deserialize;

/// One goal in the course's overview: latest value and change since the
/// baseline for citizen and provider, the next measurement, the flags.
pub struct OverviewRow {
    pub intervention: String,
    pub question: String,
    pub citizen: String,
    pub provider: String,
    pub due: String,
    pub flags: String,
}

#[derive(Template)]
#[template(path = "progression/templates/course_progression.html")]
struct ProgressionPage {
    c: Chrome,
    h: Head,
    gas: Option<String>,
    overview: Vec<OverviewRow>,
    employment_goal: String,
    employment_chart: String,
    employment_rows: Vec<DataRow>,
    placements: Vec<PlacementCard>,
    styles: Vec<SelectOption>,
    bank: Vec<String>,
    is_provider: bool,
    can_decide: bool,
    error: Option<String>,
}

pub fn styles() -> Vec<SelectOption> {
    QuestionStyle::ALL
        .iter()
        .map(|s| SelectOption {
            value: s.code().into(),
            label: s.word().into(),
            selected: false,
        })
        .collect()
}

/// The questions to choose from: the shipped ones and the municipality's own.
pub async fn bank(state: &AppState, a: &Authed, en: bool) -> Result<Vec<String>, WebError> {
    let own = crate::progression::service::question_bank::active(state, &a.actor).await?;
    Ok(SHIPPED
        .iter()
        .map(|q| (if en { q.en } else { q.da }).to_string())
        .chain(
            own.into_iter()
                .map(|q| if en { q.text_en } else { q.text_da }),
        )
        .collect())
}

async fn page(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    error: Option<String>,
) -> Result<ProgressionPage, PageError> {
    let v = progression::course(state, &a.actor, course).await?;
    let c = Chrome::new(Some(a), "progression", "courses");
    let en = c.en();
    let mut overview = Vec::new();
    for p in &v.placements {
        for g in &p.goals {
            let latest = |s: &[jobspor_domain::progression::Point]| {
                s.last()
                    .map(|x| {
                        let change = progression::GoalView::change(s).unwrap_or(0);
                        format!("{} ({change:+})", x.value)
                    })
                    .unwrap_or_else(|| "–".into())
            };
            overview.push(OverviewRow {
                intervention: p.intervention_name.clone(),
                question: g.goal.question.clone(),
                citizen: latest(&g.citizen),
                provider: latest(&g.provider),
                due: crate::i18n::date(g.due),
                flags: g
                    .flags
                    .iter()
                    .map(|f| crate::i18n::words::flag(crate::i18n::Lang::current(), f))
                    .collect::<Vec<_>>()
                    .join("; "),
            });
        }
    }
    let employment_chart = crate::chart::line_chart(
        "chart-employment",
        c.t("employment_goal_progress"),
        &[crate::chart::Line {
            label: c.t("caseworker"),
            points: &v.employment,
            style: 2,
        }],
        0,
        10,
    );
    let placements = v
        .placements
        .iter()
        .map(|p| {
            let base = crate::progression::paths::placement(course, p.placement.id);
            placement_card(p, &c, v.today, base)
        })
        .collect();
    let gas = progression::gas_t(v.placements.iter().flat_map(|p| p.goals.iter()))
        .map(|t| crate::i18n::decimal(t, 1));
    Ok(ProgressionPage {
        gas,
        h: head(&v.access, &v.citizen, "progression"),
        overview,
        employment_goal: v.access.course.employment_goal.clone(),
        employment_rows: data_rows(&[(&v.employment, 0)]),
        employment_chart,
        placements,
        styles: styles(),
        bank: bank(state, a, en).await?,
        is_provider: false,
        can_decide: v.access.can_manage,
        error,
        c,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    render(&page(&state, &a, id(&cid)?, None).await?)
}

/// After a change: back to the page, or the page again with the message.
async fn answer(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    r: Result<(), WebError>,
) -> PageResult {
    match r {
        Ok(()) => Ok(Redirect::to(&crate::progression::paths::course(course)).into_response()),
        Err(e) => {
            let (status, msg) = form_error(e)?;
            render_status(status, &page(state, a, course, Some(msg)).await?)
        }
    }
}

#[derive(Deserialize)]
pub struct EmploymentForm {
    #[serde(default)]
    value: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    date: String,
}

pub async fn rate_employment(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<EmploymentForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let r = progression::rate_employment(&state, &a.actor, course, &f.value, &f.comment, &f.date)
        .await
        .map(|_| ());
    answer(&state, &a, course, r).await
}

#[derive(Deserialize)]
pub struct GoalForm {
    #[serde(default)]
    pub style: String,
    #[serde(default)]
    pub question: String,
    #[serde(default)]
    pub gas_levels: String,
    #[serde(default)]
    pub weight: String,
    #[serde(default)]
    pub interval_days: String,
    #[serde(default)]
    pub baseline_citizen: String,
    #[serde(default)]
    pub baseline_provider: String,
}

impl GoalForm {
    pub fn input(&self) -> NewGoal<'_> {
        NewGoal {
            goal: GoalInput {
                style: &self.style,
                question: &self.question,
                gas_levels: &self.gas_levels,
                weight: &self.weight,
                interval_days: &self.interval_days,
            },
            baseline_citizen: &self.baseline_citizen,
            baseline_provider: &self.baseline_provider,
        }
    }
}

pub async fn add_goal(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((cid, pid)): Path<(String, String)>,
    Form(f): Form<GoalForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let placement: PlacementId = id(&pid)?;
    let r = progression::add_goal(&state, &a.actor, placement, &f.input())
        .await
        .map(|_| ());
    answer(&state, &a, course, r).await
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    goal: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

pub async fn decide(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((cid, pid)): Path<(String, String)>,
    Form(f): Form<DecisionForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let placement: PlacementId = id(&pid)?;
    let goal: Option<GoalId> = f.goal.parse().ok();
    let r = progression::decide(&state, &a.actor, placement, goal, &f.decision, &f.reason)
        .await
        .map(|_| ());
    answer(&state, &a, course, r).await
}

/// The citizen's own rating at a meeting: the question and the scale, and
/// nothing of what the provider rated.
#[derive(Template)]
#[template(path = "progression/templates/progress_citizen.html")]
pub struct CitizenRatingPage {
    pub c: Chrome,
    pub action: String,
    pub back: String,
    pub question: String,
    pub levels: Vec<String>,
    pub values: Vec<i8>,
    pub low: String,
    pub high: String,
    pub error: Option<String>,
}

/// The page for one goal; `base` is where the placement's pages live.
pub async fn citizen_page(
    state: &AppState,
    a: &Authed,
    placement: PlacementId,
    goal: GoalId,
    base: &str,
    back: &str,
    error: Option<String>,
) -> Result<CitizenRatingPage, PageError> {
    let g = progression::goal_for_rating(state, &a.actor, placement, goal).await?;
    let c = Chrome::new(Some(a), "citizen_rates_at_meeting", "");
    let (lo, hi) = g.style.range();
    let (low, high) = g.style.anchors();
    Ok(CitizenRatingPage {
        action: format!("{base}/borger/{goal}"),
        back: back.to_string(),
        question: g.question.clone(),
        levels: g.level_lines(),
        values: (lo..=hi).collect(),
        low: low.to_string(),
        high: high.to_string(),
        error,
        c,
    })
}

#[derive(Deserialize)]
pub struct RatingForm {
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub corrects: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub date: String,
}

/// Saves the citizen's rating; on bad input shows the page again.
pub async fn save_citizen_rating(
    state: &AppState,
    a: &Authed,
    placement: PlacementId,
    goal: GoalId,
    f: &RatingForm,
    base: &str,
    back: &str,
) -> Result<Response, PageError> {
    let r = Rating {
        goal,
        rater: Rater::Citizen,
        value: &f.value,
        comment: &f.comment,
        date: &f.date,
        corrects: None,
    };
    match progression::rate(state, &a.actor, placement, &r).await {
        Ok(_) => Ok(Redirect::to(back).into_response()),
        Err(e) => {
            let (status, msg) = form_error(e)?;
            let p = citizen_page(state, a, placement, goal, base, back, Some(msg)).await?;
            render_status(status, &p)
        }
    }
}

pub async fn citizen_form(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((cid, pid, gid)): Path<(String, String, String)>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let (placement, goal): (PlacementId, GoalId) = (id(&pid)?, id(&gid)?);
    let base = crate::progression::paths::placement(course, placement);
    let back = crate::progression::paths::course(course);
    render(&citizen_page(&state, &a, placement, goal, &base, &back, None).await?)
}

pub async fn citizen_save(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((cid, pid, gid)): Path<(String, String, String)>,
    Form(f): Form<RatingForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let (placement, goal): (PlacementId, GoalId) = (id(&pid)?, id(&gid)?);
    let base = crate::progression::paths::placement(course, placement);
    let back = crate::progression::paths::course(course);
    save_citizen_rating(&state, &a, placement, goal, &f, &base, &back).await
}
