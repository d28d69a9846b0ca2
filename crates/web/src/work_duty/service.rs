//! The ledger, kept by the course's caseworker: every read and write
//! audited (a reduction's reason is a health detail).

use crate::audit::{event, PURPOSE_CASEWORK};
use crate::consent::service::{managed_any, managed_course};
use crate::courses::service::{course_citizen, CourseAccess};
use crate::error::WebError;
use crate::AppState;
use chrono::{NaiveDate, Utc};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::evaluation::duration::monday;
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::Actor;
use jobspor_domain::work_duty::{applies, DutyWeek, WeekInput};
use jobspor_domain::CourseId;

pub struct LedgerView {
    pub access: CourseAccess,
    pub citizen: Citizen,
    /// Newest first.
    pub weeks: Vec<DutyWeek>,
    /// Whether the duty exists this week under the rules in force.
    pub applies_now: bool,
    pub today: NaiveDate,
}

pub async fn view(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<LedgerView, WebError> {
    let access = managed_any(state, actor, course).await?;
    let m = actor.municipality_id;
    let citizen = course_citizen(state, actor, &access, AuditAction::Read, "work_duty").await?;
    let today = today_copenhagen(Utc::now());
    let book = crate::rules::service::book(state, m).await?;
    Ok(LedgerView {
        applies_now: applies(&book, access.course.target_group, monday(today)),
        weeks: state.store.duty_weeks(m, course).await?,
        access,
        citizen,
        today,
    })
}

/// Records a week, or corrects it under its version.
pub async fn record(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    input: &WeekInput<'_>,
    version: Option<i64>,
) -> Result<DutyWeek, WebError> {
    let ca = managed_course(state, actor, course).await?;
    let today = today_copenhagen(Utc::now());
    let book = crate::rules::service::book(state, actor.municipality_id).await?;
    let k = &ca.course;
    let v = input
        .validate(&book, k.target_group, k.start_date, today)
        .map_err(WebError::Validation)?;
    let w = DutyWeek {
        municipality_id: actor.municipality_id,
        course_id: course,
        week: v.week,
        planned: v.planned,
        met: v.met,
        reduction: v.reduction,
        reduction_reason: v.reduction_reason,
        recorded_by: actor.user_id,
        recorded_at: Utc::now(),
        version: 1,
    };
    let ev = event(
        actor,
        if version.is_some() {
            AuditAction::Update
        } else {
            AuditAction::Create
        },
        Some(k.citizen_id),
        format!("work_duty:{course}:{}", v.week),
        PURPOSE_CASEWORK,
    );
    Ok(state.store.save_duty_week(&w, version, &[ev]).await?)
}
