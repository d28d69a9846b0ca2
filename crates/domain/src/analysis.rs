//! The interdisciplinary analysis: each professional's monodisciplinary
//! note, written from a template for their profession: the limitation in
//! function and its meaning for activity and participation (the diagnosis is
//! not decisive), resources, and a suggested intervention.

use crate::message::{Explain, Message};
use crate::text::{self, MEDIUM_MAX_BYTES};
use crate::user::Profession;
use crate::{CourseId, MunicipalityId, NoteId, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct AnalysisNote {
    pub id: NoteId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub author_id: UserId,
    pub author_name: String,
    /// None for the caseworker's own note.
    pub profession: Option<Profession>,
    pub limitation: String,
    pub resources: String,
    pub suggested_intervention: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// The prompts of a profession's template: (title, limitation, resources, intervention).
pub struct Template {
    pub title: (&'static str, &'static str),
    pub limitation: (&'static str, &'static str),
    pub resources: (&'static str, &'static str),
    pub intervention: (&'static str, &'static str),
}

pub fn template(profession: Option<Profession>) -> Template {
    let resources = (
        "Ressourcer: hvad borgeren kan, og hvad der støtter",
        "Resources: what the citizen can do, and what supports",
    );
    let intervention = (
        "Forslag til relevant indsats",
        "Suggested relevant intervention",
    );
    match profession {
        None => Template {
            title: ("Sagsbehandlerens analyse", "The caseworker's analysis"),
            limitation: (
                "Begrænsninger i forhold til arbejde, uddannelse og sociale forhold, og deres betydning for aktivitet og deltagelse",
                "Limitations regarding work, education and social circumstances, and their meaning for activity and participation",
            ),
            resources,
            intervention,
        },
        Some(Profession::Psychologist) => Template {
            title: ("Psykologens analyse", "The psychologist's analysis"),
            limitation: (
                "Psykisk funktionsevne (fx stress, angst, tristhed, kognition) og betydningen for aktivitet og deltagelse; diagnosen er ikke afgørende",
                "Mental functioning (e.g. stress, anxiety, low mood, cognition) and its meaning for activity and participation; the diagnosis is not decisive",
            ),
            resources,
            intervention,
        },
        Some(Profession::Physiotherapist | Profession::OccupationalTherapist) => Template {
            title: ("Terapeutens analyse", "The therapist's analysis"),
            limitation: (
                "Fysisk funktionsevne (fx smerter, bevægelighed, udholdenhed) og betydningen for aktivitet og deltagelse; diagnosen er ikke afgørende",
                "Physical functioning (e.g. pain, mobility, endurance) and its meaning for activity and participation; the diagnosis is not decisive",
            ),
            resources,
            intervention,
        },
        Some(Profession::Nurse | Profession::Doctor) => Template {
            title: ("Sundhedsfaglig analyse", "The health analysis"),
            limitation: (
                "Helbred, medicin, søvn og livsstil og betydningen for aktivitet og deltagelse; diagnosen er ikke afgørende",
                "Health, medication, sleep and lifestyle and their meaning for activity and participation; the diagnosis is not decisive",
            ),
            resources,
            intervention,
        },
    }
}

pub struct ValidNote {
    pub limitation: String,
    pub resources: String,
    pub suggested_intervention: String,
}

/// The three parts; the limitation must be written, the others may wait.
pub fn validate(
    limitation: &str,
    resources: &str,
    intervention: &str,
) -> Result<ValidNote, Message> {
    Ok(ValidNote {
        limitation: text::required(limitation, "begrænsning i funktion", MEDIUM_MAX_BYTES)
            .map_err(|e| e.explain())?,
        resources: text::normalize(resources, "ressourcer", MEDIUM_MAX_BYTES)
            .map_err(|e| e.explain())?,
        suggested_intervention: text::normalize(
            intervention,
            "forslag til indsats",
            MEDIUM_MAX_BYTES,
        )
        .map_err(|e| e.explain())?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_differ_by_profession_and_notes_need_the_limitation() {
        assert!(template(Some(Profession::Psychologist))
            .limitation
            .0
            .contains("Psykisk"));
        assert!(template(Some(Profession::Physiotherapist))
            .limitation
            .0
            .contains("Fysisk"));
        assert!(template(None).title.1.contains("caseworker"));
        assert!(validate(" ", "x", "y").is_err());
        assert_eq!(
            validate(" Smerter i ryggen ", "", "").unwrap().limitation,
            "Smerter i ryggen"
        );
    }
}
