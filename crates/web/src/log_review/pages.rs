//! The log review page and the verdict form.

use crate::audit::{audit, event};
use crate::auth::{Authed, CurrentUser};
use crate::error::WebError;
use crate::i18n::Word;
use crate::page::{form_error, render_status, Chrome, PageError, PageResult};
use crate::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use chrono::{Duration, Utc};
use jobspor_domain::access::{self, CourseRelations};
use jobspor_domain::audit::{AuditAction, AuditEntry};
use jobspor_domain::log_review::{anomalies, is_staff_read, Verdict};
use jobspor_domain::need_to_know::Relation;
use jobspor_domain::user::{Actor, User};
use jobspor_domain::{CitizenId, UserId};
use jobspor_store::Review;
use rand::seq::SliceRandom;
use serde::Deserialize;
use std::collections::HashMap;

/// Spot checks are drawn from this many days back; anomalies from a week.
const SPOT_DAYS: i64 = 30;
const ANOMALY_DAYS: i64 = 7;
/// How many spot checks a page offers, and how many entries it reads.
const SPOTS: usize = 10;
const CAP: usize = 20_000;
const PURPOSE: &str = "logkontrol";

pub struct ReadRow {
    pub seq: i64,
    pub at: String,
    pub reader: String,
    pub role: String,
    pub citizen: String,
    pub what: String,
    pub purpose: String,
    pub verdict: Option<String>,
    pub note: String,
}

pub struct AnomalyRow {
    pub kind: &'static str,
    pub read: ReadRow,
    pub count: usize,
}

#[derive(Template)]
#[template(path = "log_review/templates/log_review.html")]
struct ReviewPage {
    c: Chrome,
    spots: Vec<ReadRow>,
    anomalies: Vec<AnomalyRow>,
    error: Option<String>,
}

fn require(a: &Authed) -> Result<(), WebError> {
    if access::can_review_log(&a.actor) {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

/// The readers, the citizens and how each reader stands to each citizen
/// today, loaded once for the page: a few queries however many reads.
struct Lookup {
    users: HashMap<UserId, User>,
    names: HashMap<CitizenId, String>,
    outside: HashMap<(UserId, CitizenId), bool>,
}

impl Lookup {
    /// For the week's casework `reads` and the spot checks.
    async fn load(
        state: &AppState,
        m: jobspor_domain::MunicipalityId,
        reads: &[&AuditEntry],
        spots: &[&AuditEntry],
    ) -> Result<Lookup, WebError> {
        let users: HashMap<UserId, User> = state
            .store
            .list_users(m)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let mut ids: Vec<CitizenId> = reads
            .iter()
            .chain(spots)
            .filter_map(|e| e.event.citizen_id)
            .collect();
        ids.sort();
        ids.dedup();
        let names = state
            .store
            .citizens_by_ids(m, &ids)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let courses = state.store.courses_of_citizens(m, &ids).await?;
        let mut outside = HashMap::new();
        for e in reads {
            let (Some(u), Some(c)) = (e.event.user_id, e.event.citizen_id) else {
                continue;
            };
            if outside.contains_key(&(u, c)) {
                continue;
            }
            let Some(user) = users.get(&u) else {
                continue;
            };
            outside.insert((u, c), is_outside(state, m, user, c, &courses).await?);
        }
        Ok(Lookup {
            users,
            names,
            outside,
        })
    }

    fn citizen_name(&self, c: CitizenId) -> Option<String> {
        self.names.get(&c).cloned()
    }

    fn row(&self, c: &Chrome, e: &AuditEntry, reviews: &HashMap<i64, &Review>) -> ReadRow {
        let review = reviews.get(&e.seq);
        ReadRow {
            seq: e.seq,
            at: crate::i18n::datetime(e.event.at),
            reader: e.event.username.clone(),
            role: e
                .event
                .role
                .map(|r| r.word().to_string())
                .unwrap_or_default(),
            citizen: e
                .event
                .citizen_id
                .and_then(|id| self.citizen_name(id))
                .unwrap_or_else(|| c.t("unknown_citizen").to_string()),
            what: e.event.action.word().to_string(),
            purpose: e.event.purpose.clone(),
            verdict: review.map(|r| r.verdict.word().to_string()),
            note: review.map(|r| r.note.clone()).unwrap_or_default(),
        }
    }
}

/// Whether the reader has neither a course with the citizen nor an open
/// stated purpose (today's standing; a course may have moved since the
/// read). `courses` holds the citizen's courses among others.
async fn is_outside(
    state: &AppState,
    m: jobspor_domain::MunicipalityId,
    user: &User,
    citizen: CitizenId,
    courses: &[jobspor_store::RelatedCourse],
) -> Result<bool, WebError> {
    let actor = Actor::from_user(user);
    let visible = courses
        .iter()
        .filter(|r| r.course.citizen_id == citizen)
        .any(|r| {
            access::can_view_course(
                &actor,
                &r.course,
                &CourseRelations {
                    caseworker_team: r.caseworker_team.as_deref(),
                    members: &r.members,
                },
            )
        });
    let purpose = !visible
        && state
            .store
            .open_citizen_access(m, citizen, user.id, Utc::now())
            .await?
            .is_some();
    Ok(Relation::of(visible, purpose) == Relation::None)
}

async fn review_page(
    state: &AppState,
    a: &Authed,
    error: Option<String>,
) -> Result<ReviewPage, PageError> {
    require(a)?;
    let m = a.actor.municipality_id;
    let now = Utc::now();
    let recent = state
        .store
        .recent_audit(m, now - Duration::days(SPOT_DAYS), CAP)
        .await?;
    let reads: Vec<&AuditEntry> = recent.iter().filter(|e| is_staff_read(e)).collect();
    // Spot checks: reads drawn at random (the reviewer's own excluded).
    let mut spots: Vec<&AuditEntry> = reads
        .iter()
        .copied()
        .filter(|e| e.event.user_id != Some(a.actor.user_id))
        .collect::<Vec<_>>()
        .choose_multiple(&mut rand::thread_rng(), SPOTS)
        .copied()
        .collect();
    spots.sort_by_key(|e| std::cmp::Reverse(e.seq));
    let week: Vec<AuditEntry> = recent
        .iter()
        .filter(|e| e.event.at >= now - Duration::days(ANOMALY_DAYS))
        .cloned()
        .collect();
    let week_reads: Vec<&AuditEntry> = week.iter().filter(|e| is_staff_read(e)).collect();
    let look = Lookup::load(state, m, &week_reads, &spots).await?;
    let found = anomalies(
        &week,
        |u, c| look.outside.get(&(u, c)).copied().unwrap_or(false),
        |u| look.users.get(&u).map(|x| x.display_name.clone()),
        |c| look.citizen_name(c),
    );
    let by_seq: HashMap<i64, &AuditEntry> = week.iter().map(|e| (e.seq, e)).collect();
    let mut seqs: Vec<i64> = spots.iter().map(|e| e.seq).collect();
    seqs.extend(found.iter().map(|x| x.seq));
    let reviews = state.store.reviews_of(m, &seqs).await?;
    let reviews: HashMap<i64, &Review> = reviews.iter().map(|r| (r.seq, r)).collect();
    // Every citizen named on the page is a use of their data.
    let mut shown: Vec<CitizenId> = spots
        .iter()
        .filter_map(|e| e.event.citizen_id)
        .chain(found.iter().filter_map(|x| x.citizen))
        .collect();
    shown.sort();
    shown.dedup();
    let events: Vec<_> = shown
        .iter()
        .map(|c| {
            event(
                &a.actor,
                AuditAction::Read,
                Some(*c),
                "audit_log".into(),
                PURPOSE,
            )
        })
        .collect();
    audit(state, &events).await?;
    let c = Chrome::new(Some(a), "log_review", "log_review");
    let spots = spots.iter().map(|e| look.row(&c, e, &reviews)).collect();
    let anomalies = found
        .iter()
        .filter_map(|x| {
            by_seq.get(&x.seq).map(|e| AnomalyRow {
                kind: x.kind.word(),
                read: look.row(&c, e, &reviews),
                count: x.citizens,
            })
        })
        .collect();
    Ok(ReviewPage {
        c,
        spots,
        anomalies,
        error,
    })
}

pub async fn page(State(state): State<AppState>, CurrentUser(a): CurrentUser) -> PageResult {
    crate::page::render(&review_page(&state, &a, None).await?)
}

#[derive(Deserialize)]
pub struct VerdictForm {
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    note: String,
}

/// Records a verdict on one read; a bad verdict or a suspicious one without
/// a note shows the page again with the message.
pub async fn verdict(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(seq): Path<String>,
    Form(f): Form<VerdictForm>,
) -> PageResult {
    require(&a)?;
    let seq: i64 = seq.parse().map_err(|_| WebError::NotFound)?;
    match record(&state, &a, seq, &f).await {
        Ok(()) => Ok(Redirect::to(&crate::log_review::paths::page()).into_response()),
        Err(e) => {
            let (status, msg) = form_error(e)?;
            render_status(status, &review_page(&state, &a, Some(msg)).await?)
        }
    }
}

async fn record(state: &AppState, a: &Authed, seq: i64, f: &VerdictForm) -> Result<(), WebError> {
    let m = a.actor.municipality_id;
    let entry = state
        .store
        .audit_entry(m, seq)
        .await?
        .filter(is_staff_read)
        .ok_or(WebError::NotFound)?;
    let verdict =
        Verdict::parse(&f.verdict).ok_or_else(|| WebError::invalid("invalid.choose_a_verdict"))?;
    let note =
        jobspor_domain::text::normalize(&f.note, "note", jobspor_domain::text::SHORT_MAX_BYTES)
            .map_err(crate::audit::validation)?;
    if verdict == Verdict::Suspicious && note.is_empty() {
        return Err(WebError::invalid("invalid.say_what_is_suspicious"));
    }
    let ev = event(
        &a.actor,
        AuditAction::Update,
        entry.event.citizen_id,
        format!("audit_review:{seq}"),
        PURPOSE,
    );
    state
        .store
        .review_entry(
            &Review {
                municipality_id: m,
                seq,
                reviewer: a.actor.user_id,
                verdict,
                note,
                at: Utc::now(),
            },
            &[ev],
        )
        .await?;
    Ok(())
}
