//! Documents the caseworker has shared with the citizen, such as the plan
//! as a PDF: listed in Min plan and downloaded by the logged-in citizen,
//! each download audited as the citizen's own access. Nothing else of the
//! course's documents is reachable from here.

use super::login::own;
use super::paths;
use super::running::day;
use super::session;
use crate::error::WebError;
use crate::page::PageResult;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::{CitizenId, DocumentId, MunicipalityId};

pub struct DocumentRow {
    pub name: String,
    pub href: String,
    pub shared: String,
}

/// The documents shared with the citizen, newest first.
pub async fn rows(
    state: &AppState,
    m: MunicipalityId,
    cid: CitizenId,
) -> Result<Vec<DocumentRow>, WebError> {
    Ok(state
        .store
        .shared_with(m, cid)
        .await?
        .into_iter()
        .map(|(d, at)| DocumentRow {
            name: d.filename,
            href: paths::document(d.id),
            shared: day(today_copenhagen(at)),
        })
        .collect())
}

pub async fn download(
    State(state): State<AppState>,
    h: HeaderMap,
    Path(id): Path<String>,
) -> PageResult {
    let Some(s) = session::current(&state, &h).await? else {
        return Ok(Redirect::to(&paths::home()).into_response());
    };
    let id: DocumentId = id.parse().map_err(|_| WebError::NotFound)?;
    let (m, cid) = (s.municipality_id, s.citizen_id);
    // Only a document shared with this citizen, and only while it is.
    if !state
        .store
        .shared_with(m, cid)
        .await?
        .iter()
        .any(|(d, _)| d.id == id)
    {
        return Err(WebError::NotFound.into());
    }
    let (meta, bytes) = state
        .store
        .document(m, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let ev = own(
        s.municipality_id,
        s.citizen_id,
        AuditAction::Export,
        &format!("document:{id}"),
        "egen indsigt",
    );
    state.store.append_audit(&[ev]).await?;
    Ok(crate::export::document(
        &meta.content_type,
        &meta.filename,
        bytes,
    ))
}
