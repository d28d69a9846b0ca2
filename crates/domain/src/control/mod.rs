//! Course control (forløbskontrol): the deadlines a course must meet, from
//! date-versioned rules, and the exit that closes a course.

mod deadlines;

pub use deadlines::*;

use crate::message::Message;
use chrono::NaiveDate;
use serde::Serialize;

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
