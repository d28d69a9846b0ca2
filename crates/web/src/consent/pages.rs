//! Samtykke: consents per receiving unit, recorded and revoked by the
//! course's caseworker.

use crate::auth::{Authed, CurrentUser};
use crate::consent::service as consent;
use crate::courses::head::{head, Head};
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
use chrono::Utc;
use jobspor_domain::consent::{ConsentInput, ConsentMethod};
use jobspor_domain::time::today_copenhagen;
use jobspor_domain::{ConsentId, CourseId};
use serde::Deserialize;

pub struct ConsentRow {
    pub id: String,
    pub unit: String,
    pub scope: String,
    pub purpose: String,
    pub period: String,
    pub method: &'static str,
    pub recorded: String,
    pub state: String,
    pub revocable: bool,
}

#[derive(Template)]
#[template(path = "consent/templates/course_consent.html")]
struct ConsentPage {
    c: Chrome,
    h: Head,
    rows: Vec<ConsentRow>,
    units: Vec<SelectOption>,
    methods: Vec<SelectOption>,
    today: String,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    error: Option<String>,
) -> Result<ConsentPage, PageError> {
    let v = consent::view(state, &a.actor, course).await?;
    let c = Chrome::new(Some(a), "consents", "courses");
    let today = today_copenhagen(Utc::now());
    let unit_name = |u| {
        v.units
            .iter()
            .find(|x| x.id == u)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let rows = v
        .consents
        .iter()
        .map(|k| ConsentRow {
            id: k.id.to_string(),
            unit: unit_name(k.unit_id),
            scope: k.scope.clone(),
            purpose: k.purpose.clone(),
            period: format!(
                "{} – {}",
                crate::i18n::date(k.period.from),
                crate::i18n::date(k.period.to)
            ),
            method: k.method.word(),
            recorded: crate::i18n::datetime(k.recorded_at),
            state: match (k.revoked_at, k.in_force(today)) {
                (Some(at), _) => format!("{} {}", c.t("revoked"), crate::i18n::datetime(at)),
                (None, true) => c.t("in_force").to_string(),
                (None, false) => c.t("not_in_force").to_string(),
            },
            revocable: k.revoked_at.is_none() && v.access.can_manage,
        })
        .collect();
    Ok(ConsentPage {
        h: head(&v.access, &v.citizen, "consent"),
        rows,
        units: v
            .units
            .iter()
            .map(|u| SelectOption {
                value: u.id.to_string(),
                label: u.name.clone(),
                selected: false,
            })
            .collect(),
        methods: ConsentMethod::ALL
            .iter()
            .map(|m| SelectOption {
                value: m.code().into(),
                label: m.word().into(),
                selected: false,
            })
            .collect(),
        today: today.format("%Y-%m-%d").to_string(),
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
pub struct ConsentForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    method: String,
}

pub async fn record(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<ConsentForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let input = ConsentInput {
        scope: &f.scope,
        purpose: &f.purpose,
        from: &f.from,
        to: &f.to,
        method: &f.method,
    };
    match consent::record(&state, &a.actor, course, &f.unit, &input).await {
        Ok(_) => Ok(Redirect::to(&crate::consent::paths::consents(course)).into_response()),
        Err(WebError::Validation(m)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&state, &a, course, Some(said(&m))).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((cid, kid)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let consent_id: ConsentId = id(&kid)?;
    if !crate::confirm::confirmed(&fields) {
        crate::confirm::may_change(&state, &a.actor, course).await?;
        let lang = crate::i18n::Lang::current();
        let consents = state
            .store
            .consents(a.actor.municipality_id, course)
            .await?;
        let unit_id = consents
            .iter()
            .find(|c| c.id == consent_id)
            .map(|c| c.unit_id)
            .ok_or(WebError::NotFound)?;
        let unit = state
            .store
            .list_units(a.actor.municipality_id)
            .await?
            .into_iter()
            .find(|u| u.id == unit_id)
            .map(|u| u.name)
            .unwrap_or_default();
        return crate::confirm::ask(
            &a,
            "courses",
            crate::confirm::Ask {
                heading: "confirm.revoke_consent",
                button: "confirm.revoke_consent_yes",
                consequence: vec![
                    lang.fill("confirm.revoke_consent_what", &[("unit", &unit)]),
                    lang.t("confirm.revoke_consent_after").to_string(),
                ],
                action: crate::consent::paths::revoke(course, consent_id),
                fields,
                reason: None,
                back: crate::consent::paths::consents(course),
            },
        );
    }
    consent::revoke(&state, &a.actor, course, consent_id).await?;
    Ok(Redirect::to(&crate::consent::paths::consents(course)).into_response())
}
