//! The arbejdspligt (work duty): from 2025 a kontanthjælp recipient who does
//! not meet the residence and employment requirements must work or take
//! part in useful work for up to 37 hours a week, fewer when documented
//! health reasons say so (fully phased in from 2026-01-01). The ledger holds,
//! per week, the hours planned and met and any reduction with its reason.
//! Which dates the duty exists on is the rule sets' business
//! ([`RuleSet::work_duty`](crate::rules::RuleSet)).

use crate::evaluation::duration::monday;
use crate::message::Message;
use crate::period::sane_date;
use crate::rules::{RuleBook, TargetGroup};
use crate::text::{self, MEDIUM_MAX_BYTES};
use crate::{CourseId, MunicipalityId, UserId};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

/// The most the duty asks in a week.
pub const WEEKLY_HOURS: u8 = 37;

/// How far ahead a week can be planned.
pub const PLAN_AHEAD_WEEKS: i64 = 8;

/// One week of the ledger.
#[derive(Debug, Clone, Serialize)]
pub struct DutyWeek {
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    /// The week's Monday.
    pub week: NaiveDate,
    pub planned: u8,
    pub met: u8,
    /// Hours taken off the 37 for documented health reasons.
    pub reduction: u8,
    /// The documented health reason; empty without a reduction.
    pub reduction_reason: String,
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
    pub version: i64,
}

impl DutyWeek {
    /// The hours the duty can ask this week.
    pub fn duty(&self) -> u8 {
        WEEKLY_HOURS.saturating_sub(self.reduction)
    }

    /// Planned hours not met.
    pub fn shortfall(&self) -> u8 {
        self.planned.saturating_sub(self.met)
    }
}

/// A week as typed: any day of it, and the hours.
pub struct WeekInput<'a> {
    pub day: &'a str,
    pub planned: &'a str,
    pub met: &'a str,
    pub reduction: &'a str,
    pub reason: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidWeek {
    pub week: NaiveDate,
    pub planned: u8,
    pub met: u8,
    pub reduction: u8,
    pub reduction_reason: String,
}

/// Whole hours from 0 to 37; empty is 0.
fn hours(s: &str, field: &'static str) -> Result<u8, Message> {
    match s.trim() {
        "" => Ok(0),
        h => h
            .parse::<u8>()
            .ok()
            .filter(|h| *h <= WEEKLY_HOURS)
            .ok_or_else(|| {
                Message::new("invalid.hours_0_to_37")
                    .with_word("field", field)
                    .with("max", i64::from(WEEKLY_HOURS))
            }),
    }
}

/// Whether the duty exists for a course of `group` in the week of `monday`.
pub fn applies(book: &RuleBook, group: TargetGroup, monday: NaiveDate) -> bool {
    group == TargetGroup::Kontanthjaelp && book.on(monday).is_some_and(|s| s.work_duty)
}

impl WeekInput<'_> {
    /// Checks a week of a course of `group` that started on `start`.
    pub fn validate(
        &self,
        book: &RuleBook,
        group: TargetGroup,
        start: NaiveDate,
        today: NaiveDate,
    ) -> Result<ValidWeek, Message> {
        let week = monday(sane_date(self.day, today, "field.the_week")?);
        if week < monday(start) {
            return Err(Message::new("invalid.week_before_the_course"));
        }
        if week > monday(today) + Duration::weeks(PLAN_AHEAD_WEEKS) {
            return Err(Message::new("invalid.week_too_far_ahead").with("weeks", PLAN_AHEAD_WEEKS));
        }
        if !applies(book, group, week) {
            return Err(Message::new("invalid.no_work_duty_that_week"));
        }
        let planned = hours(self.planned, "field.hours_planned")?;
        let met = hours(self.met, "field.hours_met")?;
        let reduction = hours(self.reduction, "field.hours_reduced")?;
        if met > 0 && week > today {
            return Err(Message::new("invalid.hours_met_in_a_week_not_begun"));
        }
        if met > planned {
            return Err(Message::new("invalid.more_hours_met_than_planned"));
        }
        if u16::from(planned) + u16::from(reduction) > u16::from(WEEKLY_HOURS) {
            return Err(Message::new("invalid.planned_above_the_duty")
                .with("duty", i64::from(WEEKLY_HOURS - reduction)));
        }
        let reduction_reason = if reduction > 0 {
            text::required(self.reason, "health_reason", MEDIUM_MAX_BYTES)
                .map_err(|_| Message::new("invalid.a_reduction_needs_its_health_reason"))?
        } else if self.reason.trim().is_empty() {
            String::new()
        } else {
            return Err(Message::new("invalid.a_reason_belongs_to_a_reduction"));
        };
        Ok(ValidWeek {
            week,
            planned,
            met,
            reduction,
            reduction_reason,
        })
    }
}

/// Hours over a run of weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    pub weeks: usize,
    pub planned: u32,
    pub met: u32,
    pub shortfall: u32,
}

pub fn totals(weeks: &[DutyWeek]) -> Totals {
    weeks.iter().fold(Totals::default(), |t, w| Totals {
        weeks: t.weeks + 1,
        planned: t.planned + u32::from(w.planned),
        met: t.met + u32::from(w.met),
        shortfall: t.shortfall + u32::from(w.shortfall()),
    })
}

#[cfg(test)]
mod tests;
