//! `/api/v1/courses/{id}/conference` and `/conversations`: the analysis
//! conversations, the conference record, sign-off and addenda.

use crate::api::{path_id, rfc3339, ApiJson, ChangeErrors, ReadErrors};
use crate::auth::ApiUser;
use crate::conference::service as conference;
use crate::conference::service::RecordInput;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use jobspor_domain::conference::{Agreed, Booking, Conference, SlotInput};
use jobspor_domain::time::to_copenhagen;
use jobspor_domain::BookingId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
#[schema(as = Booking)]
pub struct BookingJson {
    #[schema(format = Uuid)]
    id: String,
    #[schema(format = Uuid)]
    professional_id: String,
    #[schema(format = DateTime)]
    starts_at: String,
    minutes: u32,
    location: String,
}

impl From<&Booking> for BookingJson {
    fn from(b: &Booking) -> Self {
        BookingJson {
            id: b.id.to_string(),
            professional_id: b.professional_id.to_string(),
            starts_at: rfc3339(b.starts_at),
            minutes: b.minutes,
            location: b.location.clone(),
        }
    }
}

/// An intervention agreed at the conference, with its goal.
#[derive(Serialize, Deserialize, ToSchema)]
#[schema(as = Agreed)]
pub struct AgreedJson {
    intervention: String,
    goal: String,
}

/// The conference record.
#[derive(Serialize, ToSchema)]
#[schema(as = Conference)]
pub struct ConferenceJson {
    #[schema(format = Uuid)]
    id: String,
    #[schema(format = DateTime)]
    scheduled_at: String,
    /// Copenhagen time
    #[schema(format = Date)]
    date: String,
    /// hh:mm, Copenhagen time
    time: String,
    location: String,
    /// The team members taking part (user ids)
    participants: Vec<String>,
    citizen_attends: bool,
    /// Others invited, by name
    invited: Vec<String>,
    employment_goal: String,
    agreed: Vec<AgreedJson>,
    citizen_statement: String,
    citizen_agrees: bool,
    further_assessment: String,
    /// What the record recommends: plan, ressourceforloeb, flexjob or foertidspension
    recommendation: String,
    #[schema(format = DateTime)]
    signed_at: Option<String>,
    #[schema(format = Uuid)]
    signed_by: Option<String>,
    version: i64,
}

impl From<&Conference> for ConferenceJson {
    fn from(c: &Conference) -> Self {
        let local = to_copenhagen(c.scheduled_at);
        ConferenceJson {
            id: c.id.to_string(),
            scheduled_at: rfc3339(c.scheduled_at),
            date: local.format("%Y-%m-%d").to_string(),
            time: local.format("%H:%M").to_string(),
            location: c.location.clone(),
            participants: c.participants.iter().map(|p| p.to_string()).collect(),
            citizen_attends: c.citizen_attends,
            invited: c.invited.clone(),
            employment_goal: c.employment_goal.clone(),
            agreed: c
                .agreed
                .iter()
                .map(|x| AgreedJson {
                    intervention: x.intervention.clone(),
                    goal: x.goal.clone(),
                })
                .collect(),
            citizen_statement: c.citizen_statement.clone(),
            citizen_agrees: c.citizen_agrees,
            further_assessment: c.further_assessment.clone(),
            recommendation: c.recommendation.code().to_string(),
            signed_at: c.signed_at.map(rfc3339),
            signed_by: c.signed_by.map(|u| u.to_string()),
            version: c.version,
        }
    }
}

/// A correction to a signed record.
#[derive(Serialize, ToSchema)]
#[schema(as = Addendum)]
pub struct AddendumJson {
    #[schema(format = Uuid)]
    id: String,
    text: String,
    /// Absent in the answer to adding one: the caller wrote it
    #[serde(skip_serializing_if = "Option::is_none")]
    author_name: Option<String>,
    #[schema(format = DateTime)]
    created_at: String,
}

/// One point of the agenda, drawn from the notes and focus areas.
#[derive(Serialize, ToSchema)]
#[schema(as = AgendaItem)]
pub struct AgendaItemJson {
    title: String,
    details: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ConferenceView {
    bookings: Vec<BookingJson>,
    conference: Option<ConferenceJson>,
    addenda: Vec<AddendumJson>,
    agenda: Vec<AgendaItemJson>,
}

/// Conversations, agenda (from notes and focus areas), the conference record and its addenda; the course team and its caseworker only (audited)
#[utoipa::path(
    get,
    path = "/courses/{id}/conference",
    tag = "conference",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    responses(
        (status = 200, body = ConferenceView, description = "The conference"),
        ReadErrors
    ),
    operation_id = "get_conference"
)]
pub async fn get_conference(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
) -> Result<Json<ConferenceView>, ApiError> {
    let v = conference::view(&state, &a.actor, path_id(&id)?).await?;
    Ok(Json(ConferenceView {
        bookings: v.bookings.iter().map(BookingJson::from).collect(),
        conference: v.conference.as_ref().map(ConferenceJson::from),
        addenda: v
            .addenda
            .iter()
            .map(|x| AddendumJson {
                id: x.id.to_string(),
                text: x.text.clone(),
                author_name: Some(x.author_name.clone()),
                created_at: rfc3339(x.created_at),
            })
            .collect(),
        // The API speaks English.
        agenda: super::agenda::in_words(Lang::En, &v.agenda)
            .into_iter()
            .map(|x| AgendaItemJson {
                title: x.title,
                details: x.details,
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[schema(as = NewConversation)]
pub struct NewBooking {
    #[schema(format = Uuid)]
    professional_id: String,
    #[schema(format = Date)]
    date: String,
    time: String,
    minutes: u32,
    #[serde(default)]
    location: String,
}

/// Book the citizen's conversation with a team member in a time slot (Copenhagen time); a professional has one conversation at a time
#[utoipa::path(
    post,
    path = "/courses/{id}/conversations",
    tag = "conference",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    request_body = NewBooking,
    responses(
        (status = 201, body = BookingJson, description = "Booked"),
        ChangeErrors
    ),
    operation_id = "book_conversation"
)]
pub async fn book(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewBooking>,
) -> Result<(StatusCode, Json<BookingJson>), ApiError> {
    let minutes = b.minutes.to_string();
    let slot = SlotInput {
        date: &b.date,
        time: &b.time,
        minutes: &minutes,
        location: &b.location,
    };
    let made = conference::book(&state, &a.actor, path_id(&id)?, &b.professional_id, &slot).await?;
    Ok((StatusCode::CREATED, Json(BookingJson::from(&made))))
}

/// Cancel a booked conversation
#[utoipa::path(
    post,
    path = "/courses/{id}/conversations/{bid}/cancel",
    tag = "conference",
    params(
        ("id" = uuid::Uuid, Path, description = "The course"),
        ("bid" = uuid::Uuid, Path, description = "The conversation")
    ),
    responses(
        (status = 204, description = "Cancelled"),
        ReadErrors
    ),
    operation_id = "cancel_conversation"
)]
pub async fn cancel(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path((id, bid)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let booking: BookingId = path_id(&bid)?;
    conference::cancel_booking(&state, &a.actor, path_id(&id)?, booking).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[schema(as = ConferenceRecord)]
pub struct RecordBody {
    /// None to schedule the conference; the version read to change it.
    version: Option<i64>,
    #[schema(format = Date)]
    date: String,
    time: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    participants: Vec<String>,
    #[serde(default)]
    citizen_attends: bool,
    #[serde(default)]
    invited: Vec<String>,
    #[serde(default)]
    employment_goal: String,
    #[serde(default)]
    agreed: Vec<AgreedJson>,
    #[serde(default)]
    citizen_statement: String,
    #[serde(default)]
    citizen_agrees: bool,
    #[serde(default)]
    further_assessment: String,
    /// plan (the default), ressourceforloeb, flexjob or foertidspension
    #[serde(default)]
    recommendation: String,
}

/// Schedule the conference (version null) or save its record; a signed record answers 409 (code refused) and takes addenda instead
#[utoipa::path(
    put,
    path = "/courses/{id}/conference",
    tag = "conference",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    request_body = RecordBody,
    responses(
        (status = 200, body = ConferenceJson, description = "Saved"),
        ChangeErrors
    ),
    operation_id = "save_conference"
)]
pub async fn save(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RecordBody>,
) -> Result<Json<ConferenceJson>, ApiError> {
    let input = RecordInput {
        date: &b.date,
        time: &b.time,
        location: &b.location,
        participants: &b.participants,
        citizen_attends: b.citizen_attends,
        invited: &b.invited,
        employment_goal: &b.employment_goal,
        agreed: b
            .agreed
            .iter()
            .map(|x| Agreed {
                intervention: x.intervention.clone(),
                goal: x.goal.clone(),
            })
            .collect(),
        citizen_statement: &b.citizen_statement,
        citizen_agrees: b.citizen_agrees,
        further_assessment: &b.further_assessment,
        recommendation: &b.recommendation,
    };
    let c = conference::save(&state, &a.actor, path_id(&id)?, b.version, &input).await?;
    Ok(Json(ConferenceJson::from(&c)))
}

#[derive(Deserialize, ToSchema)]
pub struct SignBody {
    version: i64,
    /// Why the record is signed before the conference's day; needed then.
    #[serde(default)]
    reason: String,
}

/// Sign the record; it is locked from then on
#[utoipa::path(
    post,
    path = "/courses/{id}/conference/sign",
    tag = "conference",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    request_body = SignBody,
    responses(
        (status = 200, body = ConferenceJson, description = "Signed"),
        ChangeErrors
    ),
    operation_id = "sign_conference"
)]
pub async fn sign(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SignBody>,
) -> Result<Json<ConferenceJson>, ApiError> {
    let c = conference::sign(&state, &a.actor, path_id(&id)?, b.version, &b.reason).await?;
    Ok(Json(ConferenceJson::from(&c)))
}

#[derive(Deserialize, ToSchema)]
pub struct AddendumBody {
    text: String,
}

/// Add a correction to a signed record
#[utoipa::path(
    post,
    path = "/courses/{id}/conference/addenda",
    tag = "conference",
    params(
        ("id" = uuid::Uuid, Path, description = "The course")
    ),
    request_body = AddendumBody,
    responses(
        (status = 201, body = AddendumJson, description = "Added"),
        ChangeErrors
    ),
    operation_id = "add_conference_addendum"
)]
pub async fn addendum(
    State(state): State<AppState>,
    ApiUser(a): ApiUser,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AddendumBody>,
) -> Result<(StatusCode, Json<AddendumJson>), ApiError> {
    let x = conference::add_addendum(&state, &a.actor, path_id(&id)?, &b.text).await?;
    Ok((
        StatusCode::CREATED,
        Json(AddendumJson {
            id: x.id.to_string(),
            text: x.text,
            author_name: None,
            created_at: rfc3339(x.created_at),
        }),
    ))
}
