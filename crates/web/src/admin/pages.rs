//! Administration of users and units (admin role only).

use crate::audit::event;
use crate::auth::{hash_password, Authed, CurrentUser};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{id, render, render_status, said, say, say_with, Chrome, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use jobspor_domain::access;
use jobspor_domain::audit::AuditAction;
use jobspor_domain::message::Explain;
use jobspor_domain::text;
use jobspor_domain::user::{password_problem, valid_username, Profession, Role};
use jobspor_domain::UserId;
use jobspor_store::Conflict;
use jobspor_store::NewUser;
use serde::Deserialize;

pub struct UserRow {
    pub id: String,
    pub username: String,
    pub name: String,
    pub role: String,
    pub profession: String,
    pub team: String,
    pub unit: String,
    pub active: bool,
    pub version: i64,
    pub is_self: bool,
    /// Waits out failed logins from everywhere; an unlock button shows.
    pub locked: bool,
}

#[derive(Template)]
#[template(path = "admin/templates/admin.html")]
struct AdminPage {
    c: Chrome,
    users: Vec<UserRow>,
    units: Vec<jobspor_store::Unit>,
    roles: Vec<SelectOption>,
    professions: Vec<SelectOption>,
    unit_options: Vec<SelectOption>,
    frameworks: Vec<String>,
    target_groups: Vec<SelectOption>,
    error: Option<String>,
}

async fn page_for(
    state: &AppState,
    a: &Authed,
    error: Option<String>,
) -> Result<AdminPage, crate::page::PageError> {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let c = Chrome::new(Some(a), "admin", "admin");
    let units = state.store.list_units(a.actor.municipality_id).await?;
    let users = state
        .store
        .list_users(a.actor.municipality_id)
        .await?
        .into_iter()
        .map(|u| UserRow {
            locked: state.throttle.locked(&u.username),
            id: u.id.to_string(),
            username: u.username.clone(),
            name: u.display_name.clone(),
            role: u.role.word().to_string(),
            profession: u
                .profession
                .map(|p| p.word().to_string())
                .unwrap_or_default(),
            team: u.team.clone().unwrap_or_default(),
            unit: u
                .unit_id
                .and_then(|id| units.iter().find(|x| x.id == id))
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            active: u.active,
            version: u.version,
            is_self: u.id == a.actor.user_id,
        })
        .collect();
    Ok(AdminPage {
        roles: Role::STAFF
            .iter()
            .map(|r| SelectOption {
                value: r.code().into(),
                label: r.word().into(),
                selected: false,
            })
            .collect(),
        professions: Profession::ALL
            .iter()
            .map(|p| SelectOption {
                value: p.code().into(),
                label: p.word().into(),
                selected: false,
            })
            .collect(),
        unit_options: units
            .iter()
            .map(|u| SelectOption {
                value: u.id.to_string(),
                label: u.name.clone(),
                selected: false,
            })
            .collect(),
        units,
        frameworks: state
            .store
            .frameworks(a.actor.municipality_id)
            .await?
            .into_iter()
            .map(|f| {
                let group = f.target_group.word();
                let team: Vec<&str> = f.default_team.iter().map(|p| p.word()).collect();
                format!(
                    "{} – {group}, {} uger, {}",
                    f.name,
                    f.default_weeks,
                    team.join(", ")
                )
            })
            .collect(),
        target_groups: jobspor_domain::rules::TargetGroup::ALL
            .iter()
            .map(|g| SelectOption {
                value: g.code().into(),
                label: g.word().into(),
                selected: false,
            })
            .collect(),
        users,
        error,
        c,
    })
}

pub async fn page(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    render(&page_for(&state, &a, None).await?)
}

#[derive(Deserialize)]
pub struct NewUserForm {
    username: String,
    display_name: String,
    role: String,
    #[serde(default)]
    profession: String,
    #[serde(default)]
    team: String,
    #[serde(default)]
    unit_id: String,
    password: String,
}

pub async fn create_user(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<NewUserForm>,
) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let result: Result<NewUser, String> = (|| {
        let username = f.username.trim().to_lowercase();
        if !valid_username(&username) {
            return Err(say("username_format"));
        }
        let role = Role::parse(&f.role)
            .filter(|r| Role::STAFF.contains(r))
            .ok_or_else(|| say("choose_role"))?;
        if let Some(p) = password_problem(&f.password) {
            return Err(said(&p));
        }
        let display_name = text::required(&f.display_name, "name", text::SHORT_MAX_BYTES)
            .map_err(|e| said(&e.explain()))?;
        let team = text::optional(Some(&f.team), "team", 100).map_err(|e| said(&e.explain()))?;
        let unit_id = if f.unit_id.is_empty() {
            None
        } else {
            Some(f.unit_id.parse().map_err(|_| say("unknown_unit"))?)
        };
        Ok(NewUser {
            municipality_id: a.actor.municipality_id,
            username,
            display_name,
            role,
            profession: Profession::parse(&f.profession)
                .filter(|_| role == Role::HealthProfessional),
            unit_id,
            team,
            password_hash: String::new(),
        })
    })();
    let mut nu = match result {
        Ok(nu) => nu,
        Err(m) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page_for(&state, &a, Some(m)).await?,
            )
        }
    };
    if let Some(unit) = nu.unit_id {
        let units = state.store.list_units(a.actor.municipality_id).await?;
        if !units.iter().any(|u| u.id == unit) {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page_for(&state, &a, Some(say("unknown_unit"))).await?,
            );
        }
    }
    nu.password_hash = hash_password(&f.password)?;
    let ev = event(
        &a.actor,
        AuditAction::Create,
        None,
        format!("user:{}", nu.username),
        "administration",
    );
    match state.store.create_user(&nu, &[ev]).await {
        Ok(_) => Ok(Redirect::to(&crate::admin::paths::home()).into_response()),
        Err(jobspor_store::StoreError::Conflict(Conflict::Exists(_))) => render_status(
            StatusCode::CONFLICT,
            &page_for(&state, &a, Some(say("username_taken"))).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ToggleForm {
    active: String,
    version: i64,
}

pub async fn toggle_user(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(uid): Path<String>,
    Form(f): Form<ToggleForm>,
) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let user: UserId = id(&uid)?;
    if user == a.actor.user_id {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page_for(&state, &a, Some(say("cannot_deactivate_self"))).await?,
        );
    }
    let active = f.active == "1";
    let ev = event(
        &a.actor,
        AuditAction::Update,
        None,
        format!("user:{user}:active={active}"),
        "administration",
    );
    match state
        .store
        .set_user_active(a.actor.municipality_id, user, active, f.version, &[ev])
        .await
    {
        Ok(()) => Ok(Redirect::to(&crate::admin::paths::home()).into_response()),
        Err(jobspor_store::StoreError::Conflict(c)) => render_status(
            StatusCode::CONFLICT,
            &page_for(
                &state,
                &a,
                Some(WebError::Conflict(c).public_message(crate::i18n::Lang::current())),
            )
            .await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct UnitForm {
    name: String,
}

pub async fn create_unit(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<UnitForm>,
) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let name = match text::required(&f.name, "name", text::SHORT_MAX_BYTES) {
        Ok(n) => n,
        Err(e) => {
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page_for(&state, &a, Some(said(&e.explain()))).await?,
            )
        }
    };
    let ev = event(
        &a.actor,
        AuditAction::Create,
        None,
        format!("unit:{name}"),
        "administration",
    );
    match state
        .store
        .create_unit(a.actor.municipality_id, &name, &[ev])
        .await
    {
        Ok(_) => Ok(Redirect::to(&crate::admin::paths::home()).into_response()),
        Err(jobspor_store::StoreError::Conflict(Conflict::Exists(_))) => render_status(
            StatusCode::CONFLICT,
            &page_for(&state, &a, Some(say("unit_exists"))).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct UnitEmailForm {
    #[serde(default)]
    email: String,
}

/// The unit's shared mailbox for notification e-mails; empty clears it.
pub async fn set_unit_email(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    axum::extract::Path(uid): axum::extract::Path<String>,
    Form(f): Form<UnitEmailForm>,
) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let unit: jobspor_domain::UnitId = crate::page::id(&uid)?;
    let email = f.email.trim();
    let valid = email.len() <= text::SHORT_MAX_BYTES
        && email
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
        && !email
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';'));
    if !email.is_empty() && !valid {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page_for(&state, &a, Some(say("email_invalid"))).await?,
        );
    }
    let ev = event(
        &a.actor,
        AuditAction::Update,
        None,
        format!("unit:{unit}:email"),
        "administration",
    );
    state
        .store
        .set_unit_email(
            a.actor.municipality_id,
            unit,
            (!email.is_empty()).then_some(email),
            &[ev],
        )
        .await?;
    Ok(Redirect::to(&crate::admin::paths::home()).into_response())
}

pub async fn create_framework(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let get = |k: &str| {
        f.iter()
            .find(|(x, _)| x == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let input = jobspor_domain::triage::FrameworkInput {
        name: get("name"),
        target_group: get("target_group"),
        default_weeks: get("default_weeks"),
        default_team: f
            .iter()
            .filter(|(k, _)| k == "team")
            .map(|(_, v)| v.as_str())
            .collect(),
    };
    match crate::triage::service::create_framework(&state, &a.actor, &input).await {
        Ok(_) => Ok(Redirect::to(&crate::admin::paths::home()).into_response()),
        Err(WebError::Validation(m)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page_for(&state, &a, Some(said(&m))).await?,
        ),
        Err(e) => Err(e.into()),
    }
}

pub struct DefinitionRow {
    pub id: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "admin/templates/admin_definitions.html")]
struct DefinitionsPage {
    c: Chrome,
    rows: Vec<DefinitionRow>,
    errors: Vec<String>,
    imported: Option<String>,
}

async fn definitions_page(
    state: &AppState,
    a: &Authed,
    errors: Vec<String>,
    imported: Option<String>,
) -> Result<DefinitionsPage, crate::page::PageError> {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let rows = state
        .store
        .definitions(a.actor.municipality_id)
        .await?
        .into_iter()
        .map(|d| DefinitionRow {
            id: d.id.to_string(),
            label: format!(
                "{} – {} v{} ({})",
                d.title,
                d.key,
                d.version,
                if d.scope == jobspor_domain::questionnaire::SHIPPED_SCOPE {
                    "Jobspor"
                } else {
                    "kommunen"
                }
            ),
        })
        .collect();
    Ok(DefinitionsPage {
        c: Chrome::new(Some(a), "questionnaires", "admin"),
        rows,
        errors,
        imported,
    })
}

pub async fn definitions(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    render(&definitions_page(&state, &a, Vec::new(), None).await?)
}

/// Upload of one definition file (multipart; the CSRF field comes first).
pub async fn import_definition(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    mp: axum::extract::Multipart,
) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let Some((name, _, bytes)) = crate::page::read_upload(mp).await? else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &definitions_page(&state, &a, vec![say("choose_file")], None).await?,
        );
    };
    let name = jobspor_domain::document::clean_filename(&name)
        .unwrap_or_else(|_| "definition.json".into());
    let Ok(body) = String::from_utf8(bytes) else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &definitions_page(&state, &a, vec![format!("{name}: not UTF-8 text")], None).await?,
        );
    };
    use crate::screening::service::{import_definition, ImportError};
    match import_definition(&state, &a.actor, &name, &body).await? {
        Ok(d) => render(
            &definitions_page(
                &state,
                &a,
                Vec::new(),
                Some(format!("{} v{}", d.key, d.version)),
            )
            .await?,
        ),
        Err(ImportError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &definitions_page(&state, &a, errors, None).await?,
        ),
        Err(ImportError::VersionExists { key, version }) => render_status(
            StatusCode::CONFLICT,
            &definitions_page(
                &state,
                &a,
                vec![format!(
                    "{name}: {}",
                    say_with(
                        "questionnaire_version_exists",
                        &[("key", &key), ("version", &version.to_string())]
                    )
                )],
                None,
            )
            .await?,
        ),
    }
}

/// The definition's JSON exactly as stored, to review or to edit into a new version.
pub async fn export_definition(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(did): Path<String>,
) -> PageResult {
    if !access::can_administer(&a.actor) {
        return Err(WebError::NotFound.into());
    }
    let def_id = id(did.trim_end_matches(".json"))?;
    let d = state
        .store
        .definition(a.actor.municipality_id, def_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let disposition = format!("attachment; filename=\"{}-v{}.json\"", d.key, d.version);
    let mut res = d.body.into_response();
    let h = res.headers_mut();
    h.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json; charset=utf-8"),
    );
    if let Ok(v) = disposition.parse() {
        h.insert(axum::http::header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
