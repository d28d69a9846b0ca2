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
    pub fn code(self) -> &'static str {
        match self {
            Polarity::Barrier => "barrier",
            Polarity::Resource => "resource",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "barrier" => Some(Polarity::Barrier),
            "resource" => Some(Polarity::Resource),
            _ => None,
        }
    }

    pub fn label(self, english: bool) -> &'static str {
        match (self, english) {
            (Polarity::Barrier, false) => "Barriere",
            (Polarity::Resource, false) => "Ressource",
            (Polarity::Barrier, true) => "Barrier",
            (Polarity::Resource, true) => "Resource",
        }
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

fn m(da: &str, en: &str) -> Message {
    Message::new(da, en)
}

impl FocusInput<'_> {
    /// Checks the row against the classification and the component's rules.
    pub fn validate(&self, icf: &Classification) -> Result<ValidFocus, Message> {
        let component = Component::parse(self.component)
            .ok_or_else(|| m("vælg en komponent", "choose a component"))?;
        let polarity = Polarity::parse(self.polarity).ok_or_else(|| {
            m(
                "vælg barriere eller ressource",
                "choose barrier or resource",
            )
        })?;
        let description = text::required(self.description, "beskrivelse", MEDIUM_MAX_BYTES)
            .map_err(|e| e.explain())?;
        let suggested_intervention = text::normalize(
            self.suggested_intervention,
            "forslag til indsats",
            MEDIUM_MAX_BYTES,
        )
        .map_err(|e| e.explain())?;
        let priority: u8 = self
            .priority
            .trim()
            .parse()
            .ok()
            .filter(|p| (1..=3).contains(p))
            .ok_or_else(|| {
                m(
                    "prioriteten skal være 1, 2 eller 3",
                    "the priority must be 1, 2 or 3",
                )
            })?;
        let profession = match self.profession.trim() {
            "" | "caseworker" => None,
            p => Some(
                Profession::parse(p).ok_or_else(|| m("ukendt faggruppe", "unknown profession"))?,
            ),
        };
        let (icf_code, qualifier) = if component == Component::PersonalFactors {
            if !self.icf_code.trim().is_empty() || !self.qualifier.trim().is_empty() {
                return Err(m(
                    "personlige faktorer kodes ikke og har ingen grad",
                    "personal factors are not coded and have no gradient",
                ));
            }
            (None, None)
        } else {
            let code = icf.check(self.icf_code).map_err(|e| {
                let en = match e {
                    crate::icf::CodeError::Malformed => "the ICF code is malformed (e.g. b28013)",
                    crate::icf::CodeError::Unknown => "the ICF code is not in the classification",
                };
                m(&e.to_string(), en)
            })?;
            if code.component() != component {
                return Err(m(
                    "ICF-koden hører ikke til den valgte komponent",
                    "the ICF code does not belong to the chosen component",
                ));
            }
            let qualifier = match self.qualifier.trim() {
                "" => None,
                q => Some(Qualifier::parse(component, q).map_err(|e| {
                    let en = match e {
                        crate::icf::QualifierError::ForExtent => "the gradient must be 0–4, 8 or 9 for this component",
                        crate::icf::QualifierError::ForEnvironment => "for environmental factors the gradient is a barrier .0–.4 or a facilitator +0–+4 (or .8, +8, .9)",
                        crate::icf::QualifierError::PersonalFactors => "personal factors have no gradient",
                    };
                    m(&e.to_string(), en)
                })?),
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
                return Err(m(
                    "en barriere har en barrieregrad (.0–.4), en ressource en fremmende grad (+0–+4)",
                    "a barrier takes a barrier gradient (.0–.4), a resource a facilitator gradient (+0–+4)",
                ));
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
