//! The benefit register import: upload, dry run, and the imports so far.

use crate::auth::CurrentUser;
use crate::management::service::register;
use crate::management::service::register::ImportReport;
use crate::page::{read_upload, render, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::IntoResponse;

/// A count about citizens, under the small-cell rule: fewer than five
/// (none included, or a one-line file would tell) shows as such.
pub fn cell(c: &Chrome, n: &usize) -> String {
    if jobspor_domain::evaluation::shown(*n) {
        n.to_string()
    } else {
        c.t("fewer_than_five").to_string()
    }
}

pub struct ImportRow {
    pub file: String,
    pub lines: i64,
    /// Counts about citizens, under the small-cell rule.
    pub added: String,
    pub extended: String,
    pub unchanged: String,
    pub by: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "management/templates/mgmt_register.html")]
struct RegisterPage {
    c: Chrome,
    report: Option<ImportReport>,
    imports: Vec<ImportRow>,
}

async fn register_page(
    state: &AppState,
    a: &crate::auth::Authed,
    report: Option<ImportReport>,
) -> PageResult {
    register::require_manager(&a.actor)?;
    let c = Chrome::new(Some(a), "register", "management");
    let count = |n: i64| cell(&c, &usize::try_from(n).unwrap_or(0));
    let imports = state
        .store
        .register_imports(a.actor.municipality_id, 20)
        .await?
        .into_iter()
        .map(|r| ImportRow {
            file: r.file_name,
            lines: r.lines,
            added: count(r.added),
            extended: count(r.extended),
            unchanged: count(r.unchanged),
            by: r.by_name,
            at: crate::i18n::datetime(r.at),
        })
        .collect();
    render(&RegisterPage { c, report, imports })
}

pub async fn register_form(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
) -> PageResult {
    register_page(&state, &a, None).await
}

async fn upload(
    state: AppState,
    a: crate::auth::Authed,
    mp: axum::extract::Multipart,
    dry_run: bool,
) -> PageResult {
    register::require_manager(&a.actor)?;
    let report = match read_upload(mp).await? {
        Some((name, _, bytes)) => {
            register::import(&state, &a.actor, &name, &bytes, dry_run).await?
        }
        None => ImportReport {
            errors: vec![jobspor_domain::evaluation::register::LineError {
                line: 0,
                message: jobspor_domain::message::Message::new("invalid.choose_a_file_2"),
            }],
            ..Default::default()
        },
    };
    let status = if report.errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = register_page(&state, &a, Some(report)).await?;
    Ok((status, page).into_response())
}

pub async fn register_dry_run(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    mp: axum::extract::Multipart,
) -> PageResult {
    upload(state, a, mp, true).await
}

pub async fn register_import(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    mp: axum::extract::Multipart,
) -> PageResult {
    upload(state, a, mp, false).await
}
