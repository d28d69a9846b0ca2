//! A course (forløb): one citizen's development course under a target group,
//! owned by a responsible caseworker.

use crate::control::FollowUpTrack;
use crate::rules::{earliest, Classification, RuleBook, RuleError, TargetGroup};
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
    /// Sygedagpenge: the first day of absence, from which follow-up is
    /// counted (None for other target groups, and for courses made before
    /// it was recorded).
    pub first_absence_date: Option<NaiveDate>,
    pub follow_up_track: FollowUpTrack,
    pub framework: String,
    pub employment_goal: String,
    pub referral: Referral,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl Course {
    /// What its statutory deadlines depend on.
    pub fn dates(&self) -> crate::control::CourseDates {
        crate::control::CourseDates {
            group: self.target_group,
            start: self.start_date,
            first_absence: self.first_absence_date,
            track: self.follow_up_track,
        }
    }
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
    #[error("the first day of absence is missing")]
    FirstAbsenceRequired,
    #[error("the first day of absence is after the course start")]
    FirstAbsenceAfterStart,
    #[error("the first day of absence is in the future")]
    FirstAbsenceInFuture,
    #[error("the first day of absence is before the rules Jobspor knows")]
    FirstAbsenceTooEarly,
    #[error("unknown follow-up track")]
    UnknownTrack,
}

pub struct CourseInput<'a> {
    pub target_group: &'a str,
    pub category: Option<&'a str>,
    pub start_date: NaiveDate,
    /// Sygedagpenge only: the first day of absence and how the citizen is
    /// followed up (`standard` when empty).
    pub first_absence_date: Option<NaiveDate>,
    pub follow_up_track: &'a str,
    pub framework: &'a str,
    pub employment_goal: &'a str,
    pub referral: Vec<(ReferralSection, &'a str)>,
}

#[derive(Debug, Clone)]
pub struct ValidCourse {
    pub classification: Classification,
    pub start_date: NaiveDate,
    pub first_absence_date: Option<NaiveDate>,
    pub follow_up_track: FollowUpTrack,
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

/// A sick-listed citizen's first day of absence: not after the course's
/// start, not in the future, not before the rules Jobspor knows.
pub fn check_first_absence(
    first: NaiveDate,
    start: NaiveDate,
    today: NaiveDate,
) -> Result<(), CourseError> {
    if first > today {
        return Err(CourseError::FirstAbsenceInFuture);
    }
    if first > start {
        return Err(CourseError::FirstAbsenceAfterStart);
    }
    if first < earliest() {
        return Err(CourseError::FirstAbsenceTooEarly);
    }
    Ok(())
}

/// A follow-up track as chosen (`standard` when empty).
pub fn parse_track(s: &str) -> Result<FollowUpTrack, CourseError> {
    match s.trim() {
        "" => Ok(FollowUpTrack::Standard),
        t => FollowUpTrack::parse(t).ok_or(CourseError::UnknownTrack),
    }
}

impl CourseInput<'_> {
    /// Checks the course under the municipality's rules, on `today`.
    pub fn validate(&self, book: &RuleBook, today: NaiveDate) -> Result<ValidCourse, CourseError> {
        let group = TargetGroup::parse(self.target_group).ok_or(CourseError::UnknownTargetGroup)?;
        let classification = book.classify(self.start_date, group, self.category)?;
        let (first_absence_date, follow_up_track) = if group == TargetGroup::Sygedagpenge {
            let first = self
                .first_absence_date
                .ok_or(CourseError::FirstAbsenceRequired)?;
            check_first_absence(first, self.start_date, today)?;
            (Some(first), parse_track(self.follow_up_track)?)
        } else {
            (None, FollowUpTrack::Standard)
        };
        Ok(ValidCourse {
            classification,
            start_date: self.start_date,
            first_absence_date,
            follow_up_track,
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

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn validates_course() {
        let book = RuleBook::shipped();
        let today = d(2026, 12, 7);
        let mut input = CourseInput {
            target_group: "sygedagpenge",
            category: Some("kategori_2"),
            start_date: d(2026, 3, 1),
            first_absence_date: Some(d(2026, 1, 12)),
            follow_up_track: "",
            framework: " Udviklingsforløb for sygedagpengemodtagere ",
            employment_goal: "Tilbage til eget job på nedsat tid",
            referral: vec![
                (ReferralSection::Education, "Faglært tømrer"),
                (ReferralSection::LifestyleFactors, " "),
            ],
        };
        let v = input.validate(&book, today).unwrap();
        assert_eq!(v.framework, "Udviklingsforløb for sygedagpengemodtagere");
        assert_eq!(v.referral.len(), 1);
        assert_eq!(v.classification.rule_set, "reform-2026-02");
        assert_eq!(v.first_absence_date, Some(d(2026, 1, 12)));
        assert_eq!(v.follow_up_track, FollowUpTrack::Standard);
        input.category = Some("kategori_3");
        assert!(matches!(
            input.validate(&book, today),
            Err(CourseError::Rule(RuleError::UnknownCategory))
        ));
    }

    #[test]
    fn sygedagpenge_needs_a_first_day_of_absence_that_can_be() {
        let book = RuleBook::shipped();
        let today = d(2026, 12, 7);
        let course =
            |first: Option<NaiveDate>, start: NaiveDate, track: &'static str| CourseInput {
                target_group: "sygedagpenge",
                category: Some("kategori_1"),
                start_date: start,
                first_absence_date: first,
                follow_up_track: track,
                framework: "Forløb",
                employment_goal: "",
                referral: vec![],
            };
        let start = d(2026, 11, 2);
        let err = |c: CourseInput| c.validate(&book, today).err();
        assert_eq!(
            err(course(None, start, "")),
            Some(CourseError::FirstAbsenceRequired)
        );
        assert_eq!(
            err(course(Some(d(2026, 11, 3)), start, "")),
            Some(CourseError::FirstAbsenceAfterStart)
        );
        assert_eq!(
            err(course(Some(d(2026, 12, 8)), d(2026, 12, 10), "")),
            Some(CourseError::FirstAbsenceInFuture)
        );
        assert_eq!(
            err(course(Some(d(2018, 12, 31)), start, "")),
            Some(CourseError::FirstAbsenceTooEarly)
        );
        assert_eq!(
            err(course(Some(d(2026, 9, 1)), start, "sometimes")),
            Some(CourseError::UnknownTrack)
        );
        let v = course(Some(start), start, "light")
            .validate(&book, today)
            .unwrap();
        assert_eq!(v.follow_up_track, FollowUpTrack::Light);
        // Other target groups have neither.
        let mut k = course(None, start, "light");
        k.target_group = "kontanthjaelp";
        k.category = Some("jobparat");
        let v = k.validate(&book, today).unwrap();
        assert_eq!(
            (v.first_absence_date, v.follow_up_track),
            (None, FollowUpTrack::Standard)
        );
    }

    #[test]
    fn status_codes_round_trip() {
        for s in CourseStatus::ALL {
            assert_eq!(CourseStatus::parse(s.code()), Some(s));
        }
    }
}
