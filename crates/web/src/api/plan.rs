//! `/api/v1`: consents, the intervention plan, and the provider's
//! participants and inbox; the same service calls (and audit) as the pages.

use super::{path_id, rfc3339, ApiJson};
use crate::auth::ApiUser;
use crate::error::{ApiError, WebError};
use crate::service::plan::OfferFilter;
use crate::service::{consent, plan, provider};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::catalogue::Track;
use jobspor_domain::consent::{Consent, ConsentInput};
use jobspor_domain::plan::{Placement, PlacementInput};
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::{ConsentId, InterventionId, NotificationId, PlacementId};
use jobspor_store::RosterRow;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Serialize)]
pub struct ConsentJson {
    id: String,
    unit_id: String,
    scope: String,
    purpose: String,
    valid_from: String,
    valid_to: String,
    method: &'static str,
    recorded_at: String,
    revoked_at: Option<String>,
}

impl From<&Consent> for ConsentJson {
    fn from(c: &Consent) -> Self {
        ConsentJson {
            id: c.id.to_string(),
            unit_id: c.unit_id.to_string(),
            scope: c.scope.clone(),
            purpose: c.purpose.clone(),
            valid_from: c.period.from.to_string(),
            valid_to: c.period.to.to_string(),
            method: c.method.code(),
            recorded_at: rfc3339(c.recorded_at),
            revoked_at: c.revoked_at.map(rfc3339),
        }
    }
}

pub async fn consents(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let v = consent::view(&state, &a.actor, path_id(&id)?).await?;
    let items: Vec<ConsentJson> = v.consents.iter().map(ConsentJson::from).collect();
    Ok(Json(json!({ "items": items })))
}

#[derive(Deserialize)]
pub struct NewConsent {
    unit_id: String,
    scope: String,
    purpose: String,
    valid_from: String,
    valid_to: String,
    method: String,
}

pub async fn record_consent(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewConsent>,
) -> Result<(StatusCode, Json<ConsentJson>), ApiError> {
    let input = ConsentInput {
        scope: &b.scope,
        purpose: &b.purpose,
        from: &b.valid_from,
        to: &b.valid_to,
        method: &b.method,
    };
    let c = consent::record(&state, &a.actor, path_id(&id)?, &b.unit_id, &input).await?;
    Ok((StatusCode::CREATED, Json(ConsentJson::from(&c))))
}

pub async fn revoke_consent(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, cid)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let consent_id: ConsentId = path_id(&cid)?;
    consent::revoke(&state, &a.actor, path_id(&id)?, consent_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

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

fn participant(r: &RosterRow) -> Value {
    json!({
        "placement": PlacementJson::from(&r.placement),
        "name": r.citizen_name,
        "intervention_name": r.intervention_name,
        "phone": r.citizen_phone,
        "email": r.citizen_email,
        "caseworker_name": r.caseworker_name,
    })
}

pub async fn participants(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let rows = provider::participants(&state, &a.actor).await?;
    let items: Vec<Value> = rows.iter().map(participant).collect();
    Ok(Json(json!({ "items": items })))
}

pub async fn get_participant(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(pid): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let r = provider::participant(&state, &a.actor, path_id(&pid)?).await?;
    Ok(Json(participant(&r)))
}

pub async fn inbox(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
) -> Result<Json<Value>, ApiError> {
    let items: Vec<Value> = provider::inbox(&state, &a.actor)
        .await?
        .iter()
        .map(|(n, r)| {
            json!({
                "id": n.id.to_string(),
                "kind": n.kind.code(),
                "created_at": rfc3339(n.created_at),
                "read": n.read_at.is_some(),
                "participant": participant(r),
            })
        })
        .collect();
    Ok(Json(json!({ "items": items })))
}

pub async fn mark_read(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(nid): Path<String>,
) -> Result<StatusCode, ApiError> {
    let n: NotificationId = path_id(&nid)?;
    provider::mark_read(&state, &a.actor, n).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The plan as a PDF for the citizen (audited as an export).
pub async fn plan_pdf(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    let bytes = crate::service::plan_pdf(&state, &a.actor, path_id(&id)?).await?;
    Ok(crate::pages::pdf_response(bytes))
}
