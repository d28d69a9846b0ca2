//! Kontaktpersoner and Dokumenter.

use crate::auth::CurrentUser;
use crate::courses::head::{head, Head};
use crate::error::WebError;
use crate::page::{id, render, render_status, said, Chrome, PageError, PageResult};

use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::contact::ContactInput;
use jobspor_domain::{CourseId, DocumentId};
use serde::Deserialize;

pub struct ContactView {
    pub name: String,
    pub relation: String,
    pub phone: String,
    pub email: String,
}

#[derive(Template)]
#[template(path = "courses/templates/course_contacts.html")]
struct ContactsPage {
    c: Chrome,
    h: Head,
    contacts: Vec<ContactView>,
    error: Option<String>,
}

async fn contacts_page(
    state: &AppState,
    a: &crate::auth::Authed,
    course: CourseId,
    error: Option<String>,
) -> Result<ContactsPage, PageError> {
    let (ca, citizen) =
        crate::courses::service::read_course(state, &a.actor, course, "contacts").await?;
    let c = Chrome::new(Some(a), "contacts", "courses");
    let contacts = state
        .store
        .contacts(a.actor.municipality_id, course)
        .await?
        .into_iter()
        .map(|x| ContactView {
            name: x.name,
            relation: x.relation,
            phone: x.phone.unwrap_or_default(),
            email: x.email.unwrap_or_default(),
        })
        .collect();
    Ok(ContactsPage {
        h: head(&ca, &citizen, "contacts"),
        c,
        contacts,
        error,
    })
}

pub async fn contacts(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    render(&contacts_page(&state, &a, id(&cid)?, None).await?)
}

#[derive(Deserialize)]
pub struct ContactForm {
    name: String,
    relation: String,
    phone: Option<String>,
    email: Option<String>,
}

pub async fn add_contact(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<ContactForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let input = ContactInput {
        name: &f.name,
        relation: &f.relation,
        phone: f.phone.as_deref(),
        email: f.email.as_deref(),
    };
    match crate::journal::service::add_contact(&state, &a.actor, course, &input).await {
        Ok(_) => Ok(Redirect::to(&crate::courses::paths::contacts(course)).into_response()),
        Err(WebError::Validation(m)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &contacts_page(&state, &a, course, Some(said(&m))).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

pub struct DocView {
    pub id: String,
    pub filename: String,
    pub content_type: String,
    pub size: String,
    pub uploaded: String,
    /// When it was shared with the citizen, if it is.
    pub shared: Option<String>,
}

#[derive(Template)]
#[template(path = "courses/templates/course_documents.html")]
struct DocumentsPage {
    c: Chrome,
    h: Head,
    documents: Vec<DocView>,
    error: Option<String>,
}

fn human_size(n: i64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / 1_048_576.0)
    } else if n >= 1024 {
        format!("{:.0} kB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

async fn documents_page(
    state: &AppState,
    a: &crate::auth::Authed,
    course: CourseId,
    error: Option<String>,
) -> Result<DocumentsPage, PageError> {
    let (ca, citizen) =
        crate::courses::service::read_course(state, &a.actor, course, "documents").await?;
    let c = Chrome::new(Some(a), "documents", "courses");
    let m = a.actor.municipality_id;
    let shares = state.store.document_shares(m, course).await?;
    let documents = state
        .store
        .documents(m, course)
        .await?
        .into_iter()
        .map(|d| DocView {
            shared: shares
                .iter()
                .find(|s| s.document_id == d.id)
                .map(|s| crate::i18n::datetime(s.shared_at)),
            id: d.id.to_string(),
            filename: d.filename,
            content_type: d.content_type,
            size: human_size(d.size),
            uploaded: crate::i18n::datetime(d.created_at),
        })
        .collect();
    Ok(DocumentsPage {
        h: head(&ca, &citizen, "documents"),
        c,
        documents,
        error,
    })
}

pub async fn documents(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    render(&documents_page(&state, &a, id(&cid)?, None).await?)
}

/// Multipart upload: the CSRF field must come before the file.
pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    mp: Multipart,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let file = crate::page::read_upload(mp).await?;
    let Some((name, ct, bytes)) = file else {
        let msg = crate::page::say("invalid.choose_a_file_2");
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &documents_page(&state, &a, course, Some(msg)).await?,
        );
    };
    match crate::journal::service::add_document(&state, &a.actor, course, &name, &ct, &bytes).await
    {
        Ok(_) => Ok(Redirect::to(&crate::courses::paths::documents(course)).into_response()),
        Err(WebError::Validation(m)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &documents_page(&state, &a, course, Some(said(&m))).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

pub async fn download(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(did): Path<String>,
) -> PageResult {
    let doc: DocumentId = id(&did)?;
    let (meta, bytes) = crate::journal::service::read_document(&state, &a.actor, doc).await?;
    Ok(crate::export::document(
        &meta.content_type,
        &meta.filename,
        bytes,
    ))
}
