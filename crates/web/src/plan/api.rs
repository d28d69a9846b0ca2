//! `/api/v1` intervention plan: the plan, its placements and its PDF; the
//! same service calls (and audit) as the pages.

use crate::api::{path_id, ApiJson, ChangeErrors, ReadErrors};
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
use utoipa::IntoParams;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
#[schema(as = Placement)]
pub struct PlacementJson {
    #[schema(format = Uuid)]
    id: String,
    #[schema(format = Uuid)]
    intervention_id: String,
    #[schema(format = Uuid)]
    unit_id: String,
    goal: String,
    #[schema(format = Date)]
    start_date: String,
    #[schema(format = Date)]
    end_date: String,
    #[schema(format = Date)]
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanFilter {
    /// Offers on this track only
    #[serde(default)]
    track: String,
    /// Offers for this target group only
    #[serde(default)]
    target_group: String,
}

/// A placement on the plan, with the words a client shows beside it.
#[derive(Serialize, ToSchema)]
pub struct PlanItem {
    placement: PlacementJson,
    intervention_name: String,
    unit_name: String,
    /// False when the intervention is another unit's and consent is missing
    consent_ok: bool,
}

/// An offer from the catalogue, with its places and waiting time.
#[derive(Serialize, ToSchema)]
pub struct Offer {
    #[schema(format = Uuid)]
    intervention_id: String,
    name: String,
    unit_name: String,
    capacity: u32,
    free_places: u32,
    waiting: u32,
    #[schema(format = Date)]
    expected_start: Option<String>,
    expected_waiting_days: Option<i64>,
    needs_consent: bool,
    has_consent: bool,
}

#[derive(Serialize, ToSchema)]
#[schema(as = Plan)]
pub struct PlanJson {
    /// Send it back with a change; a stale version answers 409
    version: i64,
    placements: Vec<PlanItem>,
    offers: Vec<Offer>,
}

/// The plan's version after a change.
#[derive(Serialize, ToSchema)]
pub struct PlanVersion {
    version: i64,
}

/// The intervention plan with its version, and the catalogue's offers with free places and expected waiting time (audited)
#[utoipa::path(
    get,
    path = "/courses/{id}/plan",
    tag = "plan",
    params(
        ("id" = uuid::Uuid, Path, description = "The course"),
        PlanFilter
    ),
    responses(
        (status = 200, body = PlanJson, description = "The plan"),
        ReadErrors
    ),
    operation_id = "get_plan"
)]
pub async fn get_plan(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    Query(f): Query<PlanFilter>,
) -> Result<Json<PlanJson>, ApiError> {
    let mut v = plan::view(&state, &a.actor, path_id(&id)?).await?;
    OfferFilter {
        track: Track::parse(&f.track),
        target_group: TargetGroup::parse(&f.target_group),
    }
    .apply(&mut v.offers);
    let placements = v
        .items
        .iter()
        .map(|i| PlanItem {
            placement: PlacementJson::from(&i.placement),
            intervention_name: i.intervention_name.clone(),
            unit_name: i.unit_name.clone(),
            consent_ok: i.consent_ok,
        })
        .collect();
    let offers = v
        .offers
        .iter()
        .map(|o| {
            let av = &o.availability;
            Offer {
                intervention_id: o.intervention.id.to_string(),
                name: o.intervention.name.clone(),
                unit_name: o.unit_name.clone(),
                capacity: av.capacity,
                free_places: av.free,
                waiting: av.waiting,
                expected_start: av.expected_start.map(|d| d.to_string()),
                expected_waiting_days: av.waiting_days(v.today),
                needs_consent: o.needs_consent,
                has_consent: o.has_consent,
            }
        })
        .collect();
    Ok(Json(PlanJson {
        version: v.version,
        placements,
        offers,
    }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = PlacementChange)]
pub struct PlacementBody {
    version: i64,
    #[serde(default)]
    #[schema(format = Uuid)]
    intervention_id: String,
    goal: String,
    #[schema(format = Date)]
    start_date: String,
    #[schema(format = Date)]
    end_date: String,
    #[schema(format = Date)]
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

/// Add an intervention to the plan: a place if one is free, else the waiting list. Another unit's intervention needs consent. A stale version gives 409
#[utoipa::path(
    post,
    path = "/courses/{id}/plan/placements",
    tag = "plan",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    request_body = PlacementBody,
    responses(
        (status = 201, body = PlacementJson, description = "Placed, or on the waiting list"),
        ChangeErrors
    ),
    operation_id = "add_placement"
)]
pub async fn add_placement(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<PlacementBody>,
) -> Result<(StatusCode, Json<PlacementJson>), ApiError> {
    let intervention: InterventionId = b
        .intervention_id
        .parse()
        .map_err(|_| ApiError(WebError::invalid("invalid.interventionid_is_not_an_id")))?;
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

/// Change an open placement's goal and dates; a stale version gives 409
#[utoipa::path(
    put,
    path = "/courses/{id}/plan/placements/{pid}",
    tag = "plan",
    params(
        ("id" = uuid::Uuid, Path, description = "The course"),
        ("pid" = uuid::Uuid, Path, description = "The placement")
    ),
    request_body = PlacementBody,
    responses(
        (status = 200, body = PlanVersion, description = "Saved"),
        ChangeErrors
    ),
    operation_id = "revise_placement"
)]
pub async fn revise_placement(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, pid)): Path<(String, String)>,
    ApiJson(b): ApiJson<PlacementBody>,
) -> Result<Json<PlanVersion>, ApiError> {
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
    Ok(Json(PlanVersion { version }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = EndPlacement)]
pub struct EndBody {
    version: i64,
    reason: String,
}

/// End an open placement; its place goes to the first on the waiting list
#[utoipa::path(
    post,
    path = "/courses/{id}/plan/placements/{pid}/end",
    tag = "plan",
    params(
        ("id" = uuid::Uuid, Path, description = "The course"),
        ("pid" = uuid::Uuid, Path, description = "The placement")
    ),
    request_body = EndBody,
    responses(
        (status = 200, body = PlanVersion, description = "Ended"),
        ChangeErrors
    ),
    operation_id = "end_placement"
)]
pub async fn end_placement(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, pid)): Path<(String, String)>,
    ApiJson(b): ApiJson<EndBody>,
) -> Result<Json<PlanVersion>, ApiError> {
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
    Ok(Json(PlanVersion { version }))
}

/// The plan as a tagged PDF for the citizen, in Danish: goals, interventions, contacts and next dates (audited as an export)
#[utoipa::path(
    get,
    path = "/courses/{id}/plan.pdf",
    tag = "plan",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>),
        ReadErrors
    ),
    operation_id = "get_plan_pdf"
)]
pub async fn plan_pdf(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    let bytes = crate::plan::pdf::plan_pdf(&state, &a.actor, path_id(&id)?).await?;
    Ok(crate::plan::pages::pdf_response(bytes))
}
