//! The samlet beskrivelse as a document: sections of labelled lines, in a
//! given language. The page shows them and the PDF prints them, so both say
//! the same.

use super::service::DescriptionView;
use crate::i18n::format::{date_in, datetime_in};
use crate::i18n::{words, Lang, Word};
use crate::pdf::Block;
use jobspor_domain::description::ConsultationStatus;
use jobspor_domain::icf::Classification;
use jobspor_domain::user::Role;

/// A line of a section: a label with its text, or a paragraph (no label).
pub struct Line {
    pub label: String,
    pub text: String,
}

pub struct Section {
    pub title: String,
    pub lines: Vec<Line>,
}

pub struct Document {
    pub title: String,
    /// Signed (by whom, when) or a draft.
    pub state: String,
    pub sections: Vec<Section>,
}

fn line(label: impl Into<String>, text: impl Into<String>) -> Line {
    Line {
        label: label.into(),
        text: text.into(),
    }
}

fn or_none(lang: Lang, s: &str) -> String {
    if s.trim().is_empty() {
        lang.t("description_not_written").to_string()
    } else {
        s.to_string()
    }
}

pub fn document(v: &DescriptionView, icf: &Classification, lang: Lang) -> Document {
    let t = |k: &str| lang.t(k).to_string();
    let k = &v.access.course;
    let conference = v.conference.as_ref();
    let state = match conference.and_then(|c| c.signed_at.map(|at| (c, at))) {
        Some((c, at)) => lang.fill(
            "description_signed",
            &[
                (
                    "who",
                    &c.signed_by.map(|u| v.user_name(u)).unwrap_or_default(),
                ),
                ("at", &datetime_in(lang, at)),
            ],
        ),
        None => t("description_draft"),
    };
    let mut course = vec![
        line(t("citizen"), v.citizen.name.clone()),
        line(t("cpr"), v.citizen.cpr.masked()),
        line(t("target_group"), k.target_group.word_in(lang)),
    ];
    if let Some(c) = &k.category {
        course.push(line(t("category"), words::category(lang, c)));
    }
    course.push(line(t("start_date"), date_in(lang, k.start_date)));
    course.push(line(
        t("rules_for_decisions"),
        words::rule_set(lang, v.rules_today.id),
    ));

    let goal = conference
        .map(|c| c.employment_goal.clone())
        .filter(|g| !g.trim().is_empty())
        .unwrap_or_else(|| k.employment_goal.clone());
    let mut citizen = vec![line("", or_none(lang, &goal))];
    if let Some(c) = conference {
        citizen.push(line(
            t("citizen_statement"),
            or_none(lang, &c.citizen_statement),
        ));
        citizen.push(line(
            t("citizen_agrees"),
            t(if c.citizen_agrees { "yes" } else { "no" }),
        ));
    }

    let mut assessments = Vec::new();
    for n in &v.notes {
        let who = n
            .profession
            .map(|p| p.word_in(lang))
            .unwrap_or(Role::Caseworker.word_in(lang));
        assessments.push(line(format!("{who}, {}", n.author_name), ""));
        assessments.push(line(t("note_limitation"), or_none(lang, &n.limitation)));
        assessments.push(line(t("note_resources"), or_none(lang, &n.resources)));
        if !n.suggested_intervention.trim().is_empty() {
            assessments.push(line(
                t("suggested_intervention"),
                n.suggested_intervention.clone(),
            ));
        }
    }
    if assessments.is_empty() {
        assessments.push(line("", t("description_no_assessments")));
    }

    let mut areas: Vec<_> = v.areas.iter().collect();
    areas.sort_by_key(|a| (a.priority, a.created_at));
    let mut focus: Vec<Line> = areas
        .iter()
        .map(|a| {
            let code = a
                .icf_code
                .as_ref()
                .map(|c| {
                    let title = icf.get(c).map(|x| x.title(lang == Lang::En)).unwrap_or("");
                    let q = a.qualifier.map(|q| q.notation()).unwrap_or_default();
                    format!("{c}{q} {title}")
                })
                .unwrap_or_else(|| a.component.word_in(lang).to_string());
            let gradient = a
                .qualifier
                .map(|q| format!(" ({})", words::qualifier(lang, q)))
                .unwrap_or_default();
            line(
                lang.fill(
                    "description_focus_label",
                    &[("priority", &a.priority.to_string()), ("code", code.trim())],
                ),
                format!("{}{gradient}: {}", a.polarity.word_in(lang), a.description),
            )
        })
        .collect();
    if focus.is_empty() {
        focus.push(line("", t("description_no_focus_areas")));
    }

    let mut agreed: Vec<Line> = conference
        .map(|c| {
            c.agreed
                .iter()
                .map(|a| line(a.intervention.clone(), a.goal.clone()))
                .collect()
        })
        .unwrap_or_default();
    if agreed.is_empty() {
        agreed.push(line("", t("description_nothing_agreed")));
    }

    let mut advice = Vec::new();
    for c in &v.consultations {
        advice.push(line(
            lang.fill(
                "description_requested",
                &[("date", &date_in(lang, c.requested_on))],
            ),
            c.question.clone(),
        ));
        if let Some(d) = c.answered_on {
            advice.push(line(
                lang.fill("description_answered", &[("date", &date_in(lang, d))]),
                c.answer.clone(),
            ));
        }
        let status = match (c.status(), c.document_id) {
            (ConsultationStatus::Attached, Some(doc)) => lang.fill(
                "description_reply_attached",
                &[("file", &v.document_name(doc))],
            ),
            (s, _) => s.word_in(lang).to_string(),
        };
        advice.push(line(t("status"), status));
    }
    if advice.is_empty() {
        advice.push(line("", t("description_no_advice")));
    }

    let mut recommendation = Vec::new();
    if let Some(c) = conference {
        recommendation.push(line(t("recommendation"), c.recommendation.word_in(lang)));
        recommendation.push(line(
            t("further_assessment"),
            or_none(lang, &c.further_assessment),
        ));
    } else {
        recommendation.push(line("", t("no_conference")));
    }
    for a in &v.addenda {
        recommendation.push(line(
            lang.fill(
                "description_addendum",
                &[
                    ("who", &a.author_name),
                    ("at", &datetime_in(lang, a.created_at)),
                ],
            ),
            a.text.clone(),
        ));
    }

    let section = |key: &str, lines| Section {
        title: t(key),
        lines,
    };
    Document {
        title: t("overall_description_title"),
        state,
        sections: vec![
            section("description_course", course),
            section("description_goal_and_words", citizen),
            section("description_assessments", assessments),
            section("focus_areas", focus),
            section("agreed_interventions", agreed),
            section("description_health_advice", advice),
            section("description_recommendation", recommendation),
        ],
    }
}

/// The document as PDF blocks, in reading order.
pub fn blocks(d: &Document, municipality: &str) -> Vec<Block> {
    let mut out = vec![
        Block::Heading(1, d.title.clone()),
        Block::Paragraph(format!("{municipality} · {}", d.state)),
    ];
    for s in &d.sections {
        out.push(Block::Heading(2, s.title.clone()));
        for l in &s.lines {
            out.push(match (l.label.is_empty(), l.text.is_empty()) {
                (true, _) => Block::Paragraph(l.text.clone()),
                (false, true) => Block::Heading(3, l.label.clone()),
                (false, false) => Block::Field(l.label.clone(), l.text.clone()),
            });
        }
    }
    out
}
