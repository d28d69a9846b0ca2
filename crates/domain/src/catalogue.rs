//! The intervention catalogue (indsatskatalog): interventions across
//! departments, maintained by the administrator, each on one or more tracks.

use crate::message::{Explain, Message};
use crate::rules::TargetGroup;
use crate::text::{self, MEDIUM_MAX_BYTES, SHORT_MAX_BYTES};
use crate::{InterventionId, MunicipalityId, UnitId};
use serde::Serialize;

/// The eight health and social tracks, and the employment-oriented ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    PhysicalDisorders,
    MildMentalDisorders,
    MentalIllness,
    DevelopmentalCognitive,
    SocialProblems,
    SubstanceAbuse,
    Lifestyle,
    DiffuseUnexplained,
    Mentor,
    CompanyPlacement,
    Ips,
    Education,
}

impl Track {
    pub const ALL: [Track; 12] = [
        Track::PhysicalDisorders,
        Track::MildMentalDisorders,
        Track::MentalIllness,
        Track::DevelopmentalCognitive,
        Track::SocialProblems,
        Track::SubstanceAbuse,
        Track::Lifestyle,
        Track::DiffuseUnexplained,
        Track::Mentor,
        Track::CompanyPlacement,
        Track::Ips,
        Track::Education,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Track::PhysicalDisorders => "physical_disorders",
            Track::MildMentalDisorders => "mild_mental_disorders",
            Track::MentalIllness => "mental_illness",
            Track::DevelopmentalCognitive => "developmental_cognitive",
            Track::SocialProblems => "social_problems",
            Track::SubstanceAbuse => "substance_abuse",
            Track::Lifestyle => "lifestyle",
            Track::DiffuseUnexplained => "diffuse_unexplained",
            Track::Mentor => "mentor",
            Track::CompanyPlacement => "company_placement",
            Track::Ips => "ips",
            Track::Education => "education",
        }
    }

    pub fn parse(s: &str) -> Option<Track> {
        Self::ALL.into_iter().find(|t| t.code() == s)
    }

    pub fn employment_oriented(self) -> bool {
        matches!(
            self,
            Track::Mentor | Track::CompanyPlacement | Track::Ips | Track::Education
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Intervention {
    pub id: InterventionId,
    pub municipality_id: MunicipalityId,
    pub name: String,
    pub description: String,
    /// The responsible (providing) unit.
    pub unit_id: UnitId,
    pub tracks: Vec<Track>,
    pub target_groups: Vec<TargetGroup>,
    pub usual_weeks: u32,
    /// Concurrent places.
    pub capacity: u32,
    /// Price per participant, in øre.
    pub price_ore: i64,
    pub progression_questions: Vec<String>,
    pub active: bool,
    pub version: i64,
}

/// Reads a Danish kroner amount ("12.500", "12.500,50", "850 kr.") as øre.
/// Points group thousands; a comma starts the øre, at most two digits.
pub fn parse_kroner(s: &str) -> Result<i64, Message> {
    let bad = || Message::new("invalid.the_price_must_be_an_amount");
    let t = s.trim().trim_end_matches('.').trim_end_matches("kr").trim();
    let (whole, frac) = t.split_once(',').unwrap_or((t, ""));
    let whole: String = whole.chars().filter(|c| *c != '.' && *c != ' ').collect();
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || whole.len() > 12
        || frac.len() > 2
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let kroner: i64 = whole.parse().map_err(|_| bad())?;
    let ore: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(kroner * 100 + ore)
}

/// Øre shown in Danish: 1250050 → "12.500,50 kr."
pub fn format_kroner(ore: i64) -> String {
    let kroner = (ore / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in kroner.chars().enumerate() {
        if i > 0 && (kroner.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("{grouped},{:02} kr.", ore % 100)
}

pub struct InterventionInput<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub tracks: Vec<&'a str>,
    pub target_groups: Vec<&'a str>,
    pub usual_weeks: &'a str,
    pub capacity: &'a str,
    pub price: &'a str,
    /// One question per line.
    pub progression_questions: &'a str,
}

pub struct ValidIntervention {
    pub name: String,
    pub description: String,
    pub tracks: Vec<Track>,
    pub target_groups: Vec<TargetGroup>,
    pub usual_weeks: u32,
    pub capacity: u32,
    pub price_ore: i64,
    pub progression_questions: Vec<String>,
}

impl InterventionInput<'_> {
    pub fn validate(&self) -> Result<ValidIntervention, Message> {
        let name = text::required(self.name, "name", SHORT_MAX_BYTES).map_err(|e| e.explain())?;
        let description = text::normalize(self.description, "description", MEDIUM_MAX_BYTES)
            .map_err(|e| e.explain())?;
        let tracks = self
            .tracks
            .iter()
            .map(|t| Track::parse(t).ok_or_else(|| Message::new("invalid.unknown_track")))
            .collect::<Result<Vec<_>, _>>()?;
        if tracks.is_empty() {
            return Err(Message::new("invalid.choose_at_least_one_track"));
        }
        let target_groups = self
            .target_groups
            .iter()
            .map(|g| {
                TargetGroup::parse(g).ok_or_else(|| Message::new("invalid.unknown_target_group"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if target_groups.is_empty() {
            return Err(Message::new("invalid.choose_at_least_one_target_group"));
        }
        let number = |s: &str, max: u32, key: &'static str| {
            s.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| Message::new(key))
        };
        let usual_weeks = number(self.usual_weeks, 156, "invalid.the_duration_must_be_1_156")?;
        let capacity = number(
            self.capacity,
            100_000,
            "invalid.the_capacity_must_be_at_least",
        )?;
        let price_ore = parse_kroner(self.price)?;
        let progression_questions: Vec<String> = self
            .progression_questions
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        if progression_questions.len() > 10 || progression_questions.iter().any(|q| q.len() > 500) {
            return Err(Message::new("invalid.at_most_10_questions_of_at"));
        }
        Ok(ValidIntervention {
            name,
            description,
            tracks,
            target_groups,
            usual_weeks,
            capacity,
            price_ore,
            progression_questions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kroner_in_danish() {
        assert_eq!(parse_kroner("12.500"), Ok(1_250_000));
        assert_eq!(parse_kroner("12.500,50"), Ok(1_250_050));
        assert_eq!(parse_kroner("850 kr."), Ok(85_000));
        assert_eq!(parse_kroner("0,5"), Ok(50));
        for bad in ["", "-100", "12,345", "abc", "1e5", "12.500,5x"] {
            assert!(parse_kroner(bad).is_err(), "{bad}");
        }
        assert_eq!(format_kroner(1_250_050), "12.500,50 kr.");
        assert_eq!(format_kroner(85_000), "850,00 kr.");
        assert_eq!(format_kroner(123_456_789), "1.234.567,89 kr.");
    }

    #[test]
    fn interventions_are_checked() {
        let ok = InterventionInput {
            name: "Smertehåndteringsforløb",
            description: "Holdforløb",
            tracks: vec!["physical_disorders", "diffuse_unexplained"],
            target_groups: vec!["sygedagpenge", "kontanthjaelp"],
            usual_weeks: "12",
            capacity: "16",
            price: "8.400",
            progression_questions: "Hvor godt kan du håndtere dine smerter i dag?\n\n",
        }
        .validate()
        .unwrap();
        assert_eq!(
            (ok.price_ore, ok.capacity, ok.progression_questions.len()),
            (840_000, 16, 1)
        );
        assert!(Track::Ips.employment_oriented() && !Track::Lifestyle.employment_oriented());
        let mut bad = InterventionInput {
            name: "X",
            description: "",
            tracks: vec![],
            target_groups: vec!["sygedagpenge"],
            usual_weeks: "1",
            capacity: "1",
            price: "0",
            progression_questions: "",
        };
        assert!(bad.validate().is_err(), "a track is needed");
        bad.tracks = vec!["lifestyle"];
        assert!(bad.validate().is_ok());
        bad.capacity = "0";
        assert!(bad.validate().is_err());
    }
}
