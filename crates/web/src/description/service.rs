//! The samlet beskrivelse: read by the course's team (it holds health
//! details) under an audit entry; the sundhedskoordinator's advice asked
//! for and answered by the caseworker, each with a journal note and audit
//! entry in one transaction.

use super::document::{blocks, document};
use crate::audit::{event, PURPOSE_CASEWORK};
use crate::consent::service::managed_course;
use crate::courses::service::{course_citizen, CourseAccess};
use crate::error::WebError;
use crate::i18n::{format::date_in, Lang};
use crate::journal::service::new_entry;
use crate::AppState;
use chrono::{NaiveDate, Utc};
use jobspor_domain::analysis::AnalysisNote;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::conference::{Addendum, Conference};
use jobspor_domain::description::{check_answer, check_request, HealthConsultation};
use jobspor_domain::document::DocumentMeta;
use jobspor_domain::focus::FocusArea;
use jobspor_domain::rules::RuleSet;
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::{Actor, User};
use jobspor_domain::{ConsultationId, CourseId, DocumentId};
use jobspor_store::Answer;
use sha2::{Digest, Sha256};

/// Everything the samlet beskrivelse is made of.
pub struct DescriptionView {
    pub access: CourseAccess,
    pub citizen: Citizen,
    pub notes: Vec<AnalysisNote>,
    pub areas: Vec<FocusArea>,
    pub conference: Option<Conference>,
    pub addenda: Vec<Addendum>,
    pub consultations: Vec<HealthConsultation>,
    /// The course's documents: the replies attached, and the choice of one.
    pub documents: Vec<DocumentMeta>,
    pub users: Vec<User>,
    /// The rules a decision signed today falls under.
    pub rules_today: RuleSet,
    pub today: NaiveDate,
}

impl DescriptionView {
    pub fn user_name(&self, id: jobspor_domain::UserId) -> String {
        self.users
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.display_name.clone())
            .unwrap_or_default()
    }

    pub fn document_name(&self, id: DocumentId) -> String {
        self.documents
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.filename.clone())
            .unwrap_or_default()
    }
}

/// The description as it stands, read under one audit entry (`what` says
/// whether it was shown or exported as a PDF).
pub async fn view(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    action: AuditAction,
    what: &str,
) -> Result<DescriptionView, WebError> {
    let access = crate::analysis::service::notes::analysis_access(state, actor, course).await?;
    let citizen = course_citizen(state, actor, &access, action, what).await?;
    gather(state, actor, access, citizen).await
}

/// What the description is made of, for a course the caller has checked
/// access to and audited the reading of.
async fn gather(
    state: &AppState,
    actor: &Actor,
    access: CourseAccess,
    citizen: Citizen,
) -> Result<DescriptionView, WebError> {
    let m = actor.municipality_id;
    let course = access.course.id;
    let conference = state.store.conference(m, course).await?;
    let addenda = match &conference {
        Some(c) => state.store.addenda(m, c.id).await?,
        None => Vec::new(),
    };
    let today = today_copenhagen(Utc::now());
    let book = crate::rules::service::book(state, m).await?;
    let rules_today = book.on(today).cloned().ok_or(WebError::NotFound)?;
    Ok(DescriptionView {
        notes: state.store.analysis_notes(m, course).await?,
        areas: state.store.focus_areas(m, course, false).await?,
        consultations: state.store.consultations(m, course).await?,
        documents: state.store.documents(m, course).await?,
        users: state.store.list_users(m).await?,
        conference,
        addenda,
        access,
        citizen,
        rules_today,
        today,
    })
}

/// The samlet beskrivelse as the record signed now produces it: a PDF in
/// Danish, filed among the course's documents in the signing's transaction.
/// Corrections after it are the record's addenda.
pub async fn signed_document(
    state: &AppState,
    actor: &Actor,
    access: CourseAccess,
    signed: Conference,
) -> Result<(DocumentMeta, Vec<u8>), WebError> {
    let m = actor.municipality_id;
    let course = access.course.id;
    let citizen = state
        .store
        .citizen(m, access.course.citizen_id)
        .await?
        .ok_or_else(|| WebError::internal("course without citizen"))?;
    let at = signed.signed_at.unwrap_or_else(Utc::now);
    let mut v = gather(state, actor, access, citizen).await?;
    v.conference = Some(signed);
    v.addenda = Vec::new();
    let icf = crate::analysis::service::icf::classification(state, actor).await?;
    let d = document(&v, &icf, Lang::Da);
    let municipality = state.store.municipality_name(m).await?.unwrap_or_default();
    let bytes = crate::pdf::render(&d.title, &blocks(&d, &municipality))
        .map_err(|e| WebError::internal(format!("description pdf: {e}")))?;
    let meta = DocumentMeta {
        id: DocumentId::new(),
        municipality_id: m,
        course_id: course,
        filename: format!(
            "samlet-beskrivelse-{}.pdf",
            today_copenhagen(at).format("%Y-%m-%d")
        ),
        content_type: "application/pdf".into(),
        size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        sha256: hex::encode(Sha256::digest(&bytes)),
        uploaded_by: actor.user_id,
        created_at: at,
    };
    Ok((meta, bytes))
}

/// Records that the sundhedskoordinator's advice was asked for.
pub async fn request(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    date: &str,
    question: &str,
) -> Result<HealthConsultation, WebError> {
    let ca = managed_course(state, actor, course).await?;
    let today = today_copenhagen(Utc::now());
    let (requested_on, question) =
        check_request(date, question, today).map_err(WebError::Validation)?;
    let c = HealthConsultation {
        id: ConsultationId::new(),
        municipality_id: actor.municipality_id,
        course_id: course,
        requested_on,
        question,
        requested_by: actor.user_id,
        answered_on: None,
        answer: String::new(),
        document_id: None,
        created_at: Utc::now(),
        version: 1,
    };
    let da = Lang::Da;
    let note = new_entry(
        actor,
        course,
        requested_on,
        da.fill(
            "consultation_requested_note",
            &[
                ("date", &date_in(da, requested_on)),
                ("question", &c.question),
            ],
        ),
        None,
    );
    let ev = event(
        actor,
        AuditAction::Create,
        Some(ca.course.citizen_id),
        format!("health_consultation:{}", c.id),
        PURPOSE_CASEWORK,
    );
    state.store.request_consultation(&c, &note, &[ev]).await?;
    Ok(c)
}

/// What the caseworker types when the advice comes.
pub struct AnswerInput<'a> {
    pub date: &'a str,
    pub answer: &'a str,
    /// A document of the course, by id; empty: not attached yet.
    pub document: &'a str,
    pub version: i64,
}

/// Records the sundhedskoordinator's answer, and the reply attached as one
/// of the course's documents; once attached the consultation is locked.
pub async fn answer(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    id: ConsultationId,
    input: &AnswerInput<'_>,
) -> Result<HealthConsultation, WebError> {
    let ca = managed_course(state, actor, course).await?;
    let m = actor.municipality_id;
    let current = state
        .store
        .consultations(m, course)
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(WebError::NotFound)?;
    let today = today_copenhagen(Utc::now());
    let (answered_on, answer) = check_answer(input.date, input.answer, current.requested_on, today)
        .map_err(WebError::Validation)?;
    let documents = state.store.documents(m, course).await?;
    let document = match input.document.trim() {
        "" => None,
        d => Some(
            documents
                .iter()
                .find(|x| x.id.to_string() == d)
                .ok_or_else(|| WebError::invalid("invalid.choose_a_document_of_the_course"))?,
        ),
    };
    let da = Lang::Da;
    let text = match document {
        Some(doc) => da.fill(
            "consultation_attached_note",
            &[("date", &date_in(da, answered_on)), ("file", &doc.filename)],
        ),
        None => da.fill(
            "consultation_answered_note",
            &[("date", &date_in(da, answered_on))],
        ),
    };
    let note = new_entry(actor, course, answered_on, text, None);
    let ev = event(
        actor,
        AuditAction::Update,
        Some(ca.course.citizen_id),
        format!("health_consultation:{id}"),
        PURPOSE_CASEWORK,
    );
    let a = Answer {
        id,
        version: input.version,
        answered_on,
        answer: &answer,
        document: document.map(|d| d.id),
    };
    Ok(state
        .store
        .answer_consultation(m, course, &a, &note, &[ev])
        .await?)
}
