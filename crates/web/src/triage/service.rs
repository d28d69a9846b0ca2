//! Triage: the caseworker reads the screening's result beside their own
//! assessment and decides: a development course under a framework, or
//! closing a low-risk screening with a note.

use crate::audit::{event, validation, PURPOSE_CASEWORK};
use crate::error::WebError;
use crate::AppState;
use chrono::Utc;
use jobspor_domain::access;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::course::{Course, CourseInput, CourseStatus};
use jobspor_domain::period::sane_date;
use jobspor_domain::questionnaire::{Definition, Outcome, Response, ResponseStatus, RiskClass};
use jobspor_domain::triage::{check_decision, parse_readiness, CourseFramework, Decision, Triage};
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::*;
use jobspor_store::{Conflict, StoreError};

pub struct TriageView {
    pub response: Response,
    pub definition: Definition,
    pub citizen: Citizen,
    pub outcome: Outcome,
    pub existing: Option<Triage>,
    pub frameworks: Vec<CourseFramework>,
}

/// The submitted screening with its result; viewing the answers is audited.
pub async fn view(state: &AppState, actor: &Actor, id: ResponseId) -> Result<TriageView, WebError> {
    let (response, definition) = crate::screening::service::read_response(state, actor, id).await?;
    if response.status != ResponseStatus::Submitted {
        return Err(WebError::invalid(
            "invalid.the_screening_has_not_been_submitted",
        ));
    }
    let citizen = state
        .store
        .citizen(actor.municipality_id, response.citizen_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let outcome = definition.score(&response.answers);
    let existing = state
        .store
        .triage_of_response(actor.municipality_id, id)
        .await?;
    let frameworks = state.store.frameworks(actor.municipality_id).await?;
    Ok(TriageView {
        response,
        definition,
        citizen,
        outcome,
        existing,
        frameworks,
    })
}

/// The triage decision, from the page's form or the API's JSON alike.
#[derive(Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[schema(as = TriageDecision)]
#[serde(default)]
pub struct DecisionInput {
    /// `low`, `moderate` or `high`
    pub assessed_risk: String,
    /// Empty, `jobparat` or `aktivitetsparat`
    pub assessed_readiness: String,
    /// `development_course` or `close_low_risk`
    pub decision: String,
    #[schema(format = Uuid)]
    pub framework_id: String,
    pub category: String,
    #[schema(format = Date)]
    pub start_date: String,
    /// Required when the framework is for `sygedagpenge`: the first day of
    /// absence, on or before the start and not in the future
    #[schema(format = Date)]
    pub first_absence_date: String,
    /// For `sygedagpenge`: `standard` (the default), `light` or `exempt`
    pub follow_up_track: String,
    pub employment_goal: String,
    pub note: String,
}

pub async fn decide(
    state: &AppState,
    actor: &Actor,
    id: ResponseId,
    f: &DecisionInput,
) -> Result<Triage, WebError> {
    let v = view(state, actor, id).await?;
    if v.existing.is_some() {
        return Err(WebError::Conflict(Conflict::Exists(
            "triage of this screening",
        )));
    }
    let assessed_risk = RiskClass::parse(&f.assessed_risk)
        .ok_or_else(|| WebError::invalid("invalid.choose_your_assessment_of_the_risk"))?;
    let assessed_readiness = match f.assessed_readiness.as_str() {
        "" => None,
        s => Some(
            parse_readiness(s)
                .ok_or_else(|| WebError::invalid("invalid.unknown_readiness"))?
                .to_string(),
        ),
    };
    let decision = Decision::parse(&f.decision)
        .ok_or_else(|| WebError::invalid("invalid.choose_a_decision_2"))?;
    // The view has loaded the municipality's frameworks already.
    let framework = f
        .framework_id
        .parse::<FrameworkId>()
        .ok()
        .and_then(|fid| v.frameworks.iter().find(|x| x.id == fid).cloned());
    let note = check_decision(assessed_risk, decision, framework.as_ref(), &f.note)
        .map_err(WebError::Validation)?;
    let now = Utc::now();
    let (course, team) = match (decision, &framework) {
        (Decision::DevelopmentCourse, Some(fw)) => {
            let today = jobspor_domain::time::today_copenhagen(now);
            let start = match f.start_date.trim() {
                "" => today,
                s => sane_date(s, today, "field.the_start_date").map_err(WebError::Validation)?,
            };
            let first_absence = match f.first_absence_date.trim() {
                "" => None,
                s => Some(
                    sane_date(s, today, "field.the_first_absence_date")
                        .map_err(WebError::Validation)?,
                ),
            };
            let book = crate::rules::service::book(state, actor.municipality_id).await?;
            // Kontanthjælp's category follows the caseworker's readiness assessment.
            let category = if f.category.is_empty() {
                assessed_readiness.clone().unwrap_or_default()
            } else {
                f.category.clone()
            };
            let valid = CourseInput {
                target_group: fw.target_group.code(),
                category: Some(category.as_str()),
                start_date: start,
                first_absence_date: first_absence,
                follow_up_track: &f.follow_up_track,
                framework: &fw.name,
                employment_goal: &f.employment_goal,
                referral: Vec::new(),
            }
            .validate(&book, today)
            .map_err(validation)?;
            let course = Course {
                id: CourseId::new(),
                municipality_id: actor.municipality_id,
                citizen_id: v.citizen.id,
                caseworker_id: actor.user_id,
                target_group: valid.classification.target_group,
                category: valid.classification.category.map(String::from),
                rule_set: valid.classification.rule_set.to_string(),
                status: CourseStatus::Active,
                start_date: valid.start_date,
                first_absence_date: valid.first_absence_date,
                follow_up_track: valid.follow_up_track,
                framework: valid.framework,
                employment_goal: valid.employment_goal,
                referral: Default::default(),
                created_at: now,
                updated_at: now,
                version: 1,
            };
            let team: Vec<UserId> = state
                .store
                .list_users(actor.municipality_id)
                .await?
                .into_iter()
                .filter(|u| {
                    u.active
                        && u.role == Role::HealthProfessional
                        && u.profession.is_some_and(|p| fw.default_team.contains(&p))
                })
                .map(|u| u.id)
                .collect();
            (Some(course), team)
        }
        _ => (None, Vec::new()),
    };
    let triage = Triage {
        id: TriageId::new(),
        municipality_id: actor.municipality_id,
        citizen_id: v.citizen.id,
        response_id: id,
        suggested_risk: v.outcome.risk_class,
        suggested_readiness: v.outcome.readiness.clone(),
        assessed_risk,
        assessed_readiness,
        decision,
        framework_id: framework
            .as_ref()
            .filter(|_| course.is_some())
            .map(|f| f.id),
        course_id: course.as_ref().map(|c| c.id),
        note,
        decided_by: actor.user_id,
        decided_at: now,
    };
    // The course's first journal entry: the visitation, the framework's
    // planned duration, the goal and the note.
    let first_entry = match (&course, &framework) {
        (Some(c), Some(fw)) => {
            let end = c.start_date + chrono::Duration::weeks(i64::from(fw.default_weeks));
            let readiness = triage
                .assessed_readiness
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default();
            let risk = match assessed_risk {
                RiskClass::Low => "lav",
                RiskClass::Moderate => "moderat",
                RiskClass::High => "høj",
            };
            let mut text = format!(
                "Visiteret efter screening ({}): {risk} risiko{readiness}.\nForløbsramme: {}, {} uger (til {}).",
                v.definition.title.get("da"),
                fw.name,
                fw.default_weeks,
                jobspor_domain::time::format_date(end)
            );
            if !c.employment_goal.is_empty() {
                text.push_str(&format!(
                    "\nOverordnet beskæftigelsesmål: {}",
                    c.employment_goal
                ));
            }
            if !triage.note.is_empty() {
                text.push_str(&format!("\nNotat: {}", triage.note));
            }
            Some(crate::journal::service::new_entry(
                actor,
                c.id,
                c.start_date,
                text,
                None,
            ))
        }
        _ => None,
    };
    let mut events = vec![event(
        actor,
        AuditAction::Create,
        Some(v.citizen.id),
        format!("triage:{}:{}", triage.id, decision.code()),
        PURPOSE_CASEWORK,
    )];
    if let Some(c) = &course {
        events.push(event(
            actor,
            AuditAction::Create,
            Some(v.citizen.id),
            format!("course:{}", c.id),
            PURPOSE_CASEWORK,
        ));
    }
    match state
        .store
        .record_triage(
            &triage,
            course.as_ref().zip(first_entry.as_ref()),
            &team,
            &events,
        )
        .await
    {
        Ok(()) => Ok(triage),
        // A conflict: triaged by someone else a moment ago.
        Err(e) => Err(e.into()),
    }
}

/// Admin: a new course framework.
pub async fn create_framework(
    state: &AppState,
    actor: &Actor,
    input: &jobspor_domain::triage::FrameworkInput<'_>,
) -> Result<CourseFramework, WebError> {
    if !access::can_administer(actor) {
        return Err(WebError::NotFound);
    }
    let (name, target_group, default_weeks, default_team) =
        jobspor_domain::triage::validate_framework(input).map_err(WebError::Validation)?;
    let f = CourseFramework {
        id: FrameworkId::new(),
        municipality_id: actor.municipality_id,
        name,
        target_group,
        default_weeks,
        default_team,
        active: true,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        None,
        format!("framework:{}", f.id),
        "administration",
    );
    match state.store.create_framework(&f, &[ev]).await {
        Ok(()) => Ok(f),
        Err(StoreError::Conflict(_)) => Err(WebError::invalid(
            "invalid.a_course_framework_with_that_name",
        )),
        Err(e) => Err(e.into()),
    }
}
