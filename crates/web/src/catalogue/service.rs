//! The intervention catalogue: read by staff, maintained by the administrator.

use crate::audit::event;
use crate::error::WebError;
use crate::AppState;
use jobspor_domain::access;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::catalogue::{Intervention, InterventionInput};
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::*;
use jobspor_store::{Conflict, StoreError};

pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<Intervention>, WebError> {
    if actor.role == Role::Citizen {
        return Err(WebError::NotFound);
    }
    Ok(state.store.interventions(actor.municipality_id).await?)
}

async fn checked_unit(state: &AppState, actor: &Actor, unit: &str) -> Result<UnitId, WebError> {
    let units = state.store.list_units(actor.municipality_id).await?;
    unit.parse::<UnitId>()
        .ok()
        .filter(|u| units.iter().any(|x| x.id == *u))
        .ok_or_else(|| WebError::invalid("invalid.choose_the_responsible_unit"))
}

fn conflict_or(e: StoreError) -> WebError {
    match e {
        StoreError::Conflict(Conflict::Exists(_)) => {
            WebError::invalid("invalid.an_intervention_with_that_name_exists")
        }
        other => other.into(),
    }
}

pub async fn create(
    state: &AppState,
    actor: &Actor,
    unit: &str,
    input: &InterventionInput<'_>,
) -> Result<Intervention, WebError> {
    if !access::can_administer(actor) {
        return Err(WebError::NotFound);
    }
    let unit_id = checked_unit(state, actor, unit).await?;
    let v = input.validate().map_err(WebError::Validation)?;
    let i = Intervention {
        id: InterventionId::new(),
        municipality_id: actor.municipality_id,
        name: v.name,
        description: v.description,
        unit_id,
        tracks: v.tracks,
        target_groups: v.target_groups,
        usual_weeks: v.usual_weeks,
        capacity: v.capacity,
        price_ore: v.price_ore,
        progression_questions: v.progression_questions,
        active: true,
        version: 1,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        None,
        format!("intervention:{}", i.id),
        "administration",
    );
    state
        .store
        .create_intervention(&i, &[ev])
        .await
        .map_err(conflict_or)?;
    Ok(i)
}

pub async fn update(
    state: &AppState,
    actor: &Actor,
    id: InterventionId,
    version: i64,
    unit: &str,
    active: bool,
    input: &InterventionInput<'_>,
) -> Result<Intervention, WebError> {
    if !access::can_administer(actor) {
        return Err(WebError::NotFound);
    }
    let current = state
        .store
        .intervention(actor.municipality_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let unit_id = checked_unit(state, actor, unit).await?;
    let v = input.validate().map_err(WebError::Validation)?;
    let changed = Intervention {
        name: v.name,
        description: v.description,
        unit_id,
        tracks: v.tracks,
        target_groups: v.target_groups,
        usual_weeks: v.usual_weeks,
        capacity: v.capacity,
        price_ore: v.price_ore,
        progression_questions: v.progression_questions,
        active,
        ..current
    };
    let ev = event(
        actor,
        AuditAction::Update,
        None,
        format!("intervention:{id}"),
        "administration",
    );
    state
        .store
        .update_intervention(&changed, version, &[ev])
        .await
        .map_err(conflict_or)
}
