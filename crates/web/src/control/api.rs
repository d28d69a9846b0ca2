//! `/api/v1` course control: what is due on a course, the deadline list,
//! and closing a course with its outcome.

use crate::api::{path_id, ApiJson, ChangeErrors, ReadErrors};
use crate::auth::ApiUser;
use crate::control::service as control;
use crate::control::service::deadlines;
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::Json;
use jobspor_domain::control::CourseExit;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use utoipa::ToSchema;

/// One deadline on a course.
#[derive(Serialize, ToSchema)]
pub struct CourseDeadline {
    /// `follow_up`, `reassessment`, `measurement`, `plan_review` or `framework_end`
    kind: &'static str,
    #[schema(format = Date)]
    due: String,
    /// What is due, in Danish
    detail: String,
    overdue: bool,
}

/// How the course ended.
#[derive(Serialize, ToSchema)]
#[schema(as = Exit)]
pub struct ExitJson {
    /// The outcome code, as in `CloseBody`
    outcome: &'static str,
    #[schema(format = Date)]
    date: String,
    hours_per_week: Option<u8>,
}

impl From<&CourseExit> for ExitJson {
    fn from(x: &CourseExit) -> Self {
        ExitJson {
            outcome: x.outcome.code(),
            date: x.date.to_string(),
            hours_per_week: x.hours_per_week,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CourseControl {
    deadlines: Vec<CourseDeadline>,
    exit: Option<ExitJson>,
}

/// The course's deadlines (statutory follow-ups under the rule set of each date, measurements due, interventions ending, the framework's end) and its exit
#[utoipa::path(
    get,
    path = "/courses/{id}/control",
    tag = "control",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    responses(
        (status = 200, body = CourseControl, description = "Deadlines and exit"),
        ReadErrors
    ),
    operation_id = "course_control"
)]
pub async fn course_control(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<CourseControl>, ApiError> {
    let v = control::view(&state, &a.actor, path_id(&id)?).await?;
    Ok(Json(CourseControl {
        deadlines: v
            .rows
            .iter()
            .map(|r| CourseDeadline {
                kind: r.kind.code(),
                due: r.due.to_string(),
                detail: r.detail.clone(),
                overdue: r.due < v.today,
            })
            .collect(),
        exit: v.exit.as_ref().map(ExitJson::from),
    }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = CloseCourse)]
pub struct CloseBody {
    version: i64,
    /// `ordinary_job`, `wage_subsidy_job`, `flexjob`, `education`,
    /// `ressourceforloeb`, `foertidspension`, `other_benefit`, `moved`,
    /// `died` or `still_on_benefit`
    outcome: String,
    #[schema(format = Date)]
    date: String,
    #[serde(default)]
    hours_per_week: Option<u8>,
}

/// Close the course with its outcome; open interventions end and their providers are told. Closing twice answers 409
#[utoipa::path(
    post,
    path = "/courses/{id}/close",
    tag = "control",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    request_body = CloseBody,
    responses(
        (status = 200, body = ExitJson, description = "Closed"),
        ChangeErrors
    ),
    operation_id = "close_course"
)]
pub async fn close(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CloseBody>,
) -> Result<Json<ExitJson>, ApiError> {
    let hours = b.hours_per_week.map(|h| h.to_string()).unwrap_or_default();
    let x = control::close(
        &state,
        &a.actor,
        path_id(&id)?,
        b.version,
        &b.outcome,
        &b.date,
        &hours,
    )
    .await?;
    Ok(Json(ExitJson::from(&x)))
}

#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Scope {
    /// `team` for the team's courses; empty for the caller's own
    #[serde(default)]
    scope: String,
}

/// One deadline in the list.
#[derive(Serialize, ToSchema)]
#[schema(as = Due)]
pub struct DueJson {
    #[schema(format = Date)]
    due: String,
    overdue: bool,
    /// As in the course's deadlines
    kind: &'static str,
    #[schema(format = Uuid)]
    course_id: String,
    #[schema(format = Uuid)]
    placement_id: Option<String>,
    citizen_name: String,
    detail: String,
    /// The caseworker's name
    caseworker: String,
}

#[derive(Serialize, ToSchema)]
pub struct Deadlines {
    items: Vec<DueJson>,
}

/// Overdue and coming deadlines (14 days): a caseworker's own courses (scope=team for the team's), or a provider unit's measurements due
#[utoipa::path(
    get,
    path = "/deadlines",
    tag = "control",
    params(
        Scope
    ),
    responses(
        (status = 200, body = Deadlines, description = "Deadlines, soonest first"),
        ReadErrors
    ),
    operation_id = "list_deadlines"
)]
pub async fn deadline_list(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Query(q): Query<Scope>,
) -> Result<Json<Deadlines>, ApiError> {
    let list = match a.actor.role {
        jobspor_domain::user::Role::Provider => deadlines::for_provider(&state, &a.actor).await?,
        _ => deadlines::for_caseworker(&state, &a.actor, q.scope == "team").await?,
    };
    let items = list
        .rows
        .iter()
        .map(|r| DueJson {
            due: r.due.to_string(),
            overdue: r.due < list.today,
            kind: r.kind.code(),
            course_id: r.course_id.to_string(),
            placement_id: r.placement_id.map(|p| p.to_string()),
            citizen_name: r.citizen_name.clone(),
            detail: r.detail.clone(),
            caseworker: r.caseworker.clone(),
        })
        .collect();
    Ok(Json(Deadlines { items }))
}
