//! The JSON API under `/api/v1`: English snake_case fields, errors as
//! `{"error": {"code", "message"}}`, described by `/api/v1/openapi.json`.
//! The paths are a public contract other systems integrate with.

mod catalogue;
mod citizens;
mod conference;
mod courses;
mod icf;
pub mod openapi;
mod plan;
mod progression;
mod screening;
mod token;

use crate::error::{ApiError, WebError};
use crate::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use jobspor_domain::message::Message;
use serde::de::DeserializeOwned;
use std::str::FromStr;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/token", post(token::create))
        .route("/me", get(token::me))
        .route("/citizens", get(citizens::search).post(citizens::create))
        .route("/citizens/{id}", get(citizens::get_one))
        .route("/citizens/{id}/access-log", get(citizens::access_log))
        .route("/courses", get(courses::list).post(courses::create))
        .route("/courses/{id}", get(courses::get_one))
        .route(
            "/courses/{id}/journal",
            get(courses::journal).post(courses::add_journal),
        )
        .route(
            "/questionnaires",
            get(screening::definitions).post(screening::import),
        )
        .route("/questionnaires/{id}", get(screening::definition))
        .route("/course-frameworks", get(screening::frameworks))
        .route(
            "/citizens/{id}/screenings",
            get(screening::of_citizen).post(screening::start),
        )
        .route("/screenings/{id}", get(screening::get_one))
        .route("/screenings/{id}/answers", post(screening::answers))
        .route("/screenings/{id}/links/revoke", post(screening::revoke))
        .route(
            "/screenings/{id}/triage",
            get(screening::get_triage).post(screening::decide),
        )
        .route("/icf", get(icf::search).post(icf::import))
        .route("/catalogue", get(catalogue::list))
        .route(
            "/courses/{id}/consents",
            get(plan::consents).post(plan::record_consent),
        )
        .route(
            "/courses/{id}/consents/{cid}/revoke",
            post(plan::revoke_consent),
        )
        .route(
            "/courses/{id}/conference",
            get(conference::get_conference).put(conference::save),
        )
        .route("/courses/{id}/conference/sign", post(conference::sign))
        .route(
            "/courses/{id}/conference/addenda",
            post(conference::addendum),
        )
        .route("/courses/{id}/conversations", post(conference::book))
        .route(
            "/courses/{id}/conversations/{bid}/cancel",
            post(conference::cancel),
        )
        .route("/courses/{id}/plan", get(plan::get_plan))
        .route("/courses/{id}/plan.pdf", get(plan::plan_pdf))
        .route("/courses/{id}/plan/placements", post(plan::add_placement))
        .route(
            "/courses/{id}/plan/placements/{pid}",
            put(plan::revise_placement),
        )
        .route(
            "/courses/{id}/plan/placements/{pid}/end",
            post(plan::end_placement),
        )
        .route(
            "/courses/{id}/progression",
            get(progression::course_progression),
        )
        .route(
            "/courses/{id}/employment-ratings",
            post(progression::rate_employment),
        )
        .route("/courses/{id}/control", get(progression::course_control))
        .route("/courses/{id}/close", post(progression::close))
        .route("/placements/{pid}/goals", post(progression::add_goal))
        .route("/placements/{pid}/measurements", post(progression::rate))
        .route("/placements/{pid}/decisions", post(progression::decide))
        .route(
            "/placements/{pid}/rating-links",
            post(progression::rating_link),
        )
        .route("/deadlines", get(progression::deadline_list))
        .route("/participants", get(plan::participants))
        .route("/participants/{pid}", get(plan::get_participant))
        .route("/inbox", get(plan::inbox))
        .route("/inbox/{nid}/read", post(plan::mark_read))
        .route("/openapi.json", get(openapi::serve))
        .fallback(|| async { ApiError(WebError::NotFound) })
}

pub async fn healthz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<Json<serde_json::Value>, ApiError> {
    // Touches the database so a broken connection shows as unhealthy.
    state
        .store
        .municipality_name(jobspor_domain::MunicipalityId(uuid::Uuid::nil()))
        .await?;
    Ok(Json(serde_json::json!({"status": "ok"})))
}

/// `Json` with our error format: 415 for the wrong content type, 413 for a
/// body over the limit, 422 for fields that do not fit.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(ApiError(WebError::UnsupportedMediaType))
            }
            Err(JsonRejection::BytesRejection(_)) => Err(ApiError(WebError::PayloadTooLarge)),
            Err(JsonRejection::JsonSyntaxError(_)) => {
                Err(ApiError(WebError::BadRequest(Message::new(
                    "indholdet er ikke gyldig JSON",
                    "the body is not valid JSON",
                ))))
            }
            // serde's messages can quote the input; say only what is expected.
            Err(_) => Err(ApiError(WebError::invalid(
                "JSON-felterne mangler eller har forkert type; se /api/v1/openapi.json",
                "the JSON fields are missing or have the wrong type; see /api/v1/openapi.json",
            ))),
        }
    }
}

/// Ids in paths: anything that is not an id is simply not found.
pub fn path_id<T: FromStr>(s: &str) -> Result<T, ApiError> {
    s.parse().map_err(|_| ApiError(WebError::NotFound))
}

fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
