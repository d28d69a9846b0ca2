//! `/api/v1`: progression (goals, measurements, decisions, the citizen's
//! link), course control and exit, and the deadline lists; the same service
//! calls and audit as the pages.

use crate::api::{path_id, rfc3339, ApiJson, ChangeErrors, ErrorBody, ReadErrors};
use crate::auth::ApiUser;
use crate::error::{ApiError, WebError};
use crate::progression::service as progression;
use crate::progression::service::rating_link;
use crate::progression::service::{GoalView, NewGoal, Rating};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::progression::{Flag, GoalInput, Measurement, Point, Rater};
use jobspor_domain::{GoalId, MeasurementId, PlacementId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

/// One point of a series: a rating on a date.
#[derive(Serialize, ToSchema)]
#[schema(as = Point)]
pub struct PointJson {
    #[schema(format = Date)]
    date: String,
    value: i8,
}

fn points(s: &[Point]) -> Vec<PointJson> {
    s.iter()
        .map(|p| PointJson {
            date: p.on.to_string(),
            value: p.value,
        })
        .collect()
}

/// A goal with both series, corrections applied.
#[derive(Serialize, ToSchema)]
#[schema(as = Goal)]
pub struct GoalJson {
    #[schema(format = Uuid)]
    id: String,
    /// `psfs`, `copm_performance`, `copm_satisfaction`, `gas` or `own`
    style: &'static str,
    question: String,
    gas_levels: Vec<String>,
    weight: u8,
    interval_days: u32,
    ended: bool,
    citizen: Vec<PointJson>,
    provider: Vec<PointJson>,
    #[schema(format = Date)]
    next_due: String,
    /// Why the goal asks for a decision, each with a `kind`:
    /// `no_change` (`rater`, `change`), `apart` (`citizen`, `provider`) or
    /// `overdue` (`due`)
    #[schema(value_type = Vec<Object>)]
    flags: Vec<Flag>,
}

fn goal(g: &GoalView) -> GoalJson {
    GoalJson {
        id: g.goal.id.to_string(),
        style: g.goal.style.code(),
        question: g.goal.question.clone(),
        gas_levels: g.goal.gas_levels.clone(),
        weight: g.goal.weight,
        interval_days: g.goal.interval_days,
        ended: g.goal.ended_at.is_some(),
        citizen: points(&g.citizen),
        provider: points(&g.provider),
        next_due: g.due.to_string(),
        flags: g.flags.clone(),
    }
}

/// A rating as stored: never edited; a correction names what it corrects.
#[derive(Serialize, ToSchema)]
#[schema(as = Measurement)]
pub struct MeasurementJson {
    #[schema(format = Uuid)]
    id: String,
    #[schema(format = Uuid)]
    goal_id: Option<String>,
    /// `citizen`, `provider` or `caseworker`
    rater: &'static str,
    value: i8,
    #[schema(format = Date)]
    date: String,
    /// How it was given, e.g. `meeting`, `link`, `api`
    channel: &'static str,
    #[schema(format = Uuid)]
    corrects: Option<String>,
}

fn measurement(m: &Measurement) -> MeasurementJson {
    MeasurementJson {
        id: m.id.to_string(),
        goal_id: m.goal_id.map(|g| g.to_string()),
        rater: m.rater.code(),
        value: m.value,
        date: m.measured_on.to_string(),
        channel: m.channel.code(),
        corrects: m.corrects.map(|c| c.to_string()),
    }
}

/// A decision on a goal or an intervention.
#[derive(Serialize, ToSchema)]
#[schema(as = DecisionRecord)]
pub struct DecisionJson {
    /// `continue`, `adjust` or `stop`
    decision: &'static str,
    reason: String,
    #[schema(format = Uuid)]
    goal_id: Option<String>,
    /// The flags shown when it was decided, in words
    flags: Vec<String>,
    #[schema(format = DateTime)]
    decided_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct PlacementProgression {
    #[schema(format = Uuid)]
    placement_id: String,
    intervention_name: String,
    status: &'static str,
    goals: Vec<GoalJson>,
    decisions: Vec<DecisionJson>,
}

#[derive(Serialize, ToSchema)]
pub struct CourseProgression {
    /// The caseworker's ratings toward the employment goal
    employment: Vec<PointJson>,
    placements: Vec<PlacementProgression>,
}

/// Every intervention's goals with the citizen's and the provider's series (corrections applied), next due date, flags and decisions, and the caseworker's employment-goal ratings (audited)
#[utoipa::path(
    get,
    path = "/courses/{id}/progression",
    tag = "progression",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    responses(
        (status = 200, body = CourseProgression, description = "Progression"),
        ReadErrors
    ),
    operation_id = "course_progression"
)]
pub async fn course_progression(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CourseProgression>, ApiError> {
    let v = progression::course(&state, &a.actor, path_id(&id)?).await?;
    let placements = v
        .placements
        .iter()
        .map(|p| PlacementProgression {
            placement_id: p.placement.id.to_string(),
            intervention_name: p.intervention_name.clone(),
            status: p.placement.status.code(),
            goals: p.goals.iter().map(goal).collect(),
            decisions: p
                .decisions
                .iter()
                .map(|d| DecisionJson {
                    decision: d.decision.code(),
                    reason: d.reason.clone(),
                    goal_id: d.goal_id.map(|g| g.to_string()),
                    flags: d.flags.clone(),
                    decided_at: rfc3339(d.decided_at),
                })
                .collect(),
        })
        .collect();
    Ok(Json(CourseProgression {
        employment: points(&v.employment),
        placements,
    }))
}

/// The id of what was made.
#[derive(Serialize, ToSchema)]
pub struct Created {
    #[schema(format = Uuid)]
    id: String,
}

/// A recorded decision and the flags it answered.
#[derive(Serialize, ToSchema)]
pub struct DecisionMade {
    #[schema(format = Uuid)]
    id: String,
    decision: &'static str,
    flags: Vec<String>,
}

/// A link for the citizen; shown once, only its hash is stored.
#[derive(Serialize, ToSchema)]
pub struct RatingLink {
    link_path: String,
}

/// A rating from JSON: a whole number, or a string that is one.
fn rating_text(v: &Value) -> Result<String, ApiError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) if n.is_i64() => Ok(n.to_string()),
        _ => Err(ApiError(WebError::invalid(
            "invalid.the_rating_must_be_a_whole",
        ))),
    }
}

#[derive(Deserialize, ToSchema)]
#[schema(as = NewGoal)]
pub struct NewGoalBody {
    style: String,
    question: String,
    #[serde(default)]
    gas_levels: Vec<String>,
    #[serde(default)]
    weight: Option<u8>,
    interval_days: u32,
    /// A whole number (a string holding one is accepted)
    #[schema(value_type = i8)]
    baseline_citizen: Value,
    /// A whole number (a string holding one is accepted)
    #[schema(value_type = i8)]
    baseline_provider: Value,
}

/// A progression goal agreed by provider and citizen, with both baselines
#[utoipa::path(
    post,
    path = "/placements/{pid}/goals",
    tag = "progression",
    params(
        ("pid" = uuid::Uuid, Path, description = "The placement")
    ),
    request_body = NewGoalBody,
    responses(
        (status = 201, body = Created, description = "Added"),
        ChangeErrors
    ),
    operation_id = "add_goal"
)]
pub async fn add_goal(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(pid): Path<String>,
    ApiJson(b): ApiJson<NewGoalBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let placement: PlacementId = path_id(&pid)?;
    let (levels, weight, interval) = (
        b.gas_levels.join("\n"),
        b.weight.map(|w| w.to_string()).unwrap_or_default(),
        b.interval_days.to_string(),
    );
    let (bc, bp) = (
        rating_text(&b.baseline_citizen)?,
        rating_text(&b.baseline_provider)?,
    );
    let g = progression::add_goal(
        &state,
        &a.actor,
        placement,
        &NewGoal {
            goal: GoalInput {
                style: &b.style,
                question: &b.question,
                gas_levels: &levels,
                weight: &weight,
                interval_days: &interval,
            },
            baseline_citizen: &bc,
            baseline_provider: &bp,
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: g.id.to_string(),
        }),
    ))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = NewMeasurement)]
pub struct RatingBody {
    #[schema(format = Uuid)]
    goal_id: String,
    /// `citizen` or `provider`
    rater: String,
    /// 0–10, or −2…+2 for GAS (a string holding one is accepted)
    #[schema(value_type = i8)]
    value: Value,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    #[schema(format = Date)]
    date: String,
    #[serde(default)]
    #[schema(format = Uuid)]
    corrects: Option<String>,
}

/// A rating: the provider as provider, or the citizen's own (keyed in at a meeting). Never edited; a correction names the measurement it corrects
#[utoipa::path(
    post,
    path = "/placements/{pid}/measurements",
    tag = "progression",
    params(
        ("pid" = uuid::Uuid, Path, description = "The placement")
    ),
    request_body = RatingBody,
    responses(
        (status = 201, body = MeasurementJson, description = "Saved"),
        ChangeErrors
    ),
    operation_id = "add_measurement"
)]
pub async fn rate(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(pid): Path<String>,
    ApiJson(b): ApiJson<RatingBody>,
) -> Result<(StatusCode, Json<MeasurementJson>), ApiError> {
    let placement: PlacementId = path_id(&pid)?;
    let bad = |key: &'static str| ApiError(WebError::invalid(key));
    let goal: GoalId = b
        .goal_id
        .parse()
        .map_err(|_| bad("invalid.goal_id_not_an_id"))?;
    let rater = Rater::parse(&b.rater).ok_or_else(|| bad("invalid.unknown_rater"))?;
    let corrects: Option<MeasurementId> = match b.corrects.as_deref() {
        None | Some("") => None,
        Some(c) => Some(c.parse().map_err(|_| bad("invalid.corrects_not_an_id"))?),
    };
    let value = rating_text(&b.value)?;
    let m = progression::rate(
        &state,
        &a.actor,
        placement,
        &Rating {
            goal,
            rater,
            value: &value,
            comment: &b.comment,
            date: &b.date,
            corrects,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(measurement(&m))))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = EmploymentRating)]
pub struct EmploymentBody {
    /// 0–10 (a string holding one is accepted)
    #[schema(value_type = i8)]
    value: Value,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    #[schema(format = Date)]
    date: String,
}

/// The caseworker rates progress toward the employment goal, 0–10 (a whole number; not in the future, not before the course started)
#[utoipa::path(
    post,
    path = "/courses/{id}/employment-ratings",
    tag = "progression",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    request_body = EmploymentBody,
    responses(
        (status = 201, body = MeasurementJson, description = "Saved"),
        ChangeErrors
    ),
    operation_id = "rate_employment"
)]
pub async fn rate_employment(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<EmploymentBody>,
) -> Result<(StatusCode, Json<MeasurementJson>), ApiError> {
    let value = rating_text(&b.value)?;
    let m =
        progression::rate_employment(&state, &a.actor, path_id(&id)?, &value, &b.comment, &b.date)
            .await?;
    Ok((StatusCode::CREATED, Json(measurement(&m))))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = Decision)]
pub struct DecisionBody {
    #[serde(default)]
    #[schema(format = Uuid)]
    goal_id: Option<String>,
    /// `continue`, `adjust` (the goal ends) or `stop` (the intervention ends)
    decision: String,
    /// Required for `adjust` and `stop`
    #[serde(default)]
    reason: String,
}

/// The caseworker's decision on a goal: continue, adjust (the goal ends) or stop (the intervention ends); written to the journal, the provider is told
#[utoipa::path(
    post,
    path = "/placements/{pid}/decisions",
    tag = "progression",
    params(
        ("pid" = uuid::Uuid, Path, description = "The placement")
    ),
    request_body = DecisionBody,
    responses(
        (status = 201, body = DecisionMade, description = "Recorded"),
        ChangeErrors
    ),
    operation_id = "decide_goal"
)]
pub async fn decide(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(pid): Path<String>,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Result<(StatusCode, Json<DecisionMade>), ApiError> {
    let goal: Option<GoalId> = b.goal_id.as_deref().and_then(|g| g.parse().ok());
    let d = progression::decide(
        &state,
        &a.actor,
        path_id(&pid)?,
        goal,
        &b.decision,
        &b.reason,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(DecisionMade {
            id: d.id.to_string(),
            decision: d.decision.code(),
            flags: d.flags,
        }),
    ))
}

/// A one-time link (14 days) for the citizen's own rating; shown once
#[utoipa::path(
    post,
    path = "/placements/{pid}/rating-links",
    tag = "progression",
    params(
        ("pid" = uuid::Uuid, Path, description = "The placement")
    ),
    responses(
        (status = 201, body = RatingLink, description = "The link path"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's to see"),
        (status = 409, body = ErrorBody, description = "A stale version, a record that already exists, or a state that does not allow it")
    ),
    operation_id = "create_rating_link"
)]
pub async fn rating_link(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(pid): Path<String>,
) -> Result<(StatusCode, Json<RatingLink>), ApiError> {
    let token = rating_link::create(&state, &a.actor, path_id(&pid)?).await?;
    Ok((
        StatusCode::CREATED,
        Json(RatingLink {
            link_path: crate::progression::paths::link(token),
        }),
    ))
}
