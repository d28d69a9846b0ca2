//! Frister (caseworkers: own or team) and Målinger (providers): what is
//! overdue or due within two weeks, across courses.

use crate::auth::CurrentUser;
use crate::control::service::deadlines;
use crate::control::service::deadlines::DueList;
use crate::i18n::Word;
use crate::notices::pages::MessageView;
use crate::page::{render, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;

pub struct Row {
    pub due: String,
    pub overdue: bool,
    pub name: String,
    pub link: String,
    pub kind: &'static str,
    pub detail: String,
    pub caseworker: String,
}

#[derive(Template)]
#[template(path = "control/templates/deadlines.html")]
struct DeadlinesPage {
    c: Chrome,
    heading: &'static str,
    rows: Vec<Row>,
    /// The latest messages, as on the messages page.
    messages: Vec<MessageView>,
    show_scope: bool,
    team: bool,
}

fn rows(list: &DueList, provider: bool) -> Vec<Row> {
    list.rows
        .iter()
        .map(|r| Row {
            due: crate::i18n::date(r.due),
            overdue: r.due < list.today,
            name: r.citizen_name.clone(),
            link: match (provider, r.placement_id) {
                (true, Some(p)) => crate::provider::paths::participant(p),
                (false, Some(_)) => crate::progression::paths::course(r.course_id),
                (_, None) => crate::control::paths::control(r.course_id),
            },
            kind: r.kind.word(),
            detail: r.detail.clone(),
            caseworker: r.caseworker.clone(),
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct Scope {
    #[serde(default)]
    omfang: String,
}

pub async fn for_caseworker(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<Scope>,
) -> PageResult {
    let team = q.omfang == "team";
    let list = deadlines::for_caseworker(&state, &a.actor, team).await?;
    let c = Chrome::new(Some(&a), "deadlines", "deadlines");
    let messages = crate::notices::service::group(list.notices.clone())
        .iter()
        .map(|g| crate::notices::pages::view(c.lang, g))
        .collect();
    render(&DeadlinesPage {
        rows: rows(&list, false),
        messages,
        heading: "deadlines",
        show_scope: true,
        team,
        c,
    })
}

pub async fn for_provider(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
) -> PageResult {
    let list = deadlines::for_provider(&state, &a.actor).await?;
    let c = Chrome::new(Some(&a), "measurements_due", "measurements");
    render(&DeadlinesPage {
        rows: rows(&list, true),
        messages: Vec::new(),
        heading: "measurements_due",
        show_scope: false,
        team: false,
        c,
    })
}

pub async fn notice_read(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(nid): Path<String>,
) -> PageResult {
    deadlines::mark_notice_read(&state, &a.actor, &nid).await?;
    Ok(Redirect::to(&crate::control::paths::deadlines()).into_response())
}
