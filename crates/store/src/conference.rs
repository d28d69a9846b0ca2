//! Analysis conversations and the conference with its record and addenda.

use crate::row::{instant, int, opt_instant, opt_parsed, parsed, text};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::conference::{Addendum, Agreed, Booking, Conference};
use jobspor_domain::description::Recommendation;
use jobspor_domain::document::DocumentMeta;
use jobspor_domain::{BookingId, ConferenceId, CourseId, MunicipalityId, UserId};
use sqlx::any::AnyRow;

#[async_trait]
pub trait ConferenceStore: Send + Sync {
    /// Books a conversation unless it overlaps another of the professional's;
    /// with `joins_team` the professional also joins the course's team (if
    /// not on it already), in the same transaction.
    async fn book(&self, b: &Booking, joins_team: bool, audit: &[AuditEvent]) -> Result<()>;
    /// Cancels a booking `by` someone; the professional is told, unless they
    /// cancelled it themselves.
    async fn cancel_booking(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        (id, by): (BookingId, UserId),
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// The course's booked conversations, earliest first.
    async fn bookings(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<Booking>>;
    /// Creates the course's conference (`expected_version` None) or saves
    /// it if unchanged since `expected_version` and not signed.
    async fn save_conference(
        &self,
        c: &Conference,
        expected_version: Option<i64>,
        audit: &[AuditEvent],
    ) -> Result<Conference>;
    /// Signs the record, which locks it, and files the document it
    /// produces (the samlet beskrivelse) in the same transaction.
    async fn sign_conference(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        signing: &Signing<'_>,
        audit: &[AuditEvent],
    ) -> Result<Conference>;
    async fn conference(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Option<Conference>>;
    /// Adds a correction to a signed record.
    async fn add_addendum(&self, a: &Addendum, audit: &[AuditEvent]) -> Result<()>;
    async fn addenda(
        &self,
        municipality: MunicipalityId,
        conference: ConferenceId,
    ) -> Result<Vec<Addendum>>;
}

/// Who signs a record, when, from which version, and the document the
/// signed record produces.
pub struct Signing<'a> {
    pub by: UserId,
    pub at: DateTime<Utc>,
    pub expected_version: i64,
    pub document: Option<(&'a DocumentMeta, &'a [u8])>,
    /// A journal note that goes with the signing (why it was signed before
    /// the conference's date).
    pub note: Option<&'a jobspor_domain::journal::JournalEntry>,
}

const BOOKING_COLS: &str =
    "id, municipality_id, course_id, professional_id, starts_at, ends_at, location, created_by, created_at";

fn booking(r: &AnyRow) -> Result<Booking> {
    let starts_at = instant(r, "starts_at")?;
    let minutes = (instant(r, "ends_at")? - starts_at).num_minutes();
    Ok(Booking {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        course_id: parsed(r, "course_id")?,
        professional_id: parsed(r, "professional_id")?,
        starts_at,
        minutes: u32::try_from(minutes).map_err(|_| StoreError::Corrupt("booking".into()))?,
        location: text(r, "location")?,
        created_by: parsed(r, "created_by")?,
        created_at: instant(r, "created_at")?,
    })
}

const COLS: &str = "id, municipality_id, course_id, scheduled_at, location, participants, citizen_attends, invited, employment_goal, agreed, citizen_statement, citizen_agrees, further_assessment, signed_at, signed_by, created_at, version, recommendation";

fn json<T: serde::de::DeserializeOwned>(r: &AnyRow, col: &str) -> Result<T> {
    serde_json::from_str(&text(r, col)?).map_err(|_| StoreError::Corrupt(col.into()))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn conference(r: &AnyRow) -> Result<Conference> {
    let participants: Vec<String> = json(r, "participants")?;
    Ok(Conference {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        course_id: parsed(r, "course_id")?,
        scheduled_at: instant(r, "scheduled_at")?,
        location: text(r, "location")?,
        participants: participants.iter().filter_map(|p| p.parse().ok()).collect(),
        citizen_attends: int(r, "citizen_attends")? != 0,
        invited: json(r, "invited")?,
        employment_goal: text(r, "employment_goal")?,
        agreed: json::<Vec<Agreed>>(r, "agreed")?,
        citizen_statement: text(r, "citizen_statement")?,
        citizen_agrees: int(r, "citizen_agrees")? != 0,
        further_assessment: text(r, "further_assessment")?,
        recommendation: Recommendation::parse(&text(r, "recommendation")?)
            .ok_or_else(|| StoreError::Corrupt("recommendation".into()))?,
        signed_at: opt_instant(r, "signed_at")?,
        signed_by: opt_parsed(r, "signed_by")?,
        created_at: instant(r, "created_at")?,
        version: int(r, "version")?,
    })
}

async fn one(
    exec: impl sqlx::Executor<'_, Database = sqlx::Any>,
    municipality: MunicipalityId,
    course: CourseId,
) -> Result<Option<Conference>> {
    let row = sqlx::query(&format!(
        "SELECT {COLS} FROM conferences WHERE municipality_id = $1 AND course_id = $2"
    ))
    .bind(municipality.to_string())
    .bind(course.to_string())
    .fetch_optional(exec)
    .await?;
    row.map(|r| conference(&r)).transpose()
}

/// Why an update of the record touched nothing: signed, or changed meanwhile.
async fn refusal(
    tx: &mut sqlx::AnyConnection,
    municipality: MunicipalityId,
    course: CourseId,
) -> StoreError {
    match one(&mut *tx, municipality, course).await {
        Ok(Some(c)) if c.signed_at.is_some() => Conflict::Signed.into(),
        Ok(Some(_)) => Conflict::Stale.into(),
        Ok(None) => StoreError::NotFound,
        Err(e) => e,
    }
}

/// A notice kind: a conversation was booked with the professional.
pub const NOTICE_BOOKED: &str = "booking";
/// A notice kind: a booked conversation was cancelled.
pub const NOTICE_BOOKING_CANCELLED: &str = "booking_cancelled";

/// Tells the professional of a booking what `by` did, with the time and
/// place as the notice's detail.
async fn notify_professional(
    tx: &mut sqlx::AnyConnection,
    b: &Booking,
    kind: &str,
    by: UserId,
    at: DateTime<Utc>,
) -> Result<()> {
    let name: String = sqlx::query_scalar("SELECT display_name FROM users WHERE id = $1")
        .bind(by.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or_default();
    let detail = serde_json::json!({
        "starts_at": b.starts_at.to_rfc3339(),
        "minutes": b.minutes,
        "location": b.location,
    })
    .to_string();
    crate::control::notify_user_with(
        tx,
        b.municipality_id,
        b.professional_id,
        b.course_id,
        (kind, &detail),
        &name,
        at,
    )
    .await
}

#[async_trait]
impl ConferenceStore for SqlStore {
    async fn book(&self, b: &Booking, joins_team: bool, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        // Serialises bookings of one professional (a row lock on PostgreSQL).
        sqlx::query("UPDATE users SET version = version WHERE id = $1 AND municipality_id = $2")
            .bind(b.professional_id.to_string())
            .bind(b.municipality_id.to_string())
            .execute(&mut *tx)
            .await?;
        let clash: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM analysis_bookings WHERE professional_id = $1 AND cancelled_at IS NULL AND starts_at < $2 AND ends_at > $3",
        )
        .bind(b.professional_id.to_string())
        .bind(b.ends_at().timestamp_micros())
        .bind(b.starts_at.timestamp_micros())
        .fetch_one(&mut *tx)
        .await?;
        if clash > 0 {
            return Err(Conflict::SlotTaken.into());
        }
        sqlx::query(&format!("INSERT INTO analysis_bookings ({BOOKING_COLS}, cancelled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL)"))
            .bind(b.id.to_string())
            .bind(b.municipality_id.to_string())
            .bind(b.course_id.to_string())
            .bind(b.professional_id.to_string())
            .bind(b.starts_at.timestamp_micros())
            .bind(b.ends_at().timestamp_micros())
            .bind(&b.location)
            .bind(b.created_by.to_string())
            .bind(b.created_at.timestamp_micros())
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "booking"))?;
        if b.professional_id != b.created_by {
            notify_professional(&mut tx, b, NOTICE_BOOKED, b.created_by, b.created_at).await?;
        }
        if joins_team {
            let member: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM course_members WHERE course_id = $1 AND user_id = $2",
            )
            .bind(b.course_id.to_string())
            .bind(b.professional_id.to_string())
            .fetch_one(&mut *tx)
            .await?;
            if member == 0 {
                crate::courses::insert_member(&mut tx, b.course_id, b.professional_id).await?;
            }
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn cancel_booking(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        (id, by): (BookingId, UserId),
        at: DateTime<Utc>,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let booking = sqlx::query(&format!(
            "SELECT {BOOKING_COLS} FROM analysis_bookings WHERE municipality_id = $1 AND course_id = $2 AND id = $3"
        ))
        .bind(municipality.to_string())
        .bind(course.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| booking(&r))
        .transpose()?;
        let done = sqlx::query("UPDATE analysis_bookings SET cancelled_at = $1 WHERE municipality_id = $2 AND course_id = $3 AND id = $4 AND cancelled_at IS NULL")
            .bind(at.timestamp_micros())
            .bind(municipality.to_string())
            .bind(course.to_string())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        if let Some(b) = booking.filter(|b| b.professional_id != by) {
            notify_professional(&mut tx, &b, NOTICE_BOOKING_CANCELLED, by, at).await?;
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn bookings(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<Booking>> {
        let rows = sqlx::query(&format!(
            "SELECT {BOOKING_COLS} FROM analysis_bookings WHERE municipality_id = $1 AND course_id = $2 AND cancelled_at IS NULL ORDER BY starts_at, id"
        ))
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(booking).collect()
    }

    async fn save_conference(
        &self,
        c: &Conference,
        expected_version: Option<i64>,
        audit: &[AuditEvent],
    ) -> Result<Conference> {
        let participants: Vec<String> = c.participants.iter().map(|p| p.to_string()).collect();
        let (participants, invited, agreed) = (
            to_json(&participants)?,
            to_json(&c.invited)?,
            to_json(&c.agreed)?,
        );
        let m = c.municipality_id;
        let mut tx = self.begin_write().await?;
        match expected_version {
            None => {
                sqlx::query(&format!("INSERT INTO conferences ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, NULL, NULL, $14, 1, $15)"))
                    .bind(c.id.to_string())
                    .bind(m.to_string())
                    .bind(c.course_id.to_string())
                    .bind(c.scheduled_at.timestamp_micros())
                    .bind(&c.location)
                    .bind(participants)
                    .bind(i64::from(c.citizen_attends))
                    .bind(invited)
                    .bind(&c.employment_goal)
                    .bind(agreed)
                    .bind(&c.citizen_statement)
                    .bind(i64::from(c.citizen_agrees))
                    .bind(&c.further_assessment)
                    .bind(c.created_at.timestamp_micros())
                    .bind(c.recommendation.code())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| StoreError::from_write(e, "conference"))?;
            }
            Some(v) => {
                let done = sqlx::query(
                    "UPDATE conferences SET scheduled_at = $1, location = $2, participants = $3, citizen_attends = $4, invited = $5,
                        employment_goal = $6, agreed = $7, citizen_statement = $8, citizen_agrees = $9, further_assessment = $10, recommendation = $11, version = version + 1
                     WHERE municipality_id = $12 AND course_id = $13 AND version = $14 AND signed_at IS NULL",
                )
                .bind(c.scheduled_at.timestamp_micros())
                .bind(&c.location)
                .bind(participants)
                .bind(i64::from(c.citizen_attends))
                .bind(invited)
                .bind(&c.employment_goal)
                .bind(agreed)
                .bind(&c.citizen_statement)
                .bind(i64::from(c.citizen_agrees))
                .bind(&c.further_assessment)
                .bind(c.recommendation.code())
                .bind(m.to_string())
                .bind(c.course_id.to_string())
                .bind(v)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(refusal(&mut tx, m, c.course_id).await);
                }
            }
        }
        let saved = one(&mut *tx, m, c.course_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit(audit).await?;
        Ok(saved)
    }

    async fn sign_conference(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        signing: &Signing<'_>,
        audit: &[AuditEvent],
    ) -> Result<Conference> {
        let (by, at, expected_version) = (signing.by, signing.at, signing.expected_version);
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE conferences SET signed_at = $1, signed_by = $2, version = version + 1 WHERE municipality_id = $3 AND course_id = $4 AND version = $5 AND signed_at IS NULL")
            .bind(at.timestamp_micros())
            .bind(by.to_string())
            .bind(municipality.to_string())
            .bind(course.to_string())
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(refusal(&mut tx, municipality, course).await);
        }
        if let Some((meta, content)) = signing.document {
            crate::documents::insert_document(&mut tx, meta, content).await?;
        }
        if let Some(n) = signing.note {
            crate::journal::insert_entry(&mut tx, n).await?;
        }
        let saved = one(&mut *tx, municipality, course)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit(audit).await?;
        Ok(saved)
    }

    async fn conference(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Option<Conference>> {
        one(&mut *self.read().await?, municipality, course).await
    }

    async fn add_addendum(&self, a: &Addendum, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let signed: Option<Option<i64>> = sqlx::query_scalar(
            "SELECT signed_at FROM conferences WHERE municipality_id = $1 AND id = $2",
        )
        .bind(a.municipality_id.to_string())
        .bind(a.conference_id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        match signed {
            None => return Err(StoreError::NotFound),
            Some(None) => return Err(Conflict::NotSigned.into()),
            Some(Some(_)) => {}
        }
        sqlx::query("INSERT INTO conference_addenda (id, municipality_id, conference_id, text, author_id, author_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(a.id.to_string())
            .bind(a.municipality_id.to_string())
            .bind(a.conference_id.to_string())
            .bind(&a.text)
            .bind(a.author_id.to_string())
            .bind(&a.author_name)
            .bind(a.created_at.timestamp_micros())
            .execute(&mut *tx)
            .await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn addenda(
        &self,
        municipality: MunicipalityId,
        conference: ConferenceId,
    ) -> Result<Vec<Addendum>> {
        let rows = sqlx::query("SELECT id, municipality_id, conference_id, text, author_id, author_name, created_at FROM conference_addenda WHERE municipality_id = $1 AND conference_id = $2 ORDER BY created_at, id")
            .bind(municipality.to_string())
            .bind(conference.to_string())
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Addendum {
                    id: parsed(r, "id")?,
                    municipality_id: parsed(r, "municipality_id")?,
                    conference_id: parsed(r, "conference_id")?,
                    text: text(r, "text")?,
                    author_id: parsed(r, "author_id")?,
                    author_name: text(r, "author_name")?,
                    created_at: instant(r, "created_at")?,
                })
            })
            .collect()
    }
}
