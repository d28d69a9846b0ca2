//! One error type for handlers, mapped to status codes at the edge. The page
//! and API forms differ only in rendering: HTML for pages, JSON
//! `{"error": {"code", "message"}}` for the API.

use crate::i18n::{words, Lang};
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
    /// A login through an identity provider that is refused: 403.
    #[error("login refused: {0:?}")]
    LoginRefused(LoginRefusal),
    /// The identity provider cannot be reached; the cause is logged: 502.
    #[error("identity provider unavailable: {0}")]
    LoginUnavailable(String),
    /// Anything else: the cause is logged, a generic message is shown.
    #[error("internal error: {0}")]
    Internal(Cause),
}

/// Why a login through an identity provider is refused, each with its
/// message below. Logged by name, never with a token or personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRefusal {
    /// No login under way with that state: forged, used already, or too old.
    UnknownState,
    /// The login was started in another browser.
    OtherBrowser,
    /// The provider ended the login (the user cancelled, or it said no).
    ProviderSaidNo,
    /// The ID token failed a check.
    Token(crate::auth::oidc::TokenProblem),
    /// No claim mapping gives the login a role in a municipality.
    NoRole,
    /// The mapping does not create users, and nobody linked this one.
    NotLinked,
    /// The user is deactivated in Jobspor.
    Deactivated,
    /// The municipality allows no Jobspor passwords.
    PasswordsOff,
    /// A second factor is due and was missing or wrong.
    CodeNeeded,
    /// A citizen's login without a level of assurance.
    NoAssurance,
    /// A citizen's login below substantial (NSIS).
    LowAssurance,
    /// No citizen of the municipality has the login's CPR number.
    NoCitizen,
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
    /// Invalid input, said by the catalogue's text for `key`.
    pub fn invalid(key: &'static str) -> WebError {
        WebError::Validation(Message::new(key))
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
            WebError::LoginRefused(_) => StatusCode::FORBIDDEN,
            WebError::LoginUnavailable(_) => StatusCode::BAD_GATEWAY,
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
            WebError::LoginRefused(_) => "login_refused",
            WebError::LoginUnavailable(_) => "login_unavailable",
            WebError::Internal(_) => "internal",
        }
    }

    /// A message safe to show, in Danish or English: never the internal
    /// cause.
    pub fn public_message(&self, lang: Lang) -> String {
        let key = match self {
            WebError::Validation(m) | WebError::BadRequest(m) => return words::message(lang, m),
            WebError::Conflict(c) => conflict_text(*c),
            WebError::Refused(r) => refusal_text(*r),
            WebError::NotFound => "error.not_found",
            WebError::Unauthenticated => "error.unauthenticated",
            WebError::Csrf => "error.csrf",
            WebError::TooManyAttempts => "error.too_many_attempts",
            WebError::PayloadTooLarge => "error.payload_too_large",
            WebError::UnsupportedMediaType => "error.unsupported_media_type",
            WebError::LoginRefused(r) => login_refusal_text(*r),
            WebError::LoginUnavailable(_) => "error.login_unavailable",
            WebError::Internal(_) => "error.internal",
        };
        lang.t(key).to_string()
    }

    /// Logs an internal error's cause. Causes come from the store, templates
    /// and encoders, which never put personal data in their messages.
    pub fn log(&self) {
        match self {
            WebError::Internal(cause) => tracing::error!(%cause, "request failed"),
            WebError::LoginRefused(why) => tracing::warn!(reason = ?why, "login refused"),
            WebError::LoginUnavailable(cause) => {
                tracing::warn!(%cause, "identity provider unavailable")
            }
            _ => {}
        }
    }

    /// The JSON form used by the API.
    pub fn into_json(self) -> Response {
        self.log();
        let body = crate::api::ErrorBody {
            error: crate::api::ErrorDetail {
                code: self.code(),
                message: self.public_message(Lang::En),
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

/// What each refused login says to the user.
fn login_refusal_text(r: LoginRefusal) -> &'static str {
    match r {
        LoginRefusal::UnknownState | LoginRefusal::OtherBrowser => "login_refused.state",
        LoginRefusal::ProviderSaidNo => "login_refused.provider",
        LoginRefusal::Token(_) => "login_refused.token",
        LoginRefusal::NoRole => "login_refused.no_role",
        LoginRefusal::NotLinked => "login_refused.not_linked",
        LoginRefusal::Deactivated => "login_refused.deactivated",
        LoginRefusal::PasswordsOff => "login_local_off",
        LoginRefusal::CodeNeeded => "login_refused.code",
        LoginRefusal::NoAssurance | LoginRefusal::LowAssurance => "login_refused.assurance",
        LoginRefusal::NoCitizen => "login_refused.no_citizen",
    }
}

/// What each conflict says to the user.
fn conflict_text(c: Conflict) -> &'static str {
    match c {
        Conflict::Stale => "conflict.stale",
        Conflict::Exists(_) => "conflict.exists",
        Conflict::CourseClosed => refusal_text(Refusal::CourseClosed),
        Conflict::AlreadyPlanned => "conflict.already_planned",
        Conflict::InterventionClosed => "conflict.intervention_closed",
        Conflict::SlotTaken => "conflict.slot_taken",
        Conflict::Signed => refusal_text(Refusal::ConferenceSigned),
        Conflict::NotSigned => "conflict.not_signed",
        Conflict::GoalEnded => refusal_text(Refusal::GoalEnded),
        Conflict::LinkSpent => "conflict.link_spent",
        Conflict::Submitted => "conflict.submitted",
        Conflict::VersionExists => "conflict.version_exists",
        Conflict::AdviceAttached => "conflict.advice_attached",
    }
}

impl Refusal {
    /// The catalogue key of what the refusal says.
    pub fn key(self) -> &'static str {
        refusal_text(self)
    }
}

/// What each refusal says to the user.
fn refusal_text(r: Refusal) -> &'static str {
    match r {
        Refusal::CourseClosed => "refusal.course_closed",
        Refusal::CourseAlreadyClosed => "refusal.course_already_closed",
        Refusal::ConferenceSigned => "refusal.conference_signed",
        Refusal::NotUnderWay => "refusal.not_under_way",
        Refusal::GoalEnded => "refusal.goal_ended",
        Refusal::MoveNotProposed => "refusal.move_not_proposed",
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
            Conflict::AdviceAttached,
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
                | Conflict::VersionExists
                | Conflict::AdviceAttached => {}
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
            let (da, en) = (e.public_message(Lang::Da), e.public_message(Lang::En));
            assert!(!da.is_empty() && !en.is_empty(), "{e:?}");
            assert_ne!(da, en, "{e:?} has no Danish text");
        }
    }

    #[test]
    fn an_internal_error_shows_nothing_of_its_cause() {
        let e = WebError::internal("the secret cause 0101011234");
        for lang in [Lang::Da, Lang::En] {
            assert!(!e.public_message(lang).contains("secret"));
            assert!(!e.public_message(lang).contains("0101011234"));
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
