//! Historik: the journal, new entries and corrections.

use crate::auth::CurrentUser;
use crate::courses::head::{head, Head};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::{id, render, render_status, said, Chrome, PageError, PageResult};

use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::{CourseId, JournalEntryId};
use serde::Deserialize;

pub struct EntryView {
    pub id: String,
    pub date: String,
    pub created: String,
    pub author: String,
    pub role: String,
    pub text: String,
    /// The entry this one corrects: its anchor and how a reader knows it.
    pub corrects: Option<Corrected>,
}

/// An entry another corrects, named by its date and author, not its id.
pub struct Corrected {
    pub id: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "journal/templates/course_history.html")]
struct HistoryPage {
    c: Chrome,
    h: Head,
    entries: Vec<EntryView>,
    correcting: Option<EntryView>,
    text: String,
    error: Option<String>,
    today: String,
}

#[derive(Deserialize)]
pub struct HistoryQuery {
    ret: Option<String>,
}

async fn history_page(
    state: &AppState,
    a: &crate::auth::Authed,
    course: CourseId,
    correct: Option<JournalEntryId>,
    text: String,
    error: Option<String>,
) -> Result<HistoryPage, PageError> {
    let (ca, citizen) =
        crate::courses::service::read_course(state, &a.actor, course, "journal").await?;
    let c = Chrome::new(Some(a), "history", "courses");
    let journal = state.store.journal(a.actor.municipality_id, course).await?;
    let named = |id: JournalEntryId| {
        let label = journal
            .iter()
            .find(|e| e.id == id)
            .map(|e| format!("{}, {}", crate::i18n::date(e.entry_date), e.author_name))
            .unwrap_or_default();
        Corrected {
            id: id.to_string(),
            label,
        }
    };
    let entries: Vec<EntryView> = journal
        .iter()
        .map(|e| EntryView {
            id: e.id.to_string(),
            date: crate::i18n::date(e.entry_date),
            created: crate::i18n::datetime(e.created_at),
            author: e.author_name.clone(),
            role: e.author_role.word().to_string(),
            text: e.text.clone(),
            corrects: e.corrects.map(named),
        })
        .collect();
    let correcting = correct.and_then(|cid| {
        entries
            .iter()
            .find(|e| e.id == cid.to_string())
            .map(|e| EntryView {
                id: e.id.clone(),
                date: e.date.clone(),
                created: e.created.clone(),
                author: e.author.clone(),
                role: e.role.clone(),
                text: e.text.clone(),
                corrects: None,
            })
    });
    let today = jobspor_domain::time::today_copenhagen(chrono::Utc::now()).to_string();
    Ok(HistoryPage {
        h: head(&ca, &citizen, "history"),
        c,
        entries,
        correcting,
        text,
        error,
        today,
    })
}

pub async fn history(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Query(q): Query<HistoryQuery>,
) -> PageResult {
    let correct = q.ret.as_deref().and_then(|r| r.parse().ok());
    render(&history_page(&state, &a, id(&cid)?, correct, String::new(), None).await?)
}

#[derive(Deserialize)]
pub struct EntryForm {
    text: String,
    entry_date: Option<String>,
    corrects: Option<String>,
}

pub async fn add_entry(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<EntryForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let corrects: Option<JournalEntryId> = f
        .corrects
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| s.parse())
        .transpose()
        .map_err(|_| WebError::NotFound)?;
    match crate::journal::service::add_journal(
        &state,
        &a.actor,
        course,
        &f.text,
        f.entry_date.as_deref(),
        corrects,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&crate::journal::paths::history(course)).into_response()),
        Err(WebError::Validation(msg)) => {
            let page = history_page(&state, &a, course, corrects, f.text, Some(said(&msg))).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}
