//! Course control (forløbskontrol): the deadlines a course must meet, from
//! date-versioned rules, and the exit that closes a course.

use crate::message::Message;
use crate::rules::{rule_set_on, TargetGroup};
use chrono::{Duration, NaiveDate};
use serde::Serialize;

/// The sygedagpenge follow-up cadence of a rule set: the first follow-up by
/// the end of `first_week`, then every `every_weeks`, and the reassessment
/// (revurdering) by the end of `reassessment_week`, counted from the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowUpRule {
    pub rule_set: &'static str,
    pub first_week: i64,
    pub every_weeks: i64,
    pub reassessment_week: i64,
}

/// The cadence in force on a date. Both rule sets keep week 8, every 4
/// weeks and week 22; they are listed apart so a change has its own row.
pub fn follow_up_rule(day: NaiveDate) -> Option<FollowUpRule> {
    let set = rule_set_on(day)?;
    Some(match set.id {
        "reform-2027" => FollowUpRule {
            rule_set: "reform-2027",
            first_week: 8,
            every_weeks: 4,
            reassessment_week: 22,
        },
        _ => FollowUpRule {
            rule_set: "lab-2019",
            first_week: 8,
            every_weeks: 4,
            reassessment_week: 22,
        },
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    FollowUp,
    Reassessment,
    Measurement,
    PlanReview,
    FrameworkEnd,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 5] = [
        DeadlineKind::FollowUp,
        DeadlineKind::Reassessment,
        DeadlineKind::Measurement,
        DeadlineKind::PlanReview,
        DeadlineKind::FrameworkEnd,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DeadlineKind::FollowUp => "follow_up",
            DeadlineKind::Reassessment => "reassessment",
            DeadlineKind::Measurement => "measurement",
            DeadlineKind::PlanReview => "plan_review",
            DeadlineKind::FrameworkEnd => "framework_end",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            DeadlineKind::FollowUp,
            DeadlineKind::Reassessment,
            DeadlineKind::Measurement,
            DeadlineKind::PlanReview,
            DeadlineKind::FrameworkEnd,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }

    /// Deadlines met by an act the caseworker records (the others are met
    /// by what the system sees, e.g. a measurement).
    pub fn recorded(self) -> bool {
        matches!(self, DeadlineKind::FollowUp | DeadlineKind::Reassessment)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    /// The rule set the deadline comes from, when it comes from one.
    pub rule_set: Option<&'static str>,
}

/// The end of week `n` counted from `start` (week 1 begins on `start`).
fn end_of_week(start: NaiveDate, n: i64) -> NaiveDate {
    start + Duration::days(7 * n - 1)
}

/// Sygedagpenge follow-ups from `start` up to `until`, each under the rules
/// in force on its own date, and the reassessment.
pub fn sygedagpenge_deadlines(start: NaiveDate, until: NaiveDate) -> Vec<Deadline> {
    let mut out = Vec::new();
    let Some(rule) = follow_up_rule(start) else {
        return out;
    };
    let mut due = end_of_week(start, rule.first_week);
    while due <= until {
        let here = follow_up_rule(due).unwrap_or(rule);
        out.push(Deadline {
            kind: DeadlineKind::FollowUp,
            due,
            rule_set: Some(here.rule_set),
        });
        due += Duration::weeks(here.every_weeks);
    }
    let re = end_of_week(start, rule.reassessment_week);
    let here = follow_up_rule(re).unwrap_or(rule);
    out.push(Deadline {
        kind: DeadlineKind::Reassessment,
        due: end_of_week(start, here.reassessment_week),
        rule_set: Some(here.rule_set),
    });
    out.sort_by_key(|d| d.due);
    out
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
    // Per kind, only the latest passed deadline counts; earlier ones are
    // covered by acting on it.
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

/// The statutory deadlines of a course of `group` started on `start`.
pub fn statutory(group: TargetGroup, start: NaiveDate, until: NaiveDate) -> Vec<Deadline> {
    match group {
        TargetGroup::Sygedagpenge => sygedagpenge_deadlines(start, until),
        _ => Vec::new(),
    }
}

/// How a course ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    OrdinaryJob,
    WageSubsidyJob,
    Flexjob,
    Education,
    Ressourceforloeb,
    Foertidspension,
    OtherBenefit,
    Moved,
    Died,
    /// Transferred while still on a benefit.
    StillOnBenefit,
}

impl Outcome {
    pub const ALL: [Outcome; 10] = [
        Outcome::OrdinaryJob,
        Outcome::WageSubsidyJob,
        Outcome::Flexjob,
        Outcome::Education,
        Outcome::Ressourceforloeb,
        Outcome::Foertidspension,
        Outcome::OtherBenefit,
        Outcome::Moved,
        Outcome::Died,
        Outcome::StillOnBenefit,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Outcome::OrdinaryJob => "ordinary_job",
            Outcome::WageSubsidyJob => "wage_subsidy_job",
            Outcome::Flexjob => "flexjob",
            Outcome::Education => "education",
            Outcome::Ressourceforloeb => "ressourceforloeb",
            Outcome::Foertidspension => "foertidspension",
            Outcome::OtherBenefit => "other_benefit",
            Outcome::Moved => "moved",
            Outcome::Died => "died",
            Outcome::StillOnBenefit => "still_on_benefit",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == s)
    }

    /// Self-support: the outcomes the evaluation counts as success.
    pub fn self_supporting(self) -> bool {
        matches!(
            self,
            Outcome::OrdinaryJob | Outcome::WageSubsidyJob | Outcome::Flexjob | Outcome::Education
        )
    }
}

/// The recorded end of a course.
#[derive(Debug, Clone, Serialize)]
pub struct CourseExit {
    pub course_id: crate::CourseId,
    pub municipality_id: crate::MunicipalityId,
    pub outcome: Outcome,
    pub date: NaiveDate,
    pub hours_per_week: Option<u8>,
    pub recorded_by: crate::UserId,
    pub recorded_at: chrono::DateTime<chrono::Utc>,
}

/// An exit as typed: the outcome, its date, and hours per week for a job.
pub fn check_exit(
    outcome: &str,
    date: &str,
    hours: &str,
    course_start: NaiveDate,
    today: NaiveDate,
) -> Result<(Outcome, NaiveDate, Option<u8>), Message> {
    let o = Outcome::parse(outcome)
        .ok_or_else(|| Message::new("invalid.choose_how_the_course_ended"))?;
    let d = crate::time::parse_date(date)
        .ok_or_else(|| Message::new("invalid.the_end_date_is_not_a"))?;
    if d > today || d < course_start {
        return Err(Message::new("invalid.the_end_date_must_lie_between"));
    }
    let hours = match (o, hours.trim()) {
        (Outcome::OrdinaryJob | Outcome::WageSubsidyJob | Outcome::Flexjob, h) => Some(
            h.parse::<u8>()
                .ok()
                .filter(|h| (1..=80).contains(h))
                .ok_or_else(|| Message::new("invalid.write_hours_per_week_1_80"))?,
        ),
        (_, "") => None,
        (_, _) => return Err(Message::new("invalid.hours_per_week_belong_to_a")),
    };
    Ok((o, d, hours))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn sygedagpenge_week_8_every_4_weeks_and_week_22() {
        let start = d(2026, 6, 1);
        let dl = sygedagpenge_deadlines(start, d(2026, 11, 30));
        let follow: Vec<NaiveDate> = dl
            .iter()
            .filter(|x| x.kind == DeadlineKind::FollowUp)
            .map(|x| x.due)
            .collect();
        assert_eq!(follow[0], d(2026, 7, 26), "end of week 8");
        assert_eq!(follow[1], d(2026, 8, 23), "four weeks later");
        assert!(follow.windows(2).all(|w| w[1] - w[0] == Duration::weeks(4)));
        let re = dl
            .iter()
            .find(|x| x.kind == DeadlineKind::Reassessment)
            .unwrap();
        assert_eq!(re.due, d(2026, 11, 1), "end of week 22");
        // Deadlines after the reform's start carry its rule set.
        let late = sygedagpenge_deadlines(d(2026, 11, 1), d(2027, 6, 1));
        assert_eq!(late.first().unwrap().rule_set, Some("lab-2019"));
        assert!(late
            .iter()
            .any(|x| x.due >= d(2027, 1, 1) && x.rule_set == Some("reform-2027")));
        assert!(statutory(TargetGroup::Kontanthjaelp, start, d(2027, 1, 1)).is_empty());
    }

    #[test]
    fn only_the_latest_missed_follow_up_is_overdue() {
        let start = d(2026, 1, 5);
        let today = d(2026, 6, 20);
        let all = sygedagpenge_deadlines(start, d(2026, 7, 1));
        let met_none = outstanding(all.clone(), |_| false, today, d(2026, 7, 1));
        let overdue: Vec<_> = met_none.iter().filter(|x| x.due < today).collect();
        assert_eq!(
            overdue.len(),
            2,
            "one follow-up and the reassessment: {overdue:?}"
        );
        assert!(met_none.iter().all(|x| x.due <= d(2026, 7, 1)));
        let latest_missed = overdue
            .iter()
            .find(|x| x.kind == DeadlineKind::FollowUp)
            .unwrap()
            .due;
        let met_latest = outstanding(
            all,
            |x| x.due == latest_missed || x.kind == DeadlineKind::Reassessment,
            today,
            d(2026, 6, 15),
        );
        assert!(
            met_latest.iter().all(|x| x.due >= today),
            "nothing overdue once the latest is met: {met_latest:?}"
        );
    }

    #[test]
    fn exits_are_checked() {
        let (start, today) = (d(2026, 1, 1), d(2026, 11, 22));
        assert_eq!(
            check_exit("ordinary_job", "2026-11-20", "37", start, today),
            Ok((Outcome::OrdinaryJob, d(2026, 11, 20), Some(37)))
        );
        assert!(
            check_exit("ordinary_job", "2026-11-20", "", start, today).is_err(),
            "hours needed"
        );
        assert!(
            check_exit("moved", "2026-11-20", "37", start, today).is_err(),
            "no hours for a move"
        );
        assert!(
            check_exit("moved", "2026-11-23", "", start, today).is_err(),
            "future"
        );
        assert!(
            check_exit("moved", "2025-12-31", "", start, today).is_err(),
            "before start"
        );
        assert!(check_exit("vanished", "2026-11-20", "", start, today).is_err());
        assert!(Outcome::Flexjob.self_supporting() && !Outcome::Moved.self_supporting());
    }
}
