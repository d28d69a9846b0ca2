//! Creating and viewing citizens, their access log, and creating courses.

use crate::auth::{Authed, CurrentUser};
use crate::citizens::service::{CitizenFields, CreateCitizen};
use crate::citizens::standing::Standing;
use crate::courses::service::CourseInputOwned;
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{id, render, render_status, said, Chrome, PageError, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::access;
use jobspor_domain::control::FollowUpTrack;
use jobspor_domain::course::ReferralSection;
use jobspor_domain::need_to_know::CitizenData;
use jobspor_domain::rules::{RuleBook, TargetGroup};
use jobspor_domain::CitizenId;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "citizens/templates/citizen_new.html")]
struct NewCitizenPage {
    c: Chrome,
    cpr: String,
    name: String,
    phone: String,
    email: String,
    address: String,
    error: Option<String>,
    existing: Option<String>,
}

pub async fn new_form(CurrentUser(a): CurrentUser) -> PageResult {
    if !access::can_create_citizen(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    render(&NewCitizenPage {
        c: Chrome::new(Some(&a), "new_citizen", "new_citizen"),
        cpr: String::new(),
        name: String::new(),
        phone: String::new(),
        email: String::new(),
        address: String::new(),
        error: None,
        existing: None,
    })
}

#[derive(Deserialize)]
pub struct CitizenForm {
    cpr: String,
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    address: String,
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<CitizenForm>,
) -> PageResult {
    let fields = CitizenFields {
        cpr: f.cpr.clone(),
        name: f.name.clone(),
        phone: Some(f.phone.clone()),
        email: Some(f.email.clone()),
        address: Some(f.address.clone()),
    };
    let again =
        |a: &Authed, status: StatusCode, error: Option<String>, existing: Option<String>| {
            render_status(
                status,
                &NewCitizenPage {
                    c: Chrome::new(Some(a), "new_citizen", "new_citizen"),
                    cpr: f.cpr.clone(),
                    name: f.name.clone(),
                    phone: f.phone.clone(),
                    email: f.email.clone(),
                    address: f.address.clone(),
                    error,
                    existing,
                },
            )
        };
    match crate::citizens::service::create_citizen(&state, &a.actor, &fields).await {
        // The modulus-11 warning is shown on the citizen page via the journal-free flag below.
        Ok(CreateCitizen::Created(c, warning)) => {
            let to = if warning.is_some() {
                format!("{}?mod11=1", crate::citizens::paths::citizen(c.id))
            } else {
                crate::citizens::paths::citizen(c.id)
            };
            Ok(Redirect::to(&to).into_response())
        }
        Ok(CreateCitizen::Exists(existing)) => {
            again(&a, StatusCode::CONFLICT, None, Some(existing.to_string()))
        }
        Err(WebError::Validation(m)) => {
            again(&a, StatusCode::UNPROCESSABLE_ENTITY, Some(said(&m)), None)
        }
        Err(e) => Err(e.into()),
    }
}

pub struct CourseRow {
    pub id: String,
    pub framework: String,
    pub target_group: String,
    pub status: String,
    pub start: String,
}

#[derive(Template)]
#[template(path = "citizens/templates/citizen.html")]
struct CitizenPage {
    c: Chrome,
    id: String,
    name: String,
    cpr: String,
    phone: String,
    email: String,
    address: String,
    version: i64,
    courses: Vec<CourseRow>,
    mod11_warning: Option<&'static str>,
    can_create_course: bool,
    can_edit: bool,
    can_insight: bool,
    error: Option<String>,
    screening: Option<crate::screening::pages::ScreeningSection>,
}

#[derive(Deserialize)]
pub struct ShowQuery {
    mod11: Option<String>,
}

/// The page of a citizen whose record the actor has opened
/// (`service::read_citizen` or `open_record`).
async fn citizen_page(
    state: &AppState,
    a: &Authed,
    s: Standing,
    mod11: bool,
    error: Option<String>,
) -> Result<CitizenPage, PageError> {
    let screening = if s.may(&a.actor, CitizenData::Screening) {
        Some(crate::screening::pages::section(state, a, &s).await?)
    } else {
        None
    };
    let can_insight = s.may(&a.actor, CitizenData::Insight);
    let (citizen, courses) = (s.citizen, s.visible);
    let c = Chrome::new(Some(a), "citizen", "");
    let courses = courses
        .iter()
        .map(|k| CourseRow {
            id: k.id.to_string(),
            framework: k.framework.clone(),
            target_group: k.target_group.word().to_string(),
            status: k.status.word().to_string(),
            start: crate::i18n::date(k.start_date),
        })
        .collect();
    let warn = mod11 && !citizen.cpr.passes_modulus11();
    Ok(CitizenPage {
        can_create_course: access::can_create_course(&a.actor),
        can_edit: access::can_create_citizen(&a.actor),
        can_insight,
        c,
        id: citizen.id.to_string(),
        name: citizen.name.clone(),
        // The citizen's own page is where the whole number is needed.
        cpr: citizen.cpr.full(),
        phone: citizen.phone.clone().unwrap_or_default(),
        email: citizen.email.clone().unwrap_or_default(),
        address: citizen.address.clone().unwrap_or_default(),
        version: citizen.version,
        courses,
        mod11_warning: warn.then(|| jobspor_domain::cpr::CprWarning::Modulus11.message()),
        error,
        screening,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    axum::extract::Query(q): axum::extract::Query<ShowQuery>,
) -> PageResult {
    let citizen_id = id(&cid)?;
    // One who may only find the citizen sees who they are and may state a
    // purpose to open more.
    let s = crate::citizens::standing::standing(&state, &a.actor, citizen_id).await?;
    if !s.may(&a.actor, CitizenData::Record) {
        s.require(&a.actor, CitizenData::Found)?;
        return crate::citizens::purpose::found_page(&state, &a, &s, None, None).await;
    }
    let s = crate::citizens::service::open_record(&state, &a.actor, s).await?;
    render(&citizen_page(&state, &a, s, q.mod11.is_some(), None).await?)
}

#[derive(Deserialize)]
pub struct EditForm {
    version: i64,
    name: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    address: String,
}

/// Corrects name and contact data; the CPR number never changes.
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<EditForm>,
) -> PageResult {
    let citizen_id: CitizenId = id(&cid)?;
    let fields = crate::citizens::service::ContactFields {
        name: f.name,
        phone: f.phone,
        email: f.email,
        address: f.address,
    };
    match crate::citizens::service::update_citizen(&state, &a.actor, citizen_id, f.version, &fields)
        .await
    {
        Ok(()) => Ok(Redirect::to(&crate::citizens::paths::citizen(citizen_id)).into_response()),
        Err(e @ (WebError::Validation(_) | WebError::Conflict(_))) => {
            let msg = e.public_message(crate::i18n::Lang::current());
            render_status(
                e.status(),
                &citizen_page(
                    &state,
                    &a,
                    crate::citizens::service::read_citizen(&state, &a.actor, citizen_id).await?,
                    false,
                    Some(msg),
                )
                .await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}

pub struct LogRow {
    pub at: String,
    pub user: String,
    pub role: String,
    pub action: String,
    pub purpose: String,
}

#[derive(Template)]
#[template(path = "citizens/templates/access_log.html")]
struct AccessLogPage {
    c: Chrome,
    id: String,
    name: String,
    rows: Vec<LogRow>,
}

pub async fn access_log(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    let (citizen, entries) =
        crate::citizens::service::access_log(&state, &a.actor, id(&cid)?, false).await?;
    let c = Chrome::new(Some(&a), "access_log", "");
    let rows = entries
        .iter()
        .map(|e| LogRow {
            at: crate::i18n::datetime(e.event.at),
            user: e.event.username.clone(),
            role: e
                .event
                .role
                .map(|r| r.word().to_string())
                .unwrap_or_default(),
            action: e.event.action.word().to_string(),
            purpose: e.event.purpose.clone(),
        })
        .collect();
    render(&AccessLogPage {
        c,
        id: citizen.id.to_string(),
        name: citizen.name,
        rows,
    })
}

// ---------- new course ----------

pub struct SectionInput {
    pub code: &'static str,
    pub label: &'static str,
    pub text: String,
}

#[derive(Template)]
#[template(path = "citizens/templates/course_new.html")]
struct NewCoursePage {
    c: Chrome,
    citizen_id: String,
    citizen_name: String,
    groups: Vec<SelectOption>,
    categories: Vec<SelectOption>,
    categories_hint: String,
    start_date: String,
    first_absence_date: String,
    tracks: Vec<SelectOption>,
    framework: String,
    goal: String,
    sections: Vec<SectionInput>,
    error: Option<String>,
}

fn new_course_page(
    book: &RuleBook,
    a: &Authed,
    citizen_id: CitizenId,
    citizen_name: String,
    f: &HashMap<String, String>,
    error: Option<String>,
) -> NewCoursePage {
    let c = Chrome::new(Some(a), "new_course", "");
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let tg = get("target_group");
    let cat = get("category");
    let groups = TargetGroup::ALL
        .iter()
        .map(|g| SelectOption {
            value: g.code().into(),
            label: g.word().into(),
            selected: g.code() == tg,
        })
        .collect();
    let today = jobspor_domain::time::today_copenhagen(chrono::Utc::now());
    let start = get("start_date");
    // The categories of the rules in force on the start date as typed (today
    // on a new form); the server checks the choice against them.
    let on = jobspor_domain::time::parse_date(&start).unwrap_or(today);
    let (categories, categories_hint) = crate::rules::service::category_options(book, on, &cat);
    let track = get("follow_up_track");
    NewCoursePage {
        citizen_id: citizen_id.to_string(),
        citizen_name,
        groups,
        categories,
        categories_hint,
        start_date: if start.is_empty() {
            today.to_string()
        } else {
            start
        },
        first_absence_date: get("first_absence_date"),
        tracks: FollowUpTrack::ALL
            .iter()
            .map(|t| SelectOption::new(t.code(), t.word(), t.code() == track))
            .collect(),
        framework: get("framework"),
        goal: get("employment_goal"),
        sections: ReferralSection::ALL
            .iter()
            .map(|s| SectionInput {
                code: s.code(),
                label: s.word(),
                text: get(&format!("ref_{}", s.code())),
            })
            .collect(),
        error,
        c,
    }
}

pub async fn new_course_form(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    if !access::can_create_course(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let citizen = crate::citizens::service::read_citizen(&state, &a.actor, id(&cid)?)
        .await?
        .citizen;
    let book = crate::rules::service::book(&state, a.actor.municipality_id).await?;
    render(&new_course_page(
        &book,
        &a,
        citizen.id,
        citizen.name,
        &HashMap::new(),
        None,
    ))
}

pub async fn create_course(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> PageResult {
    let citizen_id: CitizenId = id(&cid)?;
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let input = CourseInputOwned {
        target_group: get("target_group"),
        category: Some(get("category")).filter(|s| !s.is_empty()),
        start_date: Some(get("start_date")),
        first_absence_date: Some(get("first_absence_date")),
        follow_up_track: Some(get("follow_up_track")),
        framework: get("framework"),
        employment_goal: get("employment_goal"),
        referral: ReferralSection::ALL
            .iter()
            .map(|s| (*s, get(&format!("ref_{}", s.code()))))
            .collect(),
    };
    match crate::courses::service::create_course(&state, &a.actor, citizen_id, &input).await {
        Ok(course) => Ok(Redirect::to(&crate::journal::paths::history(course.id)).into_response()),
        Err(WebError::Validation(m)) => {
            let book = crate::rules::service::book(&state, a.actor.municipality_id).await?;
            let citizen = state
                .store
                .citizen(a.actor.municipality_id, citizen_id)
                .await?
                .ok_or(PageError(WebError::NotFound))?;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &new_course_page(&book, &a, citizen.id, citizen.name, &f, Some(said(&m))),
            )
        }
        Err(e) => Err(e.into()),
    }
}
