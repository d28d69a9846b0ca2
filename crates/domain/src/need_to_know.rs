//! Need-to-know: what a member of staff may see of a citizen, decided by
//! their role, how they stand to the citizen, and the kind of data. The
//! policy is one table ([`may`]), written out in `docs/security.md` and
//! tested cell by cell.
//!
//! Intake needs to find citizens, not to read them: every caseworker of the
//! municipality finds a citizen (name, masked CPR number, whether there is
//! a course, and whose it is). Opening more of a citizen they have no course
//! with takes a stated purpose, which opens the record for a few hours, is
//! audited with the purpose and is flagged for the data protection officer's
//! review. Registering a new citizen opens them for the one who registers
//! them for a day (intake), not flagged.

use crate::text::{self, TextError};
use crate::user::{Actor, Role};
use crate::{AccessGrantId, CitizenId, MunicipalityId, UserId};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// How a member of staff stands to a citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Responsible for one of the citizen's courses, on the responsible
    /// caseworker's team, or on the course's team (health professionals).
    Course,
    /// Has stated a purpose (or registered the citizen), within its time.
    Purpose,
    /// None of these.
    None,
}

impl Relation {
    pub const ALL: [Relation; 3] = [Relation::Course, Relation::Purpose, Relation::None];

    /// From what is known: whether the actor may see one of the citizen's
    /// courses, and whether they hold open access with a purpose.
    pub fn of(visible_course: bool, purpose: bool) -> Relation {
        if visible_course {
            Relation::Course
        } else if purpose {
            Relation::Purpose
        } else {
            Relation::None
        }
    }
}

/// The kinds of data about a citizen the policy decides on. What a course
/// holds (journal, plan, analysis notes) is decided per course by
/// [`crate::access`]; a stated purpose does not open another team's course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CitizenData {
    /// A search hit: name, masked CPR number, whether there is a course, and
    /// who is responsible for it.
    Found,
    /// The record: full CPR number, contact details, the list of courses.
    Record,
    /// Screening answers, read and entered for the citizen.
    Screening,
    /// Who has used the citizen's data (the access log).
    AccessLog,
    /// Everything held about the citizen, exported on their request
    /// (GDPR art. 15 and 20, `crate::insight`).
    Insight,
}

impl CitizenData {
    pub const ALL: [CitizenData; 5] = [
        CitizenData::Found,
        CitizenData::Record,
        CitizenData::Screening,
        CitizenData::AccessLog,
        CitizenData::Insight,
    ];
}

/// The policy: may an actor of this role, standing so to a citizen of
/// `citizen_municipality`, see this kind of their data?
pub fn may(
    actor: &Actor,
    citizen_municipality: MunicipalityId,
    relation: Relation,
    data: CitizenData,
) -> bool {
    if actor.municipality_id != citizen_municipality {
        return false;
    }
    use CitizenData::*;
    use Relation::*;
    match actor.role {
        Role::Caseworker => match data {
            Found => true,
            Record | Screening => matches!(relation, Course | Purpose),
            // Who looked at a citizen is for those who carry their course,
            // and for the data protection officer.
            AccessLog => relation == Course,
            // The citizen asks the one who carries their course for
            // everything held about them.
            Insight => relation == Course,
        },
        // Health professionals reach a citizen only through a course they
        // are on; the screening and the access log are the caseworker's.
        Role::HealthProfessional => data == Record && relation == Course,
        // The data protection officer answers the citizen's request for
        // insight (GDPR art. 15): the access log, and the complete export.
        Role::Admin => matches!(data, AccessLog | Insight),
        Role::Provider | Role::Manager | Role::Citizen => false,
    }
}

/// Why a member of staff opens a citizen they have no course with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Registering the citizen (given by the registration itself).
    Intake,
    /// Covering for the responsible caseworker.
    Cover,
    /// The citizen has contacted the municipality.
    Inquiry,
    /// Anything else, said in the purpose text.
    Other,
}

impl Reason {
    pub const ALL: [Reason; 4] = [
        Reason::Intake,
        Reason::Cover,
        Reason::Inquiry,
        Reason::Other,
    ];

    /// The reasons a member of staff can state (intake is given, not chosen).
    pub const STATED: [Reason; 3] = [Reason::Cover, Reason::Inquiry, Reason::Other];

    pub fn code(self) -> &'static str {
        match self {
            Reason::Intake => "intake",
            Reason::Cover => "cover",
            Reason::Inquiry => "inquiry",
            Reason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == s)
    }

    /// How long the access lasts.
    pub fn lasts(self) -> Duration {
        match self {
            Reason::Intake => Duration::hours(24),
            _ => Duration::hours(STATED_PURPOSE_HOURS),
        }
    }

    /// Whether the data protection officer reviews it.
    pub fn flagged(self) -> bool {
        self != Reason::Intake
    }
}

/// How many hours a stated purpose opens a citizen.
pub const STATED_PURPOSE_HOURS: i64 = 4;

/// Access to one citizen for one member of staff, for a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: AccessGrantId,
    pub municipality_id: MunicipalityId,
    pub citizen_id: CitizenId,
    pub user_id: UserId,
    pub reason: Reason,
    /// In the staff member's words; empty for intake.
    pub purpose: String,
    pub granted_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// Whether it awaits the data protection officer's review.
    pub flagged: bool,
    pub reviewed: Option<(UserId, DateTime<Utc>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantError {
    /// The reason is not one staff can state.
    Reason,
    /// The purpose text is missing, too long or holds control characters.
    Purpose(TextError),
}

impl Grant {
    /// A stated purpose, checked: a reason staff can state and a purpose in
    /// words (at least 10 characters, so that a reviewer can read it).
    pub fn stated(
        actor: &Actor,
        citizen: CitizenId,
        reason: &str,
        purpose: &str,
        now: DateTime<Utc>,
    ) -> Result<Grant, GrantError> {
        let reason = Reason::parse(reason)
            .filter(|r| Reason::STATED.contains(r))
            .ok_or(GrantError::Reason)?;
        let purpose = text::required(purpose, "purpose", text::SHORT_MAX_BYTES)
            .map_err(GrantError::Purpose)?;
        if purpose.chars().count() < 10 {
            return Err(GrantError::Purpose(TextError::Empty { field: "purpose" }));
        }
        Ok(Grant::new(actor, citizen, reason, purpose, now))
    }

    /// Intake: the one who registers a citizen may open them for a day.
    pub fn intake(actor: &Actor, citizen: CitizenId, now: DateTime<Utc>) -> Grant {
        Grant::new(actor, citizen, Reason::Intake, String::new(), now)
    }

    fn new(
        actor: &Actor,
        citizen: CitizenId,
        reason: Reason,
        purpose: String,
        now: DateTime<Utc>,
    ) -> Grant {
        Grant {
            id: AccessGrantId::new(),
            municipality_id: actor.municipality_id,
            citizen_id: citizen,
            user_id: actor.user_id,
            reason,
            purpose,
            granted_at: now,
            expires_at: now + reason.lasts(),
            flagged: reason.flagged(),
            reviewed: None,
        }
    }

    pub fn open_at(&self, now: DateTime<Utc>) -> bool {
        self.granted_at <= now && now < self.expires_at
    }
}

#[cfg(test)]
mod tests;
