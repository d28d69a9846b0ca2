//! The analysis conversations and the conference. The caseworker books the
//! citizen's conversations with the team members, each in a time slot; the
//! conference follows, with an agenda made from the notes and focus areas,
//! a record, and a sign-off after which corrections are addenda.

use crate::analysis::AnalysisNote;
use crate::description::Recommendation;
use crate::focus::FocusArea;
use crate::focus::Polarity;
use crate::message::{Explain, Message};
use crate::period::sane_date;
use crate::text::{self, MEDIUM_MAX_BYTES, SHORT_MAX_BYTES};
use crate::time::from_copenhagen;
use crate::user::Profession;
use crate::{AddendumId, BookingId, ConferenceId, CourseId, MunicipalityId, UserId};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

/// A conversation between the citizen and one professional.
#[derive(Debug, Clone, Serialize)]
pub struct Booking {
    pub id: BookingId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub professional_id: UserId,
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub location: String,
    pub created_by: UserId,
    pub created_at: DateTime<Utc>,
}

impl Booking {
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.starts_at + Duration::minutes(i64::from(self.minutes))
    }

    pub fn overlaps(&self, other: &Booking) -> bool {
        self.starts_at < other.ends_at() && other.starts_at < self.ends_at()
    }
}

/// A date and a wall-clock time in Copenhagen, as typed.
pub fn local_instant(date: &str, time: &str, today: NaiveDate) -> Result<DateTime<Utc>, Message> {
    let d = sane_date(date, today, "field.the_date")?;
    let t = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .map_err(|_| Message::new("invalid.the_time_must_be_written_hhmm"))?;
    Ok(from_copenhagen(d.and_time(t)))
}

pub struct SlotInput<'a> {
    pub date: &'a str,
    pub time: &'a str,
    pub minutes: &'a str,
    pub location: &'a str,
}

pub struct ValidSlot {
    pub starts_at: DateTime<Utc>,
    pub minutes: u32,
    pub location: String,
}

impl SlotInput<'_> {
    /// A time slot of 15 minutes to 4 hours, not in the past.
    pub fn validate(&self, now: DateTime<Utc>) -> Result<ValidSlot, Message> {
        let today = crate::time::today_copenhagen(now);
        let starts_at = local_instant(self.date, self.time, today)?;
        if starts_at < now - Duration::hours(1) {
            return Err(Message::new("invalid.the_time_has_already_passed"));
        }
        let minutes = self
            .minutes
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|m| (15..=240).contains(m))
            .ok_or_else(|| Message::new("invalid.the_duration_must_be_15_240"))?;
        let location =
            text::normalize(self.location, "place", SHORT_MAX_BYTES).map_err(|e| e.explain())?;
        Ok(ValidSlot {
            starts_at,
            minutes,
            location,
        })
    }
}

/// An intervention agreed at the conference with its goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Agreed {
    pub intervention: String,
    pub goal: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Conference {
    pub id: ConferenceId,
    pub municipality_id: MunicipalityId,
    pub course_id: CourseId,
    pub scheduled_at: DateTime<Utc>,
    pub location: String,
    /// Team members taking part.
    pub participants: Vec<UserId>,
    pub citizen_attends: bool,
    /// Others invited, e.g. "Egen læge", "Virksomhedskonsulent".
    pub invited: Vec<String>,
    pub employment_goal: String,
    pub agreed: Vec<Agreed>,
    /// The citizen's own words.
    pub citizen_statement: String,
    pub citizen_agrees: bool,
    pub further_assessment: String,
    /// What the record recommends the course leads to.
    pub recommendation: Recommendation,
    pub signed_at: Option<DateTime<Utc>>,
    pub signed_by: Option<UserId>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Addendum {
    pub id: AddendumId,
    pub municipality_id: MunicipalityId,
    pub conference_id: ConferenceId,
    pub text: String,
    pub author_id: UserId,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
}

/// "Indsats: mål" per line, as the record form takes them.
pub fn parse_agreed(lines: &str) -> Result<Vec<Agreed>, Message> {
    let mut out = Vec::new();
    for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (intervention, goal) = line.split_once(':').ok_or_else(|| {
            Message::new("invalid.write_each_agreed_intervention_as_intervention")
        })?;
        out.push(Agreed {
            intervention: intervention.to_string(),
            goal: goal.to_string(),
        });
    }
    check_agreed(out)
}

/// Every agreed intervention has a name and a goal of sane length; at most 20.
pub fn check_agreed(agreed: Vec<Agreed>) -> Result<Vec<Agreed>, Message> {
    if agreed.len() > 20 {
        return Err(Message::new("invalid.at_most_20_agreed_interventions"));
    }
    agreed
        .into_iter()
        .map(|a| {
            let missing = || Message::new("invalid.every_agreed_intervention_needs_both_a");
            Ok(Agreed {
                intervention: text::required(&a.intervention, "intervention", SHORT_MAX_BYTES)
                    .map_err(|_| missing())?,
                goal: text::required(&a.goal, "intervention_goal", MEDIUM_MAX_BYTES)
                    .map_err(|_| missing())?,
            })
        })
        .collect()
}

/// "Indsats: mål" lines back from the agreed interventions.
pub fn agreed_lines(agreed: &[Agreed]) -> String {
    agreed
        .iter()
        .map(|a| format!("{}: {}", a.intervention, a.goal))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a point of the agenda is; the web layer gives it words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AgendaPoint {
    Welcome,
    CitizensAccount,
    /// A team member's assessment (`profession` None: the caseworker).
    Assessment {
        profession: Option<Profession>,
        author: String,
    },
    FocusAreas,
    EmploymentGoal,
    AgreedInterventions,
    CitizensWords,
    FurtherAssessment,
}

/// A line under a point of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AgendaDetail {
    /// The first sentence of a note.
    Text { text: String },
    /// The first sentence of a suggested intervention.
    Suggestion { text: String },
    /// A focus area: its priority, its code with qualifier (`b152.3`, empty
    /// for personal factors), the first sentence of its description.
    Focus {
        priority: u8,
        code: String,
        description: String,
        polarity: Polarity,
    },
}

/// One point of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    pub point: AgendaPoint,
    pub details: Vec<AgendaDetail>,
}

fn first_sentence(s: &str, max_chars: usize) -> String {
    let line = s
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if line.chars().count() <= max_chars {
        line.to_string()
    } else {
        format!("{}…", line.chars().take(max_chars).collect::<String>())
    }
}

/// The conference agenda, made from the team's notes and the focus areas
/// (highest priority first), ending in the record's points.
pub fn agenda(notes: &[AnalysisNote], areas: &[FocusArea]) -> Vec<AgendaItem> {
    let point = |point| AgendaItem {
        point,
        details: vec![],
    };
    let mut items = vec![
        point(AgendaPoint::Welcome),
        point(AgendaPoint::CitizensAccount),
    ];
    for n in notes {
        let mut details = vec![AgendaDetail::Text {
            text: first_sentence(&n.limitation, 200),
        }];
        if !n.suggested_intervention.trim().is_empty() {
            details.push(AgendaDetail::Suggestion {
                text: first_sentence(&n.suggested_intervention, 200),
            });
        }
        items.push(AgendaItem {
            point: AgendaPoint::Assessment {
                profession: n.profession,
                author: n.author_name.clone(),
            },
            details,
        });
    }
    let mut sorted: Vec<&FocusArea> = areas.iter().filter(|a| a.removed_at.is_none()).collect();
    sorted.sort_by_key(|a| (a.priority, a.created_at));
    if !sorted.is_empty() {
        items.push(AgendaItem {
            point: AgendaPoint::FocusAreas,
            details: sorted
                .iter()
                .map(|a| AgendaDetail::Focus {
                    priority: a.priority,
                    code: a
                        .icf_code
                        .as_ref()
                        .map(|c| {
                            format!(
                                "{c}{}",
                                a.qualifier.map(|q| q.notation()).unwrap_or_default()
                            )
                        })
                        .unwrap_or_default(),
                    description: first_sentence(&a.description, 160),
                    polarity: a.polarity,
                })
                .collect(),
        });
    }
    items.extend(
        [
            AgendaPoint::EmploymentGoal,
            AgendaPoint::AgreedInterventions,
            AgendaPoint::CitizensWords,
            AgendaPoint::FurtherAssessment,
        ]
        .map(point),
    );
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::focus::Polarity;
    use crate::icf::{Component, IcfCode, Qualifier};
    use crate::user::Profession;
    use crate::{FocusAreaId, NoteId};

    #[test]
    fn slots_agreed_lines_and_overlaps() {
        let now = DateTime::parse_from_rfc3339("2026-11-22T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut s = SlotInput {
            date: "2026-11-24",
            time: "09:30",
            minutes: "60",
            location: "Jobcentret, lokale 2",
        };
        let v = s.validate(now).unwrap();
        assert_eq!(v.starts_at.to_rfc3339(), "2026-11-24T08:30:00+00:00");
        s.time = "9.30";
        assert!(s.validate(now).is_err());
        s.time = "09:30";
        s.minutes = "5";
        assert!(s.validate(now).is_err());
        s.minutes = "60";
        s.date = "2026-11-01";
        assert!(s.validate(now).is_err(), "in the past");
        let b = |start: &str, minutes| Booking {
            id: BookingId::new(),
            municipality_id: MunicipalityId::new(),
            course_id: CourseId::new(),
            professional_id: UserId::new(),
            starts_at: DateTime::parse_from_rfc3339(start)
                .unwrap()
                .with_timezone(&Utc),
            minutes,
            location: String::new(),
            created_by: UserId::new(),
            created_at: now,
        };
        assert!(b("2026-11-24T08:00:00Z", 60).overlaps(&b("2026-11-24T08:30:00Z", 30)));
        assert!(
            !b("2026-11-24T08:00:00Z", 60).overlaps(&b("2026-11-24T09:00:00Z", 30)),
            "back to back"
        );

        let agreed = parse_agreed(
            "Smertehåndteringsforløb: Kan gå 30 minutter\n\nIPS: Job på 10 timer om ugen",
        )
        .unwrap();
        assert_eq!(agreed.len(), 2);
        assert_eq!(
            agreed_lines(&agreed),
            "Smertehåndteringsforløb: Kan gå 30 minutter\nIPS: Job på 10 timer om ugen"
        );
        assert!(parse_agreed("Bare en linje uden mål").is_err());
        assert!(parse_agreed("IPS:   ").is_err());
    }

    #[test]
    fn the_agenda_comes_from_notes_and_focus_areas() {
        let at = Utc::now();
        let note = AnalysisNote {
            id: NoteId::new(),
            municipality_id: MunicipalityId::new(),
            course_id: CourseId::new(),
            author_id: UserId::new(),
            author_name: "Pia Psykolog".into(),
            profession: Some(Profession::Psychologist),
            limitation: "Angst i sociale situationer begrænser deltagelse.\nMere tekst.".into(),
            resources: "Motiveret".into(),
            suggested_intervention: "Mestringsforløb for borgere med angst".into(),
            created_at: at,
            updated_at: at,
            version: 1,
        };
        let area = |priority, code: &str, q, removed: bool| FocusArea {
            id: FocusAreaId::new(),
            municipality_id: note.municipality_id,
            course_id: note.course_id,
            component: Component::BodyFunctions,
            polarity: Polarity::Barrier,
            description: "Smerter i lænden".into(),
            icf_code: Some(IcfCode::parse(code).unwrap()),
            qualifier: Some(q),
            priority,
            suggested_intervention: String::new(),
            profession: None,
            created_at: at,
            created_by: note.author_id,
            removed_at: removed.then_some(at),
            removed_by: None,
            replaces: None,
        };
        let areas = [
            area(2, "b28013", Qualifier::Extent(2), false),
            area(1, "b152", Qualifier::Extent(3), false),
            area(1, "b130", Qualifier::Extent(1), true),
        ];
        let a = agenda(std::slice::from_ref(&note), &areas);
        assert_eq!(a[0].point, AgendaPoint::Welcome);
        let psych = a
            .iter()
            .find(|i| {
                i.point
                    == AgendaPoint::Assessment {
                        profession: Some(Profession::Psychologist),
                        author: "Pia Psykolog".into(),
                    }
            })
            .unwrap();
        assert_eq!(
            psych.details[0],
            AgendaDetail::Text {
                text: "Angst i sociale situationer begrænser deltagelse.".into()
            }
        );
        assert!(
            matches!(&psych.details[1], AgendaDetail::Suggestion { text } if text.contains("Mestringsforløb"))
        );
        let focus = a
            .iter()
            .find(|i| i.point == AgendaPoint::FocusAreas)
            .unwrap();
        assert_eq!(focus.details.len(), 2, "removed ones are left out");
        assert!(
            matches!(&focus.details[0], AgendaDetail::Focus { priority: 1, code, .. } if code == "b152.3"),
            "{:?}",
            focus.details
        );
        assert_eq!(a.last().unwrap().point, AgendaPoint::FurtherAssessment);
        assert_eq!(
            agenda(&[], &[]).len(),
            6,
            "no notes, no focus areas: the fixed points"
        );
    }
}
