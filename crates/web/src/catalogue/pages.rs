//! Administration of the intervention catalogue.

use crate::auth::{Authed, CurrentUser};
use crate::catalogue::service as catalogue;
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{
    field as get, fields as all, id, render, render_status, said, Chrome, Fields, PageResult,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::access;
use jobspor_domain::catalogue::{format_kroner, Intervention, InterventionInput, Track};
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::InterventionId;

pub struct Row {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub tracks: String,
    pub capacity: u32,
    pub weeks: u32,
    pub price: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "catalogue/templates/admin_catalogue.html")]
struct ListPage {
    c: Chrome,
    rows: Vec<Row>,
}

pub async fn list(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let c = Chrome::new(Some(&a), "catalogue", "admin");
    let units = state.store.list_units(a.actor.municipality_id).await?;
    let rows = catalogue::list(&state, &a.actor)
        .await?
        .into_iter()
        .map(|i| Row {
            id: i.id.to_string(),
            unit: units
                .iter()
                .find(|u| u.id == i.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            tracks: i
                .tracks
                .iter()
                .map(|t| t.word())
                .collect::<Vec<_>>()
                .join(", "),
            capacity: i.capacity,
            weeks: i.usual_weeks,
            price: format_kroner(i.price_ore),
            active: i.active,
            name: i.name,
        })
        .collect();
    render(&ListPage { c, rows })
}

#[derive(Template)]
#[template(path = "catalogue/templates/admin_intervention.html")]
struct EditPage {
    c: Chrome,
    action: String,
    version: String,
    name: String,
    description: String,
    units: Vec<SelectOption>,
    tracks: Vec<SelectOption>,
    groups: Vec<SelectOption>,
    weeks: String,
    capacity: String,
    price: String,
    questions: String,
    active: Option<bool>,
    error: Option<String>,
}

async fn edit_page(
    state: &AppState,
    a: &Authed,
    existing: Option<&Intervention>,
    typed: Option<&Fields>,
    error: Option<String>,
) -> Result<EditPage, crate::page::PageError> {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let c = Chrome::new(Some(a), "catalogue", "admin");
    let units = state.store.list_units(a.actor.municipality_id).await?;
    // What the form shows: what was typed, else the stored intervention, else empty.
    let (name, description, unit, tracks, groups, weeks, capacity, price, questions) =
        match (typed, existing) {
            (Some(f), _) => (
                get(f, "name").to_string(),
                get(f, "description").to_string(),
                get(f, "unit_id").to_string(),
                all(f, "tracks")
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>(),
                all(f, "target_groups")
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>(),
                get(f, "usual_weeks").to_string(),
                get(f, "capacity").to_string(),
                get(f, "price").to_string(),
                get(f, "progression_questions").to_string(),
            ),
            (None, Some(i)) => (
                i.name.clone(),
                i.description.clone(),
                i.unit_id.to_string(),
                i.tracks.iter().map(|t| t.code().to_string()).collect(),
                i.target_groups
                    .iter()
                    .map(|g| g.code().to_string())
                    .collect(),
                i.usual_weeks.to_string(),
                i.capacity.to_string(),
                format_kroner(i.price_ore)
                    .trim_end_matches(" kr.")
                    .to_string(),
                i.progression_questions.join("\n"),
            ),
            (None, None) => Default::default(),
        };
    Ok(EditPage {
        action: existing
            .map(|i| crate::catalogue::paths::intervention(i.id))
            .unwrap_or_else(crate::catalogue::paths::list),
        version: existing.map(|i| i.version.to_string()).unwrap_or_default(),
        units: units
            .iter()
            .map(|u| SelectOption {
                value: u.id.to_string(),
                label: u.name.clone(),
                selected: u.id.to_string() == unit,
            })
            .collect(),
        tracks: Track::ALL
            .iter()
            .map(|t| SelectOption {
                value: t.code().into(),
                label: t.word().into(),
                selected: tracks.iter().any(|x| x == t.code()),
            })
            .collect(),
        groups: TargetGroup::ALL
            .iter()
            .map(|g| SelectOption {
                value: g.code().into(),
                label: g.word().into(),
                selected: groups.iter().any(|x| x == g.code()),
            })
            .collect(),
        active: existing.map(|i| typed.map_or(i.active, |f| get(f, "active") == "1")),
        name,
        description,
        weeks,
        capacity,
        price,
        questions,
        error,
        c,
    })
}

pub async fn new_form(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    render(&edit_page(&state, &a, None, None, None).await?)
}

fn input(f: &Fields) -> InterventionInput<'_> {
    InterventionInput {
        name: get(f, "name"),
        description: get(f, "description"),
        tracks: all(f, "tracks"),
        target_groups: all(f, "target_groups"),
        usual_weeks: get(f, "usual_weeks"),
        capacity: get(f, "capacity"),
        price: get(f, "price"),
        progression_questions: get(f, "progression_questions"),
    }
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<Fields>,
) -> PageResult {
    match catalogue::create(&state, &a.actor, get(&f, "unit_id"), &input(&f)).await {
        Ok(_) => Ok(Redirect::to(&crate::catalogue::paths::list()).into_response()),
        Err(WebError::Validation(m)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(&state, &a, None, Some(&f), Some(said(&m))).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(iid): Path<String>,
) -> PageResult {
    let iid: InterventionId = id(&iid)?;
    let i = state
        .store
        .intervention(a.actor.municipality_id, iid)
        .await?
        .ok_or(WebError::NotFound)?;
    render(&edit_page(&state, &a, Some(&i), None, None).await?)
}

pub async fn update(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(iid): Path<String>,
    Form(f): Form<Fields>,
) -> PageResult {
    let iid: InterventionId = id(&iid)?;
    let version: i64 = get(&f, "version")
        .parse()
        .map_err(|_| WebError::invalid("invalid.version_is_missing"))?;
    match catalogue::update(
        &state,
        &a.actor,
        iid,
        version,
        get(&f, "unit_id"),
        get(&f, "active") == "1",
        &input(&f),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&crate::catalogue::paths::list()).into_response()),
        Err(e @ (WebError::Validation(_) | WebError::Conflict(_))) => {
            let status = e.status();
            let msg = e.public_message(crate::i18n::Lang::current());
            let i = state
                .store
                .intervention(a.actor.municipality_id, iid)
                .await?
                .ok_or(WebError::NotFound)?;
            let typed = if status == StatusCode::CONFLICT {
                None
            } else {
                Some(&f)
            };
            render_status(
                status,
                &edit_page(&state, &a, Some(&i), typed, Some(msg)).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}
