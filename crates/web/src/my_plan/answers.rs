//! The citizen's answer to each part of their plan in "Min plan": agree or
//! not, and a comment. The caseworker sees it on the course's plan.

use super::login::own;
use super::session;
use crate::error::WebError;
use crate::page::PageResult;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::plan::PlacementStatus;
use jobspor_domain::plan_response::{answer, PlanResponse};
use jobspor_domain::PlacementId;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct AnswerForm {
    csrf: String,
    #[serde(default)]
    choice: String,
    #[serde(default)]
    comment: String,
}

pub async fn save(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<AnswerForm>,
) -> PageResult {
    let Some(s) = session::posting(&state, &headers, &f.csrf).await? else {
        return Ok(Redirect::to(&super::paths::home()).into_response());
    };
    let (m, cid) = (s.municipality_id, s.citizen_id);
    let id: PlacementId = id.parse().map_err(|_| WebError::NotFound)?;
    // Only a part of the citizen's own plan that has not ended.
    let placement = state
        .store
        .placement(m, id)
        .await?
        .filter(|p| p.citizen_id == cid && p.status != PlacementStatus::Ended)
        .ok_or(WebError::NotFound)?;
    let (agreed, comment) = match answer(&f.choice, &f.comment) {
        Ok(a) => a,
        Err(message) => {
            let problem = super::page::Problem {
                about: id.to_string(),
                message,
                choice: f.choice,
                comment: f.comment,
            };
            return super::page::plan_page(&state, &headers, &s, Some(problem)).await;
        }
    };
    let citizen = session::citizen(&state, &s).await?;
    let ev = own(
        m,
        cid,
        AuditAction::Update,
        &format!("placement:{}:answer", placement.id),
        "borgerens svar på planen",
    );
    state
        .store
        .answer_placement(
            &PlanResponse {
                placement_id: placement.id,
                municipality_id: m,
                citizen_id: cid,
                agreed,
                comment,
                answered_at: Utc::now(),
            },
            &citizen.name,
            &[ev],
        )
        .await?;
    Ok(Redirect::to(&format!("{}#del-{}", super::paths::home(), placement.id)).into_response())
}
