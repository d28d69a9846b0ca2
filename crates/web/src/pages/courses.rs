//! "Mine forløb": the caseworker's courses, with search and paging.

use super::{render, Chrome, PageResult};
use crate::auth::CurrentUser;
use crate::service::{self, PAGE_SIZE};
use crate::AppState;
use askama::Template;
use axum::extract::{Query, State};
use jobspor_domain::rules::category_label;
use jobspor_domain::time::format_date;
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
#[template(path = "courses.html")]
struct CoursesPage {
    c: Chrome,
    q: String,
    mine: bool,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    prev_link: Option<String>,
    next_link: Option<String>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    side: Option<i64>,
}

fn link(q: &str, scope: &str, page: i64) -> String {
    let qs = serde_urlencoded::to_string([("q", q), ("scope", scope), ("side", &page.to_string())])
        .unwrap_or_default();
    format!("/forloeb?{qs}")
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(lq): Query<ListQuery>,
) -> PageResult {
    let mine = lq.scope != "team";
    let page = lq.side.unwrap_or(1).max(1);
    let (rows, total) = service::list_courses(&state, &a.actor, &lq.q, mine, page).await?;
    let c = Chrome::new(
        Some(&a),
        if mine {
            "my_courses"
        } else {
            "visible_courses"
        },
        "courses",
    );
    let en = c.en();
    let rows = rows
        .into_iter()
        .map(|r| Row {
            course_id: r.course_id.to_string(),
            name: r.citizen_name,
            cpr: r.cpr.masked(),
            target_group: if en {
                r.target_group.label_en()
            } else {
                r.target_group.label_da()
            }
            .to_string(),
            category: r
                .category
                .map(|k| category_label(&r.rule_set, &k, en))
                .unwrap_or_default(),
            status: r.status.label(en).to_string(),
            start: format_date(r.start_date),
            caseworker: r.caseworker_name,
        })
        .collect();
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let scope = if mine { "mine" } else { "team" };
    render(&CoursesPage {
        c,
        prev_link: (page > 1).then(|| link(&lq.q, scope, page - 1)),
        next_link: (page < pages).then(|| link(&lq.q, scope, page + 1)),
        q: lq.q,
        mine,
        rows,
        total,
        page,
        pages,
    })
}
