//! Focus areas (fokusområder): the team's findings, ICF-coded, as the table
//! the team knows: component, barrier or resource, description, ICF code,
//! gradient, priority, suggested intervention, created, responsible profession.

use crate::icf::{Classification, Component, IcfCode, Qualifier};
use crate::message::{Explain, Message};
use crate::text::{self, MEDIUM_MAX_BYTES};
use crate::user::Profession;
use crate::{CourseId, FocusAreaId, MunicipalityId, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    Barrier,
    Resource,
}

impl Polarity {
    pub const ALL: [Polarity; 2] = [Polarity::Barrier, Polarity::Resource];

    pub fn code(self) -> &'static str {
        match self {
            Polarity::Barrier => "barrier",
            Polarity::Resource => "resource",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == s)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FocusArea {
    pub id: FocusAreaId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub component: Component,
    pub polarity: Polarity,
    pub description: String,
    /// None for personal factors, which are not coded.
    pub icf_code: Option<IcfCode>,
    pub qualifier: Option<Qualifier>,
    /// 1 (highest) to 3.
    pub priority: u8,
    pub suggested_intervention: String,
    /// The profession responsible; None for the caseworker.
    pub profession: Option<Profession>,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    pub removed_at: Option<DateTime<Utc>>,
    pub removed_by: Option<UserId>,
    /// The focus area this one corrects, which was removed when it was made.
    pub replaces: Option<FocusAreaId>,
}

pub struct FocusInput<'a> {
    pub component: &'a str,
    pub polarity: &'a str,
    pub description: &'a str,
    pub icf_code: &'a str,
    pub qualifier: &'a str,
    pub priority: &'a str,
    pub suggested_intervention: &'a str,
    pub profession: &'a str,
}

pub struct ValidFocus {
    pub component: Component,
    pub polarity: Polarity,
    pub description: String,
    pub icf_code: Option<IcfCode>,
    pub qualifier: Option<Qualifier>,
    pub priority: u8,
    pub suggested_intervention: String,
    pub profession: Option<Profession>,
}

fn m(key: &'static str) -> Message {
    Message::new(key)
}

impl FocusInput<'_> {
    /// Checks the row against the classification and the component's rules.
    pub fn validate(&self, icf: &Classification) -> Result<ValidFocus, Message> {
        let component =
            Component::parse(self.component).ok_or_else(|| m("invalid.choose_a_component"))?;
        let polarity = Polarity::parse(self.polarity)
            .ok_or_else(|| m("invalid.choose_barrier_or_resource"))?;
        let description = text::required(self.description, "description", MEDIUM_MAX_BYTES)
            .map_err(|e| e.explain())?;
        let suggested_intervention = text::normalize(
            self.suggested_intervention,
            "suggested_intervention",
            MEDIUM_MAX_BYTES,
        )
        .map_err(|e| e.explain())?;
        let priority: u8 = self
            .priority
            .trim()
            .parse()
            .ok()
            .filter(|p| (1..=3).contains(p))
            .ok_or_else(|| m("invalid.the_priority_must_be_1_2"))?;
        let profession = match self.profession.trim() {
            "" | "caseworker" => None,
            p => Some(Profession::parse(p).ok_or_else(|| m("invalid.unknown_profession"))?),
        };
        let (icf_code, qualifier) = if component == Component::PersonalFactors {
            if !self.icf_code.trim().is_empty() || !self.qualifier.trim().is_empty() {
                return Err(m("invalid.personal_factors_are_not_coded_and"));
            }
            (None, None)
        } else {
            let code = icf.check(self.icf_code).map_err(|e| e.explain())?;
            if code.component() != component {
                return Err(m("invalid.the_icf_code_does_not_belong"));
            }
            let qualifier = match self.qualifier.trim() {
                "" => None,
                q => Some(Qualifier::parse(component, q).map_err(|e| e.explain())?),
            };
            // An environmental barrier takes a barrier gradient, a resource a facilitator.
            let mismatch = matches!(
                (qualifier, polarity),
                (
                    Some(Qualifier::Facilitator(_) | Qualifier::FacilitatorNotSpecified),
                    Polarity::Barrier
                ) | (
                    Some(Qualifier::Barrier(_) | Qualifier::BarrierNotSpecified),
                    Polarity::Resource
                )
            );
            if mismatch {
                return Err(m("invalid.a_barrier_takes_a_barrier_gradient"));
            }
            (Some(code), qualifier)
        };
        Ok(ValidFocus {
            component,
            polarity,
            description,
            icf_code,
            qualifier,
            priority,
            suggested_intervention,
            profession,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::icf::shipped::classification;

    fn input<'a>(
        component: &'a str,
        polarity: &'a str,
        code: &'a str,
        q: &'a str,
    ) -> FocusInput<'a> {
        FocusInput {
            component,
            polarity,
            description: "Rygsmerter ved længere tids siddende arbejde",
            icf_code: code,
            qualifier: q,
            priority: "1",
            suggested_intervention: "Smertehåndteringsforløb",
            profession: "physiotherapist",
        }
    }

    #[test]
    fn rows_follow_the_icf_rules() {
        let icf = classification();
        let ok = input("b", "barrier", "b28013", "2").validate(&icf).unwrap();
        assert_eq!(
            (ok.qualifier, ok.priority, ok.profession),
            (
                Some(Qualifier::Extent(2)),
                1,
                Some(Profession::Physiotherapist)
            )
        );
        assert!(
            input("b", "barrier", "b28014", "2").validate(&icf).is_err(),
            "not in the classification"
        );
        assert!(
            input("b", "barrier", "d850", "2").validate(&icf).is_err(),
            "code from another component"
        );
        assert!(
            input("b", "barrier", "b28013", "+2")
                .validate(&icf)
                .is_err(),
            "an e-gradient on a b-code"
        );
        assert!(input("b", "barrier", "b28013", "5").validate(&icf).is_err());
        assert!(input("e", "resource", "e310", "+3").validate(&icf).is_ok());
        assert!(
            input("e", "resource", "e310", ".3").validate(&icf).is_err(),
            "a resource with a barrier gradient"
        );
        assert!(
            input("e", "barrier", "e310", "+3").validate(&icf).is_err(),
            "a barrier with a facilitator gradient"
        );
        assert!(input("e", "barrier", "e330", ".2").validate(&icf).is_ok());
        assert!(
            input("pf", "resource", "", "").validate(&icf).is_ok(),
            "personal factors uncoded"
        );
        assert!(input("pf", "resource", "b130", "").validate(&icf).is_err());
        let mut no_prio = input("d", "barrier", "d850", "3");
        no_prio.priority = "4";
        assert!(no_prio.validate(&icf).is_err());
        let mut empty = input("d", "barrier", "d850", "");
        empty.description = " ";
        assert!(empty.validate(&icf).is_err());
    }
}
