//! Indsatsplan: the course's interventions, and the catalogue to choose
//! from with free places and expected waiting time.

use crate::auth::{Authed, CurrentUser};
use crate::courses::head::{head, Head};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{form_error, id, render, render_status, Chrome, PageError, PageResult};
use crate::plan::service as plan;
use crate::plan::service::OfferFilter;
use crate::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use chrono::{Duration, NaiveDate};
use jobspor_domain::catalogue::Track;
use jobspor_domain::plan::{PlacementInput, PlacementStatus};
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::{CourseId, InterventionId, PlacementId};
use serde::Deserialize;

pub struct ItemRow {
    pub id: String,
    pub intervention: String,
    pub unit: String,
    pub goal: String,
    pub start: String,
    pub end: String,
    pub start_iso: String,
    pub end_iso: String,
    pub first_iso: String,
    pub first_measurement: String,
    pub status: String,
    pub open: bool,
    pub consent_missing: bool,
    pub end_reason: String,
    /// The citizen's answer in Min plan (agrees or not) and comment.
    pub answer: String,
    pub answer_comment: String,
}

/// An intervention agreed at the conference, and whether the plan has it.
pub struct AgreedRow {
    pub intervention: String,
    pub goal: String,
    /// Where the add form opens filled in with it; none once it is planned.
    pub link: Option<String>,
}

pub struct OfferRow {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub tracks: String,
    pub weeks: u32,
    pub capacity: u32,
    pub free: u32,
    pub waiting: u32,
    pub expected: String,
    pub consent: String,
}

#[derive(Template)]
#[template(path = "plan/templates/course_plan.html")]
struct PlanPage {
    c: Chrome,
    h: Head,
    version: i64,
    items: Vec<ItemRow>,
    offers: Vec<OfferRow>,
    tracks: Vec<SelectOption>,
    groups: Vec<SelectOption>,
    choices: Vec<SelectOption>,
    /// The conference record's agreed interventions and goals.
    agreed: Vec<AgreedRow>,
    form: AddForm,
    error: Option<String>,
}

#[derive(Deserialize, Default, Clone)]
pub struct PlanQuery {
    #[serde(default)]
    spor: String,
    #[serde(default)]
    maalgruppe: Option<String>,
    #[serde(default)]
    indsats: String,
    /// The agreed line of the conference record to fill the form with.
    #[serde(default)]
    aftalt: Option<usize>,
}

#[derive(Deserialize, Default, Clone)]
pub struct AddForm {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub intervention: String,
    #[serde(default)]
    pub goal: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub first_measurement: String,
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

async fn page(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    q: &PlanQuery,
    typed: Option<AddForm>,
    error: Option<String>,
) -> Result<PlanPage, PageError> {
    let mut v = plan::view(state, &a.actor, course).await?;
    let track = Track::parse(&q.spor);
    // The course's own target group until the user chooses another, or all.
    let target_group = match q.maalgruppe.as_deref() {
        None => Some(v.access.course.target_group),
        Some(g) => TargetGroup::parse(g),
    };
    OfferFilter {
        track,
        target_group,
    }
    .apply(&mut v.offers);
    let c = Chrome::new(Some(a), "plan", "courses");
    let answers = state
        .store
        .plan_responses(a.actor.municipality_id, course)
        .await?;
    let items = v
        .items
        .iter()
        .map(|i| {
            let p = &i.placement;
            let given = answers.iter().find(|r| r.placement_id == p.id);
            ItemRow {
                id: p.id.to_string(),
                intervention: i.intervention_name.clone(),
                unit: i.unit_name.clone(),
                goal: p.goal.clone(),
                start: crate::i18n::date(p.period.from),
                end: crate::i18n::date(p.period.to),
                start_iso: iso(p.period.from),
                end_iso: iso(p.period.to),
                first_iso: iso(p.first_measurement),
                first_measurement: crate::i18n::date(p.first_measurement),
                status: match p.waiting_position {
                    Some(n) => format!("{} ({} {n})", p.status.word(), c.t("number_short")),
                    None => p.status.word().to_string(),
                },
                open: p.status != PlacementStatus::Ended,
                consent_missing: !i.consent_ok && p.status != PlacementStatus::Ended,
                end_reason: p.end_reason.clone().unwrap_or_default(),
                answer: c
                    .t(match given.map(|r| r.agreed) {
                        Some(Some(true)) => "plan_citizen_agrees",
                        Some(Some(false)) => "plan_citizen_disagrees",
                        _ => "plan_citizen_no_answer",
                    })
                    .to_string(),
                answer_comment: given.map(|r| r.comment.clone()).unwrap_or_default(),
            }
        })
        .collect();
    let offers: Vec<OfferRow> = v
        .offers
        .iter()
        .map(|o| {
            let av = &o.availability;
            OfferRow {
                id: o.intervention.id.to_string(),
                name: o.intervention.name.clone(),
                unit: o.unit_name.clone(),
                tracks: o
                    .intervention
                    .tracks
                    .iter()
                    .map(|t| t.word())
                    .collect::<Vec<_>>()
                    .join(", "),
                weeks: o.intervention.usual_weeks,
                capacity: av.capacity,
                free: av.free,
                waiting: av.waiting,
                expected: match (av.expected_start, av.waiting_days(v.today)) {
                    (Some(_), Some(0)) => c.t("start_now").to_string(),
                    (Some(d), Some(days)) => {
                        format!("{} ({days} {})", crate::i18n::date(d), c.t("days"))
                    }
                    _ => c.t("unknown").to_string(),
                },
                consent: match (o.needs_consent, o.has_consent) {
                    (false, _) => c.t("consent_not_needed").to_string(),
                    (true, true) => c.t("consent_given").to_string(),
                    (true, false) => c.t("consent_missing").to_string(),
                },
            }
        })
        .collect();
    // The conference record's agreed lines: each one not yet in the plan
    // fills the add form in one click (the intervention by its name, and
    // the goal), so nobody types them again.
    let agreed_lines = state
        .store
        .conference(a.actor.municipality_id, course)
        .await?
        .map(|k| k.agreed)
        .unwrap_or_default();
    let same = |x: &str, y: &str| x.trim().to_lowercase() == y.trim().to_lowercase();
    let planned = |name: &str| v.items.iter().any(|i| same(&i.intervention_name, name));
    let from_record = q.aftalt.and_then(|n| agreed_lines.get(n));
    let by_name = |name: &str| {
        v.offers
            .iter()
            .find(|o| same(&o.intervention.name, name))
            .map(|o| o.intervention.id.to_string())
    };
    let chosen: Option<InterventionId> = typed
        .as_ref()
        .map(|f| f.intervention.clone())
        .or_else(|| from_record.and_then(|l| by_name(&l.intervention)))
        .unwrap_or_else(|| q.indsats.clone())
        .parse()
        .ok();
    let weeks = v
        .offers
        .iter()
        .find(|o| Some(o.intervention.id) == chosen)
        .map(|o| i64::from(o.intervention.usual_weeks))
        .unwrap_or(12);
    let form = typed.unwrap_or_else(|| AddForm {
        version: v.version.to_string(),
        intervention: chosen.map(|i| i.to_string()).unwrap_or_default(),
        goal: from_record.map(|l| l.goal.clone()).unwrap_or_default(),
        start: iso(v.today),
        end: iso(v.today + Duration::weeks(weeks) - Duration::days(1)),
        first_measurement: iso(v.today + Duration::days(14)),
    });
    let form = AddForm {
        version: v.version.to_string(),
        ..form
    };
    let opt = |value: String, label: String, selected: bool| SelectOption {
        value,
        label,
        selected,
    };
    Ok(PlanPage {
        h: head(&v.access, &v.citizen, "plan"),
        version: v.version,
        items,
        tracks: Track::ALL
            .iter()
            .map(|t| opt(t.code().into(), t.word().into(), track == Some(*t)))
            .collect(),
        groups: TargetGroup::ALL
            .iter()
            .map(|g| {
                let label = g.word();
                opt(g.code().into(), label.into(), target_group == Some(*g))
            })
            .collect(),
        choices: offers
            .iter()
            .map(|o| {
                let label = format!(
                    "{} – {} ({} {})",
                    o.name,
                    o.unit,
                    o.free,
                    c.t("free_places")
                );
                opt(o.id.clone(), label, form.intervention == o.id)
            })
            .collect(),
        agreed: agreed_lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.intervention.trim().is_empty())
            .map(|(n, l)| AgreedRow {
                intervention: l.intervention.clone(),
                goal: l.goal.clone(),
                link: (!planned(&l.intervention))
                    .then(|| format!("{}?aftalt={n}#tilfoej", crate::plan::paths::plan(course))),
            })
            .collect(),
        offers,
        form,
        error,
        c,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Query(q): Query<PlanQuery>,
) -> PageResult {
    render(&page(&state, &a, id(&cid)?, &q, None, None).await?)
}

/// Renders the plan again with the error, keeping what was typed unless the
/// plan changed meanwhile.
async fn refused(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    e: WebError,
    typed: Option<AddForm>,
) -> PageResult {
    let keep = if matches!(e, WebError::Validation(_)) {
        typed
    } else {
        None
    };
    let (status, msg) = form_error(e)?;
    let p = page(state, a, course, &PlanQuery::default(), keep, Some(msg)).await?;
    render_status(status, &p)
}

pub async fn add(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<AddForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let Ok(intervention) = f.intervention.parse::<InterventionId>() else {
        let e = WebError::invalid("invalid.choose_an_intervention_from_the_catalogue");
        return refused(&state, &a, course, e, Some(f)).await;
    };
    let input = PlacementInput {
        goal: &f.goal,
        start: &f.start,
        end: &f.end,
        first_measurement: &f.first_measurement,
    };
    let version = f.version.parse().unwrap_or(-1);
    match plan::add(&state, &a.actor, course, intervention, version, &input).await {
        Ok(_) => Ok(Redirect::to(&crate::plan::paths::plan(course)).into_response()),
        Err(e) => refused(&state, &a, course, e, Some(f)).await,
    }
}

pub async fn revise(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((cid, pid)): Path<(String, String)>,
    Form(f): Form<AddForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let placement: PlacementId = id(&pid)?;
    let input = PlacementInput {
        goal: &f.goal,
        start: &f.start,
        end: &f.end,
        first_measurement: &f.first_measurement,
    };
    let version = f.version.parse().unwrap_or(-1);
    match plan::revise(&state, &a.actor, course, placement, version, &input).await {
        Ok(_) => Ok(Redirect::to(&crate::plan::paths::plan(course)).into_response()),
        Err(e) => refused(&state, &a, course, e, None).await,
    }
}

#[derive(Deserialize)]
pub struct EndForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    reason: String,
}

pub async fn end(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((cid, pid)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let placement: PlacementId = id(&pid)?;
    let f = EndForm {
        version: crate::confirm::field(&fields, "version").to_string(),
        reason: crate::confirm::field(&fields, "reason").to_string(),
    };
    if !crate::confirm::confirmed(&fields) {
        crate::confirm::may_change(&state, &a.actor, course).await?;
        let lang = crate::i18n::Lang::current();
        return crate::confirm::ask(
            &a,
            "courses",
            crate::confirm::Ask {
                heading: "confirm.end_placement",
                button: "confirm.end_placement_yes",
                consequence: vec![
                    lang.t("confirm.end_placement_what").to_string(),
                    lang.t("confirm.end_placement_after").to_string(),
                ],
                action: crate::plan::paths::end_placement(course, placement),
                fields,
                reason: None,
                back: crate::plan::paths::plan(course),
            },
        );
    }
    let version = f.version.parse().unwrap_or(-1);
    match plan::end(&state, &a.actor, course, placement, version, &f.reason).await {
        Ok(_) => Ok(Redirect::to(&crate::plan::paths::plan(course)).into_response()),
        Err(e) => refused(&state, &a, course, e, None).await,
    }
}

/// The plan as a PDF for the citizen; the file name holds no personal data.
pub async fn pdf(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let bytes = crate::plan::pdf::plan_pdf(&state, &a.actor, course).await?;
    Ok(pdf_response(bytes))
}

pub fn pdf_response(bytes: Vec<u8>) -> axum::response::Response {
    crate::export::download("application/pdf", "indsatsplan.pdf", bytes)
}
