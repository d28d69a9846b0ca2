//! "Mine forløb": the caseworker's courses, with search and paging.

use crate::auth::CurrentUser;
use crate::courses::service::PAGE_SIZE;
use crate::i18n::Word;
use crate::page::{render, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::Form;
use serde::Deserialize;

pub struct Row {
    pub course_id: String,
    pub name: String,
    pub cpr: String,
    pub target_group: String,
    pub category: String,
    pub status: String,
    pub start: String,
    pub caseworker: String,
}

#[derive(Template)]
#[template(path = "courses/templates/courses.html")]
struct CoursesPage {
    c: Chrome,
    q: String,
    mine: bool,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    prev_page: Option<i64>,
    next_page: Option<i64>,
}

/// The list without a search comes by GET; a search is POSTed, so that a CPR
/// number or a name never appears in a URL (history, proxy and server logs).
#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    side: Option<i64>,
}

pub async fn list(
    state: State<AppState>,
    user: CurrentUser,
    Query(mut lq): Query<ListQuery>,
) -> PageResult {
    lq.q.clear();
    show(state, user, lq).await
}

pub async fn search(
    state: State<AppState>,
    user: CurrentUser,
    Form(lq): Form<ListQuery>,
) -> PageResult {
    show(state, user, lq).await
}

async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    lq: ListQuery,
) -> PageResult {
    let mine = lq.scope != "team";
    let page = lq.side.unwrap_or(1).max(1);
    let (rows, total) =
        crate::courses::service::list_courses(&state, &a.actor, &lq.q, mine, page).await?;
    let c = Chrome::new(
        Some(&a),
        if mine {
            "my_courses"
        } else {
            "visible_courses"
        },
        "courses",
    );
    let rows = rows
        .into_iter()
        .map(|r| Row {
            course_id: r.course_id.to_string(),
            name: r.citizen_name,
            cpr: r.cpr.masked(),
            target_group: r.target_group.word().to_string(),
            category: r
                .category
                .map(|k| crate::i18n::words::category(crate::i18n::Lang::current(), &k))
                .unwrap_or_default(),
            status: r.status.word().to_string(),
            start: crate::i18n::date(r.start_date),
            caseworker: r.caseworker_name,
        })
        .collect();
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    render(&CoursesPage {
        c,
        prev_page: (page > 1).then_some(page - 1),
        next_page: (page < pages).then_some(page + 1),
        q: lq.q,
        mine,
        rows,
        total,
        page,
        pages,
    })
}
