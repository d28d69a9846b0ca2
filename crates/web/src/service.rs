//! What pages and the API both do: load records with an access check, write
//! changes with their audit entries, and audit every read.

use crate::error::WebError;
use crate::AppState;
use chrono::{NaiveDate, Utc};
use jobspor_domain::access::{self, CourseRelations};
use jobspor_domain::audit::{AuditAction, AuditEntry, AuditEvent};
use jobspor_domain::citizen::{Citizen, CitizenInput};
use jobspor_domain::contact::{ContactInput, ContactPerson};
use jobspor_domain::course::{
    validate_referral, Course, CourseInput, CourseStatus, ReferralSection,
};
use jobspor_domain::cpr::{looks_like_cpr, Cpr, CprWarning};
use jobspor_domain::document::{check_content, clean_filename, DocumentMeta};
use jobspor_domain::journal::{validate_text, JournalEntry};
use jobspor_domain::message::Explain;
use jobspor_domain::text::{self, MEDIUM_MAX_BYTES};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::*;
use jobspor_store::{CourseFilter, CourseListRow, CourseScope, CourseSearch};
use sha2::{Digest, Sha256};

/// The purpose recorded for ordinary case work.
pub const PURPOSE_CASEWORK: &str = "sagsbehandling";

pub fn event(
    actor: &Actor,
    action: AuditAction,
    citizen: Option<CitizenId>,
    object: String,
    purpose: &str,
) -> AuditEvent {
    AuditEvent {
        at: Utc::now(),
        municipality_id: actor.municipality_id,
        user_id: Some(actor.user_id),
        username: actor.username.clone(),
        role: Some(actor.role),
        action,
        citizen_id: citizen,
        object,
        purpose: purpose.to_string(),
    }
}

/// Writes audit entries for a read; the request fails when this fails.
pub async fn audit(state: &AppState, events: &[AuditEvent]) -> Result<(), WebError> {
    state
        .store
        .append_audit(events)
        .await
        .map_err(|e| WebError::Internal(format!("audit write failed: {e}")))
}

fn validation(e: impl Explain) -> WebError {
    WebError::explained(&e)
}

// ---------- courses ----------

pub struct CourseAccess {
    pub course: Course,
    pub can_manage: bool,
}

/// The course if the actor may see it (else 404), without auditing.
pub async fn course_for(
    state: &AppState,
    actor: &Actor,
    id: CourseId,
) -> Result<CourseAccess, WebError> {
    let course = state
        .store
        .course(actor.municipality_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let (team, members) = state.store.course_relations(&course).await?;
    let rel = CourseRelations {
        caseworker_team: team.as_deref(),
        members: &members,
    };
    if !access::can_view_course(actor, &course, &rel) {
        return Err(WebError::NotFound);
    }
    let can_manage = access::can_manage_course(actor, &course, &rel);
    Ok(CourseAccess { course, can_manage })
}

/// The course and its citizen, with the read audited.
pub async fn read_course(
    state: &AppState,
    actor: &Actor,
    id: CourseId,
    what: &str,
) -> Result<(CourseAccess, Citizen), WebError> {
    let ca = course_for(state, actor, id).await?;
    let citizen = state
        .store
        .citizen(actor.municipality_id, ca.course.citizen_id)
        .await?
        .ok_or_else(|| WebError::Internal("course without citizen".into()))?;
    audit(
        state,
        &[event(
            actor,
            AuditAction::Read,
            Some(citizen.id),
            format!("{what}:{}", ca.course.id),
            PURPOSE_CASEWORK,
        )],
    )
    .await?;
    Ok((ca, citizen))
}

pub struct CourseInputOwned {
    pub target_group: String,
    pub category: Option<String>,
    pub start_date: Option<String>,
    pub framework: String,
    pub employment_goal: String,
    pub referral: Vec<(ReferralSection, String)>,
}

pub async fn create_course(
    state: &AppState,
    actor: &Actor,
    citizen_id: CitizenId,
    input: &CourseInputOwned,
) -> Result<Course, WebError> {
    if !access::can_create_course(actor) {
        return Err(WebError::NotFound);
    }
    let citizen = state
        .store
        .citizen(actor.municipality_id, citizen_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let start = match input.start_date.as_deref().filter(|s| !s.trim().is_empty()) {
        None => today_copenhagen(Utc::now()),
        Some(s) => jobspor_domain::time::parse_date(s).ok_or_else(|| {
            WebError::invalid(
                "startdatoen er ikke en gyldig dato (åååå-mm-dd)",
                "the start date is not a valid date (yyyy-mm-dd)",
            )
        })?,
    };
    let v = CourseInput {
        target_group: &input.target_group,
        category: input.category.as_deref(),
        start_date: start,
        framework: &input.framework,
        employment_goal: &input.employment_goal,
        referral: input
            .referral
            .iter()
            .map(|(s, t)| (*s, t.as_str()))
            .collect(),
    }
    .validate()
    .map_err(validation)?;
    let now = Utc::now();
    let course = Course {
        id: CourseId::new(),
        municipality_id: actor.municipality_id,
        citizen_id: citizen.id,
        caseworker_id: actor.user_id,
        target_group: v.classification.target_group,
        category: v.classification.category.map(String::from),
        rule_set: v.classification.rule_set.to_string(),
        status: CourseStatus::Referred,
        start_date: v.start_date,
        framework: v.framework,
        employment_goal: v.employment_goal,
        referral: v.referral,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(citizen.id),
        format!("course:{}", course.id),
        PURPOSE_CASEWORK,
    );
    state.store.create_course(&course, None, &[ev]).await?;
    Ok(course)
}

/// How a search box's text is understood, and the criterion for the audit log.
pub fn parse_search(q: &str) -> Option<(CourseSearch, String)> {
    let q = q.trim();
    if q.is_empty() {
        return None;
    }
    if looks_like_cpr(q) {
        if let Ok((cpr, _)) = Cpr::parse(q) {
            let crit = format!("CPR: {}", cpr.masked());
            return Some((CourseSearch::Cpr(cpr), crit));
        }
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        let prefix = if digits.len() > 6 {
            format!("{}-{}", &digits[..6], &digits[6..])
        } else {
            digits.clone()
        };
        let shown: String = digits.chars().take(6).collect();
        return Some((
            CourseSearch::CprPrefix(prefix),
            format!("CPR begynder med: {shown}"),
        ));
    }
    Some((CourseSearch::Name(q.to_string()), format!("navn: {q}")))
}

pub const PAGE_SIZE: i64 = 25;

/// "Mine forløb" and the team view, with the search and every listed citizen audited.
pub async fn list_courses(
    state: &AppState,
    actor: &Actor,
    q: &str,
    mine: bool,
    page: i64,
) -> Result<(Vec<CourseListRow>, i64), WebError> {
    let scope = match actor.role {
        Role::Caseworker if mine => CourseScope::Mine(actor.user_id),
        Role::Caseworker => CourseScope::Visible {
            user: actor.user_id,
            team: actor.team.clone(),
        },
        Role::HealthProfessional => CourseScope::Visible {
            user: actor.user_id,
            team: None,
        },
        _ => return Ok((Vec::new(), 0)),
    };
    let search = parse_search(q);
    let filter = CourseFilter {
        municipality: actor.municipality_id,
        scope,
        search: search.as_ref().map(|(s, _)| s.clone()),
        include_closed: false,
        limit: PAGE_SIZE,
        offset: (page.max(1) - 1) * PAGE_SIZE,
    };
    let (rows, total) = state.store.list_courses(&filter).await?;
    let (action, purpose) = match &search {
        Some((_, crit)) => (AuditAction::Search, crit.clone()),
        None => (
            AuditAction::Read,
            if mine {
                "liste: mine forløb".to_string()
            } else {
                "liste: teamets forløb".to_string()
            },
        ),
    };
    let mut events: Vec<AuditEvent> = Vec::new();
    for r in &rows {
        if !events.iter().any(|e| e.citizen_id == Some(r.citizen_id)) {
            events.push(event(
                actor,
                action,
                Some(r.citizen_id),
                "course_list".into(),
                &purpose,
            ));
        }
    }
    if events.is_empty() && search.is_some() {
        events.push(event(actor, action, None, "course_list".into(), &purpose));
    }
    audit(state, &events).await?;
    Ok((rows, total))
}

// ---------- citizens ----------

/// May the actor see the citizen, and which of their courses?
pub async fn citizen_for(
    state: &AppState,
    actor: &Actor,
    id: CitizenId,
) -> Result<(Citizen, Vec<Course>), WebError> {
    let citizen = state
        .store
        .citizen(actor.municipality_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let mut visible = Vec::new();
    for c in state
        .store
        .courses_of_citizen(actor.municipality_id, id)
        .await?
    {
        let (team, members) = state.store.course_relations(&c).await?;
        if access::can_view_course(
            actor,
            &c,
            &CourseRelations {
                caseworker_team: team.as_deref(),
                members: &members,
            },
        ) {
            visible.push(c);
        }
    }
    Ok((citizen, visible))
}

pub async fn read_citizen(
    state: &AppState,
    actor: &Actor,
    id: CitizenId,
) -> Result<(Citizen, Vec<Course>), WebError> {
    let (citizen, visible) = citizen_for(state, actor, id).await?;
    if !access::can_view_citizen(actor, citizen.municipality_id, !visible.is_empty()) {
        return Err(WebError::NotFound);
    }
    audit(
        state,
        &[event(
            actor,
            AuditAction::Read,
            Some(citizen.id),
            format!("citizen:{}", citizen.id),
            PURPOSE_CASEWORK,
        )],
    )
    .await?;
    Ok((citizen, visible))
}

pub struct CitizenFields {
    pub cpr: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
}

pub enum CreateCitizen {
    Created(Citizen, Option<CprWarning>),
    /// The CPR number is already registered in the municipality.
    Exists(CitizenId),
}

pub async fn create_citizen(
    state: &AppState,
    actor: &Actor,
    f: &CitizenFields,
) -> Result<CreateCitizen, WebError> {
    if !access::can_create_citizen(actor) {
        return Err(WebError::NotFound);
    }
    let v = CitizenInput {
        cpr: &f.cpr,
        name: &f.name,
        phone: f.phone.as_deref(),
        email: f.email.as_deref(),
        address: f.address.as_deref(),
    }
    .validate()
    .map_err(validation)?;
    if let Some(existing) = state
        .store
        .citizen_by_cpr(actor.municipality_id, &v.cpr)
        .await?
    {
        audit(
            state,
            &[event(
                actor,
                AuditAction::Search,
                Some(existing.id),
                "citizen".into(),
                &format!("CPR: {}", v.cpr.masked()),
            )],
        )
        .await?;
        return Ok(CreateCitizen::Exists(existing.id));
    }
    let citizen = Citizen {
        id: CitizenId::new(),
        municipality_id: actor.municipality_id,
        cpr: v.cpr,
        name: v.name,
        phone: v.phone,
        email: v.email,
        address: v.address,
        created_at: Utc::now(),
        version: 1,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(citizen.id),
        format!("citizen:{}", citizen.id),
        PURPOSE_CASEWORK,
    );
    match state.store.create_citizen(&citizen, &[ev]).await {
        Ok(()) => Ok(CreateCitizen::Created(citizen, v.warning)),
        // Created by someone else a moment ago.
        Err(jobspor_store::StoreError::Conflict(_)) => {
            Err(WebError::Conflict("citizen exists".into()))
        }
        Err(e) => Err(e.into()),
    }
}

pub struct ContactFields {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
}

/// Corrects a citizen's name and contact data if `version` is still current.
pub async fn update_citizen(
    state: &AppState,
    actor: &Actor,
    id: CitizenId,
    version: i64,
    f: &ContactFields,
) -> Result<(), WebError> {
    if !access::can_create_citizen(actor) {
        return Err(WebError::NotFound);
    }
    let current = state
        .store
        .citizen(actor.municipality_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    let cpr = current.cpr.full();
    let v = CitizenInput {
        cpr: &cpr,
        name: &f.name,
        phone: Some(&f.phone),
        email: Some(&f.email),
        address: Some(&f.address),
    }
    .validate()
    .map_err(validation)?;
    let changed = Citizen {
        name: v.name,
        phone: v.phone,
        email: v.email,
        address: v.address,
        ..current
    };
    let ev = event(
        actor,
        AuditAction::Update,
        Some(id),
        format!("citizen:{id}"),
        PURPOSE_CASEWORK,
    );
    state.store.update_citizen(&changed, version, &[ev]).await?;
    Ok(())
}

/// Citizens matching a query, for the API: by CPR or by name.
pub async fn search_citizens(
    state: &AppState,
    actor: &Actor,
    q: &str,
    page: i64,
) -> Result<Vec<Citizen>, WebError> {
    if !access::can_search_citizens(actor) {
        return Ok(Vec::new());
    }
    let Some((search, crit)) = parse_search(q) else {
        return Err(WebError::invalid(
            "angiv et søgekriterium (q)",
            "give a search criterion (q)",
        ));
    };
    let found = match search {
        CourseSearch::Cpr(cpr) => state
            .store
            .citizen_by_cpr(actor.municipality_id, &cpr)
            .await?
            .into_iter()
            .collect(),
        CourseSearch::CprPrefix(_) => {
            return Err(WebError::invalid(
                "angiv et helt CPR-nummer eller et navn",
                "give a whole CPR number or a name",
            ));
        }
        CourseSearch::Name(n) => {
            state
                .store
                .search_citizens_by_name(
                    actor.municipality_id,
                    &n,
                    PAGE_SIZE,
                    (page.max(1) - 1) * PAGE_SIZE,
                )
                .await?
        }
    };
    let mut events: Vec<AuditEvent> = found
        .iter()
        .map(|c: &Citizen| {
            event(
                actor,
                AuditAction::Search,
                Some(c.id),
                "citizen_search".into(),
                &crit,
            )
        })
        .collect();
    if events.is_empty() {
        events.push(event(
            actor,
            AuditAction::Search,
            None,
            "citizen_search".into(),
            &crit,
        ));
    }
    audit(state, &events).await?;
    Ok(found)
}

pub async fn access_log(
    state: &AppState,
    actor: &Actor,
    id: CitizenId,
    export: bool,
) -> Result<(Citizen, Vec<AuditEntry>), WebError> {
    let (citizen, visible) = citizen_for(state, actor, id).await?;
    if !access::can_view_access_log(actor, citizen.municipality_id, !visible.is_empty()) {
        return Err(WebError::NotFound);
    }
    let (action, what) = if export {
        (AuditAction::Export, "access_log_export")
    } else {
        (AuditAction::Read, "access_log")
    };
    audit(
        state,
        &[event(
            actor,
            action,
            Some(citizen.id),
            format!("{what}:{}", citizen.id),
            "indsigt i adgangslog",
        )],
    )
    .await?;
    let entries = state
        .store
        .access_log(actor.municipality_id, id, 10_000)
        .await?;
    Ok((citizen, entries))
}

// ---------- journal, status, contacts, documents ----------

/// A journal entry written now by the actor.
fn new_entry(
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
            .ok_or_else(|| WebError::invalid("datoen er ugyldig", "the date is not valid"))?,
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

pub struct StatusChange {
    pub version: i64,
    pub status: String,
    pub framework: String,
    pub employment_goal: String,
    pub referral: Vec<(ReferralSection, String)>,
}

pub async fn change_status(
    state: &AppState,
    actor: &Actor,
    id: CourseId,
    ch: &StatusChange,
) -> Result<Course, WebError> {
    let ca = course_for(state, actor, id).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound);
    }
    let mut c = ca.course;
    c.status = CourseStatus::parse(&ch.status)
        .ok_or_else(|| WebError::invalid("ukendt status", "unknown status"))?;
    c.framework =
        text::required(&ch.framework, "forløbsramme", text::SHORT_MAX_BYTES).map_err(validation)?;
    c.employment_goal = text::normalize(&ch.employment_goal, "beskæftigelsesmål", MEDIUM_MAX_BYTES)
        .map_err(validation)?;
    let sections: Vec<(ReferralSection, &str)> =
        ch.referral.iter().map(|(s, t)| (*s, t.as_str())).collect();
    c.referral = validate_referral(&sections).map_err(validation)?;
    let ev = event(
        actor,
        AuditAction::Update,
        Some(c.citizen_id),
        format!("course:{}", c.id),
        PURPOSE_CASEWORK,
    );
    Ok(state
        .store
        .update_course(&c, ch.version, None, &[ev])
        .await?)
}

/// Hands the course to another caseworker of the municipality, with a journal note.
pub async fn reassign(
    state: &AppState,
    actor: &Actor,
    id: CourseId,
    version: i64,
    to: UserId,
    note: &str,
) -> Result<Course, WebError> {
    let ca = course_for(state, actor, id).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound);
    }
    let target = state
        .store
        .user(to)
        .await?
        .filter(|u| {
            u.municipality_id == actor.municipality_id && u.role == Role::Caseworker && u.active
        })
        .ok_or_else(|| {
            WebError::invalid("vælg en aktiv sagsbehandler", "choose an active caseworker")
        })?;
    let note = text::normalize(note, "note", MEDIUM_MAX_BYTES).map_err(validation)?;
    let mut c = ca.course;
    c.caseworker_id = target.id;
    let body = if note.is_empty() {
        format!("Forløbet er overdraget til {}.", target.display_name)
    } else {
        format!(
            "Forløbet er overdraget til {}.\n\n{note}",
            target.display_name
        )
    };
    let entry = new_entry(actor, c.id, today_copenhagen(Utc::now()), body, None);
    let ev = event(
        actor,
        AuditAction::Update,
        Some(c.citizen_id),
        format!("course:{}:caseworker", c.id),
        PURPOSE_CASEWORK,
    );
    Ok(state
        .store
        .update_course(&c, version, Some(&entry), &[ev])
        .await?)
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

/// Puts a health professional of the municipality on the course's team, so
/// they can see it (the caseworker decides who is on the team).
pub async fn add_team_member(
    state: &AppState,
    actor: &Actor,
    id: CourseId,
    user: UserId,
) -> Result<(), WebError> {
    let ca = course_for(state, actor, id).await?;
    if !ca.can_manage {
        return Err(WebError::NotFound);
    }
    let member = state
        .store
        .user(user)
        .await?
        .filter(|u| {
            u.municipality_id == actor.municipality_id
                && u.role == Role::HealthProfessional
                && u.active
        })
        .ok_or_else(|| {
            WebError::invalid(
                "vælg en aktiv sundhedsfaglig medarbejder",
                "choose an active health professional",
            )
        })?;
    let ev = event(
        actor,
        AuditAction::Update,
        Some(ca.course.citizen_id),
        format!("course:{}:member:{}", id, member.id),
        PURPOSE_CASEWORK,
    );
    match state
        .store
        .add_course_member(&ca.course, member.id, &[ev])
        .await
    {
        Ok(()) | Err(jobspor_store::StoreError::Conflict(_)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
