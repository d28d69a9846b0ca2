//! Citizens: access, reading, registering, correcting, searching, and the
//! access log.

use crate::audit::{audit, event, validation, PURPOSE_CASEWORK};
use crate::citizens::standing::{standing, Found, Standing};
use crate::courses::service::{parse_search, PAGE_SIZE};
use crate::error::WebError;
use crate::AppState;
use chrono::Utc;
use jobspor_domain::access;
use jobspor_domain::audit::{AuditAction, AuditEntry, AuditEvent};
use jobspor_domain::citizen::{Citizen, CitizenInput};
use jobspor_domain::cpr::CprWarning;
use jobspor_domain::need_to_know::{CitizenData, Grant};
use jobspor_domain::user::Actor;
use jobspor_domain::*;
use jobspor_store::CourseSearch;

/// The citizen's record and the courses the actor may see, for one who
/// may see the record (a course, or a stated purpose); audited with the
/// purpose that opens it.
pub async fn read_citizen(
    state: &AppState,
    actor: &Actor,
    id: CitizenId,
) -> Result<Standing, WebError> {
    open_record(state, actor, standing(state, actor, id).await?).await
}

/// [`read_citizen`] of a standing already worked out.
pub async fn open_record(
    state: &AppState,
    actor: &Actor,
    s: Standing,
) -> Result<Standing, WebError> {
    s.require(actor, CitizenData::Record)?;
    audit(
        state,
        &[event(
            actor,
            AuditAction::Read,
            Some(s.citizen.id),
            format!("citizen:{}", s.citizen.id),
            &s.purpose(),
        )],
    )
    .await?;
    Ok(s)
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
    // The one who registers the citizen may open them for intake.
    let intake = Grant::intake(actor, citizen.id, citizen.created_at);
    // A conflict: created by someone else a moment ago.
    state
        .store
        .register_citizen(&citizen, &intake, &[ev])
        .await?;
    Ok(CreateCitizen::Created(citizen, v.warning))
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
    let s = standing(state, actor, id).await?;
    s.require(actor, CitizenData::Record)?;
    let purpose = s.purpose();
    let current = s.citizen;
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
        &purpose,
    );
    state.store.update_citizen(&changed, version, &[ev]).await?;
    Ok(())
}

/// Citizens matching a query, by CPR or by name: what a search shows of
/// each (need-to-know: name, masked CPR number, whether there is a course
/// and whose it is), audited as found.
pub async fn search_citizens(
    state: &AppState,
    actor: &Actor,
    q: &str,
    page: i64,
) -> Result<Vec<Found>, WebError> {
    if !access::can_search_citizens(actor) {
        return Ok(Vec::new());
    }
    let Some((search, crit)) = parse_search(q) else {
        return Err(WebError::invalid("invalid.give_a_search_criterion_q"));
    };
    let citizens: Vec<Citizen> = match search {
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
    // Whose course each hit has: one query for the page of hits.
    let ids: Vec<CitizenId> = citizens.iter().map(|c| c.id).collect();
    let courses = state
        .store
        .courses_of_citizens(actor.municipality_id, &ids)
        .await?;
    let found: Vec<Found> = citizens
        .iter()
        .map(|c| Found::of(c, courses.iter().filter(|r| r.course.citizen_id == c.id)))
        .collect();
    let mut events: Vec<AuditEvent> = found
        .iter()
        .map(|c| {
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
    let s = standing(state, actor, id).await?;
    s.require(actor, CitizenData::AccessLog)?;
    let citizen = s.citizen;
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
