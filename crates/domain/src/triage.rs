//! Triage and visitation: the caseworker's own assessment beside the
//! questionnaire's suggestion, and the decision that follows.
//!
//! Low risk is handled ordinarily: the screening is closed with a note.
//! Moderate or high risk leads to a development course under a course
//! framework. Where the caseworker's assessment differs from the
//! suggestion, that is kept, so the screening can be evaluated later.

use crate::message::Message;
use crate::questionnaire::RiskClass;
use crate::rules::TargetGroup;
use crate::text::{self, MEDIUM_MAX_BYTES, SHORT_MAX_BYTES};
use crate::user::Profession;
use crate::{CitizenId, CourseId, FrameworkId, MunicipalityId, ResponseId, TriageId, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// An admin-configured template for development courses.
#[derive(Debug, Clone, Serialize)]
pub struct CourseFramework {
    pub id: FrameworkId,
    pub municipality_id: MunicipalityId,
    pub name: String,
    pub target_group: TargetGroup,
    pub default_weeks: u32,
    /// Health professions put on a new course's team.
    pub default_team: Vec<Profession>,
    pub active: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Moderate or high risk: a development course is created.
    DevelopmentCourse,
    /// Low risk: ordinary handling; the screening is closed with a note.
    CloseLowRisk,
}

impl Decision {
    pub const ALL: [Decision; 2] = [Decision::DevelopmentCourse, Decision::CloseLowRisk];

    pub fn code(self) -> &'static str {
        match self {
            Decision::DevelopmentCourse => "development_course",
            Decision::CloseLowRisk => "close_low_risk",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "development_course" => Some(Decision::DevelopmentCourse),
            "close_low_risk" => Some(Decision::CloseLowRisk),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Triage {
    pub id: TriageId,
    pub municipality_id: MunicipalityId,
    pub citizen_id: CitizenId,
    pub response_id: ResponseId,
    pub suggested_risk: Option<RiskClass>,
    pub suggested_readiness: Option<String>,
    pub assessed_risk: RiskClass,
    pub assessed_readiness: Option<String>,
    pub decision: Decision,
    pub framework_id: Option<FrameworkId>,
    pub course_id: Option<CourseId>,
    pub note: String,
    pub decided_by: UserId,
    pub decided_at: DateTime<Utc>,
}

impl Triage {
    /// The caseworker's assessment differs from the questionnaire's suggestion.
    pub fn disagrees(&self) -> bool {
        let risk = self.suggested_risk.is_some_and(|s| s != self.assessed_risk);
        let readiness = matches!((&self.suggested_readiness, &self.assessed_readiness), (Some(s), Some(a)) if s != a);
        risk || readiness
    }
}

pub fn parse_readiness(s: &str) -> Option<&'static str> {
    match s {
        "jobparat" => Some("jobparat"),
        "aktivitetsparat" => Some("aktivitetsparat"),
        _ => None,
    }
}

/// Checks that the decision fits the assessment: low risk closes, moderate
/// and high risk open a course under a framework, and closing needs a note.
pub fn check_decision(
    assessed: RiskClass,
    decision: Decision,
    framework: Option<&CourseFramework>,
    note: &str,
) -> Result<String, Message> {
    let note = text::normalize(note, "note", MEDIUM_MAX_BYTES)
        .map_err(|e| crate::message::Explain::explain(&e))?;
    match (assessed, decision) {
        (RiskClass::Low, Decision::CloseLowRisk) if note.is_empty() => {
            Err(Message::new("invalid.write_a_short_note_on_why"))
        }
        (RiskClass::Low, Decision::CloseLowRisk) => Ok(note),
        (RiskClass::Low, Decision::DevelopmentCourse) => {
            Err(Message::new("invalid.at_low_risk_the_screening_is"))
        }
        (_, Decision::CloseLowRisk) => Err(Message::new("invalid.at_moderate_or_high_risk_the")),
        (_, Decision::DevelopmentCourse) => match framework {
            Some(f) if f.active => Ok(note),
            _ => Err(Message::new("invalid.choose_a_course_framework")),
        },
    }
}

pub struct FrameworkInput<'a> {
    pub name: &'a str,
    pub target_group: &'a str,
    pub default_weeks: &'a str,
    pub default_team: Vec<&'a str>,
}

pub fn validate_framework(
    f: &FrameworkInput<'_>,
) -> Result<(String, TargetGroup, u32, Vec<Profession>), Message> {
    let name = text::required(f.name, "name", SHORT_MAX_BYTES)
        .map_err(|e| crate::message::Explain::explain(&e))?;
    let group = TargetGroup::parse(f.target_group)
        .ok_or_else(|| Message::new("invalid.choose_a_target_group"))?;
    let weeks: u32 = f
        .default_weeks
        .trim()
        .parse()
        .ok()
        .filter(|w| (1..=156).contains(w))
        .ok_or_else(|| Message::new("invalid.the_duration_must_be_1_156"))?;
    let team = f
        .default_team
        .iter()
        .map(|p| Profession::parse(p).ok_or_else(|| Message::new("invalid.unknown_profession")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((name, group, weeks, team))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framework(active: bool) -> CourseFramework {
        CourseFramework {
            id: FrameworkId::new(),
            municipality_id: MunicipalityId::new(),
            name: "Udviklingsforløb".into(),
            target_group: TargetGroup::Kontanthjaelp,
            default_weeks: 26,
            default_team: vec![Profession::Psychologist],
            active,
        }
    }

    #[test]
    fn decisions_follow_the_assessment() {
        let f = framework(true);
        assert!(check_decision(
            RiskClass::Low,
            Decision::CloseLowRisk,
            None,
            "Ordinær indsats"
        )
        .is_ok());
        assert!(
            check_decision(RiskClass::Low, Decision::CloseLowRisk, None, "  ").is_err(),
            "a note is needed"
        );
        assert!(check_decision(RiskClass::Low, Decision::DevelopmentCourse, Some(&f), "").is_err());
        assert!(check_decision(RiskClass::Moderate, Decision::CloseLowRisk, None, "x").is_err());
        assert!(
            check_decision(RiskClass::High, Decision::DevelopmentCourse, None, "").is_err(),
            "a framework is needed"
        );
        assert!(
            check_decision(
                RiskClass::High,
                Decision::DevelopmentCourse,
                Some(&framework(false)),
                ""
            )
            .is_err(),
            "not an inactive one"
        );
        assert_eq!(
            check_decision(
                RiskClass::Moderate,
                Decision::DevelopmentCourse,
                Some(&f),
                " mål "
            )
            .unwrap(),
            "mål"
        );
    }

    #[test]
    fn disagreement_is_noticed() {
        let mut t = Triage {
            id: TriageId::new(),
            municipality_id: MunicipalityId::new(),
            citizen_id: CitizenId::new(),
            response_id: ResponseId::new(),
            suggested_risk: Some(RiskClass::High),
            suggested_readiness: Some("aktivitetsparat".into()),
            assessed_risk: RiskClass::High,
            assessed_readiness: Some("aktivitetsparat".into()),
            decision: Decision::DevelopmentCourse,
            framework_id: None,
            course_id: None,
            note: String::new(),
            decided_by: UserId::new(),
            decided_at: Utc::now(),
        };
        assert!(!t.disagrees());
        t.assessed_readiness = Some("jobparat".into());
        assert!(t.disagrees());
        t.assessed_readiness = t.suggested_readiness.clone();
        t.assessed_risk = RiskClass::Moderate;
        assert!(t.disagrees());
        t.suggested_risk = None;
        assert!(!t.disagrees(), "nothing to disagree with");
    }

    #[test]
    fn frameworks_are_checked() {
        let ok = validate_framework(&FrameworkInput {
            name: "F",
            target_group: "sygedagpenge",
            default_weeks: "26",
            default_team: vec!["nurse"],
        });
        assert!(ok.is_ok());
        for weeks in ["0", "157", "x", ""] {
            assert!(validate_framework(&FrameworkInput {
                name: "F",
                target_group: "sygedagpenge",
                default_weeks: weeks,
                default_team: vec![]
            })
            .is_err());
        }
        assert!(validate_framework(&FrameworkInput {
            name: "F",
            target_group: "x",
            default_weeks: "1",
            default_team: vec![]
        })
        .is_err());
    }
}
