//! The statutory deadlines of a course. A sick-listed citizen's follow-up is
//! counted from the first day of absence, and every deadline follows the
//! rule set in force on its own date (see `rules`). Deadlines that fell
//! before the course started are not the course's to meet: its schedule
//! starts at the next due point.

use crate::rules::{FollowUp, RuleBook, TargetGroup};
use chrono::{Duration, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    FollowUp,
    Reassessment,
    Measurement,
    PlanReview,
    FrameworkEnd,
    /// The § 13 f light track's only follow-up after the first: has the
    /// citizen recovered?
    RecoveryFollowUp,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 6] = [
        DeadlineKind::FollowUp,
        DeadlineKind::Reassessment,
        DeadlineKind::Measurement,
        DeadlineKind::PlanReview,
        DeadlineKind::FrameworkEnd,
        DeadlineKind::RecoveryFollowUp,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeadlineKind::FollowUp => "follow_up",
            DeadlineKind::Reassessment => "reassessment",
            DeadlineKind::Measurement => "measurement",
            DeadlineKind::PlanReview => "plan_review",
            DeadlineKind::FrameworkEnd => "framework_end",
            DeadlineKind::RecoveryFollowUp => "recovery_follow_up",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Deadlines met by an act the caseworker records (the others are met
    /// by what the system sees, e.g. a measurement).
    pub fn recorded(self) -> bool {
        matches!(
            self,
            DeadlineKind::FollowUp | DeadlineKind::Reassessment | DeadlineKind::RecoveryFollowUp
        )
    }
}

/// How a sick-listed citizen is followed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpTrack {
    /// Week 8, then every 4 weeks (sygedagpengeloven § 13 b).
    Standard,
    /// An employee with a predictable course and recovery expected within 13
    /// weeks of the first follow-up: followed up only on recovery (§ 13 f,
    /// from 2025).
    Light,
    /// An employee who, with the employer, expects to be back within 26
    /// weeks: no municipal follow-up by default (from 2026-07-01).
    Exempt,
}

impl FollowUpTrack {
    pub const ALL: [FollowUpTrack; 3] = [
        FollowUpTrack::Standard,
        FollowUpTrack::Light,
        FollowUpTrack::Exempt,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FollowUpTrack::Standard => "standard",
            FollowUpTrack::Light => "light",
            FollowUpTrack::Exempt => "exempt",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    /// The rule set the deadline comes from, when it comes from one.
    pub rule_set: Option<&'static str>,
}

/// What a course's statutory deadlines depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CourseDates {
    pub group: TargetGroup,
    pub start: NaiveDate,
    /// Sygedagpenge: the first day of absence (the start when unknown).
    pub first_absence: Option<NaiveDate>,
    pub track: FollowUpTrack,
}

/// The end of week `n` counted from `from` (week 1 ends six days after it).
fn end_of_week(from: NaiveDate, n: i64) -> NaiveDate {
    from + Duration::days(7 * n - 1)
}

/// The follow-up rules in force on a day, with the set's id.
fn rules_on(book: &RuleBook, day: NaiveDate) -> Option<(&'static str, FollowUp)> {
    book.on(day).and_then(|r| r.follow_up.map(|f| (r.id, f)))
}

/// Every sygedagpenge deadline from the first day of absence up to `until`,
/// each under the rules in force on its own date.
pub fn sygedagpenge_deadlines(
    book: &RuleBook,
    first_absence: NaiveDate,
    track: FollowUpTrack,
    until: NaiveDate,
) -> Vec<Deadline> {
    let mut out = Vec::new();
    let Some((_, at_start)) = rules_on(book, first_absence) else {
        return out;
    };
    let mut due = end_of_week(first_absence, at_start.first_week);
    let mut first = true;
    while due <= until {
        let Some((set, rule)) = rules_on(book, due) else {
            break;
        };
        let exempt = track == FollowUpTrack::Exempt && rule.employed_exemption;
        if !exempt {
            out.push(Deadline {
                kind: DeadlineKind::FollowUp,
                due,
                rule_set: Some(set),
            });
        }
        if first && track == FollowUpTrack::Light && rule.light_track {
            // § 13 f: after the first follow-up, only whether the citizen
            // has recovered.
            let recovery = due + Duration::weeks(rule.light_track_weeks);
            if recovery <= until {
                let set = rules_on(book, recovery).map_or(set, |(s, _)| s);
                out.push(Deadline {
                    kind: DeadlineKind::RecoveryFollowUp,
                    due: recovery,
                    rule_set: Some(set),
                });
            }
            break;
        }
        first = false;
        due += Duration::weeks(rule.every_weeks);
    }
    let re = end_of_week(first_absence, at_start.reassessment_week);
    if let Some((set, rule)) = rules_on(book, re) {
        out.push(Deadline {
            kind: DeadlineKind::Reassessment,
            due: end_of_week(first_absence, rule.reassessment_week),
            rule_set: Some(set),
        });
    }
    out.sort_by_key(|d| d.due);
    out
}

/// Every statutory deadline of a course up to `until`, those before its
/// start included.
fn all_deadlines(book: &RuleBook, c: &CourseDates, until: NaiveDate) -> Vec<Deadline> {
    match c.group {
        TargetGroup::Sygedagpenge => {
            sygedagpenge_deadlines(book, c.first_absence.unwrap_or(c.start), c.track, until)
        }
        _ => Vec::new(),
    }
}

/// The statutory deadlines of a course up to `until`: those due on or after
/// its start (the schedule starts at the next due point).
pub fn statutory(book: &RuleBook, c: &CourseDates, until: NaiveDate) -> Vec<Deadline> {
    all_deadlines(book, c, until)
        .into_iter()
        .filter(|d| d.due >= c.start)
        .collect()
}

/// How many statutory deadlines fell before the course started (the
/// course control says they are not the course's).
pub fn before_start(book: &RuleBook, c: &CourseDates) -> usize {
    all_deadlines(book, c, c.start)
        .iter()
        .filter(|d| d.due < c.start)
        .count()
}

/// The deadlines still to act on: per kind, the latest one passed without
/// being met (overdue; earlier missed ones are covered by acting on it), and
/// those coming up to `until`.
pub fn outstanding(
    all: Vec<Deadline>,
    met: impl Fn(&Deadline) -> bool,
    today: NaiveDate,
    until: NaiveDate,
) -> Vec<Deadline> {
    let mut latest_passed: Vec<Deadline> = Vec::new();
    let mut coming: Vec<Deadline> = Vec::new();
    for d in all.into_iter().filter(|d| d.due <= until) {
        if d.due < today {
            latest_passed.retain(|x| x.kind != d.kind || x.due > d.due);
            if !latest_passed.iter().any(|x| x.kind == d.kind) {
                latest_passed.push(d);
            }
        } else {
            coming.push(d);
        }
    }
    let mut out: Vec<Deadline> = latest_passed
        .into_iter()
        .chain(coming)
        .filter(|d| !met(d))
        .collect();
    out.sort_by_key(|d| d.due);
    out
}

#[cfg(test)]
mod tests;
