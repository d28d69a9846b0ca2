//! The provider's (udfører's) pages: their participants and their inbox.

use crate::auth::{Authed, CurrentUser};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{form_error, id, render, render_status, Chrome, PageError, PageResult};
use crate::progression::pages::cards::{placement_card, PlacementCard};
use crate::progression::service as progression;
use crate::progression::service::Rating;
use crate::provider::service as provider;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::progression::Rater;
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::GoalId;
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
        start: crate::i18n::date(p.period.from),
        end: crate::i18n::date(p.period.to),
        first_measurement: crate::i18n::date(p.first_measurement),
        status: match p.waiting_position {
            Some(n) => format!("{} ({} {n})", p.status.word(), c.t("number_short")),
            None => p.status.word().to_string(),
        },
        phone: r.citizen_phone.clone().unwrap_or_default(),
        email: r.citizen_email.clone().unwrap_or_default(),
        caseworker: r.caseworker_name.clone(),
    }
}

#[derive(Template)]
#[template(path = "provider/templates/participants.html")]
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
#[template(path = "provider/templates/participant.html")]
struct ParticipantPage {
    c: Chrome,
    p: ParticipantRow,
    pc: PlacementCard,
    styles: Vec<SelectOption>,
    bank: Vec<String>,
    is_provider: bool,
    can_decide: bool,
    error: Option<String>,
}

async fn participant_page(
    state: &AppState,
    a: &Authed,
    placement: PlacementId,
    error: Option<String>,
) -> Result<ParticipantPage, PageError> {
    let r = provider::participant(state, &a.actor, placement).await?;
    let view = progression::for_provider(state, &a.actor, r.clone()).await?;
    let c = Chrome::new(Some(a), "participant", "participants");
    let en = c.en();
    let today = today_copenhagen(chrono::Utc::now());
    Ok(ParticipantPage {
        p: row(&r, &c),
        pc: placement_card(
            &view,
            &c,
            today,
            crate::provider::paths::participant(placement),
        ),
        styles: crate::progression::pages::course::styles(),
        bank: crate::progression::pages::course::bank(state, a, en).await?,
        is_provider: true,
        can_decide: false,
        error,
        c,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(pid): Path<String>,
) -> PageResult {
    let placement: PlacementId = id(&pid)?;
    render(&participant_page(&state, &a, placement, None).await?)
}

async fn answer(
    state: &AppState,
    a: &Authed,
    placement: PlacementId,
    r: Result<(), WebError>,
) -> PageResult {
    match r {
        Ok(()) => Ok(Redirect::to(&crate::provider::paths::participant(placement)).into_response()),
        Err(e) => {
            let (status, msg) = form_error(e)?;
            render_status(
                status,
                &participant_page(state, a, placement, Some(msg)).await?,
            )
        }
    }
}

pub async fn add_goal(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(pid): Path<String>,
    Form(f): Form<crate::progression::pages::course::GoalForm>,
) -> PageResult {
    let placement: PlacementId = id(&pid)?;
    let r = progression::add_goal(&state, &a.actor, placement, &f.input())
        .await
        .map(|_| ());
    answer(&state, &a, placement, r).await
}

pub async fn rate(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(pid): Path<String>,
    Form(f): Form<crate::progression::pages::course::RatingForm>,
) -> PageResult {
    let placement: PlacementId = id(&pid)?;
    let Ok(goal) = f.goal.parse::<GoalId>() else {
        return Err(WebError::NotFound.into());
    };
    let r = progression::rate(
        &state,
        &a.actor,
        placement,
        &Rating {
            goal,
            rater: Rater::Provider,
            value: &f.value,
            comment: &f.comment,
            date: &f.date,
            corrects: f.corrects.parse().ok(),
        },
    )
    .await
    .map(|_| ());
    answer(&state, &a, placement, r).await
}

pub async fn citizen_form(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((pid, gid)): Path<(String, String)>,
) -> PageResult {
    let (placement, goal): (PlacementId, GoalId) = (id(&pid)?, id(&gid)?);
    let base = crate::provider::paths::participant(placement);
    render(
        &crate::progression::pages::course::citizen_page(
            &state, &a, placement, goal, &base, &base, None,
        )
        .await?,
    )
}

pub async fn citizen_save(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((pid, gid)): Path<(String, String)>,
    Form(f): Form<crate::progression::pages::course::RatingForm>,
) -> PageResult {
    let (placement, goal): (PlacementId, GoalId) = (id(&pid)?, id(&gid)?);
    let base = crate::provider::paths::participant(placement);
    crate::progression::pages::course::save_citizen_rating(
        &state, &a, placement, goal, &f, &base, &base,
    )
    .await
}

pub struct InboxRow {
    pub id: String,
    pub kind: &'static str,
    pub at: String,
    pub unread: bool,
    pub p: ParticipantRow,
}

#[derive(Template)]
#[template(path = "provider/templates/inbox.html")]
struct InboxPage {
    c: Chrome,
    rows: Vec<InboxRow>,
    unread: usize,
}

pub async fn inbox(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    let items = provider::inbox(&state, &a.actor).await?;
    let c = Chrome::new(Some(&a), "inbox", "inbox");
    let rows = items
        .iter()
        .map(|(n, r)| InboxRow {
            id: n.id.to_string(),
            kind: n.kind.word(),
            at: crate::i18n::datetime(n.created_at),
            unread: n.read_at.is_none(),
            p: row(r, &c),
        })
        .collect::<Vec<InboxRow>>();
    let unread = rows.iter().filter(|r| r.unread).count();
    render(&InboxPage { c, rows, unread })
}

pub async fn mark_all_read(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(_): Form<Vec<(String, String)>>,
) -> PageResult {
    provider::mark_all_read(&state, &a.actor).await?;
    Ok(Redirect::to(&crate::provider::paths::inbox()).into_response())
}

pub async fn mark_read(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(nid): Path<String>,
) -> PageResult {
    let n: NotificationId = id(&nid)?;
    provider::mark_read(&state, &a.actor, n).await?;
    Ok(Redirect::to(&crate::provider::paths::inbox()).into_response())
}
