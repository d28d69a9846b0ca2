//! The journal, contact persons and documents of a course.

use crate::audit::{audit, event, validation, PURPOSE_CASEWORK};
use crate::courses::service::course_for;
use crate::error::WebError;
use crate::AppState;
use chrono::{NaiveDate, Utc};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::contact::{ContactInput, ContactPerson};
use jobspor_domain::document::{check_content, clean_filename, DocumentMeta};
use jobspor_domain::journal::{validate_text, JournalEntry};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::Actor;
use jobspor_domain::*;
use sha2::{Digest, Sha256};

/// A journal entry written now by the actor.
pub(crate) fn new_entry(
    actor: &Actor,
    course_id: CourseId,
    entry_date: NaiveDate,
    text: String,
    corrects: Option<JournalEntryId>,
) -> JournalEntry {
    JournalEntry {
        id: JournalEntryId::new(),
        municipality_id: actor.municipality_id,
        course_id,
        author_id: actor.user_id,
        author_name: actor.display_name.clone(),
        author_role: actor.role,
        entry_date,
        text,
        corrects,
        created_at: Utc::now(),
    }
}

pub async fn add_journal(
    state: &AppState,
    actor: &Actor,
    course_id: CourseId,
    body: &str,
    date: Option<&str>,
    corrects: Option<JournalEntryId>,
) -> Result<JournalEntry, WebError> {
    let ca = course_for(state, actor, course_id).await?;
    let text = validate_text(body).map_err(validation)?;
    let entry_date: NaiveDate = match date.filter(|d| !d.trim().is_empty()) {
        None => today_copenhagen(Utc::now()),
        Some(d) => jobspor_domain::time::parse_date(d)
            .ok_or_else(|| WebError::invalid("invalid.the_date_is_not_valid"))?,
    };
    let entry = new_entry(actor, course_id, entry_date, text, corrects);
    let ev = event(
        actor,
        AuditAction::Create,
        Some(ca.course.citizen_id),
        format!("journal:{}", entry.id),
        PURPOSE_CASEWORK,
    );
    state.store.add_journal_entry(&entry, &[ev]).await?;
    Ok(entry)
}

pub async fn add_contact(
    state: &AppState,
    actor: &Actor,
    id: CourseId,
    input: &ContactInput<'_>,
) -> Result<ContactPerson, WebError> {
    let ca = course_for(state, actor, id).await?;
    let v = input.validate().map_err(validation)?;
    let contact = ContactPerson {
        id: ContactId::new(),
        municipality_id: actor.municipality_id,
        course_id: id,
        name: v.name,
        relation: v.relation,
        phone: v.phone,
        email: v.email,
        created_at: Utc::now(),
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(ca.course.citizen_id),
        format!("contact:{}", contact.id),
        PURPOSE_CASEWORK,
    );
    state.store.add_contact(&contact, &[ev]).await?;
    Ok(contact)
}

pub async fn add_document(
    state: &AppState,
    actor: &Actor,
    id: CourseId,
    filename: &str,
    content_type: &str,
    bytes: &[u8],
) -> Result<DocumentMeta, WebError> {
    let ca = course_for(state, actor, id).await?;
    let ct = check_content(content_type, bytes).map_err(validation)?;
    let filename = clean_filename(filename).map_err(validation)?;
    let meta = DocumentMeta {
        id: DocumentId::new(),
        municipality_id: actor.municipality_id,
        course_id: id,
        filename,
        content_type: ct.to_string(),
        size: bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(bytes)),
        uploaded_by: actor.user_id,
        created_at: Utc::now(),
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(ca.course.citizen_id),
        format!("document:{}", meta.id),
        PURPOSE_CASEWORK,
    );
    state.store.add_document(&meta, bytes, &[ev]).await?;
    Ok(meta)
}

pub async fn read_document(
    state: &AppState,
    actor: &Actor,
    id: DocumentId,
) -> Result<(DocumentMeta, Vec<u8>), WebError> {
    let (meta, bytes) = state
        .store
        .document(actor.municipality_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let ca = course_for(state, actor, meta.course_id).await?;
    audit(
        state,
        &[event(
            actor,
            AuditAction::Export,
            Some(ca.course.citizen_id),
            format!("document:{}", meta.id),
            PURPOSE_CASEWORK,
        )],
    )
    .await?;
    Ok((meta, bytes))
}
