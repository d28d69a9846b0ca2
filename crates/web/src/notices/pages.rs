//! The messages page, and the same messages on the caseworker's deadlines.

use crate::auth::CurrentUser;
use crate::i18n::Lang;
use crate::notices::service::{self, About, Group};
use crate::page::{render, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_store::{NOTICE_BOOKED, NOTICE_BOOKING_CANCELLED, NOTICE_PLAN_ANSWER};

/// One course of a message: who, and where to act.
pub struct AboutView {
    pub name: String,
    pub link: String,
    /// A booking's time and place, in words.
    pub when: String,
}

/// One message as shown.
pub struct MessageView {
    pub ids: Vec<String>,
    pub text: String,
    pub at: String,
    pub unread: bool,
    /// The courses, listed when there are several.
    pub about: Vec<AboutView>,
}

/// A booking's time and place from its detail.
fn when(lang: Lang, detail: &str) -> String {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(detail) else {
        return String::new();
    };
    let at = v["starts_at"]
        .as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|t| crate::i18n::datetime(t.with_timezone(&chrono::Utc)))
        .unwrap_or_default();
    let place = v["location"].as_str().unwrap_or_default();
    lang.fill("notice.when", &[("at", &at), ("place", place)])
}

fn about(lang: Lang, kind: &str, a: &About) -> AboutView {
    AboutView {
        name: a
            .citizen
            .clone()
            .unwrap_or_else(|| lang.t("notice.a_course").to_string()),
        link: match kind {
            NOTICE_PLAN_ANSWER => crate::plan::paths::plan(a.course_id),
            NOTICE_BOOKED | NOTICE_BOOKING_CANCELLED => {
                crate::conference::paths::conversations(a.course_id)
            }
            _ => crate::journal::paths::history(a.course_id),
        },
        when: if a.detail.is_empty() {
            String::new()
        } else {
            when(lang, &a.detail)
        },
    }
}

/// A group in words: what happened, who did it, and about whom.
pub fn view(lang: Lang, g: &Group) -> MessageView {
    let about: Vec<AboutView> = g.about.iter().map(|a| about(lang, &g.kind, a)).collect();
    let n = about.len().to_string();
    let first = about.first().map(|a| a.name.as_str()).unwrap_or_default();
    let key = match (g.kind.as_str(), about.len()) {
        (NOTICE_PLAN_ANSWER, _) => "notice.plan_answer",
        (NOTICE_BOOKED, 1) => "notice.booked",
        (NOTICE_BOOKED, _) => "notice.booked_many",
        (NOTICE_BOOKING_CANCELLED, 1) => "notice.booking_cancelled",
        (NOTICE_BOOKING_CANCELLED, _) => "notice.bookings_cancelled",
        (_, 1) => "notice.handover",
        _ => "notice.handovers",
    };
    MessageView {
        ids: g.ids.clone(),
        text: lang.fill(
            key,
            &[("from", &g.from_name), ("citizen", first), ("n", &n)],
        ),
        at: crate::i18n::datetime(g.at),
        unread: g.unread,
        about,
    }
}

#[derive(Template)]
#[template(path = "notices/templates/notices.html")]
struct NoticesPage {
    c: Chrome,
    messages: Vec<MessageView>,
    unread: usize,
}

pub async fn list(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    let groups = service::messages(&state, &a.actor).await?;
    let c = Chrome::new(Some(&a), "messages", "messages");
    let messages: Vec<MessageView> = groups.iter().map(|g| view(c.lang, g)).collect();
    let unread = groups
        .iter()
        .filter(|g| g.unread)
        .map(|g| g.ids.len())
        .sum();
    render(&NoticesPage {
        c,
        messages,
        unread,
    })
}

/// Marks one message (a group: one `id` field per notice) read.
pub async fn read(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let ids: Vec<String> = fields
        .into_iter()
        .filter(|(k, _)| k == "id")
        .map(|(_, v)| v)
        .collect();
    service::mark_read(&state, &a.actor, &ids).await?;
    Ok(Redirect::to(&crate::notices::paths::list()).into_response())
}

pub async fn read_all(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(_): Form<Vec<(String, String)>>,
) -> PageResult {
    service::mark_all_read(&state, &a.actor).await?;
    Ok(Redirect::to(&crate::notices::paths::list()).into_response())
}
