//! The citizen's rating page behind a one-time link (no login), and the
//! staff page that shows a new link once.

use crate::auth::{Authed, CurrentUser};
use crate::error::WebError;
use crate::page::{field, render, render_status, say, Chrome, Fields, PageResult};
use crate::progression::service::rating_link;
use crate::progression::service::rating_link::LinkRefusal;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Form;
use jobspor_domain::{GoalId, PlacementId};

#[derive(Template)]
#[template(path = "progression/templates/rating_link_made.html")]
struct Made {
    c: Chrome,
    path: String,
    back: String,
}

/// Makes a link for the placement's citizen; `back` is the page to return to.
pub async fn make(
    state: &AppState,
    a: &Authed,
    placement: PlacementId,
    back: String,
) -> PageResult {
    let token = rating_link::create(state, &a.actor, placement).await?;
    render(&Made {
        c: Chrome::new(Some(a), "rating_link", ""),
        path: crate::progression::paths::link(token),
        back,
    })
}

pub async fn make_for_caseworker(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((cid, pid)): Path<(String, String)>,
) -> PageResult {
    let placement: PlacementId = crate::page::id(&pid)?;
    make(
        &state,
        &a,
        placement,
        crate::progression::paths::course(cid),
    )
    .await
}

pub async fn make_for_provider(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(pid): Path<String>,
) -> PageResult {
    let placement: PlacementId = crate::page::id(&pid)?;
    make(
        &state,
        &a,
        placement,
        crate::provider::paths::participant(placement),
    )
    .await
}

pub struct GoalForm {
    pub id: String,
    pub question: String,
    pub levels: Vec<String>,
    pub values: Vec<i8>,
    pub low: &'static str,
    pub high: &'static str,
}

#[derive(Template)]
#[template(path = "progression/templates/m_rate.html")]
struct RatePage {
    c: Chrome,
    token: String,
    goals: Vec<GoalForm>,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "progression/templates/m_done.html")]
struct Done {
    c: Chrome,
    title: String,
    text: String,
}

fn refused(r: LinkRefusal) -> PageResult {
    let (status, text) = match r {
        LinkRefusal::Unknown => (StatusCode::NOT_FOUND, say("rating_link_unknown")),
        LinkRefusal::Used => (StatusCode::GONE, say("rating_link_used")),
        LinkRefusal::Expired => (StatusCode::GONE, say("rating_link_expired")),
    };
    render_status(
        status,
        &Done {
            c: Chrome::new(None, "own_rating_title", ""),
            title: say("rating_link_broken"),
            text,
        },
    )
}

async fn page(
    state: &AppState,
    token: &str,
    error: Option<String>,
    status: StatusCode,
) -> PageResult {
    let opened = match rating_link::open(state, token).await? {
        Ok(o) => o,
        Err(r) => return refused(r),
    };
    let c = Chrome::new(None, "own_rating_title", "");
    let goals = opened
        .goals
        .iter()
        .map(|g| {
            let (lo, hi) = g.style.range();
            let (low, high) = g.style.anchors();
            GoalForm {
                id: g.id.to_string(),
                question: g.question.clone(),
                levels: g.level_lines(),
                values: (lo..=hi).collect(),
                low,
                high,
            }
        })
        .collect();
    render_status(
        status,
        &RatePage {
            c,
            token: token.to_string(),
            goals,
            error,
        },
    )
}

pub async fn show(State(state): State<AppState>, Path(token): Path<String>) -> PageResult {
    page(&state, &token, None, StatusCode::OK).await
}

pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(f): Form<Fields>,
) -> PageResult {
    let values: Vec<(GoalId, String)> = f
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("g-")
                .and_then(|id| id.parse().ok())
                .map(|id| (id, v.clone()))
        })
        .collect();
    match rating_link::submit(&state, &token, &values, field(&f, "comment")).await {
        Ok(Ok(())) => render(&Done {
            c: Chrome::new(None, "own_rating_title", ""),
            title: say("rating_thanks_title"),
            text: say("rating_thanks"),
        }),
        Ok(Err(r)) => refused(r),
        Err(WebError::Validation(m)) => {
            page(
                &state,
                &token,
                Some(crate::page::said(&m)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
