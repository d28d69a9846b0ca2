//! The triage screen (the seeds' "RehApp Triage"): the dimensions with
//! their colours and the answers behind them, the questionnaire's suggestion
//! beside the caseworker's own assessment, the dialogue guide, and the
//! visitation decision.

use crate::auth::{Authed, CurrentUser};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{id, render, render_status, Chrome, PageError, PageResult};
use crate::page::{say, say_with};
use crate::triage::service as triage;
use crate::triage::service::{DecisionInput, TriageView};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::control::FollowUpTrack;
use jobspor_domain::questionnaire::{Level, RiskClass};
use jobspor_domain::rules::RuleBook;
use jobspor_domain::ResponseId;

pub struct DimRow {
    pub label: String,
    pub colour: &'static str,
    pub colour_text: &'static str,
    pub because: Vec<String>,
}

pub struct Guide {
    pub label: String,
    pub questions: Vec<String>,
}

#[derive(Template)]
#[template(path = "triage/templates/triage.html")]
struct TriagePage {
    c: Chrome,
    response_id: String,
    citizen_id: String,
    citizen_name: String,
    title: String,
    dims: Vec<DimRow>,
    sum: Option<String>,
    suggested_risk: String,
    suggested_readiness: String,
    guide: Vec<Guide>,
    frameworks: Vec<SelectOption>,
    categories: Vec<SelectOption>,
    categories_hint: String,
    readiness: Vec<SelectOption>,
    tracks: Vec<SelectOption>,
    decided: Option<String>,
    course_link: Option<String>,
    error: Option<String>,
    today: String,
}

fn risk_label(r: Option<RiskClass>) -> String {
    match r {
        Some(r) => r.word().to_string(),
        None => say("risk_none"),
    }
}

fn page(book: &RuleBook, a: &Authed, v: &TriageView, error: Option<String>) -> TriagePage {
    let c = Chrome::new(Some(a), "triage", "");
    let lang = c.lang.code();

    let d = &v.definition;
    let answer_text = |key: &str| -> String {
        let Some(item) = d.item(key) else {
            return String::new();
        };
        let a = v.response.answers.get(key);
        let shown = match a {
            None => String::new(),
            Some(val) => {
                let chosen = val.chosen();
                if chosen.is_empty() {
                    val.as_number().map(|n| n.to_string()).unwrap_or_default()
                } else {
                    item.options
                        .iter()
                        .filter(|o| chosen.contains(&o.value.as_str()))
                        .map(|o| o.label.get(lang).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            }
        };
        format!("{}: {}", item.text.get(lang), shown)
    };
    let dims = v
        .outcome
        .dimensions
        .iter()
        .map(|r| {
            let (colour, colour_text) = match r.colour {
                Some(l) => (l.code(), l.word()),
                None => ("none", crate::i18n::Lang::current().t("level_none")),
            };
            DimRow {
                label: d
                    .dimension(&r.key)
                    .map(|x| x.label.get(lang).to_string())
                    .unwrap_or_default(),
                colour,
                colour_text,
                because: r.because.iter().map(|k| answer_text(k)).collect(),
            }
        })
        .collect();
    let guide = v
        .outcome
        .dimensions
        .iter()
        .filter(|r| matches!(r.colour, Some(Level::Red) | Some(Level::Yellow)))
        .filter_map(|r| d.dimension(&r.key))
        .map(|x| Guide {
            label: x.label.get(lang).to_string(),
            questions: x.dialogue.iter().map(|q| q.get(lang).to_string()).collect(),
        })
        .collect();
    let sum = v.outcome.sum.as_ref().map(|s| {
        let verdict = say(if s.raised {
            "triage_sum_raised"
        } else {
            "triage_sum_not_raised"
        });
        say_with(
            "triage_sum",
            &[
                ("total", &s.total.to_string()),
                ("max", &s.max.to_string()),
                ("cutoff", &s.cutoff.to_string()),
                ("verdict", &verdict),
            ],
        )
    });
    let today = jobspor_domain::time::today_copenhagen(chrono::Utc::now());
    let (categories, categories_hint) = crate::rules::service::category_options(book, today, "");
    let readiness = ["jobparat", "aktivitetsparat"]
        .into_iter()
        .map(|code| {
            SelectOption::new(
                code,
                crate::i18n::words::category(crate::i18n::Lang::current(), code),
                false,
            )
        })
        .collect();
    let tracks = FollowUpTrack::ALL
        .iter()
        .map(|t| SelectOption::new(t.code(), t.word(), *t == FollowUpTrack::Standard))
        .collect();
    let decided = v.existing.as_ref().map(|t| {
        let text = say_with(
            "triage_decided",
            &[
                ("what", t.decision.word()),
                ("risk", &risk_label(Some(t.assessed_risk))),
                ("note", &t.note),
            ],
        );
        if t.disagrees() {
            format!("{text} {}", say("triage_disagrees"))
        } else {
            text
        }
    });
    TriagePage {
        response_id: v.response.id.to_string(),
        citizen_id: v.citizen.id.to_string(),
        citizen_name: v.citizen.name.clone(),
        title: d.title.get(lang).to_string(),
        dims,
        sum,
        suggested_risk: risk_label(v.outcome.risk_class),
        suggested_readiness: v.outcome.readiness.clone().unwrap_or_default(),
        guide,
        frameworks: v
            .frameworks
            .iter()
            .filter(|f| f.active)
            .map(|f| SelectOption {
                value: f.id.to_string(),
                label: f.name.clone(),
                selected: false,
            })
            .collect(),
        categories,
        categories_hint,
        readiness,
        tracks,
        course_link: v
            .existing
            .as_ref()
            .and_then(|t| t.course_id)
            .map(crate::journal::paths::history),
        decided,
        error,
        today: today.to_string(),
        c,
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(rid): Path<String>,
) -> PageResult {
    let rid: ResponseId = id(&rid)?;
    let v = triage::view(&state, &a.actor, rid).await?;
    let book = crate::rules::service::book(&state, a.actor.municipality_id).await?;
    render(&page(&book, &a, &v, None))
}

pub async fn decide(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(rid): Path<String>,
    Form(input): Form<DecisionInput>,
) -> PageResult {
    let rid: ResponseId = id(&rid)?;
    match triage::decide(&state, &a.actor, rid, &input).await {
        Ok(t) => Ok(match t.course_id {
            Some(c) => Redirect::to(&crate::journal::paths::history(c)),
            None => Redirect::to(&crate::triage::paths::screening(rid)),
        }
        .into_response()),
        Err(e @ (WebError::Validation(_) | WebError::Conflict(_))) => {
            let status = e.status();
            let msg = e.public_message(crate::i18n::Lang::current());
            let v = triage::view(&state, &a.actor, rid)
                .await
                .map_err(PageError)?;
            let book = crate::rules::service::book(&state, a.actor.municipality_id).await?;
            render_status(status, &page(&book, &a, &v, Some(msg)))
        }
        Err(e) => Err(e.into()),
    }
}
