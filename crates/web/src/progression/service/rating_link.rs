//! The citizen's own rating through a one-time link: made by the provider
//! or the caseworker, valid for 14 days, spent on use. The page shows the
//! questions and the scale only, never the provider's ratings.

use crate::audit::event;
use crate::auth::{random_token, sha256_hex};
use crate::error::WebError;
use crate::AppState;
use chrono::{Duration, Utc};
use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_domain::progression::*;
use jobspor_domain::text::{self, MEDIUM_MAX_BYTES};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::*;
use jobspor_store::{Conflict, RatingLink, StoreError};

/// How long a rating link is valid.
pub const VALID_DAYS: i64 = 14;

/// Why a link opens nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    Unknown,
    Used,
    Expired,
}

/// A new link for the citizen of this placement; the token is shown once.
pub async fn create(state: &AppState, actor: &Actor, id: PlacementId) -> Result<String, WebError> {
    let (p, _) = crate::progression::service::placement_for(state, actor, id).await?;
    crate::progression::service::open_placement(&p)?;
    let token = random_token();
    let now = Utc::now();
    let link = RatingLink {
        token_hash: sha256_hex(&token),
        municipality_id: actor.municipality_id,
        course_id: p.course_id,
        placement_id: p.id,
        created_by: actor.user_id,
        created_at: now,
        expires_at: now + Duration::days(VALID_DAYS),
        used_at: None,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(p.citizen_id),
        format!("rating_link:{}", p.id),
        crate::audit::PURPOSE_CASEWORK,
    );
    state.store.create_rating_link(&link, &[ev]).await?;
    Ok(token)
}

/// What an open link shows: the placement's open goals.
pub struct Opened {
    pub link: RatingLink,
    pub goals: Vec<ProgressGoal>,
}

pub async fn open(state: &AppState, token: &str) -> Result<Result<Opened, LinkRefusal>, WebError> {
    let Some(link) = state.store.rating_link(&sha256_hex(token)).await? else {
        return Ok(Err(LinkRefusal::Unknown));
    };
    if link.used_at.is_some() {
        return Ok(Err(LinkRefusal::Used));
    }
    if link.expires_at <= Utc::now() {
        return Ok(Err(LinkRefusal::Expired));
    }
    let goals = state
        .store
        .goals(link.municipality_id, link.course_id)
        .await?
        .into_iter()
        .filter(|g| g.placement_id == link.placement_id && g.ended_at.is_none())
        .collect();
    Ok(Ok(Opened { link, goals }))
}

fn citizen_event(link: &RatingLink, citizen: CitizenId) -> AuditEvent {
    AuditEvent {
        at: Utc::now(),
        municipality_id: link.municipality_id,
        user_id: None,
        username: "borger via link".into(),
        role: Some(Role::Citizen),
        action: AuditAction::Create,
        citizen_id: Some(citizen),
        object: format!("measurements:{}", link.placement_id),
        purpose: "borgerens egen vurdering".into(),
    }
}

/// Saves the citizen's ratings (one per open goal) and spends the link.
pub async fn submit(
    state: &AppState,
    token: &str,
    values: &[(GoalId, String)],
    comment: &str,
) -> Result<Result<(), LinkRefusal>, WebError> {
    let opened = match open(state, token).await? {
        Ok(o) => o,
        Err(r) => return Ok(Err(r)),
    };
    let link = &opened.link;
    let p = state
        .store
        .placement(link.municipality_id, link.placement_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let now = Utc::now();
    let today = today_copenhagen(now);
    check_measured_on(today, p.period.from, today).map_err(WebError::Validation)?;
    let comment =
        text::normalize(comment, "comment", MEDIUM_MAX_BYTES).map_err(crate::audit::validation)?;
    let mut ratings = Vec::new();
    for g in &opened.goals {
        let typed = values
            .iter()
            .find(|(id, _)| *id == g.id)
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        ratings.push(Measurement {
            id: MeasurementId::new(),
            municipality_id: link.municipality_id,
            course_id: link.course_id,
            placement_id: Some(link.placement_id),
            goal_id: Some(g.id),
            rater: Rater::Citizen,
            value: parse_rating(typed, g.style).map_err(WebError::Validation)?,
            comment: comment.clone(),
            measured_on: today,
            channel: Channel::Link,
            baseline: false,
            recorded_at: now,
            recorded_by: None,
            corrects: None,
        });
    }
    match state
        .store
        .submit_rating_link(
            &link.token_hash,
            now,
            &ratings,
            &[citizen_event(link, p.citizen_id)],
        )
        .await
    {
        Ok(()) => Ok(Ok(())),
        Err(StoreError::Conflict(Conflict::LinkSpent)) => Ok(Err(LinkRefusal::Used)),
        Err(e) => Err(e.into()),
    }
}
