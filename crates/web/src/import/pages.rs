//! The administrator's import page: a file, a column mapping (saved by
//! name and reused), a check of every line, and the import. What a line is
//! refused for is shown by its number and reason, never its contents.

use super::file::{self, Encoding};
use super::jobs::End;
use super::paths;
use super::service::{self, ImportError, Kind, Step, Summary};
use crate::audit::event;
use crate::auth::{Authed, CurrentUser};
use crate::error::WebError;
use crate::page::{render_status, said, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use jobspor_domain::audit::AuditAction;
use jobspor_domain::import::Mapping;
use jobspor_domain::message::Message;
use serde::Deserialize;

pub struct RefusedLine {
    pub line: usize,
    pub reasons: String,
}

#[derive(Default)]
pub struct Outcome {
    pub dry_run: bool,
    pub created: usize,
    pub updated: usize,
    pub courses: usize,
    pub notes: usize,
    pub refused: Vec<RefusedLine>,
}

#[derive(Template)]
#[template(path = "import/templates/import.html")]
struct ImportPage {
    c: Chrome,
    mappings: Vec<String>,
    name: String,
    mapping: String,
    sheet: String,
    encoding: String,
    journal: bool,
    errors: Vec<String>,
    outcome: Option<Outcome>,
}

/// Everything the form carries.
#[derive(Default)]
struct Form {
    file: Option<Vec<u8>>,
    name: String,
    mapping: String,
    sheet: String,
    encoding: String,
    save: bool,
    commit: bool,
    kind: String,
}

async fn show(
    state: &AppState,
    a: &Authed,
    f: &Form,
    status: StatusCode,
    errors: Vec<String>,
    outcome: Option<Outcome>,
) -> PageResult {
    let mappings = state
        .store
        .import_mappings(a.actor.municipality_id)
        .await?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    render_status(
        status,
        &ImportPage {
            c: Chrome::new(Some(a), "import.title", "admin"),
            mappings,
            name: f.name.clone(),
            mapping: f.mapping.clone(),
            sheet: f.sheet.clone(),
            encoding: if f.encoding.is_empty() {
                "auto".into()
            } else {
                f.encoding.clone()
            },
            journal: f.kind == "journal",
            errors,
            outcome,
        },
    )
}

#[derive(Deserialize)]
pub struct Chosen {
    mapping: Option<String>,
}

/// The form, with a saved mapping filled in when one is chosen.
pub async fn page(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Query(q): Query<Chosen>,
) -> PageResult {
    crate::auth::require_admin(&a.actor)?;
    let mut f = Form::default();
    if let Some(name) = q.mapping {
        let saved = state.store.import_mappings(a.actor.municipality_id).await?;
        if let Some((n, body)) = saved.into_iter().find(|(n, _)| *n == name) {
            f.name = n;
            f.mapping = body;
        }
    }
    show(&state, &a, &f, StatusCode::OK, Vec::new(), None).await
}

async fn read_form(mut mp: Multipart) -> Result<Form, WebError> {
    let bad = crate::page::multipart_error;
    let mut f = Form::default();
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let bytes = field.bytes().await.map_err(bad)?;
            f.file = (!bytes.is_empty()).then(|| bytes.to_vec());
            continue;
        }
        let value = field.text().await.map_err(bad)?;
        match name.as_str() {
            "name" => f.name = value.trim().to_string(),
            "mapping" => f.mapping = value,
            "sheet" => f.sheet = value.trim().to_string(),
            "encoding" => f.encoding = value,
            "save" => f.save = true,
            "action" => f.commit = value == "import",
            "kind" => f.kind = value,
            _ => {}
        }
    }
    Ok(f)
}

/// Checks (or imports) the file: the first problem of the form, the file
/// or the mapping is shown with the form as it was filled in.
pub async fn submit(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    mp: Multipart,
) -> PageResult {
    crate::auth::require_admin(&a.actor)?;
    let f = read_form(mp).await?;
    let refuse = |ms: Vec<Message>| ms.iter().map(said).collect::<Vec<_>>();
    let mapping = match Mapping::parse(&f.mapping) {
        Ok(m) if !m.columns.is_empty() => m,
        Ok(_) => {
            let e = refuse(vec![
                Message::new("invalid.import_field_unmapped").with("value", "cpr")
            ]);
            return show(&state, &a, &f, StatusCode::UNPROCESSABLE_ENTITY, e, None).await;
        }
        Err(m) => {
            return show(
                &state,
                &a,
                &f,
                StatusCode::UNPROCESSABLE_ENTITY,
                refuse(vec![m]),
                None,
            )
            .await
        }
    };
    if f.save {
        if f.name.is_empty() || f.name.chars().count() > 60 {
            let e = refuse(vec![Message::new("invalid.import_mapping_name")]);
            return show(&state, &a, &f, StatusCode::UNPROCESSABLE_ENTITY, e, None).await;
        }
        let ev = event(
            &a.actor,
            AuditAction::Update,
            None,
            "import_mapping".into(),
            "indlæsning: kolonneopsætning gemt",
        );
        state
            .store
            .save_import_mapping(
                a.actor.municipality_id,
                &f.name,
                &mapping.to_text(),
                a.actor.user_id,
                &[ev],
            )
            .await?;
    }
    let Some(bytes) = &f.file else {
        let e = refuse(vec![Message::new("invalid.choose_a_file_2")]);
        return show(&state, &a, &f, StatusCode::UNPROCESSABLE_ENTITY, e, None).await;
    };
    let Some(kind) = Kind::parse(&f.kind) else {
        let e = refuse(vec![Message::new("invalid.import_kind")]);
        return show(&state, &a, &f, StatusCode::UNPROCESSABLE_ENTITY, e, None).await;
    };
    let Some(encoding) = Encoding::parse(&f.encoding) else {
        let e = refuse(vec![Message::new("invalid.import_encoding")]);
        return show(&state, &a, &f, StatusCode::UNPROCESSABLE_ENTITY, e, None).await;
    };
    let sheet = Some(f.sheet.as_str()).filter(|s| !s.is_empty());
    let table = match file::read(bytes, encoding, sheet) {
        Ok(t) => t,
        Err(ms) => {
            return show(
                &state,
                &a,
                &f,
                StatusCode::UNPROCESSABLE_ENTITY,
                refuse(ms),
                None,
            )
            .await
        }
    };
    // Every line is checked first, whatever was asked: refused lines are
    // shown at once, and only a file that can be imported is written.
    let store = state.store.as_ref();
    match service::import(store, &a.actor, kind, &table, &mapping, true, &|_| ()).await {
        Ok(_) if f.commit => {
            // Written in the background; the job's page shows how far it is.
            let job = state
                .imports
                .start(a.actor.municipality_id, a.actor.user_id);
            let (st, actor) = (state.clone(), a.actor.clone());
            tokio::spawn(async move {
                let jobs = st.imports.clone();
                let progress = move |step| jobs.step(job, step);
                let result = service::import(
                    st.store.as_ref(),
                    &actor,
                    kind,
                    &table,
                    &mapping,
                    false,
                    &progress,
                )
                .await;
                st.imports.job_done(job, result);
            });
            Ok(Redirect::to(&paths::job(job)).into_response())
        }
        Ok(would) => {
            let o = outcome(would, true, &[]);
            show(&state, &a, &f, StatusCode::OK, Vec::new(), Some(o)).await
        }
        Err(ImportError::Lines(r)) => {
            let o = outcome(r.would, true, &r.lines);
            show(
                &state,
                &a,
                &f,
                StatusCode::UNPROCESSABLE_ENTITY,
                Vec::new(),
                Some(o),
            )
            .await
        }
        Err(ImportError::Refused(ms)) => {
            show(
                &state,
                &a,
                &f,
                StatusCode::UNPROCESSABLE_ENTITY,
                refuse(ms),
                None,
            )
            .await
        }
        Err(ImportError::NotAllowed) => Err(WebError::NotFound.into()),
        Err(ImportError::Store(e)) => Err(WebError::from(e).into()),
    }
}

/// What a file comes to on the page: the counts, and each refused line
/// by number and reason.
fn outcome(s: Summary, dry_run: bool, refused: &[(usize, Vec<Message>)]) -> Outcome {
    Outcome {
        dry_run,
        created: s.created,
        updated: s.updated,
        courses: s.courses,
        notes: s.notes,
        refused: refused
            .iter()
            .map(|(line, ms)| RefusedLine {
                line: *line,
                reasons: ms.iter().map(said).collect::<Vec<_>>().join("; "),
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "import/templates/import_job.html")]
struct JobPage {
    c: Chrome,
    running: bool,
    progress: String,
    errors: Vec<String>,
    outcome: Option<Outcome>,
}

/// A background import: how far it has got (the page reloads itself every
/// two seconds, without JavaScript), then what it did.
pub async fn job(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(jid): Path<String>,
) -> PageResult {
    crate::auth::require_admin(&a.actor)?;
    let id: uuid::Uuid = jid.parse().map_err(|_| WebError::NotFound)?;
    let j = state
        .imports
        .of(id, a.actor.municipality_id, a.actor.user_id)
        .ok_or(WebError::NotFound)?;
    let c = Chrome::new(Some(&a), "import.title", "admin");
    let seconds = j.started.elapsed().as_secs().to_string();
    let progress = match j.step {
        Some(Step::Writing(n)) => c.lang.fill(
            "import.writing",
            &[("lines", &n.to_string()), ("seconds", &seconds)],
        ),
        Some(Step::Checking(n)) => c.lang.fill(
            "import.checking",
            &[("lines", &n.to_string()), ("seconds", &seconds)],
        ),
        None => c.lang.fill("import.starting", &[("seconds", &seconds)]),
    };
    let (errors, outcome) = match j.end.map(|(e, _)| e) {
        None => (Vec::new(), None),
        Some(End::Imported(done)) => (Vec::new(), Some(outcome(done, false, &[]))),
        Some(End::Refused(r)) => (Vec::new(), Some(outcome(r.would, true, &r.lines))),
        Some(End::Failed(ms)) => (ms.iter().map(said).collect(), None),
    };
    render_status(
        StatusCode::OK,
        &JobPage {
            running: outcome.is_none() && errors.is_empty(),
            progress,
            errors,
            outcome,
            c,
        },
    )
}
