//! Everything held about the logged-in citizen (GDPR art. 15 and 20), as a
//! PDF to read and JSON for another system: the same export staff produce
//! (`crate::insight`), audited as the citizen's own access.

use super::login::own;
use super::page::tx;
use super::paths;
use super::session;
use crate::i18n::Lang;
use crate::insight::document;
use crate::page::PageResult;
use crate::AppState;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::insight::Insight;

/// The citizen's export, audited; `None` without a session.
async fn mine(
    state: &AppState,
    h: &HeaderMap,
    purpose: &str,
) -> Result<Option<Insight>, crate::error::WebError> {
    let Some(s) = session::current(state, h).await? else {
        return Ok(None);
    };
    let (m, cid) = (s.municipality_id, s.citizen_id);
    let ev = own(
        m,
        cid,
        AuditAction::Export,
        &format!("insight:{cid}"),
        purpose,
    );
    state.store.append_audit(&[ev]).await?;
    Ok(state.store.citizen_insight(m, cid).await?)
}

/// The document in the citizen's language where staff texts have it
/// (Danish or English); Danish otherwise.
fn lang(h: &HeaderMap) -> Lang {
    if tx(h).lang == "en" {
        Lang::En
    } else {
        Lang::Da
    }
}

pub async fn pdf(State(state): State<AppState>, h: HeaderMap) -> PageResult {
    let Some(i) = mine(&state, &h, "egen indsigt (art. 15): PDF").await? else {
        return Ok(Redirect::to(&paths::home()).into_response());
    };
    let lang = lang(&h);
    Ok(crate::export::download(
        "application/pdf",
        document::pdf_name(lang),
        document::pdf(lang, &i)?,
    ))
}

pub async fn json(State(state): State<AppState>, h: HeaderMap) -> PageResult {
    let Some(i) = mine(
        &state,
        &h,
        "egen indsigt og dataportabilitet (art. 15 og 20): JSON",
    )
    .await?
    else {
        return Ok(Redirect::to(&paths::home()).into_response());
    };
    Ok(crate::export::download(
        "application/json",
        document::json_name(lang(&h)),
        document::json_bytes(&i)?,
    ))
}
