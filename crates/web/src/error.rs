//! One error type for handlers, mapped to status codes at the edge. The page
//! and API forms differ only in rendering: HTML for pages, JSON
//! `{"error": {"code", "message"}}` for the API.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jobspor_domain::message::{Explain, Message};
use jobspor_store::{Conflict, StoreError};
use thiserror::Error;

/// The cause of an internal error: kept for the log, never shown.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

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
    /// The stored state refuses the change (a stale version, a taken slot,
    /// a signed record …): 409.
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// A change the record's state forbids, with what to do instead: 409.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("too many attempts")]
    TooManyAttempts,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// Anything else: the cause is logged, a generic message is shown.
    #[error("internal error: {0}")]
    Internal(Cause),
}

/// Changes a record's state forbids, each with its message below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The course is closed; additions go in the journal.
    CourseClosed,
    /// The course was closed already (a second exit).
    CourseAlreadyClosed,
    /// The conference record is signed; corrections are addenda.
    ConferenceSigned,
    /// The intervention is not under way, so nobody rates it.
    NotUnderWay,
    /// The goal has ended.
    GoalEnded,
    /// The caseload move is no longer among the proposals.
    MoveNotProposed,
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => WebError::NotFound,
            StoreError::Conflict(c) => WebError::Conflict(c),
            other => WebError::Internal(Box::new(other)),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(Box::new(e))
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

    /// An internal error with its cause: an error, or a sentence for a
    /// broken invariant.
    pub fn internal(cause: impl Into<Cause>) -> WebError {
        WebError::Internal(cause.into())
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

    /// The API's error code (part of the JSON contract).
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

    /// A message safe to show, in Danish or English: never the internal
    /// cause.
    pub fn public_message(&self, english: bool) -> String {
        let (da, en) = match self {
            WebError::Validation(m) | WebError::BadRequest(m) => return m.get(english).to_string(),
            WebError::Conflict(c) => conflict_text(*c),
            WebError::Refused(r) => refusal_text(*r),
            WebError::NotFound => (
                "Siden eller posten findes ikke.",
                "The page or record does not exist.",
            ),
            WebError::Unauthenticated => ("Du skal logge ind.", "You must log in."),
            WebError::Csrf => (
                "Formularen er udløbet. Gå tilbage, genindlæs siden og prøv igen.",
                "The form has expired. Go back, reload the page and try again.",
            ),
            WebError::TooManyAttempts => (
                "For mange forsøg. Vent lidt og prøv igen.",
                "Too many attempts. Wait a while and try again.",
            ),
            WebError::PayloadTooLarge => ("Indholdet er for stort.", "The content is too large."),
            WebError::UnsupportedMediaType => (
                "Indholdstypen understøttes ikke.",
                "The content type is not supported.",
            ),
            WebError::Internal(_) => (
                "Der opstod en fejl. Prøv igen, eller kontakt support.",
                "Something went wrong. Try again or contact support.",
            ),
        };
        if english { en } else { da }.to_string()
    }

    /// Logs an internal error's cause. Causes come from the store, templates
    /// and encoders, which never put personal data in their messages.
    pub fn log(&self) {
        if let WebError::Internal(cause) = self {
            tracing::error!(%cause, "request failed");
        }
    }

    /// The JSON form used by the API.
    pub fn into_json(self) -> Response {
        self.log();
        let body = crate::api::ErrorBody {
            error: crate::api::ErrorDetail {
                code: self.code(),
                message: self.public_message(true),
            },
        };
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

/// What each conflict says to the user.
fn conflict_text(c: Conflict) -> (&'static str, &'static str) {
    match c {
        Conflict::Stale => (
            "Posten er ændret af en anden, siden du åbnede den. Genindlæs og prøv igen.",
            "Someone else changed the record since you opened it. Reload and try again.",
        ),
        Conflict::Exists(_) => ("Posten findes allerede.", "The record already exists."),
        Conflict::CourseClosed => refusal_text(Refusal::CourseClosed),
        Conflict::AlreadyPlanned => (
            "Indsatsen er allerede i planen.",
            "The intervention is already on the plan.",
        ),
        Conflict::InterventionClosed => (
            "Indsatsen tager ikke imod nye deltagere.",
            "The intervention takes no new participants.",
        ),
        Conflict::SlotTaken => (
            "Fagpersonen har en anden samtale på det tidspunkt.",
            "The professional has another conversation at that time.",
        ),
        Conflict::Signed => refusal_text(Refusal::ConferenceSigned),
        Conflict::NotSigned => (
            "Tillæg skrives til et underskrevet referat.",
            "Addenda are written to a signed record.",
        ),
        Conflict::GoalEnded => refusal_text(Refusal::GoalEnded),
        Conflict::LinkSpent => (
            "Linket er brugt eller udløbet.",
            "The link has been used or has expired.",
        ),
        Conflict::Submitted => (
            "Besvarelsen er sendt og kan ikke ændres.",
            "The response has been sent and cannot be changed.",
        ),
        Conflict::VersionExists => (
            "Den version af spørgeskemaet findes allerede med andet indhold. Importér den som en ny version.",
            "That version of the questionnaire exists with other content. Import it as a new version.",
        ),
    }
}

/// What each refusal says to the user.
fn refusal_text(r: Refusal) -> (&'static str, &'static str) {
    match r {
        Refusal::CourseClosed => (
            "Forløbet er afsluttet og kan ikke ændres. Skriv en tilføjelse i journalen (Historik) i stedet.",
            "The course is closed and cannot be changed. Write an addendum in the journal (History) instead.",
        ),
        Refusal::CourseAlreadyClosed => ("forløbet er allerede afsluttet", "the course is already closed"),
        Refusal::ConferenceSigned => (
            "Referatet er underskrevet og kan ikke ændres. Skriv en rettelse som et tillæg nederst på siden.",
            "The record is signed and cannot be changed. Write a correction as an addendum at the bottom of the page.",
        ),
        Refusal::NotUnderWay => (
            "indsatsen er ikke i gang, så der måles ikke på den",
            "the intervention is not under way, so it is not measured",
        ),
        Refusal::GoalEnded => ("målet er allerede afsluttet", "the goal has already ended"),
        Refusal::MoveNotProposed => (
            "Flytningen foreslås ikke længere. Se de nye forslag.",
            "The move is no longer proposed. See the new proposals.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every conflict and refusal, listed through a match so that a new
    /// variant must be added here.
    fn all() -> Vec<WebError> {
        let conflicts = [
            Conflict::Exists("x"),
            Conflict::Stale,
            Conflict::CourseClosed,
            Conflict::AlreadyPlanned,
            Conflict::InterventionClosed,
            Conflict::SlotTaken,
            Conflict::Signed,
            Conflict::NotSigned,
            Conflict::GoalEnded,
            Conflict::LinkSpent,
            Conflict::Submitted,
            Conflict::VersionExists,
        ];
        for c in conflicts {
            match c {
                Conflict::Exists(_)
                | Conflict::Stale
                | Conflict::CourseClosed
                | Conflict::AlreadyPlanned
                | Conflict::InterventionClosed
                | Conflict::SlotTaken
                | Conflict::Signed
                | Conflict::NotSigned
                | Conflict::GoalEnded
                | Conflict::LinkSpent
                | Conflict::Submitted
                | Conflict::VersionExists => {}
            }
        }
        let refusals = [
            Refusal::CourseClosed,
            Refusal::CourseAlreadyClosed,
            Refusal::ConferenceSigned,
            Refusal::NotUnderWay,
            Refusal::GoalEnded,
            Refusal::MoveNotProposed,
        ];
        for r in refusals {
            match r {
                Refusal::CourseClosed
                | Refusal::CourseAlreadyClosed
                | Refusal::ConferenceSigned
                | Refusal::NotUnderWay
                | Refusal::GoalEnded
                | Refusal::MoveNotProposed => {}
            }
        }
        conflicts
            .into_iter()
            .map(WebError::Conflict)
            .chain(refusals.into_iter().map(WebError::Refused))
            .collect()
    }

    #[test]
    fn every_conflict_and_refusal_is_a_409_said_in_both_languages() {
        for e in all() {
            assert_eq!(e.status(), StatusCode::CONFLICT, "{e:?}");
            let (da, en) = (e.public_message(false), e.public_message(true));
            assert!(!da.is_empty() && !en.is_empty(), "{e:?}");
            assert_ne!(da, en, "{e:?} has no Danish text");
        }
    }

    #[test]
    fn an_internal_error_shows_nothing_of_its_cause() {
        let e = WebError::internal("the secret cause 0101011234");
        for en in [false, true] {
            assert!(!e.public_message(en).contains("secret"));
            assert!(!e.public_message(en).contains("0101011234"));
        }
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(e.code(), "internal");
    }

    #[test]
    fn a_store_conflict_keeps_its_kind() {
        let e: WebError = StoreError::Conflict(Conflict::SlotTaken).into();
        assert!(matches!(e, WebError::Conflict(Conflict::SlotTaken)));
        assert_eq!(e.code(), "conflict");
    }
}
