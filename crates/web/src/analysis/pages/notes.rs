//! Monofaglige notater: each professional's note from their template, and
//! all notes side by side.

use crate::analysis::service::notes as analysis;
use crate::auth::{Authed, CurrentUser};
use crate::courses::head::{head, Head};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::{id, render, render_status, Chrome, PageError, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::analysis::template;
use jobspor_domain::user::Role;
use jobspor_domain::CourseId;
use serde::Deserialize;

pub struct NoteCard {
    pub author: String,
    pub profession: String,
    pub updated: String,
    pub limitation: String,
    pub resources: String,
    pub intervention: String,
}

#[derive(Template)]
#[template(path = "analysis/templates/course_analysis.html")]
struct NotesPage {
    c: Chrome,
    h: Head,
    cards: Vec<NoteCard>,
    form_title: &'static str,
    limitation_label: &'static str,
    resources_label: &'static str,
    intervention_label: &'static str,
    version: String,
    limitation: String,
    resources: String,
    intervention: String,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    typed: Option<&NoteForm>,
    error: Option<String>,
) -> Result<NotesPage, PageError> {
    let v = analysis::view(state, &a.actor, course).await?;
    let c = Chrome::new(Some(a), "analysis_notes", "courses");
    let pick = |key: &'static str| c.lang.t(key);
    let t = template(v.own_profession);
    let own = v.notes.iter().find(|n| n.author_id == a.actor.user_id);
    let cards = v
        .notes
        .iter()
        .map(|n| NoteCard {
            author: n.author_name.clone(),
            profession: n
                .profession
                .map(|p| p.word())
                .unwrap_or(Role::Caseworker.word())
                .to_string(),
            updated: crate::i18n::datetime(n.updated_at),
            limitation: n.limitation.clone(),
            resources: n.resources.clone(),
            intervention: n.suggested_intervention.clone(),
        })
        .collect();
    let (limitation, resources, intervention) = match (typed, own) {
        (Some(f), _) => (
            f.limitation.clone(),
            f.resources.clone(),
            f.suggested_intervention.clone(),
        ),
        (None, Some(n)) => (
            n.limitation.clone(),
            n.resources.clone(),
            n.suggested_intervention.clone(),
        ),
        (None, None) => Default::default(),
    };
    Ok(NotesPage {
        h: head(&v.access, &v.citizen, "analysis"),
        cards,
        form_title: pick(t.title),
        limitation_label: pick(t.limitation),
        resources_label: pick(t.resources),
        intervention_label: pick(t.intervention),
        version: own.map(|n| n.version.to_string()).unwrap_or_default(),
        limitation,
        resources,
        intervention,
        error,
        c,
    })
}

pub async fn notes(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    render(&page(&state, &a, id(&cid)?, None, None).await?)
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    version: String,
    #[serde(default)]
    limitation: String,
    #[serde(default)]
    resources: String,
    #[serde(default)]
    suggested_intervention: String,
}

pub async fn save_note(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<NoteForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let version = f.version.parse::<i64>().ok();
    match analysis::save(
        &state,
        &a.actor,
        course,
        version,
        None,
        (&f.limitation, &f.resources, &f.suggested_intervention),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&crate::analysis::paths::notes(course)).into_response()),
        Err(e @ (WebError::Validation(_) | WebError::Conflict(_))) => {
            let status = e.status();
            let msg = e.public_message(crate::i18n::Lang::current());
            // What was typed stays in the form, also on a conflict: the note
            // as it was saved meanwhile is among the cards above, and the
            // form now carries its version, so saving again replaces it.
            let msg = if status == StatusCode::CONFLICT {
                format!(
                    "{msg} {}",
                    crate::i18n::Lang::current().t("conflict_your_text_is_kept")
                )
            } else {
                msg
            };
            render_status(
                status,
                &page(&state, &a, course, Some(&f), Some(msg)).await?,
            )
        }
        Err(e) => Err(e.into()),
    }
}
