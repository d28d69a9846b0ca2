//! The samlet beskrivelse af borgerens forudsætninger: from 1 February 2026
//! it takes the place of the rehabilitation team's recommendation. In the
//! Hjørring model the interdisciplinary analysis and the conference produce
//! it: the team's assessments, the ICF-coded focus areas, the citizen's own
//! words, the employment goal and what the conference recommends.
//!
//! Before a fleksjob or førtidspension recommendation is signed, the regional
//! sundhedskoordinator's advice must be on the course: asked for, answered
//! and its reply attached as a document ([`HealthConsultation`]). Whether a
//! rule set asks for it, and whether a new ressourceforløb can still be
//! granted, is in its [`Decisions`](crate::rules::Decisions).

use crate::message::{Explain, Message};
use crate::period::sane_date;
use crate::rules::{earliest, Decisions};
use crate::text::{self, MEDIUM_MAX_BYTES};
use crate::{ConsultationId, CourseId, DocumentId, MunicipalityId, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What the conference recommends the course leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Recommendation {
    /// The agreed interventions towards the employment goal.
    #[default]
    Plan,
    Ressourceforloeb,
    Flexjob,
    Foertidspension,
}

impl Recommendation {
    pub const ALL: [Recommendation; 4] = [
        Recommendation::Plan,
        Recommendation::Ressourceforloeb,
        Recommendation::Flexjob,
        Recommendation::Foertidspension,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Recommendation::Plan => "plan",
            Recommendation::Ressourceforloeb => "ressourceforloeb",
            Recommendation::Flexjob => "flexjob",
            Recommendation::Foertidspension => "foertidspension",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == s)
    }

    /// A recommendation as chosen on a form (`plan` when empty).
    pub fn chosen(s: &str) -> Result<Self, Message> {
        match s.trim() {
            "" => Ok(Recommendation::Plan),
            r => Self::parse(r).ok_or_else(|| Message::new("invalid.choose_a_recommendation")),
        }
    }

    /// The decisions that need the sundhedskoordinator's advice first.
    pub fn needs_health_advice(self) -> bool {
        matches!(
            self,
            Recommendation::Flexjob | Recommendation::Foertidspension
        )
    }
}

/// A request for the regional sundhedskoordinator's advice, and its answer.
#[derive(Debug, Clone, Serialize)]
pub struct HealthConsultation {
    pub id: ConsultationId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub requested_on: NaiveDate,
    /// What the municipality asks about.
    pub question: String,
    pub requested_by: UserId,
    pub answered_on: Option<NaiveDate>,
    /// The advice in short; the reply itself is the attached document.
    pub answer: String,
    pub document_id: Option<DocumentId>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

/// How far a consultation has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultationStatus {
    Requested,
    Answered,
    /// Answered, with the reply attached: what a decision can rest on.
    Attached,
}

impl ConsultationStatus {
    pub const ALL: [ConsultationStatus; 3] = [
        ConsultationStatus::Requested,
        ConsultationStatus::Answered,
        ConsultationStatus::Attached,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ConsultationStatus::Requested => "requested",
            ConsultationStatus::Answered => "answered",
            ConsultationStatus::Attached => "attached",
        }
    }
}

impl HealthConsultation {
    pub fn status(&self) -> ConsultationStatus {
        match (self.answered_on, self.document_id) {
            (None, _) => ConsultationStatus::Requested,
            (Some(_), None) => ConsultationStatus::Answered,
            (Some(_), Some(_)) => ConsultationStatus::Attached,
        }
    }
}

/// A date of a consultation: a real date, not in the future, not before
/// the rules Jobspor knows.
fn consultation_date(s: &str, today: NaiveDate) -> Result<NaiveDate, Message> {
    let d = sane_date(s, today, "field.the_date")?;
    if d > today {
        return Err(Message::new("invalid.consultation_date_in_future"));
    }
    if d < earliest() {
        return Err(Message::new("invalid.consultation_date_too_early"));
    }
    Ok(d)
}

/// A request as typed: the day it was sent and the question.
pub fn check_request(
    date: &str,
    question: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, String), Message> {
    let d = consultation_date(date, today)?;
    let q = text::required(question, "question", MEDIUM_MAX_BYTES).map_err(|e| e.explain())?;
    Ok((d, q))
}

/// An answer as typed: the day it came, not before the request, and the
/// advice in short.
pub fn check_answer(
    date: &str,
    answer: &str,
    requested_on: NaiveDate,
    today: NaiveDate,
) -> Result<(NaiveDate, String), Message> {
    let d = consultation_date(date, today)?;
    if d < requested_on {
        return Err(Message::new("invalid.answer_before_request"));
    }
    let a = text::required(answer, "advice", MEDIUM_MAX_BYTES).map_err(|e| e.explain())?;
    Ok((d, a))
}

/// Whether a recommendation may be signed under the decisions of the rule
/// set in force on the day of signing, with the course's consultations.
pub fn check_recommendation(
    r: Recommendation,
    decisions: &Decisions,
    consultations: &[HealthConsultation],
) -> Result<(), Message> {
    if r == Recommendation::Ressourceforloeb && !decisions.new_ressourceforloeb {
        return Err(Message::new("invalid.ressourceforloeb_closed_to_new_cases"));
    }
    if r.needs_health_advice()
        && decisions.health_coordinator_advice
        && !consultations
            .iter()
            .any(|c| c.status() == ConsultationStatus::Attached)
    {
        return Err(Message::new("invalid.health_advice_needed")
            .with_word("recommendation", format!("recommendation.{}", r.code())));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
