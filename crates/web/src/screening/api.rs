//! `/api/v1/questionnaires`, `/api/v1/citizens/{id}/screenings`,
//! `/api/v1/screenings/{id}`…: screening and triage for other systems.

use crate::api::{path_id, rfc3339, ApiJson};
use crate::auth::ApiUser;
use crate::error::{ApiError, WebError};
use crate::screening::service as screening;
use crate::screening::service::ImportError;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::message::Message;
use jobspor_domain::questionnaire::{Channel, Response};
use jobspor_store::Conflict;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct DefinitionJson {
    id: String,
    key: String,
    version: u32,
    title: String,
    shipped: bool,
}

#[derive(Serialize)]
pub struct Definitions {
    items: Vec<DefinitionJson>,
}

pub async fn definitions(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
) -> Result<Json<Definitions>, ApiError> {
    let items = state
        .store
        .definitions(a.actor.municipality_id)
        .await?
        .into_iter()
        .map(|d| DefinitionJson {
            shipped: d.scope == jobspor_domain::questionnaire::SHIPPED_SCOPE,
            id: d.id.to_string(),
            key: d.key,
            version: d.version,
            title: d.title,
        })
        .collect();
    Ok(Json(Definitions { items }))
}

/// The definition itself, as stored.
pub async fn definition(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let d = state
        .store
        .definition(a.actor.municipality_id, path_id(&id)?)
        .await?
        .ok_or(ApiError(WebError::NotFound))?;
    Ok(Json(
        serde_json::from_str(&d.body).map_err(WebError::internal)?,
    ))
}

/// Import (administrators): the body is the definition.
pub async fn import(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    ApiJson(body): ApiJson<Value>,
) -> Result<(StatusCode, Json<DefinitionJson>), ApiError> {
    let text = body.to_string();
    match screening::import_definition(&state, &a.actor, "request body", &text).await? {
        Ok(d) => Ok((
            StatusCode::CREATED,
            Json(DefinitionJson {
                id: d.id.to_string(),
                key: d.key,
                version: d.version,
                title: d.title,
                shipped: false,
            }),
        )),
        Err(ImportError::Invalid(errors)) => Err(ApiError(WebError::Validation(Message::new(
            errors.join("; "),
            errors.join("; "),
        )))),
        Err(ImportError::VersionExists { .. }) => {
            Err(ApiError(WebError::Conflict(Conflict::VersionExists)))
        }
    }
}

#[derive(Deserialize)]
pub struct StartScreening {
    definition_id: String,
    #[serde(default = "danish")]
    language: String,
    /// `link`, `kiosk`, `paper` or `api`.
    channel: String,
}

fn danish() -> String {
    "da".into()
}

#[derive(Serialize)]
pub struct Started {
    id: String,
    /// The citizen's page; hand it over once, it is not stored.
    link_path: Option<String>,
    expires_at: Option<String>,
}

pub async fn start(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(cid): Path<String>,
    ApiJson(b): ApiJson<StartScreening>,
) -> Result<(StatusCode, Json<Started>), ApiError> {
    let channel = Channel::parse(&b.channel).ok_or_else(|| {
        ApiError(WebError::invalid(
            "ukendt kanal",
            "channel must be link, kiosk, paper or api",
        ))
    })?;
    let definition = b.definition_id.parse().map_err(|_| {
        ApiError(WebError::invalid(
            "definition_id er ikke et id",
            "definition_id is not an id",
        ))
    })?;
    // Answers from another system come in through /answers; they still need a draft.
    let link_channel = if channel == Channel::Api {
        Channel::Paper
    } else {
        channel
    };
    let s = screening::start(
        &state,
        &a.actor,
        path_id(&cid)?,
        definition,
        &b.language,
        link_channel,
    )
    .await?;
    let link = channel != Channel::Api;
    Ok((
        StatusCode::CREATED,
        Json(Started {
            id: s.response.id.to_string(),
            link_path: link.then(|| format!("/s/{}", s.token)),
            expires_at: link.then(|| rfc3339(s.expires_at)),
        }),
    ))
}

#[derive(Serialize)]
pub struct ScreeningJson {
    id: String,
    citizen_id: String,
    definition_id: String,
    channel: String,
    language: String,
    status: String,
    answers: Value,
    result: Option<Value>,
    created_at: String,
    submitted_at: Option<String>,
    version: i64,
}

fn screening_json(r: &Response) -> Result<ScreeningJson, ApiError> {
    Ok(ScreeningJson {
        id: r.id.to_string(),
        citizen_id: r.citizen_id.to_string(),
        definition_id: r.definition_id.to_string(),
        channel: r.channel.code().into(),
        language: r.language.clone(),
        status: r.status.code().into(),
        answers: serde_json::to_value(&r.answers).map_err(WebError::internal)?,
        result: r
            .result
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok()),
        created_at: rfc3339(r.created_at),
        submitted_at: r.submitted_at.map(rfc3339),
        version: r.version,
    })
}

#[derive(Serialize)]
pub struct Screenings {
    items: Vec<ScreeningJson>,
}

pub async fn of_citizen(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(cid): Path<String>,
) -> Result<Json<Screenings>, ApiError> {
    if !jobspor_domain::access::can_create_course(&a.actor) {
        return Err(ApiError(WebError::NotFound));
    }
    let citizen = path_id(&cid)?;
    state
        .store
        .citizen(a.actor.municipality_id, citizen)
        .await?
        .ok_or(ApiError(WebError::NotFound))?;
    let list = screening::responses_of(&state, &a.actor, citizen).await?;
    Ok(Json(Screenings {
        items: list.iter().map(screening_json).collect::<Result<_, _>>()?,
    }))
}

pub async fn get_one(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ScreeningJson>, ApiError> {
    let (r, _) = screening::read_response(&state, &a.actor, path_id(&id)?).await?;
    Ok(Json(screening_json(&r)?))
}

#[derive(Deserialize)]
pub struct AnswersBody {
    /// Item key → a string, a number, or a list of strings (multiple choice).
    answers: BTreeMap<String, Value>,
    #[serde(default)]
    submit: bool,
}

pub async fn answers(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AnswersBody>,
) -> Result<Json<ScreeningJson>, ApiError> {
    let mut given = Vec::new();
    for (k, v) in b.answers {
        let raw = match v {
            Value::String(s) => vec![s],
            Value::Number(n) => vec![n.to_string()],
            Value::Null => Vec::new(),
            Value::Array(xs) => xs
                .into_iter()
                .map(|x| {
                    x.as_str()
                        .map(String::from)
                        .unwrap_or_else(|| x.to_string())
                })
                .collect(),
            other => vec![other.to_string()],
        };
        given.push((k, raw));
    }
    let r = screening::answer_as_staff(&state, &a.actor, path_id(&id)?, &given, b.submit).await?;
    Ok(Json(screening_json(&r)?))
}

#[derive(Serialize)]
pub struct Revoked {
    revoked: usize,
}

pub async fn revoke(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Revoked>, ApiError> {
    Ok(Json(Revoked {
        revoked: screening::revoke_links(&state, &a.actor, path_id(&id)?).await?,
    }))
}

#[derive(Serialize)]
pub struct FrameworkJson {
    id: String,
    name: String,
    target_group: String,
    default_weeks: u32,
    default_team: Vec<String>,
    active: bool,
}

#[derive(Serialize)]
pub struct Frameworks {
    items: Vec<FrameworkJson>,
}

pub async fn frameworks(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
) -> Result<Json<Frameworks>, ApiError> {
    let items = state
        .store
        .frameworks(a.actor.municipality_id)
        .await?
        .into_iter()
        .map(|f| FrameworkJson {
            id: f.id.to_string(),
            name: f.name,
            target_group: f.target_group.code().into(),
            default_weeks: f.default_weeks,
            default_team: f
                .default_team
                .iter()
                .map(|p| p.code().to_string())
                .collect(),
            active: f.active,
        })
        .collect();
    Ok(Json(Frameworks { items }))
}
