//! Retention: how long each kind of data about a citizen is kept, and what
//! happens when it expires. The periods are set per municipality within
//! limits the law sets (`docs/retention.md` gives the legal basis of each
//! default and floor). A legal hold on a course keeps everything of it.
//!
//! Periods run from the day a course was closed (its data is no longer in
//! use), except the screening answers (from the day they were given, when
//! the citizen has no open course) and the access log (from the entry, and
//! never past the data it answers for: see [`access_log_cutoff`]).

use crate::text::{self, TextError};
use crate::user::Actor;
use crate::{CourseId, LegalHoldId, MunicipalityId, UserId};
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::Serialize;
use thiserror::Error;

/// A kind of data with a period of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DataKind {
    /// A closed course and its plan: contact persons, the plan's and the
    /// conference record's free text, and at last the citizen's identity
    /// (name, CPR number, contact details) once every course of theirs
    /// has expired. What statistics need stays, pseudonymised.
    Course,
    /// The journal of a closed course.
    Journal,
    /// The health professionals' notes: analysis assessments, focus area
    /// descriptions, health advice.
    HealthNotes,
    /// The answers of screening questionnaires (the result stays).
    Screening,
    /// Uploaded documents of a closed course.
    Documents,
    /// The comments given with progression ratings (the values stay).
    Ratings,
    /// The access log (the audit log).
    AccessLog,
}

/// What expiry does to a kind of data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    /// The rows go.
    Delete,
    /// Identifying and free text goes; what statistics need stays.
    Anonymise,
}

impl DataKind {
    pub const ALL: [DataKind; 7] = [
        DataKind::Course,
        DataKind::Journal,
        DataKind::HealthNotes,
        DataKind::Screening,
        DataKind::Documents,
        DataKind::Ratings,
        DataKind::AccessLog,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DataKind::Course => "course",
            DataKind::Journal => "journal",
            DataKind::HealthNotes => "health_notes",
            DataKind::Screening => "screening",
            DataKind::Documents => "documents",
            DataKind::Ratings => "ratings",
            DataKind::AccessLog => "access_log",
        }
    }

    pub fn parse(s: &str) -> Option<DataKind> {
        DataKind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn treatment(self) -> Treatment {
        match self {
            DataKind::Course | DataKind::Screening | DataKind::Ratings => Treatment::Anonymise,
            DataKind::Journal
            | DataKind::HealthNotes
            | DataKind::Documents
            | DataKind::AccessLog => Treatment::Delete,
        }
    }

    /// The period a municipality starts with, in months.
    pub fn default_months(self) -> u32 {
        match self {
            // Five years after the case is closed: long enough for a
            // resumed case, a complaint or a claim for repayment.
            DataKind::Course
            | DataKind::Journal
            | DataKind::Documents
            | DataKind::Ratings
            | DataKind::Screening => 60,
            // Psychologists, physiotherapists, nurses and occupational
            // therapists keep records at least five years.
            DataKind::HealthNotes => 60,
            DataKind::AccessLog => 60,
        }
    }

    /// The shortest period a municipality may set. Health professionals'
    /// records: five years (psykologloven § 14, stk. 2; the rules on
    /// patient records). Everything else: a year, a floor against a typo
    /// that would delete cases still under appeal.
    pub fn minimum_months(self) -> u32 {
        match self {
            DataKind::HealthNotes => 60,
            _ => 12,
        }
    }
}

/// A doctor's notes are patient records kept at least ten years.
pub const DOCTOR_MINIMUM_MONTHS: u32 = 120;

/// The longest period that can be set (a hundred years).
pub const MAX_MONTHS: u32 = 1200;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RetentionError {
    #[error("not a whole number of months")]
    NotMonths,
    #[error("{kind:?} is kept at least {minimum} months")]
    BelowMinimum { kind: DataKind, minimum: u32 },
    #[error("at most {MAX_MONTHS} months")]
    AboveMaximum,
}

/// The municipality's periods, one per kind, in months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Periods {
    months: [u32; 7],
}

impl Default for Periods {
    fn default() -> Self {
        Periods {
            months: DataKind::ALL.map(DataKind::default_months),
        }
    }
}

impl Periods {
    fn index(kind: DataKind) -> usize {
        DataKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or_default()
    }

    pub fn months(&self, kind: DataKind) -> u32 {
        self.months[Self::index(kind)]
    }

    /// The periods with `kind` set to `months`, if the law allows it.
    pub fn with(&self, kind: DataKind, months: u32) -> Result<Periods, RetentionError> {
        if months < kind.minimum_months() {
            return Err(RetentionError::BelowMinimum {
                kind,
                minimum: kind.minimum_months(),
            });
        }
        if months > MAX_MONTHS {
            return Err(RetentionError::AboveMaximum);
        }
        let mut p = self.clone();
        p.months[Self::index(kind)] = months;
        Ok(p)
    }

    /// [`Periods::with`] from what a form or the command line says.
    pub fn with_text(&self, kind: DataKind, months: &str) -> Result<Periods, RetentionError> {
        let m = months
            .trim()
            .parse::<u32>()
            .map_err(|_| RetentionError::NotMonths)?;
        self.with(kind, m)
    }

    /// The last day on which data of `kind` that started its period then
    /// has expired by `today`: data of a course closed on or before it goes.
    pub fn cutoff(&self, kind: DataKind, today: NaiveDate) -> NaiveDate {
        months_before(today, self.months(kind))
    }
}

/// `today` minus `months`, at the end of a shorter month where the day
/// does not exist (31 March − 1 month = 28/29 February).
pub fn months_before(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// The moment a period of `months` ending now began: as a civil day in
/// Copenhagen (for dates such as an exit's) and as an instant (for
/// timestamps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cutoff {
    pub day: NaiveDate,
    pub at: DateTime<Utc>,
}

pub fn cutoff(now: DateTime<Utc>, months: u32) -> Cutoff {
    Cutoff {
        day: months_before(crate::time::today_copenhagen(now), months),
        at: now
            .checked_sub_months(Months::new(months))
            .unwrap_or(DateTime::<Utc>::MIN_UTC),
    }
}

/// How far the access log may be pruned: entries older than its period,
/// but never one that may still answer for data held: not past the
/// registration of the oldest citizen whose data is still held.
pub fn access_log_cutoff(
    periods: &Periods,
    now: DateTime<Utc>,
    oldest_held_citizen: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let by_age = cutoff(now, periods.months(DataKind::AccessLog)).at;
    match oldest_held_citizen {
        Some(t) if t < by_age => t,
        _ => by_age,
    }
}

/// A legal hold: a course whose data the retention job leaves alone (a
/// complaint, a lawsuit, an inquiry), until someone lifts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalHold {
    pub id: LegalHoldId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub reason: String,
    pub placed_by: UserId,
    pub placed_at: DateTime<Utc>,
}

impl LegalHold {
    /// A hold placed now, with the reason in words (at least 10 letters:
    /// someone must later judge whether it still holds).
    pub fn place(
        actor: &Actor,
        course: CourseId,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<LegalHold, TextError> {
        let reason = text::required(reason, "reason", text::SHORT_MAX_BYTES)?;
        if reason.chars().count() < 10 {
            return Err(TextError::Empty { field: "reason" });
        }
        Ok(LegalHold {
            id: LegalHoldId::new(),
            municipality_id: actor.municipality_id,
            course_id: course,
            reason,
            placed_by: actor.user_id,
            placed_at: now,
        })
    }
}

/// What one run of the job did (or, in a dry run, would do), by kind: the
/// rows deleted or anonymised, the courses held back, the citizens
/// anonymised and the access-log entries pruned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunReport {
    pub dry_run: bool,
    pub by_kind: Vec<(DataKind, u64)>,
    pub citizens_anonymised: u64,
    pub courses_held: u64,
    pub audit_entries_pruned: u64,
    /// The checkpoint written before pruning the access log: the last
    /// pruned entry's number and hash (for the signed anchor outside the
    /// database).
    pub pruned_to: Option<(i64, String)>,
}

impl RunReport {
    pub fn count(&self, kind: DataKind) -> u64 {
        self.by_kind
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, n)| n)
            .sum()
    }

    pub fn add(&mut self, kind: DataKind, n: u64) {
        match self.by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, m)) => *m += n,
            None => self.by_kind.push((kind, n)),
        }
    }

    /// The report as one line for the audit log and the command line.
    pub fn summary(&self) -> String {
        let kinds: Vec<String> = DataKind::ALL
            .iter()
            .map(|k| format!("{} {}", k.code(), self.count(*k)))
            .collect();
        format!(
            "{}{}; citizens anonymised {}; courses held {}",
            if self.dry_run { "dry run: " } else { "" },
            kinds.join(", "),
            self.citizens_anonymised,
            self.courses_held
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::user::Role;

    #[test]
    fn a_hold_needs_a_reason_in_words() {
        let a = Actor {
            user_id: UserId::new(),
            municipality_id: MunicipalityId::new(),
            username: "a".into(),
            display_name: "A".into(),
            role: Role::Admin,
            team: None,
            unit_id: None,
        };
        let k = CourseId::new();
        let h = LegalHold::place(&a, k, " Klage til Ankestyrelsen ", Utc::now()).unwrap();
        assert_eq!(h.reason, "Klage til Ankestyrelsen");
        assert_eq!(h.course_id, k);
        for bad in ["", "   ", "klage", &"x".repeat(201)] {
            assert!(LegalHold::place(&a, k, bad, Utc::now()).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_report_counts_by_kind_and_sums_up() {
        let mut r = RunReport::default();
        r.add(DataKind::Journal, 3);
        r.add(DataKind::Journal, 2);
        r.add(DataKind::Documents, 1);
        assert_eq!(r.count(DataKind::Journal), 5);
        assert_eq!(r.count(DataKind::Ratings), 0);
        assert!(r.summary().contains("journal 5"), "{}", r.summary());
        assert!(!r.summary().starts_with("dry run"));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_kind_has_a_code_a_default_within_its_limits_and_a_treatment() {
        for k in DataKind::ALL {
            assert_eq!(DataKind::parse(k.code()), Some(k));
            assert!(k.default_months() >= k.minimum_months());
            assert!(k.default_months() <= MAX_MONTHS);
        }
        assert_eq!(DataKind::parse("everything"), None);
        assert_eq!(DataKind::Journal.treatment(), Treatment::Delete);
        assert_eq!(DataKind::Course.treatment(), Treatment::Anonymise);
    }

    #[test]
    fn periods_keep_the_legal_minimum() {
        let p = Periods::default();
        assert_eq!(p.months(DataKind::Journal), 60);
        let q = p.with(DataKind::Journal, 24).unwrap();
        assert_eq!(q.months(DataKind::Journal), 24);
        assert_eq!(q.months(DataKind::Course), 60, "the others unchanged");
        assert_eq!(
            p.with(DataKind::HealthNotes, 59),
            Err(RetentionError::BelowMinimum {
                kind: DataKind::HealthNotes,
                minimum: 60
            })
        );
        assert!(p.with(DataKind::Journal, 11).is_err());
        assert_eq!(
            p.with(DataKind::Journal, MAX_MONTHS + 1),
            Err(RetentionError::AboveMaximum)
        );
        for bad in ["", "fem", "-3", "2.5", "99999999999"] {
            assert!(p.with_text(DataKind::Journal, bad).is_err(), "{bad}");
        }
        assert_eq!(
            p.with_text(DataKind::Journal, " 36 ")
                .unwrap()
                .months(DataKind::Journal),
            36
        );
    }

    #[test]
    fn the_cutoff_counts_whole_months_back() {
        let p = Periods::default().with(DataKind::Journal, 12).unwrap();
        assert_eq!(p.cutoff(DataKind::Journal, d(2026, 12, 7)), d(2025, 12, 7));
        assert_eq!(months_before(d(2026, 3, 31), 1), d(2026, 2, 28));
        assert_eq!(months_before(d(2028, 3, 31), 1), d(2028, 2, 29));
    }

    #[test]
    fn the_access_log_is_kept_while_it_answers_for_data_held() {
        let p = Periods::default().with(DataKind::AccessLog, 12).unwrap();
        let now = DateTime::parse_from_rfc3339("2026-12-07T02:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let year_ago = DateTime::parse_from_rfc3339("2025-12-07T02:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(access_log_cutoff(&p, now, None), year_ago);
        let older = DateTime::parse_from_rfc3339("2020-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(access_log_cutoff(&p, now, Some(older)), older);
        assert_eq!(access_log_cutoff(&p, now, Some(now)), year_ago);
    }
}
