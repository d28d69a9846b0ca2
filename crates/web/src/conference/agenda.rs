//! The agenda in words: the domain says what each point is
//! ([`AgendaPoint`]), this gives it its heading in the reader's language.

use crate::i18n::{Lang, Word};
use jobspor_domain::conference::{AgendaDetail, AgendaItem, AgendaPoint};

/// One point as shown: its heading and the lines under it.
pub struct AgendaLine {
    pub title: String,
    pub details: Vec<String>,
}

pub fn in_words(lang: Lang, items: &[AgendaItem]) -> Vec<AgendaLine> {
    items
        .iter()
        .map(|i| AgendaLine {
            title: title(lang, &i.point),
            details: i.details.iter().map(|d| detail(lang, d)).collect(),
        })
        .collect()
}

fn title(lang: Lang, p: &AgendaPoint) -> String {
    let key = match p {
        AgendaPoint::Welcome => "agenda.welcome",
        AgendaPoint::CitizensAccount => "agenda.citizens_account",
        AgendaPoint::Assessment { profession, author } => {
            let who = match profession {
                Some(p) => p.word_in(lang),
                None => lang.t("role.caseworker"),
            };
            return lang.fill("agenda.assessment", &[("who", who), ("author", author)]);
        }
        AgendaPoint::FocusAreas => "agenda.focus_areas",
        AgendaPoint::EmploymentGoal => "agenda.employment_goal",
        AgendaPoint::AgreedInterventions => "agenda.agreed_interventions",
        AgendaPoint::CitizensWords => "agenda.citizens_words",
        AgendaPoint::FurtherAssessment => "agenda.further_assessment",
    };
    lang.t(key).to_string()
}

fn detail(lang: Lang, d: &AgendaDetail) -> String {
    match d {
        AgendaDetail::Text { text } => text.clone(),
        AgendaDetail::Suggestion { text } => lang.fill("agenda.suggestion", &[("text", text)]),
        AgendaDetail::Focus {
            priority,
            code,
            description,
            polarity,
        } => {
            let code = if code.is_empty() {
                String::new()
            } else {
                format!("{code} ")
            };
            lang.fill(
                "agenda.focus_area",
                &[
                    ("priority", &priority.to_string()),
                    ("code", &code),
                    ("description", description),
                    ("polarity", polarity.word_in(lang)),
                ],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobspor_domain::focus::Polarity;
    use jobspor_domain::user::Profession;

    #[test]
    fn the_agenda_reads_in_the_readers_language() {
        let items = vec![
            AgendaItem {
                point: AgendaPoint::Assessment {
                    profession: Some(Profession::Psychologist),
                    author: "Pia Psykolog".into(),
                },
                details: vec![AgendaDetail::Suggestion {
                    text: "Mestringsforløb".into(),
                }],
            },
            AgendaItem {
                point: AgendaPoint::FocusAreas,
                details: vec![AgendaDetail::Focus {
                    priority: 1,
                    code: "b152.3".into(),
                    description: "Angst".into(),
                    polarity: Polarity::Barrier,
                }],
            },
        ];
        let da = in_words(Lang::Da, &items);
        assert_eq!(da[0].title, "Psykolog (Pia Psykolog): vurdering");
        assert_eq!(da[0].details, vec!["Forslag: Mestringsforløb"]);
        assert_eq!(da[1].title, "Fokusområder");
        assert_eq!(da[1].details, vec!["Prioritet 1: b152.3 Angst (Barriere)"]);
        let en = in_words(Lang::En, &items);
        assert_eq!(en[0].title, "Psychologist (Pia Psykolog): assessment");
        assert_eq!(en[1].details, vec!["Priority 1: b152.3 Angst (Barrier)"]);
        let caseworker = AgendaPoint::Assessment {
            profession: None,
            author: "Sara".into(),
        };
        assert_eq!(
            title(Lang::Da, &caseworker),
            "Sagsbehandler (Sara): vurdering"
        );
    }
}
