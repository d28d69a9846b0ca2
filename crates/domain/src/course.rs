//! A course (forløb): one citizen's development course under a target group,
//! owned by a responsible caseworker.

use crate::rules::{classify, Classification, RuleError, TargetGroup};
use crate::text::{self, TextError, MEDIUM_MAX_BYTES, SHORT_MAX_BYTES};
use crate::{CitizenId, CourseId, MunicipalityId, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CourseStatus {
    /// Referred, awaiting triage or analysis.
    Referred,
    /// Active: analysis, plan and interventions under way.
    Active,
    /// Paused, e.g. during hospitalisation.
    OnHold,
    /// Ended, with an exit recorded.
    Closed,
}

impl CourseStatus {
    pub const ALL: [CourseStatus; 4] = [
        CourseStatus::Referred,
        CourseStatus::Active,
        CourseStatus::OnHold,
        CourseStatus::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CourseStatus::Referred => "referred",
            CourseStatus::Active => "active",
            CourseStatus::OnHold => "on_hold",
            CourseStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

/// The referral information sections caseworkers know from the old system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralSection {
    WorkAndAbsence,
    Education,
    SocialAndHousing,
    HealthAndTreatment,
    FunctionalAbility,
    LifestyleFactors,
    PreviousCourses,
}

impl ReferralSection {
    pub const ALL: [ReferralSection; 7] = [
        ReferralSection::WorkAndAbsence,
        ReferralSection::Education,
        ReferralSection::SocialAndHousing,
        ReferralSection::HealthAndTreatment,
        ReferralSection::FunctionalAbility,
        ReferralSection::LifestyleFactors,
        ReferralSection::PreviousCourses,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReferralSection::WorkAndAbsence => "work_and_absence",
            ReferralSection::Education => "education",
            ReferralSection::SocialAndHousing => "social_and_housing",
            ReferralSection::HealthAndTreatment => "health_and_treatment",
            ReferralSection::FunctionalAbility => "functional_ability",
            ReferralSection::LifestyleFactors => "lifestyle_factors",
            ReferralSection::PreviousCourses => "previous_courses",
        }
    }
}

pub type Referral = BTreeMap<ReferralSection, String>;

#[derive(Debug, Clone, Serialize)]
pub struct Course {
    pub id: CourseId,
    pub municipality_id: MunicipalityId,
    pub citizen_id: CitizenId,
    pub caseworker_id: UserId,
    pub target_group: TargetGroup,
    pub category: Option<String>,
    pub rule_set: String,
    pub status: CourseStatus,
    pub start_date: NaiveDate,
    pub framework: String,
    pub employment_goal: String,
    pub referral: Referral,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CourseError {
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error(transparent)]
    Text(#[from] TextError),
    #[error("ukendt målgruppe")]
    UnknownTargetGroup,
    #[error("ukendt status")]
    UnknownStatus,
}

pub struct CourseInput<'a> {
    pub target_group: &'a str,
    pub category: Option<&'a str>,
    pub start_date: NaiveDate,
    pub framework: &'a str,
    pub employment_goal: &'a str,
    pub referral: Vec<(ReferralSection, &'a str)>,
}

#[derive(Debug, Clone)]
pub struct ValidCourse {
    pub classification: Classification,
    pub start_date: NaiveDate,
    pub framework: String,
    pub employment_goal: String,
    pub referral: Referral,
}

pub fn validate_referral(sections: &[(ReferralSection, &str)]) -> Result<Referral, TextError> {
    let mut out = Referral::new();
    for (s, t) in sections {
        if let Some(v) = text::optional(Some(t), "referral", MEDIUM_MAX_BYTES)? {
            out.insert(*s, v);
        }
    }
    Ok(out)
}

impl CourseInput<'_> {
    pub fn validate(&self) -> Result<ValidCourse, CourseError> {
        let group = TargetGroup::parse(self.target_group).ok_or(CourseError::UnknownTargetGroup)?;
        let classification = classify(self.start_date, group, self.category)?;
        Ok(ValidCourse {
            classification,
            start_date: self.start_date,
            framework: text::required(self.framework, "framework", SHORT_MAX_BYTES)?,
            employment_goal: text::normalize(
                self.employment_goal,
                "employment_goal",
                MEDIUM_MAX_BYTES,
            )?,
            referral: validate_referral(&self.referral)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_course() {
        let input = CourseInput {
            target_group: "sygedagpenge",
            category: Some("kategori_3"),
            start_date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            framework: " Udviklingsforløb for sygedagpengemodtagere ",
            employment_goal: "Tilbage til eget job på nedsat tid",
            referral: vec![
                (ReferralSection::Education, "Faglært tømrer"),
                (ReferralSection::LifestyleFactors, " "),
            ],
        };
        let v = input.validate().unwrap();
        assert_eq!(v.framework, "Udviklingsforløb for sygedagpengemodtagere");
        assert_eq!(v.referral.len(), 1);
        assert_eq!(v.classification.rule_set, "lab-2019");
    }

    #[test]
    fn status_codes_round_trip() {
        for s in CourseStatus::ALL {
            assert_eq!(CourseStatus::parse(s.code()), Some(s));
        }
    }
}
