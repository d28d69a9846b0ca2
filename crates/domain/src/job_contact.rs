//! The flexible contact course (fleksible kontaktforløb, from 2026-07-01):
//! within the first six months of their course the municipality holds job
//! conversations with at least 75 % of those close to the labour market
//! (dagpenge and jobparate kontanthjælp recipients) and gives at least 75 %
//! an offer; up to 25 % may be exempted across the group. A caseworker
//! records the conversations held and the exemptions; the monitor counts
//! per unit, through the one small-cell rule.

use crate::evaluation::{count, Cell};
use crate::message::Message;
use crate::period::sane_date;
use crate::rules::TargetGroup;
use crate::text::{self, MEDIUM_MAX_BYTES};
use crate::{CourseId, MunicipalityId, UserId};
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::Serialize;

/// The share of the group each requirement asks for, in per cent.
pub const QUOTA_PERCENT: usize = 75;
/// The most of the group that may be exempted, in per cent.
pub const EXEMPT_MAX_PERCENT: usize = 25;
/// The window the requirements count in, from the course's start.
pub const WINDOW_MONTHS: u32 = 6;

/// A job conversation held on a course.
#[derive(Debug, Clone, Serialize)]
pub struct JobConversation {
    pub id: crate::ConversationId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub held_on: NaiveDate,
    pub recorded_by: UserId,
    pub recorded_at: DateTime<Utc>,
}

/// A course exempted from the conversation and offer requirements.
#[derive(Debug, Clone, Serialize)]
pub struct Exemption {
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub reason: String,
    pub decided_by: UserId,
    pub decided_at: DateTime<Utc>,
}

/// Close to the labour market: insured unemployed, and jobparate
/// kontanthjælp recipients.
pub fn close_to_labour_market(group: TargetGroup, category: Option<&str>) -> bool {
    match group {
        TargetGroup::ForsikretLedig => true,
        TargetGroup::Kontanthjaelp => category == Some("jobparat"),
        _ => false,
    }
}

/// The last day of the first six months of a course.
pub fn window_end(start: NaiveDate) -> NaiveDate {
    start
        .checked_add_months(Months::new(WINDOW_MONTHS))
        .and_then(|d| d.pred_opt())
        .unwrap_or(start)
}

/// A conversation as typed: held on a day of the course, not in the future.
pub fn check_held_on(s: &str, start: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Message> {
    let d = sane_date(s, today, "field.the_date")?;
    if d > today {
        return Err(Message::new("invalid.conversation_in_the_future"));
    }
    if d < start {
        return Err(Message::new("invalid.conversation_before_the_course"));
    }
    Ok(d)
}

/// An exemption's reason, required.
pub fn check_reason(s: &str) -> Result<String, Message> {
    text::required(s, "exemption_reason", MEDIUM_MAX_BYTES)
        .map_err(|_| Message::new("invalid.an_exemption_needs_its_reason"))
}

/// One course of the group, as the monitor reads it.
#[derive(Debug, Clone)]
pub struct QuotaCourse {
    pub start: NaiveDate,
    pub conversations: Vec<NaiveDate>,
    /// The earliest start of an intervention on the course's plan.
    pub first_offer: Option<NaiveDate>,
    pub exempt: bool,
    /// The day the course ended, if it has.
    pub ended: Option<NaiveDate>,
}

impl QuotaCourse {
    fn in_window(&self, d: NaiveDate) -> bool {
        d >= self.start && d <= window_end(self.start)
    }

    pub fn had_conversation(&self) -> bool {
        self.conversations.iter().any(|d| self.in_window(*d))
    }

    pub fn had_offer(&self) -> bool {
        self.first_offer
            .is_some_and(|d| d <= window_end(self.start))
    }
}

/// The counts of one unit (or the whole municipality).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Quota {
    pub courses: usize,
    pub with_conversation: usize,
    pub with_offer: usize,
    pub exempt: usize,
    /// Still inside their first six months: they may yet get what they lack.
    pub within_window: usize,
}

/// A share in whole per cent, and whether it meets its requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Share {
    pub percent: usize,
    pub meets: bool,
}

impl Quota {
    /// Counts the courses whose first six months reach `from` or later (the
    /// requirement's first day) and have begun by `today`. A course that
    /// ended inside its first six months (a job, a move) is not counted: the
    /// requirement is for those still in the contact course.
    pub fn count<'a>(
        courses: impl IntoIterator<Item = &'a QuotaCourse>,
        from: NaiveDate,
        today: NaiveDate,
    ) -> Quota {
        courses
            .into_iter()
            .filter(|c| window_end(c.start) >= from && c.start <= today)
            .filter(|c| c.ended.is_none_or(|e| e > window_end(c.start)))
            .fold(Quota::default(), |q, c| Quota {
                courses: q.courses + 1,
                with_conversation: q.with_conversation + usize::from(c.had_conversation()),
                with_offer: q.with_offer + usize::from(c.had_offer()),
                exempt: q.exempt + usize::from(c.exempt),
                within_window: q.within_window + usize::from(window_end(c.start) >= today),
            })
    }

    /// A share of the courses, suppressed where they are too few to show
    /// (and where there are none: no share of nothing).
    fn share(&self, n: usize, meets: impl Fn(usize) -> bool) -> Cell<Share> {
        match count(self.courses) {
            Cell::Shown(all) if all > 0 => Cell::Shown(Share {
                percent: (n * 100 + all / 2) / all,
                meets: meets(n),
            }),
            _ => Cell::Suppressed,
        }
    }

    /// A count about these courses, suppressed with them.
    pub fn shown(&self, n: usize) -> Cell<usize> {
        count(self.courses).map(|_| n)
    }

    /// Exact comparisons in whole numbers: n / courses ≥ 75 %.
    fn at_least_quota(&self, n: usize) -> bool {
        n * 100 >= QUOTA_PERCENT * self.courses
    }

    pub fn conversations(&self) -> Cell<Share> {
        self.share(self.with_conversation, |n| self.at_least_quota(n))
    }

    pub fn offers(&self) -> Cell<Share> {
        self.share(self.with_offer, |n| self.at_least_quota(n))
    }

    pub fn exempted(&self) -> Cell<Share> {
        self.share(self.exempt, |n| {
            n * 100 <= EXEMPT_MAX_PERCENT * self.courses
        })
    }
}

#[cfg(test)]
mod tests;
