//! Producing the export for a member of staff: the policy decides who may,
//! the use is audited before anything is read, and the store reads it all
//! in one snapshot.

use crate::audit::{audit, event};
use crate::citizens::standing::standing;
use crate::error::WebError;
use crate::AppState;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::cpr::Cpr;
use jobspor_domain::insight::Insight;
use jobspor_domain::need_to_know::CitizenData;
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::CitizenId;

/// What the member of staff does with the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Looks at what is held (the page's overview).
    Overview,
    Pdf,
    Json,
}

impl Use {
    fn audit(self) -> (AuditAction, &'static str) {
        match self {
            Use::Overview => (AuditAction::Read, "indsigt (art. 15): oversigt"),
            Use::Pdf => (AuditAction::Export, "indsigt (art. 15): PDF"),
            Use::Json => (
                AuditAction::Export,
                "indsigt og dataportabilitet (art. 15 og 20): JSON",
            ),
        }
    }
}

/// Everything held about the citizen, for one who may produce it;
/// `NotFound` for anyone else (an unknown citizen and a forbidden one look
/// the same).
pub async fn produce(
    state: &AppState,
    actor: &Actor,
    id: CitizenId,
    what: Use,
) -> Result<Insight, WebError> {
    let s = standing(state, actor, id).await?;
    s.require(actor, CitizenData::Insight)?;
    let (action, purpose) = what.audit();
    audit(
        state,
        &[event(
            actor,
            action,
            Some(id),
            format!("insight:{id}"),
            purpose,
        )],
    )
    .await?;
    state
        .store
        .citizen_insight(actor.municipality_id, id)
        .await?
        .ok_or(WebError::NotFound)
}

/// Whether the actor answers requests for insight of citizens they have
/// no course with, and so finds them by CPR number (the data protection
/// officer).
pub fn answers_requests(actor: &Actor) -> bool {
    actor.role == Role::Admin
}

/// The citizen with this CPR number, for the data protection officer
/// answering a request. The lookup is audited with the CPR number masked,
/// found or not.
pub async fn find(state: &AppState, actor: &Actor, cpr: &str) -> Result<CitizenId, WebError> {
    if !answers_requests(actor) {
        return Err(WebError::NotFound);
    }
    let (cpr, _) = Cpr::parse(cpr).map_err(|e| WebError::explained(&e))?;
    let found = state
        .store
        .citizen_by_cpr(actor.municipality_id, &cpr)
        .await?;
    audit(
        state,
        &[event(
            actor,
            AuditAction::Search,
            found.as_ref().map(|c| c.id),
            "insight_request".into(),
            &format!("indsigt (art. 15): opslag på {}", cpr.masked()),
        )],
    )
    .await?;
    found
        .map(|c| c.id)
        .ok_or_else(|| WebError::invalid("invalid.insight_no_such_citizen"))
}
