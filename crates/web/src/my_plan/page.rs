//! The pages of "Min plan": the door (log in with MitID) and, once logged
//! in, the plan in plain words and who has seen the citizen's data. Each
//! view of the plan is in the audit log as the citizen's own access.

use super::login::own;
use super::running::{day, running, Running};
use super::session;
use crate::error::WebError;
use crate::i18n::catalogue::CITIZEN_LANGUAGES;
use crate::i18n::Tx;
use crate::page::{render, render_status, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::message::Message;
use jobspor_domain::plan::PlacementStatus;
use jobspor_domain::user::Role;
use jobspor_store::CitizenSession;

const LANG_COOKIE: &str = "borger_lang";

pub(super) fn tx(h: &HeaderMap) -> Tx {
    let lang = crate::auth::cookie(h, LANG_COOKIE)
        .filter(|l| CITIZEN_LANGUAGES.contains(&l.as_str()))
        .unwrap_or_else(|| "da".into());
    Tx { lang }
}

pub struct LangLink {
    pub href: String,
    pub label: &'static str,
    pub code: &'static str,
    pub current: bool,
}

fn languages(tx: &Tx) -> Vec<LangLink> {
    [("da", "Dansk"), ("en", "English"), ("ar", "العربية")]
        .into_iter()
        .map(|(code, label)| LangLink {
            href: super::paths::language(code),
            label,
            code,
            current: tx.lang == code,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "my_plan/templates/door.html")]
struct Door {
    tx: Tx,
    langs: Vec<LangLink>,
    configured: bool,
}

pub struct InterventionRow {
    pub id: String,
    pub name: String,
    pub goal: String,
    pub from: String,
    pub to: String,
    pub provider: String,
    pub status: &'static str,
    /// Not ended: the citizen can still answer.
    pub open: bool,
    /// The citizen's answer: "agree", "disagree" or "" (none yet).
    pub choice: String,
    pub comment: String,
    /// What was wrong with the answer just sent (it is shown as typed).
    pub problem: Option<String>,
}

/// An answer or rating that could not be saved: what it was about (a
/// placement's or goal's id), the message, and what the citizen sent.
pub struct Problem {
    pub about: String,
    pub message: Message,
    pub choice: String,
    pub comment: String,
}

pub struct CourseView {
    pub goal: String,
    pub interventions: Vec<InterventionRow>,
}

pub struct SeenRow {
    pub at: String,
    pub who: String,
    pub action: &'static str,
    pub purpose: String,
}

#[derive(Template)]
#[template(path = "my_plan/templates/my_plan.html")]
struct MyPlan {
    tx: Tx,
    langs: Vec<LangLink>,
    name: String,
    courses: Vec<CourseView>,
    seen: Vec<SeenRow>,
    consents: Vec<super::consents::ConsentRow>,
    goals: Vec<super::ratings::GoalRow>,
    appointments: Vec<super::appointments::Appointment>,
    questionnaires: Vec<super::questionnaires::WaitingRow>,
    documents: Vec<super::documents::DocumentRow>,
    csrf: String,
}

pub async fn home(State(state): State<AppState>, headers: HeaderMap) -> PageResult {
    let Some(s) = session::current(&state, &headers).await? else {
        let tx = tx(&headers);
        let langs = languages(&tx);
        return render(&Door {
            tx,
            langs,
            configured: state.citizen_oidc.is_some(),
        });
    };
    plan_page(&state, &headers, &s, None).await
}

/// Min plan of a logged-in citizen; with a problem, the answer that could
/// not be saved is shown as typed, with its message (422).
pub async fn plan_page(
    state: &AppState,
    headers: &HeaderMap,
    s: &CitizenSession,
    problem: Option<Problem>,
) -> PageResult {
    let tx = tx(headers);
    let langs = languages(&tx);
    let (m, cid) = (s.municipality_id, s.citizen_id);
    let citizen = session::citizen(state, s).await?;
    state
        .store
        .append_audit(&[own(m, cid, AuditAction::Read, "min-plan", "egen indsigt")])
        .await?;
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let units = state.store.list_units(m).await?;
    let running = running(state, m, cid).await?;
    // The catalogue once, for the names of every intervention on the plan.
    let catalogue = state.store.interventions(m).await?;
    let mut courses = Vec::new();
    for Running {
        course: k,
        placements,
    } in &running
    {
        let answers = state.store.plan_responses(m, k.id).await?;
        let mut interventions = Vec::new();
        for p in placements {
            let given = answers.iter().find(|a| a.placement_id == p.id);
            let mine = problem.as_ref().filter(|x| x.about == p.id.to_string());
            let name = catalogue
                .iter()
                .find(|i| i.id == p.intervention_id)
                .map(|i| i.name.clone())
                .unwrap_or_default();
            interventions.push(InterventionRow {
                id: p.id.to_string(),
                name,
                goal: p.goal.clone(),
                from: day(p.period.from),
                to: day(p.period.to),
                provider: units
                    .iter()
                    .find(|u| u.id == p.unit_id)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                status: tx.t(match p.status {
                    PlacementStatus::Active => "plan.active",
                    PlacementStatus::Waiting => "plan.waiting",
                    PlacementStatus::Ended => "plan.ended",
                }),
                open: p.status != PlacementStatus::Ended,
                choice: match mine {
                    Some(x) => x.choice.clone(),
                    None => match given.and_then(|a| a.agreed) {
                        Some(true) => "agree".into(),
                        Some(false) => "disagree".into(),
                        None => String::new(),
                    },
                },
                comment: mine
                    .map(|x| x.comment.clone())
                    .or_else(|| given.map(|a| a.comment.clone()))
                    .unwrap_or_default(),
                problem: mine.map(|x| tx.t(x.message.key).to_string()),
            });
        }
        courses.push(CourseView {
            goal: k.employment_goal.clone(),
            interventions,
        });
    }
    let seen = state
        .store
        .access_log(m, cid, 100)
        .await?
        .into_iter()
        .map(|e| SeenRow {
            at: crate::i18n::format::datetime_in(crate::i18n::Lang::Da, e.event.at),
            who: match e.event.role {
                Some(Role::Citizen) => tx.t("seen.you").to_string(),
                Some(r) => tx.t(&format!("role.{}", r.code())).to_string(),
                None => tx.t("seen.system").to_string(),
            },
            action: tx.t(&format!("action.{}", e.event.action.code())),
            purpose: e.event.purpose.clone(),
        })
        .collect();
    let consents = super::consents::rows(state, m, &running, &units, &tx).await?;
    let goals = super::ratings::rows(state, m, &running, &tx, problem.as_ref()).await?;
    let appointments = super::appointments::upcoming(state, m, &running, &tx).await?;
    let questionnaires = super::questionnaires::rows(state, m, cid, &tx).await?;
    let documents = super::documents::rows(state, m, cid).await?;
    render_status(
        status,
        &MyPlan {
            tx,
            langs,
            name: citizen.name,
            courses,
            seen,
            consents,
            goals,
            appointments,
            questionnaires,
            documents,
            csrf: s.csrf_token.clone(),
        },
    )
}

/// Chooses the language of the citizen's pages (a cookie on `/borger`).
pub async fn language(State(state): State<AppState>, Path(lang): Path<String>) -> PageResult {
    if !CITIZEN_LANGUAGES.contains(&lang.as_str()) {
        return Err(WebError::NotFound.into());
    }
    let res = Redirect::to(&super::paths::home()).into_response();
    Ok(with_language(&state, res, &lang))
}

/// The response with the citizen's chosen language remembered for a year.
pub(super) fn with_language(state: &AppState, res: Response, lang: &str) -> Response {
    crate::auth::with_cookie(
        res,
        &crate::auth::set_cookie(
            state,
            LANG_COOKIE,
            lang,
            super::paths::route::home,
            Some(365 * 24 * 3600),
        ),
    )
}
