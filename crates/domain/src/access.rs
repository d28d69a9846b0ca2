//! Who may see and change what: role plus relationship, decided per record.
//!
//! The web layer asks these functions for every record it is about to show or
//! change, and answers "not found" when they say no, so an unknown record and
//! a forbidden one look the same.

use crate::course::Course;
use crate::user::{Actor, Role};
use crate::UserId;

/// What the policy needs to know about a course besides the course itself.
pub struct CourseRelations<'a> {
    /// The team of the responsible caseworker.
    pub caseworker_team: Option<&'a str>,
    /// Health professionals and others added to the course team.
    pub members: &'a [UserId],
}

fn same_tenant(actor: &Actor, course: &Course) -> bool {
    actor.municipality_id == course.municipality_id
}

/// May the actor see this course and its journal, contacts and documents?
pub fn can_view_course(actor: &Actor, course: &Course, rel: &CourseRelations<'_>) -> bool {
    if !same_tenant(actor, course) {
        return false;
    }
    match actor.role {
        Role::Caseworker => {
            course.caseworker_id == actor.user_id
                || (actor.team.is_some() && actor.team.as_deref() == rel.caseworker_team)
        }
        Role::HealthProfessional => rel.members.contains(&actor.user_id),
        // Providers see interventions assigned to their unit (a later capability),
        // managers aggregates, admins configuration: none sees a course itself.
        Role::Provider | Role::Manager | Role::Admin | Role::Citizen => false,
    }
}

/// Monodisciplinary notes hold health details: only the course's team and
/// its responsible caseworker see them, not the caseworker's teammates.
pub fn can_view_analysis(actor: &Actor, course: &Course, rel: &CourseRelations<'_>) -> bool {
    same_tenant(actor, course)
        && match actor.role {
            Role::Caseworker => course.caseworker_id == actor.user_id,
            Role::HealthProfessional => rel.members.contains(&actor.user_id),
            _ => false,
        }
}

/// May the actor change status and goal, or reassign the course?
pub fn can_manage_course(actor: &Actor, course: &Course, rel: &CourseRelations<'_>) -> bool {
    actor.role == Role::Caseworker && can_view_course(actor, course, rel)
}

/// Caseworkers look up and register citizens of their municipality (intake);
/// health professionals reach citizens only through courses they are on.
pub fn can_search_citizens(actor: &Actor) -> bool {
    actor.role == Role::Caseworker
}

pub fn can_create_citizen(actor: &Actor) -> bool {
    actor.role == Role::Caseworker
}

pub fn can_create_course(actor: &Actor) -> bool {
    actor.role == Role::Caseworker
}

// What staff may see of a citizen (the record, the screening, the access
// log) is decided by `crate::need_to_know`.

/// A provider sees a participant placed in their own unit, and only while
/// the citizen's consent covers that unit (`consent_ok`, when one is needed):
/// never the course itself, its notes, screening or other units' placements.
pub fn can_view_placement(
    actor: &Actor,
    municipality: crate::MunicipalityId,
    unit: crate::UnitId,
    consent_ok: bool,
) -> bool {
    actor.role == Role::Provider
        && actor.municipality_id == municipality
        && actor.unit_id == Some(unit)
        && consent_ok
}

pub fn can_administer(actor: &Actor) -> bool {
    actor.role == Role::Admin
}

/// The log review (who read whom, spot checks, anomalies): the data
/// protection officer (the administrator) and managers.
pub fn can_review_log(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Manager)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{CourseStatus, Referral};
    use crate::rules::TargetGroup;
    use crate::{CitizenId, CourseId, MunicipalityId};
    use chrono::{NaiveDate, Utc};

    fn actor(role: Role, m: MunicipalityId, team: Option<&str>) -> Actor {
        Actor {
            user_id: UserId::new(),
            municipality_id: m,
            username: "u".into(),
            display_name: "U".into(),
            role,
            team: team.map(String::from),
            unit_id: None,
        }
    }

    fn course(m: MunicipalityId, cw: UserId) -> Course {
        Course {
            id: CourseId::new(),
            municipality_id: m,
            citizen_id: CitizenId::new(),
            caseworker_id: cw,
            target_group: TargetGroup::Kontanthjaelp,
            category: Some("aktivitetsparat".into()),
            rule_set: "lab-2019".into(),
            status: CourseStatus::Active,
            start_date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            first_absence_date: None,
            follow_up_track: crate::control::FollowUpTrack::Standard,
            framework: "x".into(),
            employment_goal: String::new(),
            referral: Referral::new(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        }
    }

    #[test]
    fn matrix() {
        let m = MunicipalityId::new();
        let other_m = MunicipalityId::new();
        let owner = actor(Role::Caseworker, m, Some("Nord"));
        let teammate = actor(Role::Caseworker, m, Some("Nord"));
        let stranger = actor(Role::Caseworker, m, Some("Syd"));
        let foreign = actor(Role::Caseworker, other_m, Some("Nord"));
        let psych = actor(Role::HealthProfessional, m, None);
        let psych_off = actor(Role::HealthProfessional, m, None);
        let c = course(m, owner.user_id);
        let members = [psych.user_id];
        let rel = CourseRelations {
            caseworker_team: Some("Nord"),
            members: &members,
        };
        assert!(can_view_course(&owner, &c, &rel));
        assert!(can_view_course(&teammate, &c, &rel));
        assert!(!can_view_course(&stranger, &c, &rel));
        assert!(!can_view_course(&foreign, &c, &rel));
        assert!(can_view_course(&psych, &c, &rel));
        // Analysis notes: the team and the responsible caseworker, not teammates.
        assert!(can_view_analysis(&owner, &c, &rel) && can_view_analysis(&psych, &c, &rel));
        assert!(!can_view_analysis(&teammate, &c, &rel) && !can_view_analysis(&foreign, &c, &rel));
        assert!(!can_manage_course(&psych, &c, &rel));
        assert!(!can_view_course(&psych_off, &c, &rel));
        for r in [Role::Provider, Role::Manager, Role::Admin, Role::Citizen] {
            assert!(!can_view_course(&actor(r, m, Some("Nord")), &c, &rel));
        }
        // Providers: their own unit's placements, while consent holds.
        let unit = crate::UnitId::new();
        let mut provider = actor(Role::Provider, m, None);
        provider.unit_id = Some(unit);
        assert!(can_view_placement(&provider, m, unit, true));
        assert!(
            !can_view_placement(&provider, m, unit, false),
            "consent revoked"
        );
        assert!(
            !can_view_placement(&provider, m, crate::UnitId::new(), true),
            "other unit"
        );
        assert!(!can_view_placement(&provider, other_m, unit, true));
        let mut cw_in_unit = owner.clone();
        cw_in_unit.unit_id = Some(unit);
        assert!(
            !can_view_placement(&cw_in_unit, m, unit, true),
            "providers only"
        );
        // A caseworker with no team sees only their own.
        let loner = actor(Role::Caseworker, m, None);
        let rel_none = CourseRelations {
            caseworker_team: None,
            members: &[],
        };
        assert!(!can_view_course(&loner, &c, &rel_none));
    }
}
