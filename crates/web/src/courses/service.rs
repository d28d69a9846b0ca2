//! Courses: access, reading, creating, the lists behind "Mine forløb",
//! status and goal, reassignment and the course team.

use crate::audit::{audit, event, validation, PURPOSE_CASEWORK};
use crate::error::WebError;
use crate::i18n::Word;
use crate::journal::service::new_entry;
use crate::AppState;
use chrono::Utc;
use jobspor_domain::access::{self, CourseRelations};
use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_domain::citizen::Citizen;
use jobspor_domain::course::{
    check_first_absence, parse_track, validate_referral, Course, CourseError, CourseInput,
    CourseStatus, ReferralSection,
};
use jobspor_domain::cpr::Cpr;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::period::sane_date;
use jobspor_domain::text::{self, MEDIUM_MAX_BYTES};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::*;
use jobspor_store::{CourseFilter, CourseListRow, CourseScope, CourseSearch};

pub struct CourseAccess {
    pub course: Course,
    pub can_manage: bool,
    /// May read and write the monodisciplinary notes (team and responsible caseworker).
    pub can_analyse: bool,
}

/// The course if the actor may see it (else 404), without auditing.
pub async fn course_for(
    state: &AppState,
    actor: &Actor,
    id: CourseId,
) -> Result<CourseAccess, WebError> {
    let course = state
        .store
        .course(actor.municipality_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let (team, members) = state.store.course_relations(&course).await?;
    let rel = CourseRelations {
        caseworker_team: team.as_deref(),
        members: &members,
    };
    if !access::can_view_course(actor, &course, &rel) {
        return Err(WebError::NotFound);
    }
    let can_manage = access::can_manage_course(actor, &course, &rel);
    let can_analyse = access::can_view_analysis(actor, &course, &rel);
    Ok(CourseAccess {
        course,
        can_manage,
        can_analyse,
    })
}

/// A closed course is read-only except for journal entries (addenda).
pub fn ensure_open(c: &Course) -> Result<(), WebError> {
    if c.status == CourseStatus::Closed {
        return Err(closed_refusal());
    }
    Ok(())
}

pub fn closed_refusal() -> WebError {
    WebError::Refused(crate::error::Refusal::CourseClosed)
}

/// The course and its citizen, with the read audited.
pub async fn read_course(
    state: &AppState,
    actor: &Actor,
    id: CourseId,
    what: &str,
) -> Result<(CourseAccess, Citizen), WebError> {
    let ca = course_for(state, actor, id).await?;
    let citizen = course_citizen(state, actor, &ca, AuditAction::Read, what).await?;
    Ok((ca, citizen))
}

/// The citizen of a course the actor may see, with the reading of `what`
/// (`work_duty`, …) audited as `action` (a read, or an export).
pub async fn course_citizen(
    state: &AppState,
    actor: &Actor,
    ca: &CourseAccess,
    action: AuditAction,
    what: &str,
) -> Result<Citizen, WebError> {
    let citizen = state
        .store
        .citizen(actor.municipality_id, ca.course.citizen_id)
        .await?
        .ok_or_else(|| WebError::internal("course without citizen"))?;
    audit(
        state,
        &[event(
            actor,
            action,
            Some(citizen.id),
            format!("{what}:{}", ca.course.id),
            PURPOSE_CASEWORK,
        )],
    )
    .await?;
    Ok(citizen)
}

pub struct CourseInputOwned {
    pub target_group: String,
    pub category: Option<String>,
    pub start_date: Option<String>,
    /// Sygedagpenge: the first day of absence (required there).
    pub first_absence_date: Option<String>,
    /// Sygedagpenge: `standard`, `light` or `exempt` (standard when empty).
    pub follow_up_track: Option<String>,
    pub framework: String,
    pub employment_goal: String,
    pub referral: Vec<(ReferralSection, String)>,
}

pub async fn create_course(
    state: &AppState,
    actor: &Actor,
    citizen_id: CitizenId,
    input: &CourseInputOwned,
) -> Result<Course, WebError> {
    if !access::can_create_course(actor) {
        return Err(WebError::NotFound);
    }
    // Only for a citizen the caseworker may open (need-to-know).
    let standing = crate::citizens::standing::standing(state, actor, citizen_id).await?;
    standing.require(actor, jobspor_domain::need_to_know::CitizenData::Record)?;
    let citizen = standing.citizen;
    let today = today_copenhagen(Utc::now());
    let start = match input.start_date.as_deref().filter(|s| !s.trim().is_empty()) {
        None => today,
        Some(s) => sane_date(s, today, "field.the_start_date").map_err(WebError::Validation)?,
    };
    let first_absence = match input
        .first_absence_date
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        None => None,
        Some(s) => Some(
            sane_date(s, today, "field.the_first_absence_date").map_err(WebError::Validation)?,
        ),
    };
    let book = crate::rules::service::book(state, actor.municipality_id).await?;
    let v = CourseInput {
        target_group: &input.target_group,
        category: input.category.as_deref(),
        start_date: start,
        first_absence_date: first_absence,
        follow_up_track: input.follow_up_track.as_deref().unwrap_or(""),
        framework: &input.framework,
        employment_goal: &input.employment_goal,
        referral: input
            .referral
            .iter()
            .map(|(s, t)| (*s, t.as_str()))
            .collect(),
    }
    .validate(&book, today)
    .map_err(validation)?;
    let now = Utc::now();
    let course = Course {
        id: CourseId::new(),
        municipality_id: actor.municipality_id,
        citizen_id: citizen.id,
        caseworker_id: actor.user_id,
        target_group: v.classification.target_group,
        category: v.classification.category.map(String::from),
        rule_set: v.classification.rule_set.to_string(),
        status: CourseStatus::Referred,
        start_date: v.start_date,
        first_absence_date: v.first_absence_date,
        follow_up_track: v.follow_up_track,
        framework: v.framework,
        employment_goal: v.employment_goal,
        referral: v.referral,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(citizen.id),
        format!("course:{}", course.id),
        PURPOSE_CASEWORK,
    );
    state.store.create_course(&course, None, &[ev]).await?;
    Ok(course)
}

/// "Mine forløb" and the team view, with the search and every listed citizen audited.
pub async fn list_courses(
    state: &AppState,
    actor: &Actor,
    q: &str,
    mine: bool,
    page: i64,
) -> Result<(Vec<CourseListRow>, i64), WebError> {
    let scope = match actor.role {
        Role::Caseworker if mine => CourseScope::Mine(actor.user_id),
        Role::Caseworker => CourseScope::Visible {
            user: actor.user_id,
            team: actor.team.clone(),
        },
        Role::HealthProfessional => CourseScope::Visible {
            user: actor.user_id,
            team: None,
        },
        _ => return Ok((Vec::new(), 0)),
    };
    let search = parse_search(q);
    let filter = CourseFilter {
        municipality: actor.municipality_id,
        scope,
        search: search.as_ref().map(|(s, _)| s.clone()),
        include_closed: false,
        limit: PAGE_SIZE,
        offset: (page.max(1) - 1) * PAGE_SIZE,
    };
    let (rows, total) = state.store.list_courses(&filter).await?;
    let (action, purpose) = match &search {
        Some((_, crit)) => (AuditAction::Search, crit.clone()),
        None => (
            AuditAction::Read,
            if mine {
                "liste: mine forløb".to_string()
            } else {
                "liste: teamets forløb".to_string()
            },
        ),
    };
    let mut events: Vec<AuditEvent> = Vec::new();
    for r in &rows {
        if !events.iter().any(|e| e.citizen_id == Some(r.citizen_id)) {
            events.push(event(
                actor,
                action,
                Some(r.citizen_id),
                "course_list".into(),
                &purpose,
            ));
        }
    }
    if events.is_empty() && search.is_some() {
        events.push(event(actor, action, None, "course_list".into(), &purpose));
    }
    audit(state, &events).await?;
    Ok((rows, total))
}

pub struct StatusChange {
    pub version: i64,
    pub status: String,
    pub framework: String,
    pub employment_goal: String,
    pub referral: Vec<(ReferralSection, String)>,
    /// Sygedagpenge: the first day of absence and the follow-up track, when
    /// the form has them (None leaves them as they are).
    pub first_absence_date: Option<String>,
    pub follow_up_track: Option<String>,
}

pub async fn change_status(
    state: &AppState,
    actor: &Actor,
    id: CourseId,
    ch: &StatusChange,
) -> Result<Course, WebError> {
    let ca = course_for(state, actor, id).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound);
    }
    ensure_open(&ca.course)?;
    let mut c = ca.course;
    c.status = CourseStatus::parse(&ch.status)
        .ok_or_else(|| WebError::invalid("invalid.unknown_status"))?;
    if c.status == CourseStatus::Closed {
        return Err(WebError::invalid("invalid.a_course_is_closed_with_close"));
    }
    c.framework =
        text::required(&ch.framework, "framework", text::SHORT_MAX_BYTES).map_err(validation)?;
    c.employment_goal = text::normalize(&ch.employment_goal, "employment_goal", MEDIUM_MAX_BYTES)
        .map_err(validation)?;
    let sections: Vec<(ReferralSection, &str)> =
        ch.referral.iter().map(|(s, t)| (*s, t.as_str())).collect();
    c.referral = validate_referral(&sections).map_err(validation)?;
    let note = follow_up_change(actor, &mut c, ch)?;
    let ev = event(
        actor,
        AuditAction::Update,
        Some(c.citizen_id),
        format!("course:{}", c.id),
        PURPOSE_CASEWORK,
    );
    Ok(state
        .store
        .update_course(&c, ch.version, note.as_ref(), &[ev])
        .await?)
}

/// A changed first day of absence or follow-up track of a sygedagpenge
/// course, checked, with the journal note that says what changed (None when
/// nothing did).
fn follow_up_change(
    actor: &Actor,
    c: &mut Course,
    ch: &StatusChange,
) -> Result<Option<JournalEntry>, WebError> {
    if c.target_group != jobspor_domain::rules::TargetGroup::Sygedagpenge {
        return Ok(None);
    }
    let today = today_copenhagen(Utc::now());
    let first = match ch.first_absence_date.as_deref().map(str::trim) {
        None => c.first_absence_date,
        Some("") => return Err(validation(CourseError::FirstAbsenceRequired)),
        Some(s) => {
            let d = sane_date(s, today, "field.the_first_absence_date")
                .map_err(WebError::Validation)?;
            check_first_absence(d, c.start_date, today).map_err(validation)?;
            Some(d)
        }
    };
    let track = match ch.follow_up_track.as_deref() {
        None => c.follow_up_track,
        Some(t) => parse_track(t).map_err(validation)?,
    };
    if (first, track) == (c.first_absence_date, c.follow_up_track) {
        return Ok(None);
    }
    let da = crate::i18n::Lang::Da;
    let text = da.fill(
        "follow_up_changed_note",
        &[
            (
                "first",
                &first
                    .map(|d| crate::i18n::format::date_in(da, d))
                    .unwrap_or_default(),
            ),
            ("track", track.word_in(da)),
        ],
    );
    c.first_absence_date = first;
    c.follow_up_track = track;
    Ok(Some(new_entry(actor, c.id, today, text, None)))
}

/// Hands the course to another caseworker of the municipality, with a journal note.
pub async fn reassign(
    state: &AppState,
    actor: &Actor,
    id: CourseId,
    version: i64,
    to: UserId,
    note: &str,
) -> Result<Course, WebError> {
    let ca = course_for(state, actor, id).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound);
    }
    ensure_open(&ca.course)?;
    let target = state
        .store
        .user(to)
        .await?
        .filter(|u| {
            u.municipality_id == actor.municipality_id && u.role == Role::Caseworker && u.active
        })
        .ok_or_else(|| WebError::invalid("invalid.choose_an_active_caseworker"))?;
    let note = text::normalize(note, "note", MEDIUM_MAX_BYTES).map_err(validation)?;
    let mut c = ca.course;
    c.caseworker_id = target.id;
    let body = if note.is_empty() {
        format!("Forløbet er overdraget til {}.", target.display_name)
    } else {
        format!(
            "Forløbet er overdraget til {}.\n\n{note}",
            target.display_name
        )
    };
    let entry = new_entry(actor, c.id, today_copenhagen(Utc::now()), body, None);
    let ev = event(
        actor,
        AuditAction::Update,
        Some(c.citizen_id),
        format!("course:{}:caseworker", c.id),
        PURPOSE_CASEWORK,
    );
    Ok(state
        .store
        .update_course(&c, version, Some(&entry), &[ev])
        .await?)
}

/// Puts a health professional of the municipality on the course's team, so
/// they can see it (the caseworker decides who is on the team).
pub async fn add_team_member(
    state: &AppState,
    actor: &Actor,
    id: CourseId,
    user: UserId,
) -> Result<(), WebError> {
    let ca = course_for(state, actor, id).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound);
    }
    ensure_open(&ca.course)?;
    let member = state
        .store
        .user(user)
        .await?
        .filter(|u| {
            u.municipality_id == actor.municipality_id
                && u.role == Role::HealthProfessional
                && u.active
        })
        .ok_or_else(|| WebError::invalid("invalid.choose_an_active_health_professional"))?;
    let ev = event(
        actor,
        AuditAction::Update,
        Some(ca.course.citizen_id),
        format!("course:{}:member:{}", id, member.id),
        PURPOSE_CASEWORK,
    );
    match state
        .store
        .add_course_member(&ca.course, member.id, &[ev])
        .await
    {
        Ok(()) | Err(jobspor_store::StoreError::Conflict(_)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// How a search box's text is understood, and the criterion for the audit log.
pub fn parse_search(q: &str) -> Option<(CourseSearch, String)> {
    let q = q.trim();
    if q.is_empty() {
        return None;
    }
    // A CPR number however it is typed (spaces, dots, slashes, hyphens):
    // the digits decide, and only its first six are ever written down.
    if let Some(digits) = jobspor_domain::cpr::typed_digits(q) {
        if let Ok((cpr, _)) = Cpr::parse(&digits) {
            let crit = format!("CPR: {}", cpr.masked());
            return Some((CourseSearch::Cpr(cpr), crit));
        }
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
