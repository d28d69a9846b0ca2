//! Forskningsudtræk: the pseudonymised analysis export and what it holds.

use crate::auth::CurrentUser;
use crate::management::pages::{chrome, export, filter_form, DashQuery, Export, FilterForm};
use crate::management::service::register::require_manager;
use crate::management::service::research::{research_table, HEADERS};
use crate::page::{render, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};

#[derive(Template)]
#[template(path = "management/templates/mgmt_research.html")]
struct ResearchPage {
    c: Chrome,
    f: FilterForm,
    columns: Vec<&'static str>,
    x: Export,
}

pub async fn research_page(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
) -> PageResult {
    require_manager(&a.actor)?;
    let f = filter_form(
        &state,
        &a.actor,
        crate::management::paths::route::research,
        &q,
    )
    .await?;
    render(&ResearchPage {
        c: chrome(&a, "research_export"),
        f,
        columns: HEADERS.to_vec(),
        x: q.exports(&crate::management::paths::research_export(), "forloeb"),
    })
}

pub async fn research_export(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<DashQuery>,
) -> PageResult {
    let table = research_table(&state, &a.actor, &q.filter()).await?;
    Ok(export(&q, &table, "forskningsudtraek")?)
}
