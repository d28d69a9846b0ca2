//! The contact course of one course (read and kept by its caseworker, every
//! step audited, each write with its journal note), and the monitor for
//! managers (counts only, through the small-cell rule).

use crate::audit::{event, PURPOSE_CASEWORK};
use crate::consent::service::{managed_any, managed_course};
use crate::courses::service::{course_citizen, CourseAccess};
use crate::error::WebError;
use crate::i18n::{format::date_in, Lang};
use crate::journal::service::new_entry;
use crate::management::service::register::{audit_aggregate, require_manager};
use crate::AppState;
use chrono::{Months, NaiveDate, Utc};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::job_contact::{
    check_held_on, check_reason, close_to_labour_market, window_end, Exemption, JobConversation,
    Quota, QuotaCourse,
};
use jobspor_domain::rules::{RuleBook, TargetGroup};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::Actor;
use jobspor_domain::{ConversationId, CourseId, UnitId};

/// The first day of flexible contact in a municipality's rules.
fn requirement_start(book: &RuleBook) -> Option<NaiveDate> {
    book.sets()
        .iter()
        .filter(|s| s.flexible_contact)
        .map(|s| s.valid_from)
        .min()
}

pub struct ContactView {
    pub access: CourseAccess,
    pub citizen: Citizen,
    pub close: bool,
    pub window_end: NaiveDate,
    /// Newest first.
    pub conversations: Vec<JobConversation>,
    pub exemption: Option<Exemption>,
    /// The earliest start of an intervention given on the plan.
    pub first_offer: Option<NaiveDate>,
    pub today: NaiveDate,
}

pub async fn view(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<ContactView, WebError> {
    let access = managed_any(state, actor, course).await?;
    let m = actor.municipality_id;
    let citizen = course_citizen(state, actor, &access, AuditAction::Read, "job_contact").await?;
    let k = &access.course;
    let first_offer = state.store.first_offer(m, course).await?;
    Ok(ContactView {
        close: close_to_labour_market(k.target_group, k.category.as_deref()),
        window_end: window_end(k.start_date),
        conversations: state.store.conversations(m, course).await?,
        exemption: state.store.exemption(m, course).await?,
        first_offer,
        today: today_copenhagen(Utc::now()),
        access,
        citizen,
    })
}

/// Records a job conversation held.
pub async fn record_conversation(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    held_on: &str,
) -> Result<JobConversation, WebError> {
    let ca = managed_course(state, actor, course).await?;
    let today = today_copenhagen(Utc::now());
    let held_on =
        check_held_on(held_on, ca.course.start_date, today).map_err(WebError::Validation)?;
    let c = JobConversation {
        id: ConversationId::new(),
        municipality_id: actor.municipality_id,
        course_id: course,
        held_on,
        recorded_by: actor.user_id,
        recorded_at: Utc::now(),
    };
    let da = Lang::Da;
    let note = new_entry(
        actor,
        course,
        held_on,
        da.fill("job_conversation_note", &[("date", &date_in(da, held_on))]),
        None,
    );
    let ev = event(
        actor,
        AuditAction::Create,
        Some(ca.course.citizen_id),
        format!("job_conversation:{}", c.id),
        PURPOSE_CASEWORK,
    );
    state.store.record_conversation(&c, &note, &[ev]).await?;
    Ok(c)
}

/// Exempts the course from the conversation and offer requirements with a
/// reason, or lifts the exemption.
pub async fn set_exemption(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    exempt: bool,
    reason: &str,
) -> Result<(), WebError> {
    let ca = managed_course(state, actor, course).await?;
    let k = &ca.course;
    if !close_to_labour_market(k.target_group, k.category.as_deref()) {
        return Err(WebError::invalid("invalid.exemption_is_for_the_group"));
    }
    let exemption = if exempt {
        Some(Exemption {
            municipality_id: actor.municipality_id,
            course_id: course,
            reason: check_reason(reason).map_err(WebError::Validation)?,
            decided_by: actor.user_id,
            decided_at: Utc::now(),
        })
    } else {
        None
    };
    let da = Lang::Da;
    let text = match &exemption {
        Some(e) => da.fill("contact_exempted_note", &[("reason", &e.reason)]),
        None => da.t("contact_exemption_lifted_note").to_string(),
    };
    let today = today_copenhagen(Utc::now());
    let note = new_entry(actor, course, today, text, None);
    let ev = event(
        actor,
        AuditAction::Update,
        Some(k.citizen_id),
        format!(
            "contact_exemption:{course}:{}",
            if exempt { "on" } else { "off" }
        ),
        PURPOSE_CASEWORK,
    );
    state
        .store
        .set_exemption(
            actor.municipality_id,
            course,
            exemption.as_ref(),
            &note,
            &[ev],
        )
        .await?;
    Ok(())
}

pub struct MonitorView {
    /// The requirement's first day; None when no rule set has it.
    pub from: Option<NaiveDate>,
    /// Per unit (by name), then the whole municipality.
    pub units: Vec<(String, Quota)>,
    pub total: Quota,
    pub today: NaiveDate,
}

/// The shares per unit of the caseworkers.
pub async fn monitor(state: &AppState, actor: &Actor) -> Result<MonitorView, WebError> {
    require_manager(actor)?;
    audit_aggregate(state, actor, "contact_quota").await?;
    let m = actor.municipality_id;
    let today = today_copenhagen(Utc::now());
    let book = crate::rules::service::book(state, m).await?;
    let Some(from) = requirement_start(&book) else {
        return Ok(MonitorView {
            from: None,
            units: Vec::new(),
            total: Quota::default(),
            today,
        });
    };
    // Courses whose first six months reach the requirement's first day.
    let earliest = from
        .checked_sub_months(Months::new(jobspor_domain::job_contact::WINDOW_MONTHS))
        .unwrap_or(from);
    let courses: Vec<(Option<UnitId>, QuotaCourse)> = state
        .store
        .contact_courses(m, earliest)
        .await?
        .into_iter()
        .filter(|c| {
            TargetGroup::parse(&c.target_group)
                .is_some_and(|g| close_to_labour_market(g, c.category.as_deref()))
        })
        .map(|c| {
            (
                c.unit_id,
                QuotaCourse {
                    start: c.start,
                    conversations: c.conversations,
                    first_offer: c.first_offer,
                    exempt: c.exempt,
                    ended: c.ended,
                },
            )
        })
        .collect();
    let mut units: Vec<(String, Quota)> = state
        .store
        .list_units(m)
        .await?
        .into_iter()
        .map(|u| {
            let q = Quota::count(
                courses
                    .iter()
                    .filter(|(x, _)| *x == Some(u.id))
                    .map(|(_, c)| c),
                from,
                today,
            );
            (u.name, q)
        })
        .filter(|(_, q)| q.courses > 0)
        .collect();
    units.sort_by(|a, b| a.0.cmp(&b.0));
    let without = Quota::count(
        courses.iter().filter(|(x, _)| x.is_none()).map(|(_, c)| c),
        from,
        today,
    );
    if without.courses > 0 {
        units.push((Lang::current().t("no_unit").to_string(), without));
    }
    Ok(MonitorView {
        from: Some(from),
        total: Quota::count(courses.iter().map(|(_, c)| c), from, today),
        units,
        today,
    })
}
