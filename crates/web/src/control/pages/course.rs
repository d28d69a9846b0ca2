//! Forløbskontrol: the course's deadlines, and closing it with an outcome.

use crate::auth::{Authed, CurrentUser};
use crate::confirm;
use crate::control::service as control;
use crate::courses::head::{head, Head};
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{form_error, id, render, render_status, Chrome, PageError, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::control::Outcome;
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::CourseId;
use serde::Deserialize;

pub struct Row {
    pub due: String,
    pub kind: &'static str,
    pub detail: String,
    pub overdue: bool,
    pub recordable: bool,
    pub kind_code: &'static str,
    pub due_iso: String,
}

#[derive(Template)]
#[template(path = "control/templates/course_control.html")]
struct ControlPage {
    c: Chrome,
    h: Head,
    rows: Vec<Row>,
    exit: Option<String>,
    /// Sygedagpenge: where follow-up is counted from, and how.
    follow_up: Option<String>,
    /// Deadlines before the course started, said once.
    before_start: Option<String>,
    outcomes: Vec<SelectOption>,
    version: i64,
    today: String,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    error: Option<String>,
) -> Result<ControlPage, PageError> {
    let v = control::view(state, &a.actor, course).await?;
    let c = Chrome::new(Some(a), "course_control", "courses");
    let k = &v.access.course;
    let follow_up =
        (k.target_group == TargetGroup::Sygedagpenge).then(|| match k.first_absence_date {
            Some(first) => crate::page::say_with(
                "control_follow_up_from",
                &[
                    ("date", &crate::i18n::date(first)),
                    ("track", k.follow_up_track.word()),
                ],
            ),
            None => crate::page::say("control_follow_up_from_start"),
        });
    let before_start = (v.before_start > 0).then(|| {
        crate::page::say_with(
            "control_before_start",
            &[
                ("n", &v.before_start.to_string()),
                ("start", &crate::i18n::date(k.start_date)),
            ],
        )
    });
    Ok(ControlPage {
        follow_up,
        before_start,
        h: head(&v.access, &v.citizen, "control"),
        rows: v
            .rows
            .iter()
            .map(|r| Row {
                due: crate::i18n::date(r.due),
                kind: r.kind.word(),
                detail: r.detail.clone(),
                overdue: r.due < v.today,
                recordable: r.recordable && v.access.can_manage,
                kind_code: r.kind.code(),
                due_iso: r.due.format("%Y-%m-%d").to_string(),
            })
            .collect(),
        exit: v.exit.as_ref().map(|x| {
            format!(
                "{} {}: {}{}",
                c.t("closed_on"),
                crate::i18n::date(x.date),
                x.outcome.word(),
                x.hours_per_week
                    .map(|h| format!(", {h} {}", c.t("hours_per_week").to_lowercase()))
                    .unwrap_or_default()
            )
        }),
        outcomes: Outcome::ALL
            .iter()
            .map(|o| SelectOption {
                value: o.code().into(),
                label: o.word().into(),
                selected: false,
            })
            .collect(),
        version: v.access.course.version,
        today: v.today.format("%Y-%m-%d").to_string(),
        error,
        c,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    render(&page(&state, &a, id(&cid)?, None).await?)
}

#[derive(Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    hours: String,
}

pub async fn close(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let f = CloseForm {
        version: confirm::field(&fields, "version").to_string(),
        outcome: confirm::field(&fields, "outcome").to_string(),
        date: confirm::field(&fields, "date").to_string(),
        hours: confirm::field(&fields, "hours").to_string(),
    };
    if !confirm::confirmed(&fields) {
        confirm::may_change(&state, &a.actor, course).await?;
        let lang = crate::i18n::Lang::current();
        let outcome =
            jobspor_domain::control::Outcome::parse(&f.outcome).map_or("–", |o| o.word_in(lang));
        let on = chrono::NaiveDate::parse_from_str(f.date.trim(), "%Y-%m-%d")
            .map_or_else(|_| f.date.clone(), crate::i18n::date);
        return confirm::ask(
            &a,
            "courses",
            confirm::Ask {
                heading: "confirm.close_course",
                button: "confirm.close_course_yes",
                consequence: vec![
                    lang.fill(
                        "confirm.close_course_what",
                        &[("outcome", outcome), ("date", &on)],
                    ),
                    lang.t("confirm.close_course_after").to_string(),
                ],
                action: crate::control::paths::close(course),
                fields,
                reason: None,
                back: crate::control::paths::control(course),
            },
        );
    }
    let version = f.version.parse().unwrap_or(-1);
    match control::close(
        &state, &a.actor, course, version, &f.outcome, &f.date, &f.hours,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&crate::control::paths::control(course)).into_response()),
        Err(e) => {
            let (status, msg) = form_error(e)?;
            render_status(status, &page(&state, &a, course, Some(msg)).await?)
        }
    }
}

#[derive(Deserialize)]
pub struct MeetForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    met_on: String,
}

pub async fn meet(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<MeetForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    match control::meet(&state, &a.actor, course, &f.kind, &f.due, &f.met_on).await {
        Ok(()) => Ok(Redirect::to(&crate::control::paths::control(course)).into_response()),
        Err(e) => {
            let (status, msg) = form_error(e)?;
            render_status(status, &page(&state, &a, course, Some(msg)).await?)
        }
    }
}
