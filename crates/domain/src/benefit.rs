//! Kontanthjælp as one benefit (from 2025-07-01): the dated assessment of
//! whether the citizen is jobparat or aktivitetsparat, and the rate the
//! citizen receives. Each assessment is kept with its date, and the latest
//! is the course's category. Under the expected 2027 act a citizen is
//! jobparat unless assessed otherwise.

use crate::message::Message;
use crate::period::sane_date;
use crate::rules::{earliest, RuleBook, TargetGroup};
use crate::{AssessmentId, CourseId, MunicipalityId, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// The kontanthjælp rates of lov nr. 1655 af 30. december 2024.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rate {
    Mindstesats,
    Grundsats,
    Forhoejet,
    Hjemmeboende,
}

impl Rate {
    pub const ALL: [Rate; 4] = [
        Rate::Mindstesats,
        Rate::Grundsats,
        Rate::Forhoejet,
        Rate::Hjemmeboende,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Rate::Mindstesats => "mindstesats",
            Rate::Grundsats => "grundsats",
            Rate::Forhoejet => "forhoejet",
            Rate::Hjemmeboende => "hjemmeboende",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// One assessment of a kontanthjælp course.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub id: AssessmentId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub assessed_on: NaiveDate,
    /// `jobparat` or `aktivitetsparat`, as the rules of the date know them.
    pub category: String,
    /// None before the one kontanthjælp (2025-07-01).
    pub rate: Option<Rate>,
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

/// An assessment as typed.
pub struct AssessmentInput<'a> {
    pub date: &'a str,
    pub category: &'a str,
    pub rate: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAssessment {
    pub assessed_on: NaiveDate,
    pub category: &'static str,
    pub rate: Option<Rate>,
}

impl AssessmentInput<'_> {
    /// Checks an assessment of a course of `group` under the rules of its
    /// own date.
    pub fn validate(
        &self,
        book: &RuleBook,
        group: TargetGroup,
        today: NaiveDate,
    ) -> Result<ValidAssessment, Message> {
        if group != TargetGroup::Kontanthjaelp {
            return Err(Message::new("invalid.assessment_is_for_kontanthjaelp"));
        }
        let d = sane_date(self.date, today, "field.the_date")?;
        if d > today {
            return Err(Message::new("invalid.assessment_in_the_future"));
        }
        if d < earliest() {
            return Err(Message::new("invalid.assessment_too_early"));
        }
        let set = book
            .on(d)
            .ok_or_else(|| Message::new("invalid.assessment_too_early"))?;
        let rule = set
            .group(group)
            .ok_or_else(|| Message::new("invalid.assessment_is_for_kontanthjaelp"))?;
        let category = rule
            .categories
            .iter()
            .find(|c| c.code == self.category.trim())
            .map(|c| c.code)
            .ok_or_else(|| Message::new("invalid.choose_jobparat_or_aktivitetsparat"))?;
        let rate = match (set.kontanthjaelp_rates, self.rate.trim()) {
            (true, "") => return Err(Message::new("invalid.choose_the_rate")),
            (true, r) => {
                Some(Rate::parse(r).ok_or_else(|| Message::new("invalid.choose_the_rate"))?)
            }
            (false, "") => None,
            (false, _) => return Err(Message::new("invalid.no_rates_before_july_2025")),
        };
        Ok(ValidAssessment {
            assessed_on: d,
            category,
            rate,
        })
    }
}

/// The readiness that holds for a course: its latest assessment, else its
/// category, else the rule set's starting point (jobparat under 2027).
pub fn readiness<'a>(
    assessments: &'a [Assessment],
    category: Option<&'a str>,
    default: Option<&'a str>,
) -> Option<&'a str> {
    assessments
        .iter()
        .max_by_key(|a| (a.assessed_on, a.recorded_at))
        .map(|a| a.category.as_str())
        .or(category)
        .or(default)
}

#[cfg(test)]
mod tests;
