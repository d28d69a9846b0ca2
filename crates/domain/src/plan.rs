//! The intervention plan (indsatsplan): interventions from the catalogue
//! placed on a course, in parallel, each with its goal, provider unit, dates
//! and first progression measurement. Places are limited by the
//! intervention's capacity; beyond it the citizen waits in line.

use crate::message::{Explain, Message};
use crate::period::{sane_date, sane_period, Period};
use crate::text::{self, MEDIUM_MAX_BYTES};
use crate::{
    CitizenId, CourseId, InterventionId, MunicipalityId, NotificationId, PlacementId, UnitId,
    UserId,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacementStatus {
    /// Holds one of the intervention's places.
    Active,
    /// On the waiting list, in order of `queued_at`.
    Waiting,
    Ended,
}

impl PlacementStatus {
    pub const ALL: [PlacementStatus; 3] = [
        PlacementStatus::Active,
        PlacementStatus::Waiting,
        PlacementStatus::Ended,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PlacementStatus::Active => "active",
            PlacementStatus::Waiting => "waiting",
            PlacementStatus::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// One intervention on one course.
#[derive(Debug, Clone, Serialize)]
pub struct Placement {
    pub id: PlacementId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub citizen_id: CitizenId,
    pub intervention_id: InterventionId,
    /// The providing unit (the intervention's unit when placed).
    pub unit_id: UnitId,
    pub goal: String,
    pub period: Period,
    pub first_measurement: NaiveDate,
    pub status: PlacementStatus,
    /// When it joined the line for a place; the waiting list's order.
    pub queued_at: DateTime<Utc>,
    /// 1-based place in the waiting list, when waiting.
    pub waiting_position: Option<u32>,
    pub created_at: DateTime<Utc>,
    pub created_by: UserId,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: Option<String>,
}

pub struct PlacementInput<'a> {
    pub goal: &'a str,
    pub start: &'a str,
    pub end: &'a str,
    pub first_measurement: &'a str,
}

pub struct ValidPlacement {
    pub goal: String,
    pub period: Period,
    pub first_measurement: NaiveDate,
}

impl PlacementInput<'_> {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidPlacement, Message> {
        let goal = text::required(self.goal, "intervention_goal", MEDIUM_MAX_BYTES)
            .map_err(|e| e.explain())?;
        let period = sane_period(self.start, self.end, today)?;
        let first_measurement = sane_date(
            self.first_measurement,
            today,
            "field.the_first_measurement_date",
        )?;
        if !period.contains(first_measurement) {
            return Err(Message::new(
                "invalid.the_first_progression_measurement_must_lie",
            ));
        }
        Ok(ValidPlacement {
            goal,
            period,
            first_measurement,
        })
    }
}

/// Does placing in `unit` need the citizen's consent? Yes, for every unit
/// other than the responsible caseworker's own (the jobcentre).
pub fn needs_consent(home_unit: Option<UnitId>, unit: UnitId) -> bool {
    home_unit != Some(unit)
}

/// How full an intervention is and when a new participant could expect a
/// place: the k-th place to free up goes to the k-th in line, and places free
/// up when the active placements end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Availability {
    pub capacity: u32,
    pub active: u32,
    pub waiting: u32,
    /// Free places now (0 when full).
    pub free: u32,
    /// For someone joining now: `Some(today)` if a place is free, the
    /// expected date otherwise, or None when no end date tells.
    pub expected_start: Option<NaiveDate>,
}

impl Availability {
    /// Expected waiting in whole days from `today`, when known.
    pub fn waiting_days(&self, today: NaiveDate) -> Option<i64> {
        self.expected_start.map(|d| (d - today).num_days().max(0))
    }
}

/// `active_ends`: the end dates of the active placements.
pub fn availability(
    capacity: u32,
    active_ends: &[NaiveDate],
    waiting: u32,
    today: NaiveDate,
) -> Availability {
    let active = u32::try_from(active_ends.len()).unwrap_or(u32::MAX);
    let free = capacity.saturating_sub(active);
    let expected_start = if free > waiting {
        Some(today)
    } else {
        // Places beyond capacity (after capacity was lowered) must end
        // before any place is free again.
        let over = active.saturating_sub(capacity) as usize;
        let mut ends = active_ends.to_vec();
        ends.sort_unstable();
        let nth = over + (waiting - free) as usize;
        ends.get(nth)
            .map(|d| (*d + chrono::Duration::days(1)).max(today))
    };
    Availability {
        capacity,
        active,
        waiting,
        free,
        expected_start,
    }
}

/// What a provider unit's inbox is told about a placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A new participant with a place.
    Assigned,
    /// A new participant on the waiting list.
    Waitlisted,
    /// A waiting participant got a place.
    Promoted,
    /// The caseworker ended the placement.
    Ended,
    /// A decision on the progression (continue, adjust or stop).
    Decided,
}

impl NoticeKind {
    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::Assigned => "assigned",
            NoticeKind::Waitlisted => "waitlisted",
            NoticeKind::Promoted => "promoted",
            NoticeKind::Ended => "ended",
            NoticeKind::Decided => "decided",
        }
    }

    pub const ALL: [NoticeKind; 5] = [
        Self::Assigned,
        Self::Waitlisted,
        Self::Promoted,
        Self::Ended,
        Self::Decided,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
}

/// A message in a provider unit's inbox. It holds no personal data itself:
/// who and what are read from the placement when shown, behind the same
/// access check (consent included) as the participant page.
#[derive(Debug, Clone, Serialize)]
pub struct Notification {
    pub id: NotificationId,
    pub municipality_id: MunicipalityId,
    pub unit_id: UnitId,
    pub placement_id: PlacementId,
    pub kind: NoticeKind,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn placement_input() {
        let today = d(2026, 11, 22);
        let mut p = PlacementInput {
            goal: "Kan gå 30 minutter uden pause",
            start: "2026-12-01",
            end: "2027-02-28",
            first_measurement: "2026-12-15",
        };
        let v = p.validate(today).unwrap();
        assert_eq!(v.first_measurement, d(2026, 12, 15));
        p.first_measurement = "2027-03-01";
        assert!(p.validate(today).is_err(), "measurement after the end");
        p.first_measurement = "2026-12-15";
        p.end = "2026-11-30";
        assert!(p.validate(today).is_err(), "end before start");
        p.end = "2027-02-28";
        p.goal = "";
        assert!(p.validate(today).is_err(), "a goal is needed");
    }

    #[test]
    fn waiting_times() {
        let today = d(2026, 11, 22);
        let ends = [d(2027, 1, 10), d(2026, 12, 5), d(2027, 3, 1)];
        let a = availability(5, &ends, 0, today);
        assert_eq!((a.free, a.expected_start), (2, Some(today)));
        // Two free places, one already waiting: the next joiner still starts now.
        assert_eq!(availability(5, &ends, 1, today).expected_start, Some(today));
        // Full: the first in line gets the place of the earliest end.
        let full = availability(3, &ends, 0, today);
        assert_eq!((full.free, full.expected_start), (0, Some(d(2026, 12, 6))));
        assert_eq!(full.waiting_days(today), Some(14));
        assert_eq!(
            availability(3, &ends, 2, today).expected_start,
            Some(d(2027, 3, 2))
        );
        assert_eq!(availability(3, &ends, 3, today).expected_start, None);
        // Capacity lowered below the active count: the extra one must end first.
        assert_eq!(
            availability(2, &ends, 0, today).expected_start,
            Some(d(2027, 1, 11))
        );
        // A past end date that was never closed does not give a past start.
        let stale = availability(1, &[d(2026, 1, 1)], 0, today);
        assert_eq!(stale.expected_start, Some(today));
        for k in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(k.code()), Some(k));
        }
        assert!(needs_consent(None, UnitId::new()));
        let u = UnitId::new();
        assert!(!needs_consent(Some(u), u));
    }
}
