//! The JSON API under `/api/v1`: English snake_case fields, errors as
//! `{"error": {"code", "message"}}`, described by `/api/v1/openapi.json`.
//! The paths are a public contract other systems integrate with.

use crate::error::{ApiError, WebError};
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::Json;
use jobspor_domain::message::Message;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::str::FromStr;
use utoipa::{IntoResponses, ToSchema};

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
            Err(JsonRejection::JsonSyntaxError(_)) => Err(ApiError(WebError::BadRequest(
                Message::new("invalid.the_body_is_not_valid_json"),
            ))),
            // serde's messages can quote the input; say only what is expected.
            Err(_) => Err(ApiError(WebError::invalid(
                "invalid.the_json_fields_are_missing_or",
            ))),
        }
    }
}

/// `Query` with our error format: parameters that are missing or do not
/// fit answer 422, as JSON fields do.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(ApiQuery(v)),
            Err(_) => Err(ApiError(WebError::invalid(
                "invalid.the_query_parameters_are_missing_or",
            ))),
        }
    }
}

/// Ids in paths: anything that is not an id is simply not found.
pub fn path_id<T: FromStr>(s: &str) -> Result<T, ApiError> {
    s.parse().map_err(|_| ApiError(WebError::NotFound))
}

pub fn rfc3339(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The body of every API error.
#[derive(Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable: `not_found`, `unauthenticated`, `validation`, `bad_request`,
    /// `conflict` (a stale version or a taken place), `refused` (the
    /// record's state does not allow it), `too_many_attempts`,
    /// `payload_too_large`, `unsupported_media_type`, `internal`.
    pub code: &'static str,
    /// In English, safe to show; never the internal cause.
    pub message: String,
}

/// What reading a record answers besides success. (`ErrorBody` is named
/// `Error` in the document.)
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum ReadErrors {
    #[response(status = 401, description = "Not signed in, or the token has expired")]
    Unauthenticated(ErrorBody),
    #[response(status = 404, description = "Not found, or not the caller's to see")]
    NotFound(ErrorBody),
}

/// What a change sent as JSON answers besides success.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum ChangeErrors {
    #[response(status = 401, description = "Not signed in, or the token has expired")]
    Unauthenticated(ErrorBody),
    #[response(status = 404, description = "Not found, or not the caller's to see")]
    NotFound(ErrorBody),
    #[response(
        status = 409,
        description = "A stale version, a record that already exists, or a state that does not allow it"
    )]
    Conflict(ErrorBody),
    #[response(status = 415, description = "The body is not JSON")]
    UnsupportedMediaType(ErrorBody),
    #[response(status = 422, description = "A field is missing or does not fit")]
    Invalid(ErrorBody),
}
