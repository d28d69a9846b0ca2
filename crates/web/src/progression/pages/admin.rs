//! Administration of progression: the question bank and the flag thresholds.

use crate::auth::{Authed, CurrentUser};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{render, render_status, Chrome, PageError, PageResult};
use crate::progression::pages::course::styles;
use crate::progression::service::question_bank;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::progression::{QuestionInput, SHIPPED};
use jobspor_domain::QuestionId;
use serde::Deserialize;

pub struct OwnRow {
    pub id: String,
    pub text: String,
    pub style: &'static str,
    pub scale: String,
    pub active: bool,
}

/// A question Jobspor ships in the bank, as the admin page lists it.
pub struct ShippedQuestion {
    pub question: String,
    pub style: &'static str,
    pub scale: String,
}

#[derive(Template)]
#[template(path = "progression/templates/admin_progression.html")]
struct Page {
    c: Chrome,
    shipped: Vec<ShippedQuestion>,
    own: Vec<OwnRow>,
    styles: Vec<SelectOption>,
    min_change: i8,
    after: usize,
    apart: i8,
    error: Option<String>,
}

async fn page(state: &AppState, a: &Authed, error: Option<String>) -> Result<Page, PageError> {
    let (own, t) = question_bank::view(state, &a.actor).await?;
    let c = Chrome::new(Some(a), "admin_progression", "admin");
    let en = c.en();
    Ok(Page {
        shipped: SHIPPED
            .iter()
            .map(|q| ShippedQuestion {
                question: (if en { q.en } else { q.da }).to_string(),
                style: q.style.word(),
                scale: format!("{} … {}", q.low, q.high),
            })
            .collect(),
        own: own
            .iter()
            .map(|q| OwnRow {
                id: q.id.to_string(),
                text: if en {
                    q.text_en.clone()
                } else {
                    q.text_da.clone()
                },
                style: q.style.word(),
                scale: format!("{} … {}", q.low, q.high),
                active: q.active,
            })
            .collect(),
        styles: styles(),
        min_change: t.min_change,
        after: t.after_measurements,
        apart: t.apart,
        error,
        c,
    })
}

pub async fn show(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    render(&page(&state, &a, None).await?)
}

async fn answer(state: &AppState, a: &Authed, r: Result<(), WebError>) -> PageResult {
    match r {
        Ok(()) => Ok(Redirect::to(&crate::progression::paths::admin()).into_response()),
        Err(e) => {
            let (status, msg) = crate::page::form_error(e)?;
            render_status(status, &page(state, a, Some(msg)).await?)
        }
    }
}

#[derive(Deserialize)]
pub struct QuestionForm {
    #[serde(default)]
    style: String,
    #[serde(default)]
    text_da: String,
    #[serde(default)]
    text_en: String,
    #[serde(default)]
    low: String,
    #[serde(default)]
    high: String,
}

pub async fn add(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<QuestionForm>,
) -> PageResult {
    let input = QuestionInput {
        style: &f.style,
        text_da: &f.text_da,
        text_en: &f.text_en,
        low: &f.low,
        high: &f.high,
    };
    let r = question_bank::add(&state, &a.actor, &input)
        .await
        .map(|_| ());
    answer(&state, &a, r).await
}

#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

pub async fn toggle(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(qid): Path<String>,
    Form(f): Form<ActiveForm>,
) -> PageResult {
    let id: QuestionId = crate::page::id(&qid)?;
    question_bank::set_active(&state, &a.actor, id, f.active == "1").await?;
    Ok(Redirect::to(&crate::progression::paths::admin()).into_response())
}

#[derive(Deserialize)]
pub struct ThresholdForm {
    #[serde(default)]
    min_change: String,
    #[serde(default)]
    after_measurements: String,
    #[serde(default)]
    apart: String,
}

pub async fn thresholds(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<ThresholdForm>,
) -> PageResult {
    let r = question_bank::set_thresholds(
        &state,
        &a.actor,
        &f.min_change,
        &f.after_measurements,
        &f.apart,
    )
    .await
    .map(|_| ());
    answer(&state, &a, r).await
}
