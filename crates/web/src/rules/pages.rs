//! "Regelsæt": every rule set with its source, dates, status and what it
//! changes; a pending set can be activated or its date moved.

use super::service::{self, RuleSetView};
use crate::auth::{Authed, CurrentUser};
use crate::error::WebError;
use crate::i18n::{words, Lang, Word};
use crate::page::{form_error, render, render_status, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use serde::Deserialize;

pub struct Row {
    pub id: String,
    pub name: String,
    pub source: String,
    pub valid_from: String,
    pub status: &'static str,
    pub changes: &'static str,
    /// The target groups a pending law is expected to bring, in words.
    pub expected_groups: Vec<&'static str>,
    /// The municipality's decision, in words ("" when none).
    pub decided: String,
    /// A pending set as shipped: the form is shown.
    pub decidable: bool,
    pub in_force: bool,
    pub date_value: String,
    pub version: i64,
}

#[derive(Template)]
#[template(path = "rules/templates/admin_rules.html")]
struct RulesPage {
    c: Chrome,
    rows: Vec<Row>,
    error: Option<String>,
}

fn row(lang: Lang, v: RuleSetView) -> Row {
    let decided = v
        .decision
        .as_ref()
        .map(|d| {
            lang.fill(
                "rules_decided",
                &[(
                    "when",
                    &crate::i18n::format::datetime_in(lang, d.changed_at),
                )],
            )
        })
        .unwrap_or_default();
    Row {
        id: v.set.id.to_string(),
        name: words::rule_set(lang, v.set.id),
        source: v.set.source.to_string(),
        valid_from: crate::i18n::format::date_in(lang, v.set.valid_from),
        status: v.set.status.word_in(lang),
        changes: lang.t(&format!("rule_set_changes.{}", v.set.id)),
        expected_groups: v
            .set
            .expected_groups
            .iter()
            .map(|g| lang.t(&format!("expected_group.{g}")))
            .collect(),
        decided,
        decidable: v.shipped_pending,
        in_force: v.set.status == jobspor_domain::rules::RuleStatus::InForce,
        date_value: v.set.valid_from.format("%Y-%m-%d").to_string(),
        version: v.decision.map_or(0, |d| d.version),
    }
}

async fn page(state: &AppState, a: &Authed, error: Option<String>) -> Result<RulesPage, WebError> {
    let c = Chrome::new(Some(a), "rule_sets", "admin");
    let lang = c.lang;
    let rows = service::overview(state, &a.actor)
        .await?
        .into_iter()
        .map(|v| row(lang, v))
        .collect();
    Ok(RulesPage { c, rows, error })
}

pub async fn list(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    render(&page(&state, &a, None).await?)
}

#[derive(Deserialize)]
pub struct DecisionForm {
    valid_from: String,
    /// The checkbox: present when the set is to be in force.
    in_force: Option<String>,
    version: i64,
}

pub async fn decide(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> PageResult {
    let done = service::decide(
        &state,
        &a.actor,
        &id,
        &f.valid_from,
        f.in_force.is_some(),
        f.version,
    )
    .await;
    match done {
        Ok(()) => Ok(Redirect::to(&super::paths::list()).into_response()),
        Err(e) => {
            let (status, msg) = form_error(e)?;
            render_status(status, &page(&state, &a, Some(msg)).await?)
        }
    }
}
