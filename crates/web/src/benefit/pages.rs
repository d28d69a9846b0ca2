//! Kontanthjælp: the readiness that holds, the assessments with their
//! rates, and the form for a new assessment.

use super::service::{self as benefit, BenefitView};
use crate::auth::{Authed, CurrentUser};
use crate::courses::head::{head, Head};
use crate::error::WebError;
use crate::i18n::{date, words, Lang, Word};
use crate::page::{
    form_error, id, render, render_status, Chrome, PageError, PageResult, SelectOption,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::benefit::{AssessmentInput, Rate};
use jobspor_domain::CourseId;
use serde::Deserialize;

pub struct AssessmentRow {
    pub date: String,
    pub category: String,
    pub rate: String,
}

#[derive(Default, Clone, Deserialize)]
pub struct AssessmentForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    rate: String,
}

#[derive(Template)]
#[template(path = "benefit/templates/course_benefit.html")]
struct BenefitPage {
    c: Chrome,
    h: Head,
    holds: String,
    rows: Vec<AssessmentRow>,
    categories: Vec<SelectOption>,
    rates: Vec<SelectOption>,
    version: i64,
    form: AssessmentForm,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    typed: Option<AssessmentForm>,
    error: Option<String>,
) -> Result<BenefitPage, PageError> {
    let c = Chrome::new(Some(a), "kontanthjaelp_page", "courses");
    let v: BenefitView = benefit::view(state, &a.actor, course).await?;
    let lang = Lang::current();
    let holds = match (&v.readiness, v.by_default) {
        (Some(r), false) => words::category(lang, r),
        (Some(r), true) => lang.fill(
            "readiness_by_default",
            &[("category", &words::category(lang, r))],
        ),
        (None, _) => lang.t("readiness_not_assessed").to_string(),
    };
    let form = typed.unwrap_or_else(|| AssessmentForm {
        date: v.today.format("%Y-%m-%d").to_string(),
        category: v.readiness.clone().unwrap_or_default(),
        ..AssessmentForm::default()
    });
    let categories = v
        .categories()
        .iter()
        .map(|k| {
            SelectOption::new(
                k.code,
                words::category(lang, k.code),
                form.category == k.code,
            )
        })
        .collect();
    let rates = if v.rules_today.kontanthjaelp_rates {
        Rate::ALL
            .iter()
            .map(|r| SelectOption::new(r.code(), r.word(), form.rate == r.code()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(BenefitPage {
        h: head(&v.access, &v.citizen, "benefit"),
        rows: v
            .assessments
            .iter()
            .map(|x| AssessmentRow {
                date: date(x.assessed_on),
                category: words::category(lang, &x.category),
                rate: x.rate.map(|r| r.word().to_string()).unwrap_or_default(),
            })
            .collect(),
        version: v.access.course.version,
        holds,
        categories,
        rates,
        form,
        error,
        c,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    render(&page(&state, &a, id(&cid)?, None, None).await?)
}

pub async fn record(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<AssessmentForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let input = AssessmentInput {
        date: &f.date,
        category: &f.category,
        rate: &f.rate,
    };
    let version = f.version.parse().unwrap_or(-1);
    match benefit::record(&state, &a.actor, course, &input, version).await {
        Ok(_) => Ok(Redirect::to(&super::paths::benefit(course)).into_response()),
        Err(e) => {
            let keep = matches!(e, WebError::Validation(_)).then(|| f.clone());
            let (status, msg) = form_error(e)?;
            render_status(status, &page(&state, &a, course, keep, Some(msg)).await?)
        }
    }
}
