//! One error type for handlers, mapped to status codes at the edge. The page
//! and API forms differ only in rendering: HTML for pages, JSON
//! `{"error": {"code", "message"}}` for the API.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jobspor_domain::message::{Explain, Message};
use jobspor_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum WebError {
    /// Unknown, or not the user's to see: the same answer for both.
    #[error("not found")]
    NotFound,
    #[error("not authenticated")]
    Unauthenticated,
    #[error("invalid or missing CSRF token")]
    Csrf,
    /// Input that fails validation; the message is safe to show.
    #[error("{0}")]
    Validation(Message),
    #[error("{0}")]
    BadRequest(Message),
    #[error("conflict: {0}")]
    Conflict(String),
    /// A change the record's state forbids (e.g. a signed record); 409 with
    /// a message saying what to do instead.
    #[error("{0}")]
    Refused(Message),
    #[error("too many attempts")]
    TooManyAttempts,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// Anything else: logged, shown as a generic message.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => WebError::NotFound,
            StoreError::Conflict(m) => WebError::Conflict(m),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("template: {e}"))
    }
}

impl WebError {
    /// Invalid input, with the same text in Danish and English.
    pub fn invalid(da: &str, en: &str) -> WebError {
        WebError::Validation(Message::new(da, en))
    }

    /// A domain error explained in both languages.
    pub fn explained(e: &impl Explain) -> WebError {
        WebError::Validation(e.explain())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Unauthenticated => StatusCode::UNAUTHORIZED,
            WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Conflict(_) | WebError::Refused(_) => StatusCode::CONFLICT,
            WebError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            WebError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            WebError::NotFound => "not_found",
            WebError::Unauthenticated => "unauthenticated",
            WebError::Csrf => "csrf",
            WebError::Validation(_) => "validation",
            WebError::BadRequest(_) => "bad_request",
            WebError::Conflict(_) => "conflict",
            WebError::Refused(_) => "refused",
            WebError::TooManyAttempts => "too_many_attempts",
            WebError::PayloadTooLarge => "payload_too_large",
            WebError::UnsupportedMediaType => "unsupported_media_type",
            WebError::Internal(_) => "internal",
        }
    }

    /// A message safe to show: never the internal cause.
    pub fn public_message(&self, english: bool) -> String {
        match (self, english) {
            (WebError::Validation(m) | WebError::BadRequest(m) | WebError::Refused(m), en) => {
                m.get(en).to_string()
            }
            (WebError::NotFound, false) => "Siden eller posten findes ikke.".into(),
            (WebError::NotFound, true) => "The page or record does not exist.".into(),
            (WebError::Unauthenticated, false) => "Du skal logge ind.".into(),
            (WebError::Unauthenticated, true) => "You must log in.".into(),
            (WebError::Csrf, false) => {
                "Formularen er udløbet. Gå tilbage, genindlæs siden og prøv igen.".into()
            }
            (WebError::Csrf, true) => {
                "The form has expired. Go back, reload the page and try again.".into()
            }
            (WebError::Conflict(_), false) => {
                "Posten er ændret af en anden, siden du åbnede den. Genindlæs og prøv igen.".into()
            }
            (WebError::Conflict(_), true) => {
                "Someone else changed the record since you opened it. Reload and try again.".into()
            }
            (WebError::TooManyAttempts, false) => {
                "For mange forsøg. Vent lidt og prøv igen.".into()
            }
            (WebError::TooManyAttempts, true) => {
                "Too many attempts. Wait a while and try again.".into()
            }
            (WebError::PayloadTooLarge, false) => "Indholdet er for stort.".into(),
            (WebError::PayloadTooLarge, true) => "The content is too large.".into(),
            (WebError::UnsupportedMediaType, false) => "Indholdstypen understøttes ikke.".into(),
            (WebError::UnsupportedMediaType, true) => "The content type is not supported.".into(),
            (WebError::Internal(_), false) => {
                "Der opstod en fejl. Prøv igen, eller kontakt support.".into()
            }
            (WebError::Internal(_), true) => {
                "Something went wrong. Try again or contact support.".into()
            }
        }
    }

    fn log(&self) {
        if let WebError::Internal(cause) = self {
            // Causes come from the store or templates, which never put
            // personal data in their messages.
            tracing::error!(%cause, "request failed");
        }
    }

    /// The JSON form used by the API.
    pub fn into_json(self) -> Response {
        self.log();
        let body = serde_json::json!({"error": {"code": self.code(), "message": self.public_message(true)}});
        (self.status(), axum::Json(body)).into_response()
    }
}

/// API handlers return this.
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_json()
    }
}
