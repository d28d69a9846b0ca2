//! Screening: starting a questionnaire for a citizen, and the citizen's
//! self-service through a one-time link.
//!
//! The link's token is the citizen's only credential: unguessable, stored
//! as a hash, bound to one citizen and one response, expiring, revocable.
//! Nothing about the citizen is shown to someone holding a bad link.

use crate::audit::{audit, event, PURPOSE_CASEWORK};
use crate::auth::{random_token, sha256_hex};
use crate::error::WebError;
use crate::AppState;
use chrono::{Duration, Utc};
use jobspor_domain::access;
use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_domain::message::Message;
use jobspor_domain::need_to_know::CitizenData;
use jobspor_domain::questionnaire::{
    AnswerError, Answers, Channel, Definition, Link, LinkState, Response, ResponseStatus,
    StoredDefinition,
};
use jobspor_domain::user::{Actor, Role};
use jobspor_domain::*;
use jobspor_store::{Conflict, StoreError};

/// How long a link sent to the citizen lasts, and a kiosk or paper session.
pub const LINK_DAYS: i64 = 14;
pub const SESSION_HOURS: i64 = 4;

pub struct Started {
    pub response: Response,
    /// The token for the citizen's link; shown once, never stored.
    pub token: String,
    pub expires_at: chrono::DateTime<Utc>,
}

/// Starts a questionnaire for a citizen. Every channel gets a link: sent to
/// the citizen (link), opened on a jobcentre screen (kiosk), or used by the
/// caseworker to enter a paper questionnaire (paper).
pub async fn start(
    state: &AppState,
    actor: &Actor,
    citizen: CitizenId,
    definition: DefinitionId,
    language: &str,
    channel: Channel,
) -> Result<Started, WebError> {
    if !access::can_create_course(actor) || channel == Channel::Api {
        return Err(WebError::NotFound);
    }
    let standing = crate::citizens::standing::standing(state, actor, citizen).await?;
    standing.require(actor, CitizenData::Screening)?;
    let citizen = standing.citizen;
    let stored = state
        .store
        .definition(actor.municipality_id, definition)
        .await?
        .ok_or_else(|| WebError::invalid("invalid.choose_a_questionnaire"))?;
    let def = Definition::parse(&stored.body, &stored.key)
        .map_err(|_| WebError::internal("stored definition fails its check"))?;
    if !def.languages.iter().any(|l| l == language) {
        return Err(WebError::invalid(
            "invalid.the_questionnaire_is_not_available_in",
        ));
    }
    let now = Utc::now();
    let response = Response {
        id: ResponseId::new(),
        municipality_id: actor.municipality_id,
        citizen_id: citizen.id,
        definition_id: stored.id,
        channel,
        language: language.to_string(),
        status: ResponseStatus::Draft,
        answers: Answers::new(),
        result: None,
        entered_by: (channel == Channel::Paper).then_some(actor.user_id),
        created_at: now,
        updated_at: now,
        submitted_at: None,
        version: 1,
    };
    let token = random_token();
    let expires_at = now
        + if channel == Channel::Link {
            Duration::days(LINK_DAYS)
        } else {
            Duration::hours(SESSION_HOURS)
        };
    let link = Link {
        token_hash: sha256_hex(&token),
        municipality_id: actor.municipality_id,
        citizen_id: citizen.id,
        response_id: response.id,
        created_by: actor.user_id,
        created_at: now,
        expires_at,
        revoked_at: None,
    };
    let ev = event(
        actor,
        AuditAction::Create,
        Some(citizen.id),
        format!("screening:{}:{}", response.id, channel.code()),
        PURPOSE_CASEWORK,
    );
    state
        .store
        .create_response(&response, Some(&link), &[ev])
        .await?;
    Ok(Started {
        response,
        token,
        expires_at,
    })
}

/// Why a link cannot be used. None of these say anything about the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkProblem {
    Unknown,
    Expired,
    Revoked,
}

/// What a valid link opens.
pub struct Opened {
    pub link: Link,
    pub response: Response,
    pub definition: Definition,
    /// Opened by the citizen logged in to Min plan, not by the link itself.
    pub in_min_plan: bool,
}

/// Opens a link. A submitted response still opens (to say thank you), but
/// nothing can be changed.
pub async fn open(state: &AppState, token: &str) -> Result<Result<Opened, LinkProblem>, WebError> {
    // Tokens are 43 URL-safe characters; anything else is not one of ours.
    if token.len() != 43
        || !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Ok(Err(LinkProblem::Unknown));
    }
    let Some(link) = state.store.link(&sha256_hex(token)).await? else {
        return Ok(Err(LinkProblem::Unknown));
    };
    let Some(response) = state
        .store
        .response(link.municipality_id, link.response_id)
        .await?
    else {
        return Ok(Err(LinkProblem::Unknown));
    };
    match link.state(Utc::now(), response.status) {
        LinkState::Revoked => return Ok(Err(LinkProblem::Revoked)),
        LinkState::Expired => return Ok(Err(LinkProblem::Expired)),
        LinkState::Open | LinkState::Used => {}
    }
    with_definition(state, link, response, false).await
}

async fn with_definition(
    state: &AppState,
    link: Link,
    response: Response,
    in_min_plan: bool,
) -> Result<Result<Opened, LinkProblem>, WebError> {
    let stored = state
        .store
        .definition(link.municipality_id, response.definition_id)
        .await?
        .ok_or_else(|| WebError::internal("response without definition"))?;
    let definition = Definition::parse(&stored.body, &stored.key)
        .map_err(|_| WebError::internal("stored definition fails its check"))?;
    Ok(Ok(Opened {
        link,
        response,
        definition,
        in_min_plan,
    }))
}

/// The link that lets a response be answered now: an open one (the newest),
/// else one of a submitted response (to say thank you); else why not.
fn usable(links: Vec<Link>, status: ResponseStatus) -> Result<Link, LinkProblem> {
    let now = Utc::now();
    let mut problem = LinkProblem::Unknown;
    let mut best: Option<Link> = None;
    for l in links {
        match l.state(now, status) {
            LinkState::Open | LinkState::Used => {
                if best.as_ref().is_none_or(|b| l.created_at > b.created_at) {
                    best = Some(l);
                }
            }
            LinkState::Expired if problem == LinkProblem::Unknown => problem = LinkProblem::Expired,
            LinkState::Revoked => problem = LinkProblem::Revoked,
            LinkState::Expired => {}
        }
    }
    best.ok_or(problem)
}

/// Opens a citizen's own questionnaire from Min plan, on the same terms as
/// its link: while a link is open (not expired, not revoked). A response of
/// another citizen, or one a caseworker enters from paper, is unknown.
pub async fn open_own(
    state: &AppState,
    municipality: MunicipalityId,
    citizen: CitizenId,
    response: ResponseId,
) -> Result<Result<Opened, LinkProblem>, WebError> {
    let Some(r) = state.store.response(municipality, response).await? else {
        return Ok(Err(LinkProblem::Unknown));
    };
    if r.citizen_id != citizen || r.channel == Channel::Paper || r.channel == Channel::Api {
        return Ok(Err(LinkProblem::Unknown));
    }
    let links = state.store.links_of_response(municipality, r.id).await?;
    match usable(links, r.status) {
        Ok(link) => with_definition(state, link, r, true).await,
        Err(p) => Ok(Err(p)),
    }
}

/// A questionnaire waiting for the citizen: a draft with an open link.
pub struct Waiting {
    pub response: Response,
    pub title: jobspor_domain::questionnaire::Text,
    /// Some answers are saved already.
    pub started: bool,
    pub expires_at: chrono::DateTime<Utc>,
}

/// The questionnaires waiting for the citizen, newest first.
pub async fn waiting(
    state: &AppState,
    municipality: MunicipalityId,
    citizen: CitizenId,
) -> Result<Vec<Waiting>, WebError> {
    let drafts: Vec<Response> = state
        .store
        .responses_of_citizen(municipality, citizen)
        .await?
        .into_iter()
        .filter(|r| {
            r.status == ResponseStatus::Draft && matches!(r.channel, Channel::Link | Channel::Kiosk)
        })
        .collect();
    if drafts.is_empty() {
        return Ok(Vec::new());
    }
    let definitions = state.store.definitions(municipality).await?;
    let mut out = Vec::new();
    for r in drafts {
        let links = state.store.links_of_response(municipality, r.id).await?;
        let Ok(link) = usable(links, r.status) else {
            continue;
        };
        let Some(def) = definitions
            .iter()
            .find(|d| d.id == r.definition_id)
            .and_then(|d| Definition::parse(&d.body, &d.key).ok())
        else {
            continue;
        };
        out.push(Waiting {
            title: def.title,
            started: !r.answers.is_empty(),
            expires_at: link.expires_at,
            response: r,
        });
    }
    Ok(out)
}

/// The audit entry for a change the citizen (or the caseworker entering
/// paper) makes through a link.
fn link_event(o: &Opened, action: AuditAction, what: &str) -> AuditEvent {
    let by_staff = o.response.channel == Channel::Paper;
    AuditEvent {
        at: Utc::now(),
        municipality_id: o.link.municipality_id,
        user_id: if by_staff {
            o.response.entered_by
        } else {
            None
        },
        username: if by_staff {
            "papirbesvarelse".into()
        } else if o.in_min_plan {
            "borger via min plan".into()
        } else {
            format!("borger via {}", o.response.channel.code())
        },
        role: Some(if by_staff {
            Role::Caseworker
        } else {
            Role::Citizen
        }),
        action,
        citizen_id: Some(o.response.citizen_id),
        object: format!("screening:{}:{what}", o.response.id),
        purpose: "besvarelse af spørgeskema".into(),
    }
}

pub enum PageSaved {
    Saved(Response),
    /// Some answers were refused; nothing was saved.
    Invalid(Vec<(String, AnswerError)>),
    AlreadySubmitted,
}

/// Saves the answers to one page. Only the citizen writes a draft, so a
/// stale version (a resent form, a second tab) is retried on the newest one:
/// nothing is lost.
pub async fn save_page(
    state: &AppState,
    o: &Opened,
    page: usize,
    form: &[(String, String)],
) -> Result<PageSaved, WebError> {
    let Some(read) = o.definition.read_page(page, form) else {
        return Err(WebError::NotFound);
    };
    if !read.refused.is_empty() {
        return Ok(PageSaved::Invalid(read.refused));
    }
    let (given, cleared) = (read.given, read.cleared);
    let mut current = o.response.clone();
    for _ in 0..3 {
        if current.status == ResponseStatus::Submitted {
            return Ok(PageSaved::AlreadySubmitted);
        }
        let mut answers = current.answers.clone();
        for k in &cleared {
            answers.remove(k);
        }
        answers.extend(given.clone());
        let ev = link_event(o, AuditAction::Update, "answers");
        match state
            .store
            .save_answers(
                current.municipality_id,
                current.id,
                current.version,
                &answers,
                &[ev],
            )
            .await
        {
            Ok(r) => return Ok(PageSaved::Saved(r)),
            Err(StoreError::Conflict(_)) => {
                current = state
                    .store
                    .response(current.municipality_id, current.id)
                    .await?
                    .ok_or(WebError::NotFound)?;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(WebError::Conflict(Conflict::Stale))
}

pub enum Submitted {
    Done(Response),
    Missing(Vec<String>),
    AlreadySubmitted,
}

/// Locks the response with its scored result, if every required, shown item
/// is answered. A second submit changes nothing.
pub async fn submit(state: &AppState, o: &Opened) -> Result<Submitted, WebError> {
    if o.response.status == ResponseStatus::Submitted {
        return Ok(Submitted::AlreadySubmitted);
    }
    let missing: Vec<String> = o
        .definition
        .missing(&o.response.answers)
        .into_iter()
        .map(String::from)
        .collect();
    if !missing.is_empty() {
        return Ok(Submitted::Missing(missing));
    }
    let answers = o.definition.visible_answers(&o.response.answers);
    let outcome = o.definition.score(&answers);
    let result = serde_json::to_string(&outcome).map_err(WebError::internal)?;
    let ev = link_event(o, AuditAction::Update, "submitted");
    match state
        .store
        .submit_response(
            o.response.municipality_id,
            o.response.id,
            o.response.version,
            &answers,
            &result,
            &[ev],
        )
        .await
    {
        Ok(r) => Ok(Submitted::Done(r)),
        Err(StoreError::Conflict(Conflict::Submitted)) => Ok(Submitted::AlreadySubmitted),
        Err(e) => Err(e.into()),
    }
}

/// The citizen's screenings, for staff whose standing lets them see
/// screenings; audited.
pub async fn responses_of(
    state: &AppState,
    actor: &Actor,
    standing: &crate::citizens::standing::Standing,
) -> Result<Vec<Response>, WebError> {
    standing.require(actor, CitizenData::Screening)?;
    let citizen = standing.citizen.id;
    let list = state
        .store
        .responses_of_citizen(actor.municipality_id, citizen)
        .await?;
    if !list.is_empty() {
        audit(
            state,
            &[event(
                actor,
                AuditAction::Read,
                Some(citizen),
                "screenings".into(),
                &standing.purpose(),
            )],
        )
        .await?;
    }
    Ok(list)
}

/// Why an import was refused: every problem, each naming file, item and field.
pub enum ImportError {
    Invalid(Vec<String>),
    /// The key and version exist with other content.
    VersionExists {
        key: String,
        version: u32,
    },
}

/// Admin: imports a definition file into the municipality. Nothing is
/// imported from a file with any error; a stored version never changes.
pub async fn import_definition(
    state: &AppState,
    actor: &Actor,
    filename: &str,
    body: &str,
) -> Result<Result<StoredDefinition, ImportError>, WebError> {
    if !access::can_administer(actor) {
        return Err(WebError::NotFound);
    }
    let def = match Definition::parse(body, filename) {
        Ok(d) => d,
        Err(errors) => {
            return Ok(Err(ImportError::Invalid(
                errors.iter().map(ToString::to_string).collect(),
            )))
        }
    };
    use sha2::Digest;
    let stored = StoredDefinition {
        id: DefinitionId::new(),
        scope: actor.municipality_id.to_string(),
        key: def.key.clone(),
        version: def.version,
        title: def.title.get("da").to_string(),
        body: body.to_string(),
        sha256: hex::encode(sha2::Sha256::digest(body.as_bytes())),
        created_at: Utc::now(),
    };
    let ev = event(
        actor,
        AuditAction::Create,
        None,
        format!("definition:{}:v{}", def.key, def.version),
        "administration",
    );
    match state.store.store_definition(&stored, &[ev]).await {
        Ok(s) => Ok(Ok(s)),
        Err(StoreError::Conflict(Conflict::VersionExists)) => Ok(Err(ImportError::VersionExists {
            key: def.key,
            version: def.version,
        })),
        Err(e) => Err(e.into()),
    }
}

/// A response with its definition, for staff who may start screenings; audited.
pub async fn read_response(
    state: &AppState,
    actor: &Actor,
    id: ResponseId,
) -> Result<(Response, Definition), WebError> {
    read_with_purpose(state, actor, id)
        .await
        .map(|(r, d, _)| (r, d))
}

/// [`read_response`] with the purpose the actor's audit entries carry.
async fn read_with_purpose(
    state: &AppState,
    actor: &Actor,
    id: ResponseId,
) -> Result<(Response, Definition, String), WebError> {
    if !access::can_create_course(actor) {
        return Err(WebError::NotFound);
    }
    let response = state
        .store
        .response(actor.municipality_id, id)
        .await?
        .ok_or(WebError::NotFound)?;
    // Another team's citizen's answers need a course or a stated purpose.
    let standing = crate::citizens::standing::standing(state, actor, response.citizen_id).await?;
    standing.require(actor, CitizenData::Screening)?;
    let stored = state
        .store
        .definition(actor.municipality_id, response.definition_id)
        .await?
        .ok_or_else(|| WebError::internal("response without definition"))?;
    let def = Definition::parse(&stored.body, &stored.key)
        .map_err(|_| WebError::internal("stored definition fails its check"))?;
    audit(
        state,
        &[event(
            actor,
            AuditAction::Read,
            Some(response.citizen_id),
            format!("screening:{}:answers", response.id),
            &standing.purpose(),
        )],
    )
    .await?;
    Ok((response, def, standing.purpose()))
}

/// Answers given through the API (another system, or a caseworker keying
/// in paper), checked item by item exactly like the citizen's form.
pub async fn answer_as_staff(
    state: &AppState,
    actor: &Actor,
    id: ResponseId,
    given: &[(String, Vec<String>)],
    submit_now: bool,
) -> Result<Response, WebError> {
    let (response, def, purpose) = read_with_purpose(state, actor, id).await?;
    if response.status == ResponseStatus::Submitted {
        return Err(WebError::Conflict(Conflict::Submitted));
    }
    let mut answers = response.answers.clone();
    for (key, raw) in given {
        let item = def.item(key).ok_or_else(|| {
            WebError::Validation(
                Message::new("invalid.answer_no_such_item").with("item", key.as_str()),
            )
        })?;
        let refs: Vec<&str> = raw.iter().map(String::as_str).collect();
        match item.read(&refs) {
            Ok(Some(v)) => {
                answers.insert(key.clone(), v);
            }
            Ok(None) => {
                answers.remove(key);
            }
            Err(e) => {
                return Err(WebError::Validation(
                    Message::new("invalid.answer_to_item")
                        .with("item", key.as_str())
                        .with_message("problem", jobspor_domain::message::Explain::explain(&e)),
                ));
            }
        }
    }
    let answered = event(
        actor,
        AuditAction::Update,
        Some(response.citizen_id),
        format!("screening:{}:answers", response.id),
        &purpose,
    );
    if !submit_now {
        return Ok(state
            .store
            .save_answers(
                actor.municipality_id,
                id,
                response.version,
                &answers,
                &[answered],
            )
            .await?);
    }
    // Submitting saves the answers and locks the response in one
    // transaction; an incomplete submission saves nothing.
    let missing = def.missing(&answers);
    if !missing.is_empty() {
        return Err(WebError::Validation(
            Message::new("invalid.answers_missing").with("items", missing.join(", ")),
        ));
    }
    let visible = def.visible_answers(&answers);
    let result = serde_json::to_string(&def.score(&visible)).map_err(WebError::internal)?;
    let submitted = event(
        actor,
        AuditAction::Update,
        Some(response.citizen_id),
        format!("screening:{}:submitted", response.id),
        PURPOSE_CASEWORK,
    );
    Ok(state
        .store
        .submit_response(
            actor.municipality_id,
            id,
            response.version,
            &visible,
            &result,
            &[answered, submitted],
        )
        .await?)
}

/// Closes every open link of a response.
pub async fn revoke_links(
    state: &AppState,
    actor: &Actor,
    id: ResponseId,
) -> Result<usize, WebError> {
    let (response, _) = read_response(state, actor, id).await?;
    let open = state
        .store
        .links_of_response(actor.municipality_id, response.id)
        .await?
        .iter()
        .filter(|l| l.revoked_at.is_none())
        .count();
    if open == 0 {
        return Ok(0);
    }
    // One audit entry per link, all revoked in one transaction.
    let ev = event(
        actor,
        AuditAction::Update,
        Some(response.citizen_id),
        format!("screening:{}:link_revoked", response.id),
        PURPOSE_CASEWORK,
    );
    let revoked = state
        .store
        .revoke_links(actor.municipality_id, response.id, &vec![ev; open])
        .await?;
    Ok(usize::try_from(revoked).unwrap_or(usize::MAX))
}
