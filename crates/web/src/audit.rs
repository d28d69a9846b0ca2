//! What pages and the API both do: load records with an access check, write
//! changes with their audit entries, and audit every read. One module per
//! domain concept; everything is re-exported here.

use crate::error::WebError;
use crate::AppState;
use chrono::Utc;
use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_domain::message::Explain;
use jobspor_domain::user::Actor;
use jobspor_domain::CitizenId;

/// The purpose recorded for ordinary case work.
pub const PURPOSE_CASEWORK: &str = "sagsbehandling";

/// A staff member's audit entry. What a user typed (a search, a purpose)
/// may hold a CPR number; only its first six digits are written down.
pub fn event(
    actor: &Actor,
    action: AuditAction,
    citizen: Option<CitizenId>,
    object: String,
    purpose: &str,
) -> AuditEvent {
    let purpose = jobspor_domain::cpr::redact(purpose).into_owned();
    AuditEvent {
        at: Utc::now(),
        municipality_id: actor.municipality_id,
        user_id: Some(actor.user_id),
        username: actor.username.clone(),
        role: Some(actor.role),
        action,
        citizen_id: citizen,
        object,
        purpose,
    }
}

/// Writes audit entries for a read; the request fails when this fails.
pub async fn audit(state: &AppState, events: &[AuditEvent]) -> Result<(), WebError> {
    state
        .store
        .append_audit(events)
        .await
        .map_err(|e| WebError::internal(format!("audit write failed: {e}")))
}

pub(crate) fn validation(e: impl Explain) -> WebError {
    WebError::explained(&e)
}
