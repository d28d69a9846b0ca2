//! Sharing a course's documents with the citizen: a shared document shows in
//! the citizen's Min plan until the sharing stops. The caseworker can also
//! share the plan as it stands today, as a PDF kept among the documents.
//! Only someone who manages the course shares; each change is audited with
//! the data it changes.

use crate::audit::{event, PURPOSE_CASEWORK};
use crate::auth::CurrentUser;
use crate::courses::service::{course_for, ensure_open};
use crate::error::WebError;
use crate::page::{id, PageResult};
use crate::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use chrono::Utc;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::document::{DocumentMeta, Share};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::Actor;
use jobspor_domain::{CourseId, DocumentId};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Shares a document of the course with its citizen, or stops sharing it.
/// Sharing twice, or stopping what is not shared, changes nothing.
pub async fn set_shared(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    document: DocumentId,
    shared: bool,
) -> Result<(), WebError> {
    let ca = course_for(state, actor, course).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound);
    }
    let m = actor.municipality_id;
    if !state
        .store
        .documents(m, course)
        .await?
        .iter()
        .any(|d| d.id == document)
    {
        return Err(WebError::NotFound);
    }
    let already = state
        .store
        .document_shares(m, course)
        .await?
        .iter()
        .any(|s| s.document_id == document);
    if already == shared {
        return Ok(());
    }
    let citizen = ca.course.citizen_id;
    let what = if shared { "shared" } else { "unshared" };
    let ev = event(
        actor,
        AuditAction::Update,
        Some(citizen),
        format!("document:{document}:{what}"),
        PURPOSE_CASEWORK,
    );
    if shared {
        ensure_open(&ca.course)?;
        let share = Share {
            document_id: document,
            municipality_id: m,
            citizen_id: citizen,
            shared_by: actor.user_id,
            shared_at: Utc::now(),
        };
        state.store.share_document(&share, &[ev]).await?;
    } else {
        state.store.unshare_document(m, document, &[ev]).await?;
    }
    Ok(())
}

/// Makes the plan's PDF as it stands today, keeps it among the course's
/// documents and shares it with the citizen: one transaction.
pub async fn share_plan(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<DocumentMeta, WebError> {
    let ca = course_for(state, actor, course).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound);
    }
    ensure_open(&ca.course)?;
    let made = crate::plan::pdf::plan_document(state, actor, course).await?;
    let now = Utc::now();
    let meta = DocumentMeta {
        id: DocumentId::new(),
        municipality_id: actor.municipality_id,
        course_id: course,
        filename: format!("indsatsplan-{}.pdf", today_copenhagen(now)),
        content_type: "application/pdf".into(),
        size: made.bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(&made.bytes)),
        uploaded_by: actor.user_id,
        created_at: now,
    };
    let share = Share {
        document_id: meta.id,
        municipality_id: actor.municipality_id,
        citizen_id: made.citizen,
        shared_by: actor.user_id,
        shared_at: now,
    };
    let shared = event(
        actor,
        AuditAction::Create,
        Some(made.citizen),
        format!("document:{}:shared", meta.id),
        PURPOSE_CASEWORK,
    );
    state
        .store
        .add_shared_document(&meta, &made.bytes, &share, &[made.audit, shared])
        .await?;
    Ok(meta)
}

#[derive(Deserialize)]
pub struct ShareForm {
    #[serde(default)]
    shared: String,
}

pub async fn share(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((cid, did)): Path<(String, String)>,
    Form(f): Form<ShareForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let document: DocumentId = id(&did)?;
    let shared = match f.shared.as_str() {
        "ja" => true,
        "nej" => false,
        _ => return Err(WebError::invalid("invalid.choose_share_or_not").into()),
    };
    set_shared(&state, &a.actor, course, document, shared).await?;
    Ok(Redirect::to(&crate::courses::paths::documents(course)).into_response())
}

pub async fn share_plan_page(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    share_plan(&state, &a.actor, course).await?;
    Ok(Redirect::to(&crate::courses::paths::documents(course)).into_response())
}
