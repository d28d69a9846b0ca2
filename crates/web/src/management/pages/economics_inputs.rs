//! The economics page's inputs: investments, weekly rates (one at a time, a
//! year's in one form, or a file of them) and comparison curves. A problem
//! shows the page again with its message and what was typed; success goes
//! back to the page.

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::management::pages::economics::{page, Choice, Typed};
use crate::management::pages::DashQuery;
use crate::management::service::economics;
use crate::page::{read_upload, PageResult};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::catalogue::parse_kroner;
use jobspor_domain::evaluation::economics::Category;
use jobspor_domain::evaluation::rates::{parse_rate, parse_year, valid_benefit};
use serde::Deserialize;

/// Renders the page again with the input's problem, or goes back to it
/// (to the rates' year, when the rates were set).
async fn after_input(
    state: &AppState,
    a: &crate::auth::Authed,
    result: Result<(), WebError>,
    typed: Option<Typed>,
) -> PageResult {
    match result {
        Ok(()) => {
            let back = match &typed {
                Some(t) => format!(
                    "{}?satsaar={}#satser",
                    crate::management::paths::economics(),
                    t.year
                ),
                None => crate::management::paths::economics(),
            };
            Ok(Redirect::to(&back).into_response())
        }
        Err(WebError::Validation(m)) => {
            page(
                state,
                a,
                &DashQuery::default(),
                &Choice::default(),
                Some(m),
                typed,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}

fn year(s: &str) -> Result<i32, WebError> {
    parse_year(s).ok_or_else(|| WebError::invalid("invalid.enter_a_year"))
}

#[derive(Deserialize)]
pub struct InvestmentForm {
    year: String,
    category: String,
    amount: String,
}

pub async fn economics_investment(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<InvestmentForm>,
) -> PageResult {
    let result = async {
        let category = Category::parse(&f.category)
            .ok_or_else(|| WebError::invalid("invalid.choose_a_category"))?;
        let amount = parse_kroner(&f.amount).map_err(WebError::Validation)?;
        economics::set_investment(&state, &a.actor, year(&f.year)?, category, amount).await
    }
    .await;
    after_input(&state, &a, result, None).await
}

#[derive(Deserialize)]
pub struct RateForm {
    benefit: String,
    year: String,
    amount: String,
}

/// One rate (the form before the year's table; kept for its links).
pub async fn economics_rate(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<RateForm>,
) -> PageResult {
    let result = async {
        let amount = parse_rate(&f.amount).map_err(WebError::Validation)?;
        economics::set_rate(&state, &a.actor, &f.benefit, year(&f.year)?, amount).await
    }
    .await;
    after_input(&state, &a, result, None).await
}

/// A year's rates as typed: `rate.CODE` per benefit (blank removes the
/// rate), and one more benefit by code in `new_benefit` and `new_amount`.
fn year_rates(typed: &Typed) -> Result<Vec<(String, i32, Option<i64>)>, WebError> {
    let mut rates = Vec::new();
    for (benefit, amount) in &typed.amounts {
        let benefit = benefit.trim();
        if benefit.is_empty() && amount.trim().is_empty() {
            continue;
        }
        if !valid_benefit(benefit) {
            return Err(WebError::invalid("invalid.enter_the_benefits_code_as_in"));
        }
        let ore = match amount.trim() {
            "" => None,
            a => Some(parse_rate(a).map_err(|m| {
                WebError::Validation(
                    jobspor_domain::message::Message::new("invalid.the_rate_for")
                        .with("benefit", benefit.to_string())
                        .with_message("problem", m),
                )
            })?),
        };
        rates.push((benefit.to_string(), typed.year, ore));
    }
    Ok(rates)
}

/// A year's weekly rates, every benefit in one form, saved together.
pub async fn economics_rates(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let Ok(y) = year(&field("year")) else {
        return after_input(
            &state,
            &a,
            Err(WebError::invalid("invalid.enter_a_year")),
            None,
        )
        .await;
    };
    let mut amounts: Vec<(String, String)> = fields
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("rate.").map(|b| (b.to_string(), v.clone())))
        .collect();
    amounts.push((field("new_benefit"), field("new_amount")));
    let typed = Typed { year: y, amounts };
    let result = async {
        let rates = year_rates(&typed)?;
        economics::set_rates(&state, &a.actor, &rates).await
    }
    .await;
    after_input(&state, &a, result, Some(typed)).await
}

/// A file of weekly rates (`ydelse;aar;kr_pr_uge`), all or nothing.
pub async fn economics_rates_file(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    mp: axum::extract::Multipart,
) -> PageResult {
    crate::management::service::register::require_manager(&a.actor)?;
    let result = match read_upload(mp).await? {
        Some((_, _, bytes)) => economics::import_rates(&state, &a.actor, &bytes)
            .await
            .map(|_| ()),
        None => Err(WebError::invalid("invalid.choose_a_file")),
    };
    after_input(&state, &a, result, None).await
}

pub async fn economics_comparison(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    mp: axum::extract::Multipart,
) -> PageResult {
    crate::management::service::register::require_manager(&a.actor)?;
    let result = match read_upload(mp).await? {
        Some((name, _, bytes)) => {
            economics::import_comparison(&state, &a.actor, &name, &bytes).await
        }
        None => Err(WebError::invalid("invalid.choose_a_file")),
    };
    after_input(&state, &a, result, None).await
}
