//! The citizen's questionnaire: an introduction, one page at a time, a
//! review, submit, and thanks. No JavaScript; Danish, English and
//! right-to-left Arabic; every answer saved when a page is sent. The pages
//! are the same through either [`Door`].

use super::door::Door;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::i18n::Tx;
use crate::page::{render, render_status, PageResult};
use crate::screening::service as screening;
use crate::screening::service::{LinkProblem, Opened, PageSaved, Submitted};
use crate::AppState;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use jobspor_domain::message::Explain;
use jobspor_domain::questionnaire::{AnswerValue, Item, ItemKind, ResponseStatus};

pub struct Opt {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

pub struct ItemView {
    pub key: String,
    pub kind: &'static str,
    pub text: String,
    pub help: String,
    pub required: bool,
    pub options: Vec<Opt>,
    pub min_label: String,
    pub max_label: String,
    pub value: String,
    pub unit: String,
    pub error: Option<String>,
}

pub struct LangLink {
    pub code: String,
    pub label: &'static str,
    pub current: bool,
}

fn languages(o: &Opened, tx: &Tx) -> Vec<LangLink> {
    o.definition
        .languages
        .iter()
        .map(|l| LangLink {
            code: l.clone(),
            label: tx.t(&format!("lang_{l}")),
            current: *l == tx.lang,
        })
        .collect()
}

fn shown(value: Option<&AnswerValue>) -> String {
    match value {
        Some(AnswerValue::Scale(v)) => v.to_string(),
        Some(AnswerValue::Number(v)) => v.to_string(),
        Some(AnswerValue::Date(d)) => d.to_string(),
        Some(AnswerValue::Text(t)) => t.clone(),
        Some(AnswerValue::Choice(c)) => c.clone(),
        Some(AnswerValue::Choices(cs)) => cs.join(", "),
        None => String::new(),
    }
}

fn item_view(
    item: &Item,
    lang: &str,
    value: Option<&AnswerValue>,
    raw: Option<&[String]>,
    error: Option<String>,
) -> ItemView {
    let chosen: Vec<String> = match raw {
        Some(r) => r.to_vec(),
        None => value
            .map(|v| v.chosen().into_iter().map(String::from).collect())
            .unwrap_or_default(),
    };
    let (kind, options, min_label, max_label) = match item.kind {
        ItemKind::SingleChoice | ItemKind::MultipleChoice => (
            if item.kind == ItemKind::SingleChoice {
                "single"
            } else {
                "multiple"
            },
            item.options
                .iter()
                .map(|o| Opt {
                    value: o.value.clone(),
                    label: o.label.get(lang).into(),
                    checked: chosen.contains(&o.value),
                })
                .collect(),
            String::new(),
            String::new(),
        ),
        ItemKind::Scale => {
            let s = item.scale.as_ref();
            let current = raw
                .and_then(|r| r.first().cloned())
                .unwrap_or_else(|| shown(value));
            (
                "scale",
                s.map(|s| {
                    (s.min..=s.max)
                        .map(|v| Opt {
                            value: v.to_string(),
                            label: v.to_string(),
                            checked: current == v.to_string(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
                s.map(|s| s.min_label.get(lang).to_string())
                    .unwrap_or_default(),
                s.map(|s| s.max_label.get(lang).to_string())
                    .unwrap_or_default(),
            )
        }
        ItemKind::Number => ("number", Vec::new(), String::new(), String::new()),
        ItemKind::Date => ("date", Vec::new(), String::new(), String::new()),
        ItemKind::Text => ("text", Vec::new(), String::new(), String::new()),
    };
    ItemView {
        key: item.key.clone(),
        kind,
        text: item.text.get(lang).into(),
        help: item
            .help
            .as_ref()
            .map(|h| h.get(lang).to_string())
            .unwrap_or_default(),
        required: item.required,
        options,
        min_label,
        max_label,
        value: raw.map(|r| r.join("\n")).unwrap_or_else(|| shown(value)),
        unit: item
            .number
            .as_ref()
            .and_then(|n| n.unit.as_ref())
            .map(|u| u.get(lang).to_string())
            .unwrap_or_default(),
        error,
    }
}

// ---------- pages, whichever door they are opened through ----------

#[derive(Template)]
#[template(path = "selfservice/templates/s_problem.html")]
struct ProblemPage {
    tx: Tx,
    message: &'static str,
    home: Option<String>,
}

/// Why a questionnaire cannot be opened, in the citizen's language; it says
/// nothing about the citizen.
pub fn problem(p: LinkProblem, lang: String, home: Option<String>) -> PageResult {
    let tx = Tx { lang };
    let (status, key) = match p {
        LinkProblem::Unknown => (StatusCode::NOT_FOUND, "unknown"),
        LinkProblem::Expired => (StatusCode::GONE, "expired"),
        LinkProblem::Revoked => (StatusCode::GONE, "revoked"),
    };
    render_status(
        status,
        &ProblemPage {
            message: tx.t(key),
            tx,
            home,
        },
    )
}

#[derive(Template)]
#[template(path = "selfservice/templates/s_intro.html")]
struct IntroPage<'a> {
    tx: Tx,
    door: &'a Door,
    title: String,
    description: String,
    languages: Vec<LangLink>,
    started: bool,
    first_open_page: usize,
}

#[derive(Template)]
#[template(path = "selfservice/templates/s_done.html")]
struct DonePage<'a> {
    tx: Tx,
    door: &'a Door,
    title: String,
    message: &'static str,
}

fn done_page(o: &Opened, lang: String, door: &Door, key: &'static str) -> PageResult {
    let tx = Tx { lang };
    render(&DonePage {
        title: o.definition.title.get(&tx.lang).into(),
        message: tx.t(key),
        door,
        tx,
    })
}

/// The first page with a required, shown item still unanswered (1-based).
fn first_open_page(o: &Opened) -> usize {
    let missing = o.definition.missing(&o.response.answers);
    o.definition
        .pages
        .iter()
        .position(|p| p.items.iter().any(|k| missing.contains(&k.as_str())))
        .map_or(o.definition.pages.len(), |i| i + 1)
}

/// The introduction: title, description, languages, start or continue.
pub fn intro(o: &Opened, lang: String, door: &Door) -> PageResult {
    if o.response.status == ResponseStatus::Submitted {
        return done_page(o, lang, door, "already");
    }
    let tx = Tx { lang };
    render(&IntroPage {
        title: o.definition.title.get(&tx.lang).into(),
        description: o
            .definition
            .description
            .as_ref()
            .map(|d| d.get(&tx.lang).to_string())
            .unwrap_or_default(),
        languages: languages(o, &tx),
        started: !o.response.answers.is_empty(),
        first_open_page: first_open_page(o),
        door,
        tx,
    })
}

#[derive(Template)]
#[template(path = "selfservice/templates/s_page.html")]
struct QuestionPage<'a> {
    tx: Tx,
    door: &'a Door,
    title: String,
    page_title: String,
    number: usize,
    pages: usize,
    items: Vec<ItemView>,
    has_errors: bool,
}

fn question_page<'a>(
    o: &Opened,
    lang: &str,
    door: &'a Door,
    n: usize,
    raw: Option<&[(String, String)]>,
    errors: &[(String, String)],
) -> Result<QuestionPage<'a>, WebError> {
    let tx = Tx { lang: lang.into() };
    let page = o.definition.pages.get(n - 1).ok_or(WebError::NotFound)?;
    let answers = &o.response.answers;
    let items = page
        .items
        .iter()
        .filter_map(|k| o.definition.item(k))
        .filter(|i| o.definition.is_visible(i, answers))
        .map(|i| {
            let given: Option<Vec<String>> = raw.map(|r| {
                r.iter()
                    .filter(|(k, _)| *k == i.key)
                    .map(|(_, v)| v.clone())
                    .collect()
            });
            let error = errors
                .iter()
                .find(|(k, _)| *k == i.key)
                .map(|(_, m)| m.clone());
            item_view(i, &tx.lang, answers.get(&i.key), given.as_deref(), error)
        })
        .collect();
    Ok(QuestionPage {
        title: o.definition.title.get(&tx.lang).into(),
        page_title: page.title.get(&tx.lang).into(),
        number: n,
        pages: o.definition.pages.len(),
        items,
        has_errors: !errors.is_empty(),
        door,
        tx,
    })
}

/// Page `n` (1-based) of the questionnaire.
pub fn page(o: &Opened, lang: String, door: &Door, n: usize) -> PageResult {
    if o.response.status == ResponseStatus::Submitted {
        return done_page(o, lang, door, "already");
    }
    if n == 0 || n > o.definition.pages.len() {
        return Err(WebError::NotFound.into());
    }
    render(&question_page(o, &lang, door, n, None, &[])?)
}

/// Saves page `n`; a refused answer shows the page again as typed, with
/// its message; else on to the next page or the review.
pub async fn save(
    state: &AppState,
    mut o: Opened,
    lang: String,
    door: &Door,
    n: usize,
    form: &[(String, String)],
) -> PageResult {
    if n == 0 || n > o.definition.pages.len() {
        return Err(WebError::NotFound.into());
    }
    let english = lang == "en";
    match screening::save_page(state, &o, n - 1, form).await? {
        PageSaved::AlreadySubmitted => done_page(&o, lang, door, "already"),
        PageSaved::Invalid(errors) => {
            let msgs: Vec<(String, String)> = errors
                .iter()
                .map(|(k, e)| {
                    let lang = if english { Lang::En } else { Lang::Da };
                    (k.clone(), crate::i18n::words::message(lang, &e.explain()))
                })
                .collect();
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &question_page(&o, &lang, door, n, Some(form), &msgs)?,
            )
        }
        PageSaved::Saved(r) => {
            o.response = r;
            // Required items on this page still without an answer (some may
            // have appeared because of an answer just given) are asked again.
            let missing = o.definition.missing(&o.response.answers);
            let page = &o.definition.pages[n - 1];
            let ask_again = Tx { lang: lang.clone() }.t("answer_this").to_string();
            let here: Vec<(String, String)> = page
                .items
                .iter()
                .filter(|k| missing.contains(&k.as_str()))
                .map(|k| (k.clone(), ask_again.clone()))
                .collect();
            if !here.is_empty() {
                return render_status(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &question_page(&o, &lang, door, n, None, &here)?,
                );
            }
            let next = if n < o.definition.pages.len() {
                door.page(n + 1)
            } else {
                door.review()
            };
            Ok(Redirect::to(&next).into_response())
        }
    }
}

pub struct ReviewRow {
    pub text: String,
    pub answer: String,
    pub page: usize,
    pub missing: bool,
}

#[derive(Template)]
#[template(path = "selfservice/templates/s_review.html")]
struct ReviewPage<'a> {
    tx: Tx,
    door: &'a Door,
    title: String,
    rows: Vec<ReviewRow>,
    missing: usize,
}

fn review_page<'a>(o: &Opened, lang: String, door: &'a Door) -> ReviewPage<'a> {
    let tx = Tx { lang };
    let missing = o.definition.missing(&o.response.answers);
    let mut rows = Vec::new();
    for (n, p) in o.definition.pages.iter().enumerate() {
        for item in p
            .items
            .iter()
            .filter_map(|k| o.definition.item(k))
            .filter(|i| o.definition.is_visible(i, &o.response.answers))
        {
            let answer = match o.response.answers.get(&item.key) {
                None => tx.t("not_answered").to_string(),
                Some(a) => {
                    let chosen = a.chosen();
                    if chosen.is_empty() {
                        shown(Some(a))
                    } else {
                        item.options
                            .iter()
                            .filter(|o| chosen.contains(&o.value.as_str()))
                            .map(|o| o.label.get(&tx.lang).to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                }
            };
            rows.push(ReviewRow {
                text: item.text.get(&tx.lang).into(),
                answer,
                page: n + 1,
                missing: missing.contains(&item.key.as_str()),
            });
        }
    }
    ReviewPage {
        title: o.definition.title.get(&tx.lang).into(),
        missing: missing.len(),
        rows,
        door,
        tx,
    }
}

/// Every answer on one page, each with a way back to change it.
pub fn review(o: &Opened, lang: String, door: &Door) -> PageResult {
    if o.response.status == ResponseStatus::Submitted {
        return done_page(o, lang, door, "already");
    }
    render(&review_page(o, lang, door))
}

/// Submits the questionnaire if every required, shown item is answered.
pub async fn send(state: &AppState, o: &Opened, lang: String, door: &Door) -> PageResult {
    match screening::submit(state, o).await? {
        Submitted::Done(_) => Ok(Redirect::to(&door.thanks()).into_response()),
        Submitted::AlreadySubmitted => done_page(o, lang, door, "already"),
        Submitted::Missing(_) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &review_page(o, lang, door),
        ),
    }
}

pub fn thanks(o: &Opened, lang: String, door: &Door) -> PageResult {
    done_page(o, lang, door, "thanks")
}
