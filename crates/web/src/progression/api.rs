//! `/api/v1`: progression (goals, measurements, decisions, the citizen's
//! link), course control and exit, and the deadline lists; the same service
//! calls and audit as the pages.

use crate::api::{path_id, rfc3339, ApiJson};
use crate::auth::ApiUser;
use crate::error::{ApiError, WebError};
use crate::progression::service as progression;
use crate::progression::service::rating_link;
use crate::progression::service::{GoalView, NewGoal, Rating};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::progression::{GoalInput, Measurement, Point, Rater};
use jobspor_domain::{GoalId, MeasurementId, PlacementId};
use serde::Deserialize;
use serde_json::{json, Value};

fn points(s: &[Point]) -> Value {
    json!(s
        .iter()
        .map(|p| json!({"date": p.on.to_string(), "value": p.value}))
        .collect::<Vec<_>>())
}

fn goal(g: &GoalView) -> Value {
    json!({
        "id": g.goal.id.to_string(),
        "style": g.goal.style.code(),
        "question": g.goal.question,
        "gas_levels": g.goal.gas_levels,
        "weight": g.goal.weight,
        "interval_days": g.goal.interval_days,
        "ended": g.goal.ended_at.is_some(),
        "citizen": points(&g.citizen),
        "provider": points(&g.provider),
        "next_due": g.due.to_string(),
        "flags": g.flags,
    })
}

fn measurement(m: &Measurement) -> Value {
    json!({"id": m.id.to_string(), "goal_id": m.goal_id.map(|g| g.to_string()), "rater": m.rater.code(),
        "value": m.value, "date": m.measured_on.to_string(), "channel": m.channel.code(),
        "corrects": m.corrects.map(|c| c.to_string())})
}

pub async fn course_progression(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let v = progression::course(&state, &a.actor, path_id(&id)?).await?;
    Ok(Json(json!({
        "employment": points(&v.employment),
        "placements": v.placements.iter().map(|p| json!({
            "placement_id": p.placement.id.to_string(),
            "intervention_name": p.intervention_name,
            "status": p.placement.status.code(),
            "goals": p.goals.iter().map(goal).collect::<Vec<_>>(),
            "decisions": p.decisions.iter().map(|d| json!({"decision": d.decision.code(), "reason": d.reason,
                "goal_id": d.goal_id.map(|g| g.to_string()), "flags": d.flags, "decided_at": rfc3339(d.decided_at)})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })))
}

/// A rating from JSON: a whole number, or a string that is one.
fn rating_text(v: &Value) -> Result<String, ApiError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) if n.is_i64() => Ok(n.to_string()),
        _ => Err(ApiError(WebError::invalid(
            "vurderingen skal være et helt tal",
            "the rating must be a whole number",
        ))),
    }
}

#[derive(Deserialize)]
pub struct NewGoalBody {
    style: String,
    question: String,
    #[serde(default)]
    gas_levels: Vec<String>,
    #[serde(default)]
    weight: Option<u8>,
    interval_days: u32,
    baseline_citizen: Value,
    baseline_provider: Value,
}

pub async fn add_goal(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(pid): Path<String>,
    ApiJson(b): ApiJson<NewGoalBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
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
    Ok((StatusCode::CREATED, Json(json!({"id": g.id.to_string()}))))
}

#[derive(Deserialize)]
pub struct RatingBody {
    goal_id: String,
    rater: String,
    value: Value,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    corrects: Option<String>,
}

pub async fn rate(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(pid): Path<String>,
    ApiJson(b): ApiJson<RatingBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let placement: PlacementId = path_id(&pid)?;
    let bad = |da: &str, en: &str| ApiError(WebError::invalid(da, en));
    let goal: GoalId = b
        .goal_id
        .parse()
        .map_err(|_| bad("goal_id er ikke et id", "goal_id is not an id"))?;
    let rater = Rater::parse(&b.rater).ok_or_else(|| bad("ukendt bedømmer", "unknown rater"))?;
    let corrects: Option<MeasurementId> = match b.corrects.as_deref() {
        None | Some("") => None,
        Some(c) => Some(
            c.parse()
                .map_err(|_| bad("corrects er ikke et id", "corrects is not an id"))?,
        ),
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

#[derive(Deserialize)]
pub struct EmploymentBody {
    value: Value,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    date: String,
}

pub async fn rate_employment(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<EmploymentBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let value = rating_text(&b.value)?;
    let m =
        progression::rate_employment(&state, &a.actor, path_id(&id)?, &value, &b.comment, &b.date)
            .await?;
    Ok((StatusCode::CREATED, Json(measurement(&m))))
}

#[derive(Deserialize)]
pub struct DecisionBody {
    #[serde(default)]
    goal_id: Option<String>,
    decision: String,
    #[serde(default)]
    reason: String,
}

pub async fn decide(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(pid): Path<String>,
    ApiJson(b): ApiJson<DecisionBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
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
        Json(json!({"id": d.id.to_string(), "decision": d.decision.code(), "flags": d.flags})),
    ))
}

pub async fn rating_link(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(pid): Path<String>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let token = rating_link::create(&state, &a.actor, path_id(&pid)?).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"link_path": format!("/m/{token}")})),
    ))
}
