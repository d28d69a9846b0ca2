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

/// The prompts of a profession's template, as catalogue keys.
pub struct Template {
    pub title: &'static str,
    pub limitation: &'static str,
    pub resources: &'static str,
    pub intervention: &'static str,
}

pub fn template(profession: Option<Profession>) -> Template {
    let resources = "note_template.resources";
    let intervention = "note_template.intervention";
    match profession {
        None => Template {
            title: "note_template.caseworker.title",
            limitation: "note_template.caseworker.limitation",
            resources,
            intervention,
        },
        Some(Profession::Psychologist) => Template {
            title: "note_template.psychologist.title",
            limitation: "note_template.psychologist.limitation",
            resources,
            intervention,
        },
        Some(Profession::Physiotherapist | Profession::OccupationalTherapist) => Template {
            title: "note_template.therapist.title",
            limitation: "note_template.therapist.limitation",
            resources,
            intervention,
        },
        Some(Profession::Nurse | Profession::Doctor) => Template {
            title: "note_template.health.title",
            limitation: "note_template.health.limitation",
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
        limitation: text::required(limitation, "limitation", MEDIUM_MAX_BYTES)
            .map_err(|e| e.explain())?,
        resources: text::normalize(resources, "resources", MEDIUM_MAX_BYTES)
            .map_err(|e| e.explain())?,
        suggested_intervention: text::normalize(
            intervention,
            "suggested_intervention",
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
        assert_eq!(
            template(Some(Profession::Psychologist)).limitation,
            "note_template.psychologist.limitation"
        );
        assert_eq!(
            template(Some(Profession::OccupationalTherapist)).limitation,
            template(Some(Profession::Physiotherapist)).limitation
        );
        assert_eq!(template(None).title, "note_template.caseworker.title");
        assert!(validate(" ", "x", "y").is_err());
        assert_eq!(
            validate(" Smerter i ryggen ", "", "").unwrap().limitation,
            "Smerter i ryggen"
        );
    }
}
