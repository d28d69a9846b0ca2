//! The analysis conversations and the conference: booked and recorded by
//! the caseworker, read by the course's team (the record holds health
//! details), signed once, corrected by addenda; every step audited.

use crate::audit::{audit, event, PURPOSE_CASEWORK};
use crate::consent::service::managed_course;
use crate::courses::service::CourseAccess;
use crate::error::{Refusal, WebError};
use crate::AppState;
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::conference::{
    agenda, check_agreed, local_instant, Addendum, AgendaItem, Agreed, Booking, Conference,
    SlotInput,
};
use jobspor_domain::description::{check_recommendation, Recommendation};
use jobspor_domain::text::{self, MEDIUM_MAX_BYTES, SHORT_MAX_BYTES};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::{Actor, Role, User};
use jobspor_domain::*;
use jobspor_store::{Conflict, Signing, StoreError};

pub struct ConferenceView {
    pub access: CourseAccess,
    pub citizen: Citizen,
    pub bookings: Vec<Booking>,
    /// Staff who can be booked or take part: caseworkers and health professionals.
    pub staff: Vec<User>,
    pub conference: Option<Conference>,
    pub addenda: Vec<Addendum>,
    pub agenda: Vec<AgendaItem>,
}

async fn staff(state: &AppState, actor: &Actor) -> Result<Vec<User>, WebError> {
    Ok(state
        .store
        .list_users(actor.municipality_id)
        .await?
        .into_iter()
        .filter(|u| u.active && matches!(u.role, Role::Caseworker | Role::HealthProfessional))
        .collect())
}

pub async fn view(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<ConferenceView, WebError> {
    let access = crate::analysis::service::notes::analysis_access(state, actor, course).await?;
    let m = actor.municipality_id;
    let citizen = state
        .store
        .citizen(m, access.course.citizen_id)
        .await?
        .ok_or(WebError::NotFound)?;
    audit(
        state,
        &[event(
            actor,
            AuditAction::Read,
            Some(citizen.id),
            format!("conference:{course}"),
            PURPOSE_CASEWORK,
        )],
    )
    .await?;
    let conference = state.store.conference(m, course).await?;
    let addenda = match &conference {
        Some(c) => state.store.addenda(m, c.id).await?,
        None => Vec::new(),
    };
    let notes = state.store.analysis_notes(m, course).await?;
    let areas = state.store.focus_areas(m, course, false).await?;
    Ok(ConferenceView {
        agenda: agenda(&notes, &areas),
        bookings: state.store.bookings(m, course).await?,
        staff: staff(state, actor).await?,
        conference,
        addenda,
        access,
        citizen,
    })
}

/// Books the citizen's conversation with a team member; a health
/// professional joins the course team so they can write their note.
pub async fn book(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    professional: &str,
    slot: &SlotInput<'_>,
) -> Result<Booking, WebError> {
    let ca = managed_course(state, actor, course).await?;
    let who = professional.parse::<UserId>().ok();
    let person = staff(state, actor)
        .await?
        .into_iter()
        .find(|u| Some(u.id) == who)
        .ok_or_else(|| WebError::invalid("invalid.choose_a_professional"))?;
    let now = Utc::now();
    let v = slot.validate(now).map_err(WebError::Validation)?;
    let b = Booking {
        id: BookingId::new(),
        municipality_id: actor.municipality_id,
        course_id: course,
        professional_id: person.id,
        starts_at: v.starts_at,
        minutes: v.minutes,
        location: v.location,
        created_by: actor.user_id,
        created_at: now,
    };
    let mut events = vec![event(
        actor,
        AuditAction::Create,
        Some(ca.course.citizen_id),
        format!("booking:{}", b.id),
        PURPOSE_CASEWORK,
    )];
    // A health professional joins the team with the booking, so they can
    // write their note.
    let joins_team = person.role == Role::HealthProfessional;
    if joins_team {
        crate::courses::service::ensure_open(&ca.course)?;
        events.push(event(
            actor,
            AuditAction::Update,
            Some(ca.course.citizen_id),
            format!("course:{}:member:{}", course, person.id),
            PURPOSE_CASEWORK,
        ));
    }
    state
        .store
        .book(&b, joins_team, &events)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(Conflict::SlotTaken) => {
                WebError::invalid("invalid.the_professional_already_has_a_conversation")
            }
            other => other.into(),
        })?;
    Ok(b)
}

pub async fn cancel_booking(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    id: BookingId,
) -> Result<(), WebError> {
    let ca = managed_course(state, actor, course).await?;
    let ev = event(
        actor,
        AuditAction::Update,
        Some(ca.course.citizen_id),
        format!("booking:{id}:cancelled"),
        PURPOSE_CASEWORK,
    );
    Ok(state
        .store
        .cancel_booking(
            actor.municipality_id,
            course,
            (id, actor.user_id),
            Utc::now(),
            &[ev],
        )
        .await?)
}

/// The conference's schedule and record as typed.
pub struct RecordInput<'a> {
    pub date: &'a str,
    pub time: &'a str,
    pub location: &'a str,
    pub participants: &'a [String],
    pub citizen_attends: bool,
    /// Invited people or roles.
    pub invited: &'a [String],
    pub employment_goal: &'a str,
    pub agreed: Vec<Agreed>,
    pub citizen_statement: &'a str,
    pub citizen_agrees: bool,
    pub further_assessment: &'a str,
    /// As chosen: a [`Recommendation`] code, `plan` when empty.
    pub recommendation: &'a str,
}

fn signed_refusal() -> WebError {
    WebError::Refused(Refusal::ConferenceSigned)
}

fn conference_error(e: StoreError) -> WebError {
    match e {
        StoreError::Conflict(Conflict::Signed) => signed_refusal(),
        other => other.into(),
    }
}

/// Schedules the conference or saves its record (before sign-off).
pub async fn save(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    expected_version: Option<i64>,
    input: &RecordInput<'_>,
) -> Result<Conference, WebError> {
    let ca = managed_course(state, actor, course).await?;
    let now = Utc::now();
    let invalid = WebError::Validation;
    let scheduled_at =
        local_instant(input.date, input.time, today_copenhagen(now)).map_err(invalid)?;
    let team = staff(state, actor).await?;
    let participants = input
        .participants
        .iter()
        .map(|p| {
            p.parse::<UserId>()
                .ok()
                .filter(|id| team.iter().any(|u| u.id == *id))
                .ok_or_else(|| WebError::invalid("invalid.unknown_participant"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let invited = input
        .invited
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(|l| text::required(l, "invited", SHORT_MAX_BYTES).map_err(crate::audit::validation))
        .collect::<Result<Vec<_>, _>>()?;
    let long = |s: &str, field: &'static str| {
        text::normalize(s, field, MEDIUM_MAX_BYTES).map_err(crate::audit::validation)
    };
    let c = Conference {
        id: ConferenceId::new(),
        municipality_id: actor.municipality_id,
        course_id: course,
        scheduled_at,
        location: text::normalize(input.location, "place", SHORT_MAX_BYTES)
            .map_err(crate::audit::validation)?,
        participants,
        citizen_attends: input.citizen_attends,
        invited,
        employment_goal: long(input.employment_goal, "employment_goal")?,
        agreed: check_agreed(input.agreed.clone()).map_err(invalid)?,
        citizen_statement: long(input.citizen_statement, "citizens_words")?,
        citizen_agrees: input.citizen_agrees,
        further_assessment: long(input.further_assessment, "further_assessment")?,
        recommendation: Recommendation::chosen(input.recommendation).map_err(invalid)?,
        signed_at: None,
        signed_by: None,
        created_at: now,
        version: 1,
    };
    let ev = event(
        actor,
        if expected_version.is_some() {
            AuditAction::Update
        } else {
            AuditAction::Create
        },
        Some(ca.course.citizen_id),
        format!("conference:{course}"),
        PURPOSE_CASEWORK,
    );
    state
        .store
        .save_conference(&c, expected_version, &[ev])
        .await
        .map_err(conference_error)
}

/// Signs the record: it is locked from then on.
/// Whether the record would be signed before the conference's day.
pub async fn signed_early(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<Option<chrono::NaiveDate>, WebError> {
    let current = state
        .store
        .conference(actor.municipality_id, course)
        .await?
        .ok_or(WebError::NotFound)?;
    let day = today_copenhagen(current.scheduled_at);
    Ok((today_copenhagen(Utc::now()) < day).then_some(day))
}

/// Signs the record. Before the conference's day it takes a stated reason,
/// which goes into the journal with the signing.
pub async fn sign(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    expected_version: i64,
    early_reason: &str,
) -> Result<Conference, WebError> {
    let ca = managed_course(state, actor, course).await?;
    let current = state
        .store
        .conference(actor.municipality_id, course)
        .await?
        .ok_or(WebError::NotFound)?;
    if current.signed_at.is_some() {
        return Err(signed_refusal());
    }
    if current.employment_goal.trim().is_empty() {
        return Err(WebError::invalid(
            "invalid.write_the_employment_goal_in_the",
        ));
    }
    if current.version != expected_version {
        return Err(WebError::Conflict(Conflict::Stale));
    }
    let today = today_copenhagen(Utc::now());
    let book = crate::rules::service::book(state, actor.municipality_id).await?;
    let set = book.on(today).ok_or(WebError::NotFound)?;
    let consultations = state
        .store
        .consultations(actor.municipality_id, course)
        .await?;
    check_recommendation(current.recommendation, &set.decisions, &consultations)
        .map_err(WebError::Validation)?;
    let day = today_copenhagen(current.scheduled_at);
    let note = if today < day {
        let reason = early_reason.trim();
        if reason.is_empty() {
            return Err(WebError::Validation(
                jobspor_domain::message::Message::new(
                    "invalid.state_why_the_record_is_signed_before",
                )
                .with("date", crate::i18n::date(day)),
            ));
        }
        Some(crate::journal::service::new_entry(
            actor,
            course,
            today,
            format!(
                "Konferencereferatet er underskrevet før konferencens dato ({}). Begrundelse: {reason}",
                crate::i18n::date(day)
            ),
            None,
        ))
    } else {
        None
    };
    let citizen = ca.course.citizen_id;
    let at = Utc::now();
    let mut signed = current;
    signed.signed_at = Some(at);
    signed.signed_by = Some(actor.user_id);
    let (meta, pdf) =
        crate::description::service::signed_document(state, actor, ca, signed).await?;
    let events = [
        event(
            actor,
            AuditAction::Update,
            Some(citizen),
            format!("conference:{course}:signed"),
            PURPOSE_CASEWORK,
        ),
        event(
            actor,
            AuditAction::Create,
            Some(citizen),
            format!("document:{}", meta.id),
            PURPOSE_CASEWORK,
        ),
    ];
    let signing = Signing {
        by: actor.user_id,
        at,
        expected_version,
        document: Some((&meta, &pdf)),
        note: note.as_ref(),
    };
    state
        .store
        .sign_conference(actor.municipality_id, course, &signing, &events)
        .await
        .map_err(conference_error)
}

/// A correction of a signed record, by the caseworker or the team.
pub async fn add_addendum(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    body: &str,
) -> Result<Addendum, WebError> {
    let ca = crate::analysis::service::notes::analysis_access(state, actor, course).await?;
    let c = state
        .store
        .conference(actor.municipality_id, course)
        .await?
        .ok_or(WebError::NotFound)?;
    if c.signed_at.is_none() {
        return Err(WebError::invalid("invalid.addenda_are_for_a_signed_record"));
    }
    let a = Addendum {
        id: AddendumId::new(),
        municipality_id: actor.municipality_id,
        conference_id: c.id,
        text: text::required(body, "addendum", MEDIUM_MAX_BYTES)
            .map_err(crate::audit::validation)?,
        author_id: actor.user_id,
        author_name: actor.display_name.clone(),
        created_at: Utc::now(),
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(ca.course.citizen_id),
        format!("conference_addendum:{}", a.id),
        PURPOSE_CASEWORK,
    );
    state.store.add_addendum(&a, &[ev]).await?;
    Ok(a)
}
