//! Consent (samtykke) to share a course's information with a receiving unit
//! in another department, e.g. Sundhedscenter. Recorded per unit with its
//! scope, purpose, period and how it was given; revocable, and a revocation
//! takes effect at once because every access check reads it.

use crate::message::{Explain, Message};
use crate::period::{sane_period, Period};
use crate::text::{self, MEDIUM_MAX_BYTES};
use crate::{CitizenId, ConsentId, CourseId, MunicipalityId, UnitId, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMethod {
    Written,
    Digital,
    Oral,
}

impl ConsentMethod {
    pub const ALL: [ConsentMethod; 3] = [
        ConsentMethod::Written,
        ConsentMethod::Digital,
        ConsentMethod::Oral,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ConsentMethod::Written => "written",
            ConsentMethod::Digital => "digital",
            ConsentMethod::Oral => "oral",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Consent {
    pub id: ConsentId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub citizen_id: CitizenId,
    /// The receiving unit.
    pub unit_id: UnitId,
    /// What may be shared.
    pub scope: String,
    pub purpose: String,
    pub period: Period,
    pub method: ConsentMethod,
    pub recorded_at: DateTime<Utc>,
    pub recorded_by: UserId,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_by: Option<UserId>,
}

impl Consent {
    /// In force on `day`: not revoked and within its period.
    pub fn in_force(&self, day: NaiveDate) -> bool {
        self.revoked_at.is_none() && self.period.contains(day)
    }
}

/// Is there a consent on `course` for `unit` in force on `day`?
pub fn covers(consents: &[Consent], course: CourseId, unit: UnitId, day: NaiveDate) -> bool {
    consents
        .iter()
        .any(|c| c.course_id == course && c.unit_id == unit && c.in_force(day))
}

pub struct ConsentInput<'a> {
    pub scope: &'a str,
    pub purpose: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub method: &'a str,
}

pub struct ValidConsent {
    pub scope: String,
    pub purpose: String,
    pub period: Period,
    pub method: ConsentMethod,
}

impl ConsentInput<'_> {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidConsent, Message> {
        let scope =
            text::required(self.scope, "extent", MEDIUM_MAX_BYTES).map_err(|e| e.explain())?;
        let purpose =
            text::required(self.purpose, "purpose", MEDIUM_MAX_BYTES).map_err(|e| e.explain())?;
        let period = sane_period(self.from, self.to, today)?;
        if period.to < today {
            return Err(Message::new("invalid.the_consent_has_already_expired"));
        }
        let method = ConsentMethod::parse(self.method)
            .ok_or_else(|| Message::new("invalid.choose_how_the_consent_was_given"))?;
        Ok(ValidConsent {
            scope,
            purpose,
            period,
            method,
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
    fn consent_input_and_force() {
        let today = d(2026, 11, 22);
        let mut input = ConsentInput {
            scope: "Mål og aftaler i indsatsplanen",
            purpose: "Smertehåndteringsforløb",
            from: "2026-11-22",
            to: "2027-05-22",
            method: "written",
        };
        let v = input.validate(today).unwrap();
        let unit = UnitId::new();
        let mut c = Consent {
            id: ConsentId::new(),
            municipality_id: MunicipalityId::new(),
            course_id: CourseId::new(),
            citizen_id: CitizenId::new(),
            unit_id: unit,
            scope: v.scope,
            purpose: v.purpose,
            period: v.period,
            method: v.method,
            recorded_at: Utc::now(),
            recorded_by: UserId::new(),
            revoked_at: None,
            revoked_by: None,
        };
        let k = c.course_id;
        assert!(covers(std::slice::from_ref(&c), k, unit, today));
        assert!(!covers(std::slice::from_ref(&c), k, UnitId::new(), today));
        assert!(!covers(
            std::slice::from_ref(&c),
            CourseId::new(),
            unit,
            today
        ));
        assert!(!c.in_force(d(2027, 5, 23)) && !c.in_force(d(2026, 11, 21)));
        c.revoked_at = Some(Utc::now());
        assert!(
            !covers(&[c], k, unit, today),
            "revoked consent covers nothing"
        );

        input.method = "telepathy";
        assert!(input.validate(today).is_err());
        input.method = "oral";
        input.to = "2026-11-01";
        assert!(input.validate(today).is_err(), "end before start");
        input.from = "2026-01-01";
        assert!(input.validate(today).is_err(), "already expired");
        input.to = "2027-01-01";
        input.scope = "  ";
        assert!(input.validate(today).is_err(), "scope is required");
    }
}
