//! `/api/v1` intervention plan: the plan, its placements and its PDF; the
//! same service calls (and audit) as the pages.

use crate::api::{path_id, ApiJson};
use crate::auth::ApiUser;
use crate::error::{ApiError, WebError};
use crate::plan::service as plan;
use crate::plan::service::OfferFilter;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::catalogue::Track;
use jobspor_domain::plan::{Placement, PlacementInput};
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::{InterventionId, PlacementId};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Serialize)]
pub struct PlacementJson {
    id: String,
    intervention_id: String,
    unit_id: String,
    goal: String,
    start_date: String,
    end_date: String,
    first_measurement: String,
    status: &'static str,
    waiting_position: Option<u32>,
    end_reason: Option<String>,
}

impl From<&Placement> for PlacementJson {
    fn from(p: &Placement) -> Self {
        PlacementJson {
            id: p.id.to_string(),
            intervention_id: p.intervention_id.to_string(),
            unit_id: p.unit_id.to_string(),
            goal: p.goal.clone(),
            start_date: p.period.from.to_string(),
            end_date: p.period.to.to_string(),
            first_measurement: p.first_measurement.to_string(),
            status: p.status.code(),
            waiting_position: p.waiting_position,
            end_reason: p.end_reason.clone(),
        }
    }
}

#[derive(Deserialize)]
pub struct PlanFilter {
    #[serde(default)]
    track: String,
    #[serde(default)]
    target_group: String,
}

pub async fn get_plan(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    Query(f): Query<PlanFilter>,
) -> Result<Json<Value>, ApiError> {
    let mut v = plan::view(&state, &a.actor, path_id(&id)?).await?;
    OfferFilter {
        track: Track::parse(&f.track),
        target_group: TargetGroup::parse(&f.target_group),
    }
    .apply(&mut v.offers);
    let placements: Vec<Value> = v
        .items
        .iter()
        .map(|i| {
            json!({
                "placement": PlacementJson::from(&i.placement),
                "intervention_name": i.intervention_name,
                "unit_name": i.unit_name,
                "consent_ok": i.consent_ok,
            })
        })
        .collect();
    let offers: Vec<Value> = v
        .offers
        .iter()
        .map(|o| {
            let av = &o.availability;
            json!({
                "intervention_id": o.intervention.id.to_string(),
                "name": o.intervention.name,
                "unit_name": o.unit_name,
                "capacity": av.capacity,
                "free_places": av.free,
                "waiting": av.waiting,
                "expected_start": av.expected_start.map(|d| d.to_string()),
                "expected_waiting_days": av.waiting_days(v.today),
                "needs_consent": o.needs_consent,
                "has_consent": o.has_consent,
            })
        })
        .collect();
    Ok(Json(json!({
        "version": v.version,
        "placements": placements,
        "offers": offers,
    })))
}

#[derive(Deserialize)]
pub struct PlacementBody {
    version: i64,
    #[serde(default)]
    intervention_id: String,
    goal: String,
    start_date: String,
    end_date: String,
    first_measurement: String,
}

impl PlacementBody {
    fn input(&self) -> PlacementInput<'_> {
        PlacementInput {
            goal: &self.goal,
            start: &self.start_date,
            end: &self.end_date,
            first_measurement: &self.first_measurement,
        }
    }
}

pub async fn add_placement(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<PlacementBody>,
) -> Result<(StatusCode, Json<PlacementJson>), ApiError> {
    let intervention: InterventionId = b.intervention_id.parse().map_err(|_| {
        ApiError(WebError::invalid(
            "intervention_id er ikke et id",
            "intervention_id is not an id",
        ))
    })?;
    let p = plan::add(
        &state,
        &a.actor,
        path_id(&id)?,
        intervention,
        b.version,
        &b.input(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(PlacementJson::from(&p))))
}

pub async fn revise_placement(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, pid)): Path<(String, String)>,
    ApiJson(b): ApiJson<PlacementBody>,
) -> Result<Json<Value>, ApiError> {
    let placement: PlacementId = path_id(&pid)?;
    let version = plan::revise(
        &state,
        &a.actor,
        path_id(&id)?,
        placement,
        b.version,
        &b.input(),
    )
    .await?;
    Ok(Json(json!({ "version": version })))
}

#[derive(Deserialize)]
pub struct EndBody {
    version: i64,
    reason: String,
}

pub async fn end_placement(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, pid)): Path<(String, String)>,
    ApiJson(b): ApiJson<EndBody>,
) -> Result<Json<Value>, ApiError> {
    let placement: PlacementId = path_id(&pid)?;
    let version = plan::end(
        &state,
        &a.actor,
        path_id(&id)?,
        placement,
        b.version,
        &b.reason,
    )
    .await?;
    Ok(Json(json!({ "version": version })))
}

/// The plan as a PDF for the citizen (audited as an export).
pub async fn plan_pdf(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    let bytes = crate::plan::pdf::plan_pdf(&state, &a.actor, path_id(&id)?).await?;
    Ok(crate::plan::pages::pdf_response(bytes))
}
