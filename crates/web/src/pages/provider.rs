//! The provider's (udfører's) pages: their participants and their inbox.

use super::{id, render, Chrome, PageResult};
use crate::auth::CurrentUser;
use crate::service::provider;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use jobspor_domain::time::{format_date, format_datetime};
use jobspor_domain::{NotificationId, PlacementId};
use jobspor_store::RosterRow;

pub struct ParticipantRow {
    pub id: String,
    pub name: String,
    pub intervention: String,
    pub goal: String,
    pub start: String,
    pub end: String,
    pub first_measurement: String,
    pub status: String,
    pub phone: String,
    pub email: String,
    pub caseworker: String,
}

fn row(r: &RosterRow, c: &Chrome) -> ParticipantRow {
    let p = &r.placement;
    ParticipantRow {
        id: p.id.to_string(),
        name: r.citizen_name.clone(),
        intervention: r.intervention_name.clone(),
        goal: p.goal.clone(),
        start: format_date(p.period.from),
        end: format_date(p.period.to),
        first_measurement: format_date(p.first_measurement),
        status: match p.waiting_position {
            Some(n) => format!("{} ({} {n})", p.status.label(c.en()), c.t("number_short")),
            None => p.status.label(c.en()).to_string(),
        },
        phone: r.citizen_phone.clone().unwrap_or_default(),
        email: r.citizen_email.clone().unwrap_or_default(),
        caseworker: r.caseworker_name.clone(),
    }
}

#[derive(Template)]
#[template(path = "participants.html")]
struct ParticipantsPage {
    c: Chrome,
    rows: Vec<ParticipantRow>,
}

pub async fn list(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    let rows = provider::participants(&state, &a.actor).await?;
    let c = Chrome::new(Some(&a), "participants", "participants");
    let rows = rows.iter().map(|r| row(r, &c)).collect();
    render(&ParticipantsPage { c, rows })
}

#[derive(Template)]
#[template(path = "participant.html")]
struct ParticipantPage {
    c: Chrome,
    p: ParticipantRow,
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(pid): Path<String>,
) -> PageResult {
    let placement: PlacementId = id(&pid)?;
    let r = provider::participant(&state, &a.actor, placement).await?;
    let c = Chrome::new(Some(&a), "participant", "participants");
    let p = row(&r, &c);
    render(&ParticipantPage { c, p })
}

pub struct InboxRow {
    pub id: String,
    pub kind: &'static str,
    pub at: String,
    pub unread: bool,
    pub p: ParticipantRow,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    c: Chrome,
    rows: Vec<InboxRow>,
}

pub async fn inbox(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    let items = provider::inbox(&state, &a.actor).await?;
    let c = Chrome::new(Some(&a), "inbox", "inbox");
    let rows = items
        .iter()
        .map(|(n, r)| InboxRow {
            id: n.id.to_string(),
            kind: n.kind.label(c.en()),
            at: format_datetime(n.created_at),
            unread: n.read_at.is_none(),
            p: row(r, &c),
        })
        .collect();
    render(&InboxPage { c, rows })
}

pub async fn mark_read(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(nid): Path<String>,
) -> PageResult {
    let n: NotificationId = id(&nid)?;
    provider::mark_read(&state, &a.actor, n).await?;
    Ok(Redirect::to("/indbakke").into_response())
}
