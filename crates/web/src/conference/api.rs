//! `/api/v1/courses/{id}/conference` and `/conversations`: the analysis
//! conversations, the conference record, sign-off and addenda.

use crate::api::{path_id, rfc3339, ApiJson};
use crate::auth::ApiUser;
use crate::conference::service as conference;
use crate::conference::service::RecordInput;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::conference::{Agreed, Booking, Conference, SlotInput};
use jobspor_domain::time::to_copenhagen;
use jobspor_domain::BookingId;
use serde::Deserialize;
use serde_json::{json, Value};

fn booking(b: &Booking) -> Value {
    json!({
        "id": b.id.to_string(),
        "professional_id": b.professional_id.to_string(),
        "starts_at": rfc3339(b.starts_at),
        "minutes": b.minutes,
        "location": b.location,
    })
}

fn record(c: &Conference) -> Value {
    let local = to_copenhagen(c.scheduled_at);
    json!({
        "id": c.id.to_string(),
        "scheduled_at": rfc3339(c.scheduled_at),
        "date": local.format("%Y-%m-%d").to_string(),
        "time": local.format("%H:%M").to_string(),
        "location": c.location,
        "participants": c.participants.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        "citizen_attends": c.citizen_attends,
        "invited": c.invited,
        "employment_goal": c.employment_goal,
        "agreed": c.agreed,
        "citizen_statement": c.citizen_statement,
        "citizen_agrees": c.citizen_agrees,
        "further_assessment": c.further_assessment,
        "signed_at": c.signed_at.map(rfc3339),
        "signed_by": c.signed_by.map(|u| u.to_string()),
        "version": c.version,
    })
}

pub async fn get_conference(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let v = conference::view(&state, &a.actor, path_id(&id)?, true).await?;
    Ok(Json(json!({
        "bookings": v.bookings.iter().map(booking).collect::<Vec<_>>(),
        "conference": v.conference.as_ref().map(record),
        "addenda": v.addenda.iter().map(|x| json!({
            "id": x.id.to_string(), "text": x.text, "author_name": x.author_name,
            "created_at": rfc3339(x.created_at)})).collect::<Vec<_>>(),
        "agenda": v.agenda,
    })))
}

#[derive(Deserialize)]
pub struct NewBooking {
    professional_id: String,
    date: String,
    time: String,
    minutes: u32,
    #[serde(default)]
    location: String,
}

pub async fn book(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewBooking>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let minutes = b.minutes.to_string();
    let slot = SlotInput {
        date: &b.date,
        time: &b.time,
        minutes: &minutes,
        location: &b.location,
    };
    let made = conference::book(&state, &a.actor, path_id(&id)?, &b.professional_id, &slot).await?;
    Ok((StatusCode::CREATED, Json(booking(&made))))
}

pub async fn cancel(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, bid)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let booking: BookingId = path_id(&bid)?;
    conference::cancel_booking(&state, &a.actor, path_id(&id)?, booking).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
pub struct RecordBody {
    /// None to schedule the conference; the version read to change it.
    version: Option<i64>,
    date: String,
    time: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    participants: Vec<String>,
    #[serde(default)]
    citizen_attends: bool,
    #[serde(default)]
    invited: Vec<String>,
    #[serde(default)]
    employment_goal: String,
    #[serde(default)]
    agreed: Vec<Agreed>,
    #[serde(default)]
    citizen_statement: String,
    #[serde(default)]
    citizen_agrees: bool,
    #[serde(default)]
    further_assessment: String,
}

pub async fn save(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RecordBody>,
) -> Result<Json<Value>, ApiError> {
    let input = RecordInput {
        date: &b.date,
        time: &b.time,
        location: &b.location,
        participants: &b.participants,
        citizen_attends: b.citizen_attends,
        invited: &b.invited,
        employment_goal: &b.employment_goal,
        agreed: b.agreed.clone(),
        citizen_statement: &b.citizen_statement,
        citizen_agrees: b.citizen_agrees,
        further_assessment: &b.further_assessment,
    };
    let c = conference::save(&state, &a.actor, path_id(&id)?, b.version, &input).await?;
    Ok(Json(record(&c)))
}

#[derive(Deserialize)]
pub struct SignBody {
    version: i64,
}

pub async fn sign(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SignBody>,
) -> Result<Json<Value>, ApiError> {
    let c = conference::sign(&state, &a.actor, path_id(&id)?, b.version).await?;
    Ok(Json(record(&c)))
}

#[derive(Deserialize)]
pub struct AddendumBody {
    text: String,
}

pub async fn addendum(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AddendumBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let x = conference::add_addendum(&state, &a.actor, path_id(&id)?, &b.text).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": x.id.to_string(), "text": x.text, "created_at": rfc3339(x.created_at)})),
    ))
}
