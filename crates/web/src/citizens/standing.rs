//! Need-to-know at the edge: how the actor stands to a citizen (through a
//! course, a stated purpose, or not at all), what the policy lets them see
//! (`domain::need_to_know::may`), and the purpose their audit entries carry.

use crate::audit::{audit, event, PURPOSE_CASEWORK};
use crate::error::WebError;
use crate::AppState;
use chrono::Utc;
use jobspor_domain::access::{self, CourseRelations};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::course::{Course, CourseStatus};
use jobspor_domain::need_to_know::{may, CitizenData, Grant, Reason, Relation};
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::CitizenId;
use jobspor_store::RelatedCourse;

/// A citizen as the actor stands to them.
pub struct Standing {
    pub citizen: Citizen,
    /// All the citizen's courses (for who is responsible), newest first.
    pub courses: Vec<RelatedCourse>,
    /// The courses the actor may see.
    pub visible: Vec<Course>,
    pub relation: Relation,
    /// The open access with a purpose the relation rests on, if it does.
    pub grant: Option<Grant>,
}

impl Standing {
    pub fn may(&self, actor: &Actor, data: CitizenData) -> bool {
        may(actor, self.citizen.municipality_id, self.relation, data)
    }

    /// `NotFound` unless the policy lets the actor see `data`: an unknown
    /// citizen and a forbidden one look the same.
    pub fn require(&self, actor: &Actor, data: CitizenData) -> Result<(), WebError> {
        if self.may(actor, data) {
            Ok(())
        } else {
            Err(WebError::NotFound)
        }
    }

    /// The purpose an audit entry of this actor's use of the citizen
    /// carries: their stated purpose when that is what opens the citizen.
    pub fn purpose(&self) -> String {
        match &self.grant {
            Some(g) if self.relation == Relation::Purpose => match g.reason {
                Reason::Intake => "registrering af borger".to_string(),
                _ => format!("formål ({}): {}", reason_word_da(g.reason), g.purpose),
            },
            _ => PURPOSE_CASEWORK.to_string(),
        }
    }

    /// What a search shows: name, masked CPR number, whether there is a
    /// course, and who is responsible for the newest open one.
    pub fn found(&self) -> Found {
        Found::of(&self.citizen, &self.courses)
    }
}

/// A search hit: the least a caseworker needs to find the right citizen
/// and the colleague to ask.
#[derive(Debug, Clone)]
pub struct Found {
    pub id: CitizenId,
    pub name: String,
    pub masked_cpr: String,
    pub has_course: bool,
    pub open_course: bool,
    /// The responsible caseworker (and team) of the newest open course.
    pub owner: Option<String>,
}

impl Found {
    /// The hit for a citizen and their courses (newest first).
    pub fn of<'a>(
        citizen: &Citizen,
        courses: impl IntoIterator<Item = &'a RelatedCourse> + Clone,
    ) -> Found {
        let open = courses
            .clone()
            .into_iter()
            .find(|r| r.course.status != CourseStatus::Closed);
        let owner = open.map(|r| match &r.caseworker_team {
            Some(team) => format!("{} ({team})", r.caseworker_name),
            None => r.caseworker_name.clone(),
        });
        Found {
            id: citizen.id,
            name: citizen.name.clone(),
            masked_cpr: citizen.cpr.masked(),
            has_course: courses.into_iter().next().is_some(),
            open_course: open.is_some(),
            owner,
        }
    }
}

/// How `actor` stands to the citizen `id` of their municipality;
/// `NotFound` for no such citizen. Nothing is audited here.
pub async fn standing(
    state: &AppState,
    actor: &Actor,
    id: CitizenId,
) -> Result<Standing, WebError> {
    let citizen = state
        .store
        .citizen(actor.municipality_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    standing_of(state, actor, citizen).await
}

/// [`standing`] of a citizen already read.
pub async fn standing_of(
    state: &AppState,
    actor: &Actor,
    citizen: Citizen,
) -> Result<Standing, WebError> {
    let courses = state
        .store
        .courses_of_citizen(actor.municipality_id, citizen.id)
        .await?;
    let visible: Vec<Course> = courses
        .iter()
        .filter(|r| {
            let rel = CourseRelations {
                caseworker_team: r.caseworker_team.as_deref(),
                members: &r.members,
            };
            access::can_view_course(actor, &r.course, &rel)
        })
        .map(|r| r.course.clone())
        .collect();
    // Only caseworkers open a citizen with a purpose.
    let grant = if visible.is_empty() && actor.role == Role::Caseworker {
        state
            .store
            .open_citizen_access(actor.municipality_id, citizen.id, actor.user_id, Utc::now())
            .await?
    } else {
        None
    };
    Ok(Standing {
        relation: Relation::of(!visible.is_empty(), grant.is_some()),
        citizen,
        courses,
        visible,
        grant,
    })
}

/// The words of a reason in the audit log, which is kept in Danish.
fn reason_word_da(r: Reason) -> &'static str {
    match r {
        Reason::Intake => "registrering",
        Reason::Cover => "dækker for kollega",
        Reason::Inquiry => "borgeren har henvendt sig",
        Reason::Other => "andet",
    }
}

/// Opens a citizen the actor has no course with, for a stated purpose:
/// the access and its audit entry in one transaction.
pub async fn state_purpose(
    state: &AppState,
    actor: &Actor,
    id: CitizenId,
    reason: &str,
    purpose: &str,
) -> Result<Grant, WebError> {
    let s = standing(state, actor, id).await?;
    // Only those who may find the citizen, and only when nothing else
    // opens them: a purpose is not stated for a citizen one already has.
    s.require(actor, CitizenData::Found)?;
    if actor.role != Role::Caseworker {
        return Err(WebError::NotFound);
    }
    if s.relation == Relation::Course {
        return Err(WebError::invalid("invalid.purpose_not_needed"));
    }
    let g = Grant::stated(actor, id, reason, purpose, Utc::now()).map_err(|e| match e {
        jobspor_domain::need_to_know::GrantError::Reason => {
            WebError::invalid("invalid.choose_a_reason")
        }
        jobspor_domain::need_to_know::GrantError::Purpose(_) => {
            WebError::invalid("invalid.write_the_purpose")
        }
    })?;
    let ev = event(
        actor,
        AuditAction::Create,
        Some(id),
        format!("citizen_access:{}", g.id),
        &format!("formål ({}): {}", reason_word_da(g.reason), g.purpose),
    );
    state.store.grant_citizen_access(&g, &[ev]).await?;
    Ok(g)
}

/// Audits that the actor was shown a search hit or the minimal page of a
/// citizen they may only find.
pub async fn audit_found(state: &AppState, actor: &Actor, found: &[Found]) -> Result<(), WebError> {
    let events: Vec<_> = found
        .iter()
        .map(|f| {
            event(
                actor,
                AuditAction::Search,
                Some(f.id),
                format!("citizen_found:{}", f.id),
                "fremsøgning",
            )
        })
        .collect();
    audit(state, &events).await
}
