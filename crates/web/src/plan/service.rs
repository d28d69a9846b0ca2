//! The intervention plan: catalogue interventions placed on a course with
//! goals and dates, capacity enforced by the store, consent required for
//! units outside the jobcentre; every read and change audited.

use crate::audit::{event, PURPOSE_CASEWORK};
use crate::consent::service::managed_course;
use crate::courses::service::{read_course, CourseAccess};
use crate::error::WebError;
use crate::AppState;
use chrono::{NaiveDate, Utc};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::catalogue::{Intervention, Track};
use jobspor_domain::citizen::Citizen;
use jobspor_domain::consent::{covers, Consent};
use jobspor_domain::plan::{
    availability, needs_consent, Availability, Placement, PlacementInput, PlacementStatus,
};
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::text::{self, MEDIUM_MAX_BYTES};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::Actor;
use jobspor_domain::*;
use jobspor_store::{Conflict, Revision, StoreError};
use std::collections::HashMap;

pub struct PlanItem {
    pub placement: Placement,
    pub intervention_name: String,
    pub unit_name: String,
    /// Whether the provider unit may see it: consent in force, or not needed.
    pub consent_ok: bool,
}

/// A catalogue intervention as the caseworker chooses among them.
pub struct Offer {
    pub intervention: Intervention,
    pub unit_name: String,
    pub availability: Availability,
    pub needs_consent: bool,
    pub has_consent: bool,
}

#[derive(Default, Clone, Copy)]
pub struct OfferFilter {
    pub track: Option<Track>,
    pub target_group: Option<TargetGroup>,
}

impl OfferFilter {
    /// Keeps the offers on the track and for the target group, when chosen.
    pub fn apply(self, offers: &mut Vec<Offer>) {
        offers.retain(|o| {
            self.track
                .is_none_or(|t| o.intervention.tracks.contains(&t))
                && self
                    .target_group
                    .is_none_or(|g| o.intervention.target_groups.contains(&g))
        });
    }
}

pub struct PlanView {
    pub access: CourseAccess,
    pub citizen: Citizen,
    pub version: i64,
    pub items: Vec<PlanItem>,
    pub offers: Vec<Offer>,
    pub consents: Vec<Consent>,
    pub today: NaiveDate,
}

/// The responsible caseworker's unit: placements elsewhere need consent.
async fn home_unit(
    state: &AppState,
    course: &jobspor_domain::course::Course,
) -> Result<Option<UnitId>, WebError> {
    Ok(state
        .store
        .user(course.caseworker_id)
        .await?
        .and_then(|u| u.unit_id))
}

pub async fn view(state: &AppState, actor: &Actor, course: CourseId) -> Result<PlanView, WebError> {
    let (access, citizen) = read_course(state, actor, course, "plan").await?;
    let m = actor.municipality_id;
    let today = today_copenhagen(Utc::now());
    let home = home_unit(state, &access.course).await?;
    let placements = state.store.placements(m, course).await?;
    let consents = state.store.consents(m, course).await?;
    let catalogue = state.store.interventions(m).await?;
    let units: HashMap<UnitId, String> = state
        .store
        .list_units(m)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let unit_name = |u: UnitId| units.get(&u).cloned().unwrap_or_default();
    let names: HashMap<InterventionId, &str> =
        catalogue.iter().map(|i| (i.id, i.name.as_str())).collect();
    let consent_ok =
        |unit: UnitId| !needs_consent(home, unit) || covers(&consents, course, unit, today);
    let items = placements
        .into_iter()
        .map(|p| PlanItem {
            intervention_name: names.get(&p.intervention_id).unwrap_or(&"").to_string(),
            unit_name: unit_name(p.unit_id),
            consent_ok: consent_ok(p.unit_id),
            placement: p,
        })
        .collect();
    let occupancy = state.store.occupancy(m).await?;
    let offers = catalogue
        .into_iter()
        .filter(|i| i.active)
        .map(|i| {
            let o = occupancy.get(&i.id).cloned().unwrap_or_default();
            Offer {
                availability: availability(i.capacity, &o.active_ends, o.waiting, today),
                unit_name: unit_name(i.unit_id),
                needs_consent: needs_consent(home, i.unit_id),
                has_consent: covers(&consents, course, i.unit_id, today),
                intervention: i,
            }
        })
        .collect();
    let version = state.store.plan_version(m, course).await?;
    Ok(PlanView {
        access,
        citizen,
        version,
        items,
        offers,
        consents,
        today,
    })
}

fn plan_error(e: StoreError) -> WebError {
    match e {
        StoreError::Conflict(Conflict::AlreadyPlanned) => {
            WebError::invalid("invalid.the_intervention_is_already_in_the")
        }
        StoreError::Conflict(Conflict::InterventionClosed) => {
            WebError::invalid("invalid.the_intervention_takes_no_new_participants")
        }
        StoreError::Conflict(Conflict::CourseClosed) => crate::courses::service::closed_refusal(),
        other => other.into(),
    }
}

/// Adds an intervention to the plan: a place if one is free, else the
/// waiting list. Another unit's intervention needs the citizen's consent.
pub async fn add(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    intervention: InterventionId,
    expected_version: i64,
    input: &PlacementInput<'_>,
) -> Result<Placement, WebError> {
    let ca = managed_course(state, actor, course).await?;
    let m = actor.municipality_id;
    let i = state
        .store
        .intervention(m, intervention)
        .await?
        .ok_or_else(|| WebError::invalid("invalid.choose_an_intervention_from_the_catalogue"))?;
    let now = Utc::now();
    let today = today_copenhagen(now);
    let v = input.validate(today).map_err(WebError::Validation)?;
    let home = home_unit(state, &ca.course).await?;
    if needs_consent(home, i.unit_id) {
        let consents = state.store.consents(m, course).await?;
        if !covers(&consents, course, i.unit_id, today) {
            return Err(WebError::invalid(
                "invalid.the_citizen_has_not_consented_to",
            ));
        }
    }
    let p = Placement {
        id: PlacementId::new(),
        municipality_id: m,
        course_id: course,
        citizen_id: ca.course.citizen_id,
        intervention_id: i.id,
        unit_id: i.unit_id,
        goal: v.goal,
        period: v.period,
        first_measurement: v.first_measurement,
        status: PlacementStatus::Active,
        queued_at: now,
        waiting_position: None,
        created_at: now,
        created_by: actor.user_id,
        ended_at: None,
        end_reason: None,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(p.citizen_id),
        format!("placement:{}", p.id),
        PURPOSE_CASEWORK,
    );
    let (saved, _) = state
        .store
        .place(&p, expected_version, &[ev])
        .await
        .map_err(plan_error)?;
    Ok(saved)
}

pub async fn revise(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    id: PlacementId,
    expected_version: i64,
    input: &PlacementInput<'_>,
) -> Result<i64, WebError> {
    let ca = managed_course(state, actor, course).await?;
    let now = Utc::now();
    let v = input
        .validate(today_copenhagen(now))
        .map_err(WebError::Validation)?;
    let ev = event(
        actor,
        AuditAction::Update,
        Some(ca.course.citizen_id),
        format!("placement:{id}"),
        PURPOSE_CASEWORK,
    );
    let change = Revision {
        goal: &v.goal,
        period: v.period,
        first_measurement: v.first_measurement,
    };
    state
        .store
        .revise_placement(
            actor.municipality_id,
            course,
            id,
            &change,
            expected_version,
            actor.user_id,
            now,
            &[ev],
        )
        .await
        .map_err(plan_error)
}

/// Ends a placement; its place goes to the first in line.
pub async fn end(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    id: PlacementId,
    expected_version: i64,
    reason: &str,
) -> Result<i64, WebError> {
    let ca = managed_course(state, actor, course).await?;
    let reason =
        text::required(reason, "reason", MEDIUM_MAX_BYTES).map_err(crate::audit::validation)?;
    let ev = event(
        actor,
        AuditAction::Update,
        Some(ca.course.citizen_id),
        format!("placement:{id}:ended"),
        PURPOSE_CASEWORK,
    );
    let (version, _) = state
        .store
        .end_placement(
            actor.municipality_id,
            course,
            id,
            &reason,
            expected_version,
            actor.user_id,
            Utc::now(),
            &[ev],
        )
        .await
        .map_err(plan_error)?;
    Ok(version)
}
