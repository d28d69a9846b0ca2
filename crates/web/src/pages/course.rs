//! One course: the course menu (Historik, Status og forløbsmål,
//! Kontaktpersoner, Dokumenter) and its forms.

use super::{id, render, render_status, said, Chrome, PageError, PageResult};
use crate::auth::{same_token, CsrfPending, CurrentUser, CSRF_FIELD};
use crate::error::WebError;
use crate::service::{self, CourseAccess, StatusChange};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, Extensions, StatusCode};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::contact::ContactInput;
use jobspor_domain::course::{CourseStatus, ReferralSection};
use jobspor_domain::rules::category_label;
use jobspor_domain::time::{format_date, format_datetime};
use jobspor_domain::user::Role;
use jobspor_domain::{CourseId, DocumentId, JournalEntryId};
use serde::Deserialize;
use std::collections::HashMap;

/// What the course header and menu show on every tab.
pub struct Head {
    pub id: String,
    pub citizen_id: String,
    pub citizen_name: String,
    pub cpr: String,
    pub target_group: String,
    pub category: String,
    pub status: String,
    pub start: String,
    pub framework: String,
    pub tab: &'static str,
    pub can_manage: bool,
}

fn head(c: &Chrome, ca: &CourseAccess, citizen: &Citizen, tab: &'static str) -> Head {
    let en = c.en();
    let k = &ca.course;
    Head {
        id: k.id.to_string(),
        citizen_id: citizen.id.to_string(),
        citizen_name: citizen.name.clone(),
        cpr: citizen.cpr.masked(),
        target_group: if en {
            k.target_group.label_en()
        } else {
            k.target_group.label_da()
        }
        .to_string(),
        category: k
            .category
            .as_deref()
            .map(|x| category_label(&k.rule_set, x, en))
            .unwrap_or_default(),
        status: k.status.label(en).to_string(),
        start: format_date(k.start_date),
        framework: k.framework.clone(),
        tab,
        can_manage: ca.can_manage,
    }
}

pub async fn open(Path(cid): Path<String>) -> Result<Redirect, PageError> {
    let course: CourseId = id(&cid)?;
    Ok(Redirect::to(&format!("/forloeb/{course}/historik")))
}

// ---------- Historik ----------

pub struct EntryView {
    pub id: String,
    pub date: String,
    pub created: String,
    pub author: String,
    pub role: String,
    pub text: String,
    pub corrects: Option<String>,
}

#[derive(Template)]
#[template(path = "course_history.html")]
struct HistoryPage {
    c: Chrome,
    h: Head,
    entries: Vec<EntryView>,
    correcting: Option<EntryView>,
    text: String,
    error: Option<String>,
    today: String,
}

#[derive(Deserialize)]
pub struct HistoryQuery {
    ret: Option<String>,
}

async fn history_page(
    state: &AppState,
    a: &crate::auth::Authed,
    course: CourseId,
    correct: Option<JournalEntryId>,
    text: String,
    error: Option<String>,
) -> Result<HistoryPage, PageError> {
    let (ca, citizen) = service::read_course(state, &a.actor, course, "journal").await?;
    let c = Chrome::new(Some(a), "history", "courses");
    let en = c.en();
    let entries: Vec<EntryView> = state
        .store
        .journal(a.actor.municipality_id, course)
        .await?
        .into_iter()
        .map(|e| EntryView {
            id: e.id.to_string(),
            date: format_date(e.entry_date),
            created: format_datetime(e.created_at),
            author: e.author_name,
            role: e.author_role.label(en).to_string(),
            text: e.text,
            corrects: e.corrects.map(|x| x.to_string()),
        })
        .collect();
    let correcting = correct.and_then(|cid| {
        entries
            .iter()
            .find(|e| e.id == cid.to_string())
            .map(|e| EntryView {
                id: e.id.clone(),
                date: e.date.clone(),
                created: e.created.clone(),
                author: e.author.clone(),
                role: e.role.clone(),
                text: e.text.clone(),
                corrects: None,
            })
    });
    let today = jobspor_domain::time::today_copenhagen(chrono::Utc::now()).to_string();
    Ok(HistoryPage {
        h: head(&c, &ca, &citizen, "history"),
        c,
        entries,
        correcting,
        text,
        error,
        today,
    })
}

pub async fn history(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Query(q): Query<HistoryQuery>,
) -> PageResult {
    let correct = q.ret.as_deref().and_then(|r| r.parse().ok());
    render(&history_page(&state, &a, id(&cid)?, correct, String::new(), None).await?)
}

#[derive(Deserialize)]
pub struct EntryForm {
    text: String,
    entry_date: Option<String>,
    corrects: Option<String>,
}

pub async fn add_entry(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<EntryForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let corrects: Option<JournalEntryId> = f
        .corrects
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| s.parse())
        .transpose()
        .map_err(|_| WebError::NotFound)?;
    match service::add_journal(
        &state,
        &a.actor,
        course,
        &f.text,
        f.entry_date.as_deref(),
        corrects,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!("/forloeb/{course}/historik")).into_response()),
        Err(WebError::Validation(msg)) => {
            let page = history_page(&state, &a, course, corrects, f.text, Some(said(&msg))).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e.into()),
    }
}

// ---------- Status og forløbsmål ----------

pub struct Option_ {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct SectionView {
    pub code: &'static str,
    pub label: &'static str,
    pub text: String,
}

#[derive(Template)]
#[template(path = "course_status.html")]
struct StatusPage {
    c: Chrome,
    h: Head,
    version: i64,
    statuses: Vec<Option_>,
    framework: String,
    goal: String,
    sections: Vec<SectionView>,
    caseworkers: Vec<Option_>,
    team: Vec<String>,
    candidates: Vec<Option_>,
    rule_set: String,
    error: Option<String>,
}

async fn status_page(
    state: &AppState,
    a: &crate::auth::Authed,
    course: CourseId,
    error: Option<String>,
) -> Result<StatusPage, PageError> {
    let (ca, citizen) = service::read_course(state, &a.actor, course, "course").await?;
    let c = Chrome::new(Some(a), "status_goal", "courses");
    let en = c.en();
    let k = &ca.course;
    let statuses = CourseStatus::ALL
        .iter()
        .map(|s| Option_ {
            value: s.code().into(),
            label: s.label(en).into(),
            selected: *s == k.status,
        })
        .collect();
    let sections = ReferralSection::ALL
        .iter()
        .map(|s| SectionView {
            code: s.code(),
            label: s.label(en),
            text: k.referral.get(s).cloned().unwrap_or_default(),
        })
        .collect();
    let users = state.store.list_users(a.actor.municipality_id).await?;
    let (_, members) = state.store.course_relations(k).await?;
    let option = |u: &jobspor_domain::user::User| Option_ {
        value: u.id.to_string(),
        label: u.display_name.clone(),
        selected: false,
    };
    let caseworkers = users
        .iter()
        .filter(|u| {
            ca.can_manage && u.role == Role::Caseworker && u.active && u.id != k.caseworker_id
        })
        .map(option)
        .collect();
    let team = users
        .iter()
        .filter(|u| members.contains(&u.id))
        .map(|u| professional_label(u, en))
        .collect();
    let candidates = users
        .iter()
        .filter(|u| {
            ca.can_manage
                && u.role == Role::HealthProfessional
                && u.active
                && !members.contains(&u.id)
        })
        .map(|u| Option_ {
            value: u.id.to_string(),
            label: professional_label(u, en),
            selected: false,
        })
        .collect();
    let rule_set = jobspor_domain::rules::rule_set_by_id(&k.rule_set)
        .map(|r| r.name.to_string())
        .unwrap_or_else(|| k.rule_set.clone());
    Ok(StatusPage {
        h: head(&c, &ca, &citizen, "status"),
        c,
        version: k.version,
        statuses,
        framework: k.framework.clone(),
        goal: k.employment_goal.clone(),
        sections,
        caseworkers,
        team,
        candidates,
        rule_set,
        error,
    })
}

fn professional_label(u: &jobspor_domain::user::User, en: bool) -> String {
    match u.profession {
        Some(p) => format!("{} ({})", u.display_name, p.label(en)),
        None => u.display_name.clone(),
    }
}

pub async fn status(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    render(&status_page(&state, &a, id(&cid)?, None).await?)
}

pub async fn save_status(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let change = StatusChange {
        version: get("version").parse().map_err(|_| {
            WebError::BadRequest(jobspor_domain::message::Message::new(
                "version mangler",
                "version is missing",
            ))
        })?,
        status: get("status"),
        framework: get("framework"),
        employment_goal: get("employment_goal"),
        referral: ReferralSection::ALL
            .iter()
            .map(|s| (*s, get(&format!("ref_{}", s.code()))))
            .collect(),
    };
    match service::change_status(&state, &a.actor, course, &change).await {
        Ok(_) => Ok(Redirect::to(&format!("/forloeb/{course}/status")).into_response()),
        Err(e) => status_again(&state, &a, course, e).await,
    }
}

/// A rejected status-page form: the page again with the reason, or the error page.
async fn status_again(
    state: &AppState,
    a: &crate::auth::Authed,
    course: CourseId,
    e: WebError,
) -> PageResult {
    match e {
        WebError::Validation(_) | WebError::Conflict(_) => {
            let msg = e.public_message(crate::i18n::Lang::current().english());
            render_status(e.status(), &status_page(state, a, course, Some(msg)).await?)
        }
        other => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct ReassignForm {
    version: i64,
    caseworker_id: String,
    #[serde(default)]
    note: String,
}

pub async fn reassign(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<ReassignForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let done = match f.caseworker_id.parse() {
        Ok(to) => service::reassign(&state, &a.actor, course, f.version, to, &f.note)
            .await
            .map(|_| ()),
        Err(_) => Err(WebError::invalid(
            "vælg en sagsbehandler",
            "choose a caseworker",
        )),
    };
    match done {
        // The previous owner may no longer see the course: go to the list.
        Ok(()) => Ok(Redirect::to("/forloeb").into_response()),
        Err(e) => status_again(&state, &a, course, e).await,
    }
}

#[derive(Deserialize)]
pub struct TeamForm {
    user_id: String,
}

pub async fn add_team_member(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<TeamForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let done = match f.user_id.parse() {
        Ok(user) => service::add_team_member(&state, &a.actor, course, user).await,
        Err(_) => Err(WebError::invalid(
            "vælg en fagperson",
            "choose a professional",
        )),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/forloeb/{course}/status")).into_response()),
        Err(e) => status_again(&state, &a, course, e).await,
    }
}

// ---------- Kontaktpersoner ----------

pub struct ContactView {
    pub name: String,
    pub relation: String,
    pub phone: String,
    pub email: String,
}

#[derive(Template)]
#[template(path = "course_contacts.html")]
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
    let (ca, citizen) = service::read_course(state, &a.actor, course, "contacts").await?;
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
        h: head(&c, &ca, &citizen, "contacts"),
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
    match service::add_contact(&state, &a.actor, course, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/forloeb/{course}/kontaktpersoner")).into_response()),
        Err(WebError::Validation(m)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &contacts_page(&state, &a, course, Some(said(&m))).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

// ---------- Dokumenter ----------

pub struct DocView {
    pub id: String,
    pub filename: String,
    pub content_type: String,
    pub size: String,
    pub uploaded: String,
}

#[derive(Template)]
#[template(path = "course_documents.html")]
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
    let (ca, citizen) = service::read_course(state, &a.actor, course, "documents").await?;
    let c = Chrome::new(Some(a), "documents", "courses");
    let documents = state
        .store
        .documents(a.actor.municipality_id, course)
        .await?
        .into_iter()
        .map(|d| DocView {
            id: d.id.to_string(),
            filename: d.filename,
            content_type: d.content_type,
            size: human_size(d.size),
            uploaded: format_datetime(d.created_at),
        })
        .collect();
    Ok(DocumentsPage {
        h: head(&c, &ca, &citizen, "documents"),
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

fn multipart_error(e: axum::extract::multipart::MultipartError) -> WebError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::PayloadTooLarge
    } else {
        WebError::BadRequest(jobspor_domain::message::Message::new(
            "ugyldig formular",
            "invalid form",
        ))
    }
}

/// Multipart upload: the CSRF field must come before the file.
pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    ext: Extensions,
    mut mp: Multipart,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let mut csrf_ok = ext.get::<CsrfPending>().is_none();
    let mut file: Option<(String, String, Vec<u8>)> = None;
    while let Some(field) = mp.next_field().await.map_err(multipart_error)? {
        match field.name() {
            Some(CSRF_FIELD) => {
                let v = field.text().await.map_err(|_| WebError::Csrf)?;
                csrf_ok = same_token(&v, a.csrf());
            }
            Some("file") if csrf_ok => {
                let name = field.file_name().unwrap_or("").to_string();
                let ct = field
                    .content_type()
                    .unwrap_or("application/octet-stream")
                    .to_string();
                let bytes = field.bytes().await.map_err(multipart_error)?;
                file = Some((name, ct, bytes.to_vec()));
            }
            _ => {}
        }
    }
    if !csrf_ok {
        return Err(WebError::Csrf.into());
    }
    let Some((name, ct, bytes)) = file else {
        let msg = if crate::i18n::Lang::current().english() {
            "Choose a file."
        } else {
            "Vælg en fil."
        };
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &documents_page(&state, &a, course, Some(msg.into())).await?,
        );
    };
    match service::add_document(&state, &a.actor, course, &name, &ct, &bytes).await {
        Ok(_) => Ok(Redirect::to(&format!("/forloeb/{course}/dokumenter")).into_response()),
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
    let (meta, bytes) = service::read_document(&state, &a.actor, doc).await?;
    // RFC 5987 filename so Danish letters survive; the plain fallback is ASCII.
    let ascii: String = meta
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = meta
        .filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let (Ok(ct), Ok(cd)) = (meta.content_type.parse(), disposition.parse()) {
        h.insert(header::CONTENT_TYPE, ct);
        h.insert(header::CONTENT_DISPOSITION, cd);
    }
    Ok(res)
}
