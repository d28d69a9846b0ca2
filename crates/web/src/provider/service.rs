//! What a provider unit (udfører) sees: its participants with only what it
//! needs (name, intervention, goal, dates, contact) and its inbox. A
//! placement outside the jobcentre shows only while the citizen's consent
//! for the unit is in force; everything shown is an audited read.

use crate::audit::{audit, event};
use crate::error::WebError;
use crate::AppState;
use chrono::Utc;
use jobspor_domain::access::can_view_placement;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::consent::{covers, Consent};
use jobspor_domain::plan::{needs_consent, Notification};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::Actor;
use jobspor_domain::*;
use jobspor_store::{RosterRow, RosterScope};
use std::collections::HashMap;

/// The purpose recorded for a provider's reads.
pub const PURPOSE_PROVIDING: &str = "levering af indsats";

/// How many inbox messages are shown.
const INBOX_SIZE: i64 = 100;

/// The actor's unit's participants, filtered by access (consent included).
async fn visible(
    state: &AppState,
    actor: &Actor,
    scope: RosterScope,
) -> Result<Vec<RosterRow>, WebError> {
    let Some(unit) = actor.unit_id.filter(|_| actor.role == user::Role::Provider) else {
        return Ok(Vec::new());
    };
    let m = actor.municipality_id;
    let rows = state.store.roster(m, unit, scope).await?;
    if rows.is_empty() {
        return Ok(rows);
    }
    let consents: Vec<Consent> = state.store.unit_consents(m, unit).await?;
    let today = today_copenhagen(Utc::now());
    Ok(rows
        .into_iter()
        .filter(|r| {
            let p = &r.placement;
            let consent_ok = !needs_consent(r.caseworker_unit, p.unit_id)
                || covers(&consents, p.course_id, p.unit_id, today);
            can_view_placement(actor, p.municipality_id, p.unit_id, consent_ok)
        })
        .collect())
}

async fn audit_reads(
    state: &AppState,
    actor: &Actor,
    rows: &[RosterRow],
    what: &str,
) -> Result<(), WebError> {
    let events: Vec<_> = rows
        .iter()
        .map(|r| {
            event(
                actor,
                AuditAction::Read,
                Some(r.placement.citizen_id),
                format!("{what}:{}", r.placement.id),
                PURPOSE_PROVIDING,
            )
        })
        .collect();
    audit(state, &events).await
}

/// The unit's visible participants without auditing (for lists that audit
/// what they show themselves).
pub(crate) async fn participants_unaudited(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<RosterRow>, WebError> {
    visible(state, actor, RosterScope::Open).await
}

pub async fn participants(state: &AppState, actor: &Actor) -> Result<Vec<RosterRow>, WebError> {
    if actor.role != user::Role::Provider {
        return Err(WebError::NotFound);
    }
    let rows = visible(state, actor, RosterScope::Open).await?;
    audit_reads(state, actor, &rows, "participant").await?;
    Ok(rows)
}

/// One participant, or 404 for another unit's, or once consent is revoked.
pub async fn participant(
    state: &AppState,
    actor: &Actor,
    id: PlacementId,
) -> Result<RosterRow, WebError> {
    let row = visible(state, actor, RosterScope::One(id))
        .await?
        .into_iter()
        .next()
        .ok_or(WebError::NotFound)?;
    audit_reads(state, actor, std::slice::from_ref(&row), "participant").await?;
    Ok(row)
}

/// The unit's inbox; messages about participants it may no longer see are
/// left out.
pub async fn inbox(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<(Notification, RosterRow)>, WebError> {
    let Some(unit) = actor.unit_id.filter(|_| actor.role == user::Role::Provider) else {
        return Err(WebError::NotFound);
    };
    let notes = state
        .store
        .inbox(actor.municipality_id, unit, INBOX_SIZE)
        .await?;
    let rows: HashMap<PlacementId, RosterRow> =
        visible(state, actor, RosterScope::Notified(INBOX_SIZE))
            .await?
            .into_iter()
            .map(|r| (r.placement.id, r))
            .collect();
    let shown: Vec<(Notification, RosterRow)> = notes
        .into_iter()
        .filter_map(|n| rows.get(&n.placement_id).cloned().map(|r| (n, r)))
        .collect();
    let distinct: Vec<RosterRow> = rows.into_values().collect();
    audit_reads(state, actor, &distinct, "notification").await?;
    Ok(shown)
}

/// Marks every unread message the unit may still see read (messages about
/// participants whose consent was revoked stay as unknown as they are).
pub async fn mark_all_read(state: &AppState, actor: &Actor) -> Result<usize, WebError> {
    let Some(unit) = actor.unit_id.filter(|_| actor.role == user::Role::Provider) else {
        return Err(WebError::NotFound);
    };
    let notes = state
        .store
        .inbox(actor.municipality_id, unit, INBOX_SIZE)
        .await?;
    let seen: std::collections::HashSet<PlacementId> =
        visible(state, actor, RosterScope::Notified(INBOX_SIZE))
            .await?
            .into_iter()
            .map(|r| r.placement.id)
            .collect();
    let unread: Vec<NotificationId> = notes
        .into_iter()
        .filter(|n| n.read_at.is_none() && seen.contains(&n.placement_id))
        .map(|n| n.id)
        .collect();
    let n = state
        .store
        .mark_read_many(
            actor.municipality_id,
            unit,
            &unread,
            actor.user_id,
            Utc::now(),
        )
        .await?;
    Ok(n as usize)
}

pub async fn mark_read(
    state: &AppState,
    actor: &Actor,
    id: NotificationId,
) -> Result<(), WebError> {
    let Some(unit) = actor.unit_id.filter(|_| actor.role == user::Role::Provider) else {
        return Err(WebError::NotFound);
    };
    // Only a message about a participant the unit may still see: once the
    // consent is revoked, the message is as unknown as the participant.
    let placement = state
        .store
        .notification_placement(actor.municipality_id, unit, id)
        .await?
        .ok_or(WebError::NotFound)?;
    if visible(state, actor, RosterScope::One(placement))
        .await?
        .is_empty()
    {
        return Err(WebError::NotFound);
    }
    state
        .store
        .mark_read(actor.municipality_id, unit, id, actor.user_id, Utc::now())
        .await?;
    Ok(())
}
