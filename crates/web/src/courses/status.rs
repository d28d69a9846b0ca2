//! Status og forløbsmål: status, goal, referral, the course team and reassignment.

use crate::auth::CurrentUser;
use crate::courses::head::{head, Head};
use crate::courses::service::StatusChange;
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{id, render, render_status, Chrome, PageError, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::course::{CourseStatus, ReferralSection};
use jobspor_domain::user::Role;
use jobspor_domain::CourseId;
use serde::Deserialize;
use std::collections::HashMap;

pub struct SectionView {
    pub code: &'static str,
    pub label: &'static str,
    pub text: String,
}

#[derive(Template)]
#[template(path = "courses/templates/course_status.html")]
struct StatusPage {
    c: Chrome,
    h: Head,
    version: i64,
    statuses: Vec<SelectOption>,
    framework: String,
    goal: String,
    sections: Vec<SectionView>,
    caseworkers: Vec<SelectOption>,
    team: Vec<String>,
    candidates: Vec<SelectOption>,
    rule_set: String,
    /// Sygedagpenge: the first day of absence (as typed into a date field)
    /// and the follow-up tracks; None for other target groups.
    sick: Option<(String, Vec<SelectOption>)>,
    error: Option<String>,
}

async fn status_page(
    state: &AppState,
    a: &crate::auth::Authed,
    course: CourseId,
    error: Option<String>,
) -> Result<StatusPage, PageError> {
    let (ca, citizen) =
        crate::courses::service::read_course(state, &a.actor, course, "course").await?;
    let c = Chrome::new(Some(a), "status_goal", "courses");
    let k = &ca.course;
    let statuses = CourseStatus::ALL
        .iter()
        .map(|s| SelectOption {
            value: s.code().into(),
            label: s.word().into(),
            selected: *s == k.status,
        })
        .collect();
    let sections = ReferralSection::ALL
        .iter()
        .map(|s| SectionView {
            code: s.code(),
            label: s.word(),
            text: k.referral.get(s).cloned().unwrap_or_default(),
        })
        .collect();
    let users = state.store.list_users(a.actor.municipality_id).await?;
    let (_, members) = state.store.course_relations(k).await?;
    let option = |u: &jobspor_domain::user::User| SelectOption {
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
        .map(professional_label)
        .collect();
    let candidates = users
        .iter()
        .filter(|u| {
            ca.can_manage
                && u.role == Role::HealthProfessional
                && u.active
                && !members.contains(&u.id)
        })
        .map(|u| SelectOption {
            value: u.id.to_string(),
            label: professional_label(u),
            selected: false,
        })
        .collect();
    let rule_set = crate::i18n::words::rule_set(crate::i18n::Lang::current(), &k.rule_set);
    Ok(StatusPage {
        h: head(&ca, &citizen, "status"),
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
        sick: (k.target_group == jobspor_domain::rules::TargetGroup::Sygedagpenge).then(|| {
            (
                k.first_absence_date
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                jobspor_domain::control::FollowUpTrack::ALL
                    .iter()
                    .map(|t| SelectOption::new(t.code(), t.word(), *t == k.follow_up_track))
                    .collect(),
            )
        }),
        error,
    })
}

fn professional_label(u: &jobspor_domain::user::User) -> String {
    match u.profession {
        Some(p) => format!("{} ({})", u.display_name, p.word()),
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
                "invalid.version_is_missing",
            ))
        })?,
        status: get("status"),
        framework: get("framework"),
        employment_goal: get("employment_goal"),
        referral: ReferralSection::ALL
            .iter()
            .map(|s| (*s, get(&format!("ref_{}", s.code()))))
            .collect(),
        first_absence_date: f.get("first_absence_date").cloned(),
        follow_up_track: f.get("follow_up_track").cloned(),
    };
    match crate::courses::service::change_status(&state, &a.actor, course, &change).await {
        Ok(_) => Ok(Redirect::to(&crate::courses::paths::status(course)).into_response()),
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
    let (status, msg) = crate::page::form_error(e)?;
    render_status(status, &status_page(state, a, course, Some(msg)).await?)
}

/// Hands the course over to another caseworker, after a page that says
/// to whom and what follows (`confirm`).
pub async fn reassign(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let version: i64 = crate::confirm::field(&fields, "version")
        .parse()
        .unwrap_or(-1);
    let note = crate::confirm::field(&fields, "note").to_string();
    let to: Result<jobspor_domain::UserId, _> =
        crate::confirm::field(&fields, "caseworker_id").parse();
    if let (Ok(to), false) = (&to, crate::confirm::confirmed(&fields)) {
        crate::confirm::may_change(&state, &a.actor, course).await?;
        let lang = crate::i18n::Lang::current();
        let name = state
            .store
            .list_users(a.actor.municipality_id)
            .await?
            .into_iter()
            .find(|u| u.id == *to)
            .map(|u| u.display_name);
        let Some(name) = name else {
            let e = WebError::invalid("invalid.choose_a_caseworker");
            return status_again(&state, &a, course, e).await;
        };
        return crate::confirm::ask(
            &a,
            "courses",
            crate::confirm::Ask {
                heading: "confirm.hand_over",
                button: "confirm.hand_over_yes",
                consequence: vec![
                    lang.fill("confirm.hand_over_what", &[("to", &name)]),
                    lang.t("confirm.hand_over_after").to_string(),
                ],
                action: crate::courses::paths::reassign(course),
                fields,
                reason: None,
                back: crate::courses::paths::status(course),
            },
        );
    }
    let done = match to {
        Ok(to) => crate::courses::service::reassign(&state, &a.actor, course, version, to, &note)
            .await
            .map(|_| ()),
        Err(_) => Err(WebError::invalid("invalid.choose_a_caseworker")),
    };
    match done {
        // The previous owner may no longer see the course: go to the list.
        Ok(()) => Ok(Redirect::to(&crate::courses::paths::list()).into_response()),
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
        Ok(user) => crate::courses::service::add_team_member(&state, &a.actor, course, user).await,
        Err(_) => Err(WebError::invalid("invalid.choose_a_professional")),
    };
    match done {
        Ok(()) => Ok(Redirect::to(&crate::courses::paths::status(course)).into_response()),
        Err(e) => status_again(&state, &a, course, e).await,
    }
}
