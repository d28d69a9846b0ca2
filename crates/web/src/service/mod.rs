//! What pages and the API both do: load records with an access check, write
//! changes with their audit entries, and audit every read. One module per
//! domain concept; everything is re-exported here.

pub mod analysis;
pub mod catalogue;
mod citizens;
pub mod conference;
pub mod consent;
pub mod control;
mod courses;
pub mod deadlines;
pub mod focus;
pub mod icf;
mod journal;
pub mod plan;
mod plan_pdf;
pub mod rating_link;
pub use plan_pdf::plan_pdf;
pub mod capacity;
pub mod caseload;
pub mod economics;
pub mod outcomes;
pub mod progression;
pub mod provider;
pub mod question_bank;
pub mod register;
pub mod research;
pub mod screening;
pub mod snapshot;
pub mod triage;
pub mod validity;
pub mod works;

pub use citizens::*;
pub use courses::*;
pub use journal::*;

use crate::error::WebError;
use crate::AppState;
use chrono::Utc;
use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_domain::cpr::{looks_like_cpr, Cpr};
use jobspor_domain::message::Explain;
use jobspor_domain::user::Actor;
use jobspor_domain::CitizenId;
use jobspor_store::CourseSearch;

/// The purpose recorded for ordinary case work.
pub const PURPOSE_CASEWORK: &str = "sagsbehandling";

pub fn event(
    actor: &Actor,
    action: AuditAction,
    citizen: Option<CitizenId>,
    object: String,
    purpose: &str,
) -> AuditEvent {
    AuditEvent {
        at: Utc::now(),
        municipality_id: actor.municipality_id,
        user_id: Some(actor.user_id),
        username: actor.username.clone(),
        role: Some(actor.role),
        action,
        citizen_id: citizen,
        object,
        purpose: purpose.to_string(),
    }
}

/// Writes audit entries for a read; the request fails when this fails.
pub async fn audit(state: &AppState, events: &[AuditEvent]) -> Result<(), WebError> {
    state
        .store
        .append_audit(events)
        .await
        .map_err(|e| WebError::Internal(format!("audit write failed: {e}")))
}

pub(crate) fn validation(e: impl Explain) -> WebError {
    WebError::explained(&e)
}

/// How a search box's text is understood, and the criterion for the audit log.
pub fn parse_search(q: &str) -> Option<(CourseSearch, String)> {
    let q = q.trim();
    if q.is_empty() {
        return None;
    }
    if looks_like_cpr(q) {
        if let Ok((cpr, _)) = Cpr::parse(q) {
            let crit = format!("CPR: {}", cpr.masked());
            return Some((CourseSearch::Cpr(cpr), crit));
        }
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        let prefix = if digits.len() > 6 {
            format!("{}-{}", &digits[..6], &digits[6..])
        } else {
            digits.clone()
        };
        let shown: String = digits.chars().take(6).collect();
        return Some((
            CourseSearch::CprPrefix(prefix),
            format!("CPR begynder med: {shown}"),
        ));
    }
    Some((CourseSearch::Name(q.to_string()), format!("navn: {q}")))
}

pub const PAGE_SIZE: i64 = 25;
