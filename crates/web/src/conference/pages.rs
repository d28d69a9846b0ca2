//! Samtaler og konference: the analysis conversations in time slots, the
//! agenda, the conference record with sign-off, and addenda after it.

use crate::auth::{Authed, CurrentUser};
use crate::conference::service as conference;
use crate::conference::service::RecordInput;
use crate::courses::head::{head, Head};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::SelectOption;
use crate::page::{
    field as get, fields as all, form_error, id, render, render_status, Chrome, Fields, PageError,
    PageResult,
};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{Duration, Utc};
use jobspor_domain::conference::{agreed_lines, parse_agreed, SlotInput};
use jobspor_domain::description::Recommendation;
use jobspor_domain::time::{to_copenhagen, today_copenhagen};
use jobspor_domain::user::User;
use jobspor_domain::{BookingId, CourseId, UserId};
use serde::Deserialize;

pub struct BookingRow {
    pub id: String,
    pub who: String,
    pub role: String,
    pub when: String,
    pub minutes: u32,
    pub location: String,
}

pub struct Participant {
    pub id: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "conference/templates/course_conference.html")]
struct ConferencePage {
    c: Chrome,
    h: Head,
    bookings: Vec<BookingRow>,
    staff: Vec<SelectOption>,
    agenda: Vec<super::agenda::AgendaLine>,
    exists: bool,
    signed: Option<String>,
    version: String,
    form: RecordForm,
    participants: Vec<Participant>,
    participant_names: String,
    agreed: Vec<(String, String)>,
    addenda: Vec<(String, String, String)>,
    default_date: String,
    /// The recommendations to choose from, the record's selected.
    recommendations: Vec<SelectOption>,
    /// The signed record's recommendation in words.
    recommendation: String,
    error: Option<String>,
}

fn role_label(u: &User) -> String {
    match u.profession {
        Some(p) => p.word().to_string(),
        None => u.role.word().to_string(),
    }
}

#[derive(Default, Clone)]
pub struct RecordForm {
    pub version: String,
    pub date: String,
    pub time: String,
    pub location: String,
    pub participants: Vec<String>,
    pub citizen_attends: Option<String>,
    pub invited: String,
    pub employment_goal: String,
    pub agreed: String,
    pub citizen_statement: String,
    pub citizen_agrees: Option<String>,
    pub further_assessment: String,
    pub recommendation: String,
}

async fn page(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    typed: Option<RecordForm>,
    error: Option<String>,
) -> Result<ConferencePage, PageError> {
    let c = Chrome::new(Some(a), "conference", "courses");
    let v = conference::view(state, &a.actor, course).await?;
    let name = |id: UserId| {
        v.staff
            .iter()
            .find(|u| u.id == id)
            .map(|u| (u.display_name.clone(), role_label(u)))
            .unwrap_or_default()
    };
    let bookings = v
        .bookings
        .iter()
        .map(|b| {
            let (who, role) = name(b.professional_id);
            BookingRow {
                id: b.id.to_string(),
                who,
                role,
                when: crate::i18n::datetime(b.starts_at),
                minutes: b.minutes,
                location: b.location.clone(),
            }
        })
        .collect();
    let form = typed.unwrap_or_else(|| match &v.conference {
        Some(k) => {
            let local = to_copenhagen(k.scheduled_at);
            RecordForm {
                version: k.version.to_string(),
                date: local.format("%Y-%m-%d").to_string(),
                time: local.format("%H:%M").to_string(),
                location: k.location.clone(),
                participants: k.participants.iter().map(|p| p.to_string()).collect(),
                citizen_attends: k.citizen_attends.then(|| "on".into()),
                invited: k.invited.join("\n"),
                employment_goal: k.employment_goal.clone(),
                agreed: agreed_lines(&k.agreed),
                citizen_statement: k.citizen_statement.clone(),
                citizen_agrees: k.citizen_agrees.then(|| "on".into()),
                further_assessment: k.further_assessment.clone(),
                recommendation: k.recommendation.code().to_string(),
            }
        }
        None => RecordForm {
            time: "10:00".into(),
            citizen_attends: Some("on".into()),
            employment_goal: v.access.course.employment_goal.clone(),
            ..RecordForm::default()
        },
    });
    let participants = v
        .staff
        .iter()
        .map(|u| Participant {
            id: u.id.to_string(),
            label: format!("{} ({})", u.display_name, role_label(u)),
            checked: form.participants.contains(&u.id.to_string()),
        })
        .collect();
    let signed = v.conference.as_ref().and_then(|k| {
        k.signed_at.map(|at| {
            let by = k.signed_by.map(|u| name(u).0).unwrap_or_default();
            format!("{} {by}, {}", c.t("signed_by"), crate::i18n::datetime(at))
        })
    });
    let participant_names = v
        .conference
        .as_ref()
        .map(|k| {
            k.participants
                .iter()
                .map(|p| name(*p).0)
                .chain(k.citizen_attends.then(|| v.citizen.name.clone()))
                .chain(k.invited.iter().cloned())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    Ok(ConferencePage {
        h: head(&v.access, &v.citizen, "conference"),
        bookings,
        staff: v
            .staff
            .iter()
            .map(|u| SelectOption {
                value: u.id.to_string(),
                label: format!("{} ({})", u.display_name, role_label(u)),
                selected: false,
            })
            .collect(),
        agenda: super::agenda::in_words(crate::i18n::Lang::current(), &v.agenda),
        exists: v.conference.is_some(),
        version: v
            .conference
            .as_ref()
            .map(|k| k.version.to_string())
            .unwrap_or_default(),
        agreed: v
            .conference
            .as_ref()
            .map(|k| {
                k.agreed
                    .iter()
                    .map(|x| (x.intervention.clone(), x.goal.clone()))
                    .collect()
            })
            .unwrap_or_default(),
        addenda: v
            .addenda
            .iter()
            .map(|x| {
                (
                    x.author_name.clone(),
                    crate::i18n::datetime(x.created_at),
                    x.text.clone(),
                )
            })
            .collect(),
        default_date: (today_copenhagen(Utc::now()) + Duration::days(7))
            .format("%Y-%m-%d")
            .to_string(),
        recommendations: Recommendation::ALL
            .iter()
            .map(|r| SelectOption {
                value: r.code().to_string(),
                label: r.word().to_string(),
                selected: form.recommendation == r.code(),
            })
            .collect(),
        recommendation: v
            .conference
            .as_ref()
            .map(|k| k.recommendation.word().to_string())
            .unwrap_or_default(),
        signed,
        participants,
        participant_names,
        form,
        error,
        c,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    render(&page(&state, &a, id(&cid)?, None, None).await?)
}

fn back(course: CourseId) -> Response {
    Redirect::to(&crate::conference::paths::conference(course)).into_response()
}

async fn refused(
    state: &AppState,
    a: &Authed,
    course: CourseId,
    e: WebError,
    typed: Option<RecordForm>,
) -> PageResult {
    let keep = if matches!(e, WebError::Validation(_)) {
        typed
    } else {
        None
    };
    let (status, msg) = form_error(e)?;
    render_status(status, &page(state, a, course, keep, Some(msg)).await?)
}

#[derive(Deserialize)]
pub struct BookForm {
    #[serde(default)]
    professional: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    time: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    location: String,
}

pub async fn book(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<BookForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let slot = SlotInput {
        date: &f.date,
        time: &f.time,
        minutes: &f.minutes,
        location: &f.location,
    };
    match conference::book(&state, &a.actor, course, &f.professional, &slot).await {
        Ok(_) => Ok(back(course)),
        Err(e) => refused(&state, &a, course, e, None).await,
    }
}

pub async fn cancel(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path((cid, bid)): Path<(String, String)>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let booking: BookingId = id(&bid)?;
    conference::cancel_booking(&state, &a.actor, course, booking).await?;
    Ok(back(course))
}

pub async fn save(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(fields): Form<Fields>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let text = |k: &str| get(&fields, k).to_string();
    let checked = |k: &str| (!get(&fields, k).is_empty()).then(|| "on".to_string());
    let f = RecordForm {
        version: text("version"),
        date: text("date"),
        time: text("time"),
        location: text("location"),
        participants: all(&fields, "participants")
            .into_iter()
            .map(String::from)
            .collect(),
        citizen_attends: checked("citizen_attends"),
        invited: text("invited"),
        employment_goal: text("employment_goal"),
        agreed: text("agreed"),
        citizen_statement: text("citizen_statement"),
        citizen_agrees: checked("citizen_agrees"),
        further_assessment: text("further_assessment"),
        recommendation: text("recommendation"),
    };
    let agreed = match parse_agreed(&f.agreed) {
        Ok(a) => a,
        Err(m) => return refused(&state, &a, course, WebError::Validation(m), Some(f)).await,
    };
    let invited: Vec<String> = f.invited.lines().map(String::from).collect();
    let input = RecordInput {
        date: &f.date,
        time: &f.time,
        location: &f.location,
        participants: &f.participants,
        citizen_attends: f.citizen_attends.is_some(),
        invited: &invited,
        employment_goal: &f.employment_goal,
        agreed,
        citizen_statement: &f.citizen_statement,
        citizen_agrees: f.citizen_agrees.is_some(),
        further_assessment: &f.further_assessment,
        recommendation: &f.recommendation,
    };
    let version = f.version.parse::<i64>().ok();
    match conference::save(&state, &a.actor, course, version, &input).await {
        Ok(_) => Ok(back(course)),
        Err(e) => refused(&state, &a, course, e, Some(f.clone())).await,
    }
}

#[derive(Deserialize)]
pub struct SignForm {
    #[serde(default)]
    version: String,
}

pub async fn sign(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let f = SignForm {
        version: crate::confirm::field(&fields, "version").to_string(),
    };
    let reason = crate::confirm::field(&fields, "reason").to_string();
    if !crate::confirm::confirmed(&fields) {
        crate::confirm::may_change(&state, &a.actor, course).await?;
        let early = conference::signed_early(&state, &a.actor, course).await?;
        let lang = crate::i18n::Lang::current();
        let mut consequence = vec![
            lang.t("confirm.sign_what").to_string(),
            lang.t("confirm.sign_after").to_string(),
        ];
        if let Some(day) = early {
            consequence.push(lang.fill("confirm.sign_early", &[("date", &crate::i18n::date(day))]));
        }
        return crate::confirm::ask(
            &a,
            "courses",
            crate::confirm::Ask {
                heading: "confirm.sign",
                button: "confirm.sign_yes",
                consequence,
                action: crate::conference::paths::sign(course),
                fields: fields.into_iter().filter(|(k, _)| k != "reason").collect(),
                back: crate::conference::paths::conference(course),
                reason: early.map(|_| ("confirm.sign_reason", reason)),
            },
        );
    }
    let version = f.version.parse().unwrap_or(-1);
    match conference::sign(&state, &a.actor, course, version, &reason).await {
        Ok(_) => Ok(back(course)),
        Err(e) => refused(&state, &a, course, e, None).await,
    }
}

#[derive(Deserialize)]
pub struct AddendumForm {
    #[serde(default)]
    text: String,
}

pub async fn addendum(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
    Form(f): Form<AddendumForm>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    match conference::add_addendum(&state, &a.actor, course, &f.text).await {
        Ok(_) => Ok(back(course)),
        Err(e) => refused(&state, &a, course, e, None).await,
    }
}
