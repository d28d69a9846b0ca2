//! `/api/v1/questionnaires`, `/api/v1/citizens/{id}/screenings`,
//! `/api/v1/screenings/{id}`…: screening and triage for other systems.

use crate::api::{path_id, rfc3339, ApiJson, ChangeErrors, ErrorBody, ReadErrors};
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
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
#[schema(as = DefinitionSummary)]
pub struct DefinitionJson {
    #[schema(format = Uuid)]
    id: String,
    key: String,
    version: u32,
    title: String,
    shipped: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Definitions {
    items: Vec<DefinitionJson>,
}

/// The questionnaire definitions: the shipped ones and the municipality's own
#[utoipa::path(
    get,
    path = "/questionnaires",
    tag = "screening",
    responses(
        (status = 200, body = Definitions, description = "Definitions"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired")
    ),
    operation_id = "list_questionnaires"
)]
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

/// One questionnaire definition, as stored
#[utoipa::path(
    get,
    path = "/questionnaires/{id}",
    tag = "screening",
    params(
        ("id" = uuid::Uuid, Path, description = "The questionnaire definition")
    ),
    responses(
        (status = 200, body = Object, description = "The definition as stored: its items, pages, languages and scoring"),
        ReadErrors
    ),
    operation_id = "get_questionnaire"
)]
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

/// Import a questionnaire definition (administrators): the body is the definition
#[utoipa::path(
    post,
    path = "/questionnaires",
    tag = "screening",
    request_body = Object,
    responses(
        (status = 201, body = DefinitionJson, description = "Imported"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's to see"),
        (status = 409, body = ErrorBody, description = "A stale version, a record that already exists, or a state that does not allow it"),
        (status = 413, body = ErrorBody, description = "The body is too large"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    ),
    operation_id = "import_questionnaire"
)]
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
        Err(ImportError::Invalid(errors)) => Err(ApiError(WebError::Validation(
            Message::new("invalid.import_refused").with("errors", errors.join("; ")),
        ))),
        Err(ImportError::VersionExists { .. }) => {
            Err(ApiError(WebError::Conflict(Conflict::VersionExists)))
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct StartScreening {
    #[schema(format = Uuid)]
    definition_id: String,
    #[serde(default = "danish")]
    language: String,
    /// `link`, `kiosk`, `paper` or `api`.
    channel: String,
}

fn danish() -> String {
    "da".into()
}

#[derive(Serialize, ToSchema)]
#[schema(as = ScreeningStarted)]
pub struct Started {
    #[schema(format = Uuid)]
    id: String,
    /// The citizen's page; hand it over once, it is not stored.
    link_path: Option<String>,
    #[schema(format = DateTime)]
    expires_at: Option<String>,
}

/// Start a screening: a one-time link (link), a kiosk or paper session, or answers from another system (api)
#[utoipa::path(
    post,
    path = "/citizens/{id}/screenings",
    tag = "screening",
    params(
        ("id" = uuid::Uuid, Path, description = "The citizen")
    ),
    request_body = StartScreening,
    responses(
        (status = 201, body = Started, description = "Started"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired"),
        (status = 404, body = ErrorBody, description = "Not found, or not the caller's to see"),
        (status = 415, body = ErrorBody, description = "The body is not JSON"),
        (status = 422, body = ErrorBody, description = "A field is missing or does not fit")
    ),
    operation_id = "start_screening"
)]
pub async fn start(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(cid): Path<String>,
    ApiJson(b): ApiJson<StartScreening>,
) -> Result<(StatusCode, Json<Started>), ApiError> {
    let channel = Channel::parse(&b.channel).ok_or_else(|| {
        ApiError(WebError::invalid(
            "invalid.channel_must_be_link_kiosk_paper",
        ))
    })?;
    let definition = b
        .definition_id
        .parse()
        .map_err(|_| ApiError(WebError::invalid("invalid.definitionid_is_not_an_id")))?;
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
            link_path: link.then(|| crate::selfservice::paths::intro(s.token)),
            expires_at: link.then(|| rfc3339(s.expires_at)),
        }),
    ))
}

#[derive(Serialize, ToSchema)]
#[schema(as = Screening)]
pub struct ScreeningJson {
    #[schema(format = Uuid)]
    id: String,
    #[schema(format = Uuid)]
    citizen_id: String,
    #[schema(format = Uuid)]
    definition_id: String,
    channel: String,
    language: String,
    /// `draft` or `submitted`
    status: String,
    /// Item key → the answer given
    #[schema(value_type = Object)]
    answers: Value,
    /// Dimensions, counts, risk class, readiness and sum score, once submitted
    #[schema(value_type = Option<Object>)]
    result: Option<Value>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
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

#[derive(Serialize, ToSchema)]
pub struct Screenings {
    items: Vec<ScreeningJson>,
}

/// A citizen's screenings (audited)
#[utoipa::path(
    get,
    path = "/citizens/{id}/screenings",
    tag = "screening",
    params(
        ("id" = uuid::Uuid, Path, description = "The citizen")
    ),
    responses(
        (status = 200, body = Screenings, description = "Screenings, newest first"),
        ReadErrors
    ),
    operation_id = "list_citizen_screenings"
)]
pub async fn of_citizen(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(cid): Path<String>,
) -> Result<Json<Screenings>, ApiError> {
    if !jobspor_domain::access::can_create_course(&a.actor) {
        return Err(ApiError(WebError::NotFound));
    }
    let standing = crate::citizens::standing::standing(&state, &a.actor, path_id(&cid)?).await?;
    let list = screening::responses_of(&state, &a.actor, &standing).await?;
    Ok(Json(Screenings {
        items: list.iter().map(screening_json).collect::<Result<_, _>>()?,
    }))
}

/// One screening with its answers and result (audited)
#[utoipa::path(
    get,
    path = "/screenings/{id}",
    tag = "screening",
    params(
        ("id" = uuid::Uuid, Path, description = "The screening")
    ),
    responses(
        (status = 200, body = ScreeningJson, description = "The screening"),
        ReadErrors
    ),
    operation_id = "get_screening"
)]
pub async fn get_one(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ScreeningJson>, ApiError> {
    let (r, _) = screening::read_response(&state, &a.actor, path_id(&id)?).await?;
    Ok(Json(screening_json(&r)?))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = Answers)]
pub struct AnswersBody {
    /// Item key → a string, a number, or a list of strings (multiple choice).
    #[schema(value_type = Object)]
    answers: BTreeMap<String, Value>,
    #[serde(default)]
    submit: bool,
}

/// Key in answers (e.g. from paper), and submit them
#[utoipa::path(
    post,
    path = "/screenings/{id}/answers",
    tag = "screening",
    params(
        ("id" = uuid::Uuid, Path, description = "The screening")
    ),
    request_body = AnswersBody,
    responses(
        (status = 200, body = ScreeningJson, description = "Saved; submitted when `submit` is true"),
        ChangeErrors
    ),
    operation_id = "save_answers"
)]
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

#[derive(Serialize, ToSchema)]
pub struct Revoked {
    revoked: usize,
}

/// Revoke the screening's one-time links
#[utoipa::path(
    post,
    path = "/screenings/{id}/links/revoke",
    tag = "screening",
    params(
        ("id" = uuid::Uuid, Path, description = "The screening")
    ),
    responses(
        (status = 200, body = Revoked, description = "How many links were revoked"),
        ReadErrors
    ),
    operation_id = "revoke_screening_links"
)]
pub async fn revoke(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<Revoked>, ApiError> {
    Ok(Json(Revoked {
        revoked: screening::revoke_links(&state, &a.actor, path_id(&id)?).await?,
    }))
}

#[derive(Serialize, ToSchema)]
#[schema(as = Framework)]
pub struct FrameworkJson {
    #[schema(format = Uuid)]
    id: String,
    name: String,
    target_group: String,
    default_weeks: u32,
    default_team: Vec<String>,
    active: bool,
}

#[derive(Serialize, ToSchema)]
pub struct Frameworks {
    items: Vec<FrameworkJson>,
}

/// The course frameworks: target group, default length and team
#[utoipa::path(
    get,
    path = "/course-frameworks",
    tag = "screening",
    responses(
        (status = 200, body = Frameworks, description = "Frameworks"),
        (status = 401, body = ErrorBody, description = "Not signed in, or the token has expired")
    ),
    operation_id = "list_course_frameworks"
)]
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
