//! Kontaktforløb: the course's page with its forms, and the monitor.

use super::service::{self as contact, ContactView, MonitorView};
use crate::auth::{Authed, CurrentUser};
use crate::courses::head::{head, Head};
use crate::i18n::{date, Lang};
use crate::page::{form_error, id, render, render_status, Chrome, PageError, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::evaluation::{Cell as EvalCell, MIN_CELL, SUPPRESSED};
use jobspor_domain::job_contact::{Quota, Share, EXEMPT_MAX_PERCENT, QUOTA_PERCENT};
use jobspor_domain::CourseId;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "job_contact/templates/course_contact.html")]
struct CoursePage {
    c: Chrome,
    h: Head,
    close: bool,
    window: String,
    conversations: Vec<String>,
    first_offer: String,
    exemption: Option<(String, String)>,
    today: String,
    error: Option<String>,
}

async fn course_page(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    error: Option<String>,
) -> Result<CoursePage, PageError> {
    let c = Chrome::new(Some(a), "job_contact", "courses");
    let v: ContactView = contact::view(state, &a.actor, course).await?;
    let lang = Lang::current();
    Ok(CoursePage {
        h: head(&v.access, &v.citizen, "job_contact"),
        close: v.close,
        window: lang.fill(
            "contact_window",
            &[
                ("from", &date(v.access.course.start_date)),
                ("to", &date(v.window_end)),
            ],
        ),
        conversations: v.conversations.iter().map(|x| date(x.held_on)).collect(),
        first_offer: v
            .first_offer
            .map(date)
            .unwrap_or_else(|| lang.t("no_offer_yet").to_string()),
        exemption: v
            .exemption
            .as_ref()
            .map(|e| (e.reason.clone(), crate::i18n::datetime(e.decided_at))),
        today: v.today.format("%Y-%m-%d").to_string(),
        error,
        c,
    })
}

pub async fn course(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    render(&course_page(&state, &a, id(&cid)?, None).await?)
}

async fn done(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    r: Result<(), crate::error::WebError>,
) -> PageResult {
    match r {
        Ok(()) => Ok(Redirect::to(&super::paths::course(course)).into_response()),
        Err(e) => {
            let (status, msg) = form_error(e)?;
            render_status(status, &course_page(state, a, course, Some(msg)).await?)
        }
    }
}

#[derive(Deserialize)]
pub struct ConversationForm {
    #[serde(default)]
    date: String,
}

pub async fn conversation(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<ConversationForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let r = contact::record_conversation(&state, &a.actor, course, &f.date)
        .await
        .map(|_| ());
    done(&state, &a, course, r).await
}

#[derive(Deserialize)]
pub struct ExemptionForm {
    #[serde(default)]
    exempt: String,
    #[serde(default)]
    reason: String,
}

pub async fn exemption(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<ExemptionForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let r = contact::set_exemption(&state, &a.actor, course, f.exempt == "on", &f.reason).await;
    done(&state, &a, course, r).await
}

/// A share as shown: "80 %" with whether it meets its requirement, or the
/// small-cell mark.
pub struct ShareCell {
    pub text: String,
    pub verdict: String,
}

fn cell(lang: Lang, s: EvalCell<Share>) -> ShareCell {
    match s {
        EvalCell::Shown(s) => ShareCell {
            text: format!("{} %", s.percent),
            verdict: lang
                .t(if s.meets {
                    "quota_met"
                } else {
                    "quota_not_met"
                })
                .to_string(),
        },
        EvalCell::Suppressed => ShareCell {
            text: SUPPRESSED.to_string(),
            verdict: lang.t("quota_too_few").to_string(),
        },
    }
}

pub struct MonitorRow {
    pub unit: String,
    pub courses: String,
    pub within: String,
    pub conversations: ShareCell,
    pub offers: ShareCell,
    pub exempted: ShareCell,
}

fn monitor_row(lang: Lang, unit: String, q: &Quota) -> MonitorRow {
    let count = |n: usize| q.shown(n).to_string();
    MonitorRow {
        unit,
        courses: count(q.courses),
        within: count(q.within_window),
        conversations: cell(lang, q.conversations()),
        offers: cell(lang, q.offers()),
        exempted: cell(lang, q.exempted()),
    }
}

#[derive(Template)]
#[template(path = "job_contact/templates/monitor.html")]
struct MonitorPage {
    c: Chrome,
    intro: String,
    rows: Vec<MonitorRow>,
    total: Option<MonitorRow>,
}

pub async fn monitor(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    let c = Chrome::new(Some(&a), "contact_quota", "management");
    let v: MonitorView = contact::monitor(&state, &a.actor).await?;
    let lang = Lang::current();
    let intro = match v.from {
        Some(from) => lang.fill(
            "contact_quota_intro",
            &[
                ("from", &date(from)),
                ("quota", &QUOTA_PERCENT.to_string()),
                ("exempt", &EXEMPT_MAX_PERCENT.to_string()),
                ("min", &MIN_CELL.to_string()),
            ],
        ),
        None => lang.t("contact_quota_no_rules").to_string(),
    };
    render(&MonitorPage {
        rows: v
            .units
            .iter()
            .map(|(u, q)| monitor_row(lang, u.clone(), q))
            .collect(),
        total: (v.total.courses > 0)
            .then(|| monitor_row(lang, lang.t("whole_municipality").to_string(), &v.total)),
        intro,
        c,
    })
}
