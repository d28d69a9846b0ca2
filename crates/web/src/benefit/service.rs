//! The readiness assessments, kept by the course's caseworker: each one
//! with the course's new category, a journal note and an audit entry in one
//! transaction.

use crate::audit::{event, PURPOSE_CASEWORK};
use crate::consent::service::{managed_any, managed_course};
use crate::courses::service::{course_citizen, CourseAccess};
use crate::error::WebError;
use crate::i18n::{format::date_in, words, Lang, Word};
use crate::journal::service::new_entry;
use crate::AppState;
use chrono::{NaiveDate, Utc};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::benefit::{readiness, Assessment, AssessmentInput};
use jobspor_domain::citizen::Citizen;
use jobspor_domain::rules::{Category, RuleSet};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::user::Actor;
use jobspor_domain::{AssessmentId, CourseId};

pub struct BenefitView {
    pub access: CourseAccess,
    pub citizen: Citizen,
    /// Newest first.
    pub assessments: Vec<Assessment>,
    /// The readiness that holds today, by code.
    pub readiness: Option<String>,
    /// Whether it is the rule set's starting point, not an assessment.
    pub by_default: bool,
    /// The rules of today: their categories and whether rates exist.
    pub rules_today: RuleSet,
    pub today: NaiveDate,
}

impl BenefitView {
    pub fn categories(&self) -> &'static [Category] {
        self.rules_today
            .group(self.access.course.target_group)
            .map(|g| g.categories)
            .unwrap_or(&[])
    }
}

pub async fn view(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<BenefitView, WebError> {
    let access = managed_any(state, actor, course).await?;
    let m = actor.municipality_id;
    let citizen = course_citizen(state, actor, &access, AuditAction::Read, "readiness").await?;
    let today = today_copenhagen(Utc::now());
    let book = crate::rules::service::book(state, m).await?;
    let rules_today = book.on(today).cloned().ok_or(WebError::NotFound)?;
    let assessments = state.store.assessments(m, course).await?;
    let default = rules_today
        .group(access.course.target_group)
        .and_then(|g| g.default_category);
    let holds =
        readiness(&assessments, access.course.category.as_deref(), default).map(String::from);
    let by_default = assessments.is_empty() && access.course.category.is_none() && holds.is_some();
    Ok(BenefitView {
        readiness: holds,
        by_default,
        assessments,
        access,
        citizen,
        rules_today,
        today,
    })
}

/// Records an assessment; the latest becomes the course's category.
pub async fn record(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
    input: &AssessmentInput<'_>,
    expected_version: i64,
) -> Result<Assessment, WebError> {
    let ca = managed_course(state, actor, course).await?;
    let m = actor.municipality_id;
    let today = today_copenhagen(Utc::now());
    let book = crate::rules::service::book(state, m).await?;
    let v = input
        .validate(&book, ca.course.target_group, today)
        .map_err(WebError::Validation)?;
    let a = Assessment {
        id: AssessmentId::new(),
        municipality_id: m,
        course_id: course,
        assessed_on: v.assessed_on,
        category: v.category.to_string(),
        rate: v.rate,
        recorded_by: actor.user_id,
        recorded_at: Utc::now(),
    };
    let earlier = state.store.assessments(m, course).await?;
    let latest = earlier.iter().all(|x| x.assessed_on <= a.assessed_on);
    let mut changed = ca.course.clone();
    if latest {
        changed.category = Some(a.category.clone());
    }
    let da = Lang::Da;
    let mut text = da.fill(
        "readiness_assessed_note",
        &[
            ("date", &date_in(da, a.assessed_on)),
            ("category", &words::category(da, &a.category)),
        ],
    );
    if let Some(r) = a.rate {
        text.push(' ');
        text.push_str(&da.fill("readiness_rate_note", &[("rate", r.word_in(da))]));
    }
    let note = new_entry(actor, course, a.assessed_on, text, None);
    let ev = event(
        actor,
        AuditAction::Create,
        Some(ca.course.citizen_id),
        format!("readiness:{course}:{}", a.id),
        PURPOSE_CASEWORK,
    );
    state
        .store
        .record_assessment(&a, &changed, expected_version, &note, &[ev])
        .await?;
    Ok(a)
}
