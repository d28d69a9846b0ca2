//! Arbejdspligt: the weeks as a table, the last four weeks summed, and the
//! form that records or corrects a week.

use super::service::{self as ledger, LedgerView};
use crate::auth::{Authed, CurrentUser};
use crate::courses::head::{head, Head};
use crate::error::WebError;
use crate::i18n::Lang;
use crate::page::{form_error, id, render, render_status, Chrome, PageError, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use chrono::{Datelike, NaiveDate};
use jobspor_domain::time::parse_date;
use jobspor_domain::work_duty::{totals, DutyWeek, WeekInput};
use jobspor_domain::CourseId;
use serde::Deserialize;

pub struct WeekRow {
    pub label: String,
    pub day: String,
    pub planned: u8,
    pub met: u8,
    pub shortfall: u8,
    pub duty: u8,
    pub reason: String,
}

#[derive(Default, Clone, Deserialize)]
pub struct WeekForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    day: String,
    #[serde(default)]
    planned: String,
    #[serde(default)]
    met: String,
    #[serde(default)]
    reduction: String,
    #[serde(default)]
    reason: String,
}

#[derive(Template)]
#[template(path = "work_duty/templates/course_work_duty.html")]
struct LedgerPage {
    c: Chrome,
    h: Head,
    weeks: Vec<WeekRow>,
    /// The last four recorded weeks summed, in words.
    recent: String,
    applies_now: bool,
    /// Correcting a recorded week (its label), or recording a new one.
    correcting: Option<String>,
    form: WeekForm,
    error: Option<String>,
}

fn label(lang: Lang, monday: NaiveDate) -> String {
    let w = monday.iso_week();
    lang.fill(
        "week_label",
        &[
            ("week", &w.week().to_string()),
            ("year", &w.year().to_string()),
        ],
    )
}

fn row(lang: Lang, w: &DutyWeek) -> WeekRow {
    WeekRow {
        label: label(lang, w.week),
        day: w.week.format("%Y-%m-%d").to_string(),
        planned: w.planned,
        met: w.met,
        shortfall: w.shortfall(),
        duty: w.duty(),
        reason: w.reduction_reason.clone(),
    }
}

async fn page(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    chosen: Option<NaiveDate>,
    typed: Option<WeekForm>,
    error: Option<String>,
) -> Result<LedgerPage, PageError> {
    let c = Chrome::new(Some(a), "work_duty", "courses");
    let v: LedgerView = ledger::view(state, &a.actor, course).await?;
    let lang = Lang::current();
    let existing = chosen.and_then(|d| v.weeks.iter().find(|w| w.week == d));
    let form = typed.unwrap_or_else(|| match existing {
        Some(w) => WeekForm {
            version: w.version.to_string(),
            day: w.week.format("%Y-%m-%d").to_string(),
            planned: w.planned.to_string(),
            met: w.met.to_string(),
            reduction: if w.reduction > 0 {
                w.reduction.to_string()
            } else {
                String::new()
            },
            reason: w.reduction_reason.clone(),
        },
        None => WeekForm {
            day: v.today.format("%Y-%m-%d").to_string(),
            ..WeekForm::default()
        },
    });
    let recent = totals(&v.weeks[..v.weeks.len().min(4)]);
    Ok(LedgerPage {
        h: head(&v.access, &v.citizen, "work_duty"),
        weeks: v.weeks.iter().map(|w| row(lang, w)).collect(),
        recent: lang.fill(
            "work_duty_recent",
            &[
                ("weeks", &recent.weeks.to_string()),
                ("planned", &recent.planned.to_string()),
                ("met", &recent.met.to_string()),
                ("shortfall", &recent.shortfall.to_string()),
            ],
        ),
        applies_now: v.applies_now,
        correcting: existing
            .filter(|_| !form.version.is_empty())
            .map(|w| label(lang, w.week)),
        form,
        error,
        c,
    })
}

#[derive(Deserialize)]
pub struct Chosen {
    #[serde(default)]
    uge: String,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Query(q): Query<Chosen>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    render(&page(&state, &a, course, parse_date(&q.uge), None, None).await?)
}

pub async fn record(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<WeekForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let input = WeekInput {
        day: &f.day,
        planned: &f.planned,
        met: &f.met,
        reduction: &f.reduction,
        reason: &f.reason,
    };
    let version = match f.version.trim() {
        "" => None,
        v => Some(v.parse::<i64>().unwrap_or(-1)),
    };
    match ledger::record(&state, &a.actor, course, &input, version).await {
        Ok(_) => Ok(Redirect::to(&super::paths::ledger(course)).into_response()),
        Err(e) => {
            let keep = matches!(e, WebError::Validation(_)).then(|| f.clone());
            let (status, msg) = form_error(e)?;
            render_status(
                status,
                &page(&state, &a, course, None, keep, Some(msg)).await?,
            )
        }
    }
}
