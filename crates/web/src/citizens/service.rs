//! Citizens: access, reading, registering, correcting, searching, and the
//! access log.

use crate::audit::{audit, event, validation, PURPOSE_CASEWORK};
use crate::courses::service::{parse_search, PAGE_SIZE};
use crate::error::WebError;
use crate::AppState;
use chrono::Utc;
use jobspor_domain::access::{self, CourseRelations};
use jobspor_domain::audit::{AuditAction, AuditEntry, AuditEvent};
use jobspor_domain::citizen::{Citizen, CitizenInput};
use jobspor_domain::course::Course;
use jobspor_domain::cpr::CprWarning;
use jobspor_domain::user::Actor;
use jobspor_domain::*;
use jobspor_store::CourseSearch;

/// May the actor see the citizen, and which of their courses?
pub async fn citizen_for(
    state: &AppState,
    actor: &Actor,
    id: CitizenId,
) -> Result<(Citizen, Vec<Course>), WebError> {
    let citizen = state
        .store
        .citizen(actor.municipality_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let visible = state
        .store
        .courses_of_citizen(actor.municipality_id, id)
        .await?
        .into_iter()
        .filter(|r| {
            let rel = CourseRelations {
                caseworker_team: r.caseworker_team.as_deref(),
                members: &r.members,
            };
            access::can_view_course(actor, &r.course, &rel)
        })
        .map(|r| r.course)
        .collect();
    Ok((citizen, visible))
}

pub async fn read_citizen(
    state: &AppState,
    actor: &Actor,
    id: CitizenId,
) -> Result<(Citizen, Vec<Course>), WebError> {
    let (citizen, visible) = citizen_for(state, actor, id).await?;
    if !access::can_view_citizen(actor, citizen.municipality_id, !visible.is_empty()) {
        return Err(WebError::NotFound);
    }
    audit(
        state,
        &[event(
            actor,
            AuditAction::Read,
            Some(citizen.id),
            format!("citizen:{}", citizen.id),
            PURPOSE_CASEWORK,
        )],
    )
    .await?;
    Ok((citizen, visible))
}

pub struct CitizenFields {
    pub cpr: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

pub enum CreateCitizen {
    Created(Citizen, Option<CprWarning>),
    /// The CPR number is already registered in the municipality.
    Exists(CitizenId),
}

pub async fn create_citizen(
    state: &AppState,
    actor: &Actor,
    f: &CitizenFields,
) -> Result<CreateCitizen, WebError> {
    if !access::can_create_citizen(actor) {
        return Err(WebError::NotFound);
    }
    let v = CitizenInput {
        cpr: &f.cpr,
        name: &f.name,
        phone: f.phone.as_deref(),
        email: f.email.as_deref(),
        address: f.address.as_deref(),
    }
    .validate()
    .map_err(validation)?;
    if let Some(existing) = state
        .store
        .citizen_by_cpr(actor.municipality_id, &v.cpr)
        .await?
    {
        audit(
            state,
            &[event(
                actor,
                AuditAction::Search,
                Some(existing.id),
                "citizen".into(),
                &format!("CPR: {}", v.cpr.masked()),
            )],
        )
        .await?;
        return Ok(CreateCitizen::Exists(existing.id));
    }
    let citizen = Citizen {
        id: CitizenId::new(),
        municipality_id: actor.municipality_id,
        cpr: v.cpr,
        name: v.name,
        phone: v.phone,
        email: v.email,
        address: v.address,
        created_at: Utc::now(),
        version: 1,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(citizen.id),
        format!("citizen:{}", citizen.id),
        PURPOSE_CASEWORK,
    );
    match state.store.create_citizen(&citizen, &[ev]).await {
        Ok(()) => Ok(CreateCitizen::Created(citizen, v.warning)),
        // A conflict: created by someone else a moment ago.
        Err(e) => Err(e.into()),
    }
}

pub struct ContactFields {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
}

/// Corrects a citizen's name and contact data if `version` is still current.
pub async fn update_citizen(
    state: &AppState,
    actor: &Actor,
    id: CitizenId,
    version: i64,
    f: &ContactFields,
) -> Result<(), WebError> {
    if !access::can_create_citizen(actor) {
        return Err(WebError::NotFound);
    }
    let current = state
        .store
        .citizen(actor.municipality_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let cpr = current.cpr.full();
    let v = CitizenInput {
        cpr: &cpr,
        name: &f.name,
        phone: Some(&f.phone),
        email: Some(&f.email),
        address: Some(&f.address),
    }
    .validate()
    .map_err(validation)?;
    let changed = Citizen {
        name: v.name,
        phone: v.phone,
        email: v.email,
        address: v.address,
        ..current
    };
    let ev = event(
        actor,
        AuditAction::Update,
        Some(id),
        format!("citizen:{id}"),
        PURPOSE_CASEWORK,
    );
    state.store.update_citizen(&changed, version, &[ev]).await?;
    Ok(())
}

/// Citizens matching a query, for the API: by CPR or by name.
pub async fn search_citizens(
    state: &AppState,
    actor: &Actor,
    q: &str,
    page: i64,
) -> Result<Vec<Citizen>, WebError> {
    if !access::can_search_citizens(actor) {
        return Ok(Vec::new());
    }
    let Some((search, crit)) = parse_search(q) else {
        return Err(WebError::invalid("invalid.give_a_search_criterion_q"));
    };
    let found = match search {
        CourseSearch::Cpr(cpr) => state
            .store
            .citizen_by_cpr(actor.municipality_id, &cpr)
            .await?
            .into_iter()
            .collect(),
        CourseSearch::CprPrefix(_) => {
            return Err(WebError::invalid("invalid.give_a_whole_cpr_number_or"));
        }
        CourseSearch::Name(n) => {
            state
                .store
                .search_citizens_by_name(
                    actor.municipality_id,
                    &n,
                    PAGE_SIZE,
                    (page.max(1) - 1) * PAGE_SIZE,
                )
                .await?
        }
    };
    let mut events: Vec<AuditEvent> = found
        .iter()
        .map(|c: &Citizen| {
            event(
                actor,
                AuditAction::Search,
                Some(c.id),
                "citizen_search".into(),
                &crit,
            )
        })
        .collect();
    if events.is_empty() {
        events.push(event(
            actor,
            AuditAction::Search,
            None,
            "citizen_search".into(),
            &crit,
        ));
    }
    audit(state, &events).await?;
    Ok(found)
}

pub async fn access_log(
    state: &AppState,
    actor: &Actor,
    id: CitizenId,
    export: bool,
) -> Result<(Citizen, Vec<AuditEntry>), WebError> {
    let (citizen, visible) = citizen_for(state, actor, id).await?;
    if !access::can_view_access_log(actor, citizen.municipality_id, !visible.is_empty()) {
        return Err(WebError::NotFound);
    }
    let (action, what) = if export {
        (AuditAction::Export, "access_log_export")
    } else {
        (AuditAction::Read, "access_log")
    };
    audit(
        state,
        &[event(
            actor,
            action,
            Some(citizen.id),
            format!("{what}:{}", citizen.id),
            "indsigt i adgangslog",
        )],
    )
    .await?;
    let entries = state
        .store
        .access_log(actor.municipality_id, id, 10_000)
        .await?;
    Ok((citizen, entries))
}
