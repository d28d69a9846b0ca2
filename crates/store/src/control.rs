//! Cross-course lists for course control: the open goals with when they
//! were last measured, the open courses for statutory deadlines, and notices
//! to staff users (a course handed over to them).

use crate::row::{date, instant, opt_date, opt_instant, parsed, placeholders, text};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use jobspor_domain::control::{CourseDates, FollowUpTrack};
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::{CitizenId, CourseId, GoalId, MunicipalityId, PlacementId, UnitId, UserId};
use sqlx::any::AnyRow;

/// Whose courses or placements a list covers.
#[derive(Debug, Clone)]
pub enum Whose {
    Caseworkers(Vec<UserId>),
    Unit(UnitId),
}

#[derive(Debug, Clone)]
pub struct OpenGoal {
    pub goal_id: GoalId,
    pub question: String,
    pub interval_days: u32,
    pub placement_id: PlacementId,
    pub first_measurement: NaiveDate,
    pub course_id: CourseId,
    pub caseworker_id: UserId,
    pub citizen_id: CitizenId,
    pub citizen_name: String,
    pub intervention_name: String,
    /// The latest provider rating after the baseline, if any.
    pub last_provider: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct OpenCourse {
    pub course_id: CourseId,
    pub caseworker_id: UserId,
    pub citizen_id: CitizenId,
    pub citizen_name: String,
    pub target_group: TargetGroup,
    pub start_date: NaiveDate,
    pub first_absence_date: Option<NaiveDate>,
    pub follow_up_track: FollowUpTrack,
}

impl OpenCourse {
    /// What its statutory deadlines depend on.
    pub fn dates(&self) -> CourseDates {
        CourseDates {
            group: self.target_group,
            start: self.start_date,
            first_absence: self.first_absence_date,
            track: self.follow_up_track,
        }
    }
}

#[derive(Debug, Clone)]
pub struct UserNotice {
    pub id: String,
    pub course_id: CourseId,
    /// The citizen of the course, while the reader carries it (is its
    /// caseworker or on its team); else none, and the page says "a course".
    pub citizen: Option<(CitizenId, String)>,
    pub kind: String,
    pub from_name: String,
    /// JSON for kinds that carry more (a booking's time and place), or empty.
    pub detail: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait ControlStore: Send + Sync {
    /// Records a statutory deadline as met, with its journal note.
    #[allow(clippy::too_many_arguments)]
    async fn meet_deadline(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        kind: &str,
        due: NaiveDate,
        met_on: NaiveDate,
        by: UserId,
        note: &jobspor_domain::journal::JournalEntry,
        audit: &[jobspor_domain::audit::AuditEvent],
    ) -> Result<()>;
    /// (course, kind, due) of the deadlines met on these courses.
    async fn deadlines_met(
        &self,
        municipality: MunicipalityId,
        courses: &[CourseId],
    ) -> Result<Vec<(CourseId, String, NaiveDate)>>;
    async fn open_goals(
        &self,
        municipality: MunicipalityId,
        whose: &Whose,
    ) -> Result<Vec<OpenGoal>>;
    async fn open_courses(
        &self,
        municipality: MunicipalityId,
        caseworkers: &[UserId],
    ) -> Result<Vec<OpenCourse>>;
    async fn notices(
        &self,
        municipality: MunicipalityId,
        user: UserId,
        limit: i64,
    ) -> Result<Vec<UserNotice>>;
    async fn mark_notice_read(
        &self,
        municipality: MunicipalityId,
        user: UserId,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<()>;
    /// Marks these notices of the user read (those unread), in one statement.
    async fn mark_notices_read(
        &self,
        municipality: MunicipalityId,
        user: UserId,
        ids: &[String],
        at: DateTime<Utc>,
    ) -> Result<u64>;
    /// Marks every unread notice of the user read; how many there were.
    async fn mark_all_notices_read(
        &self,
        municipality: MunicipalityId,
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<u64>;
}

fn open_goal(r: &AnyRow) -> Result<OpenGoal> {
    let last: Option<String> = crate::row::opt_text(r, "last_provider")?;
    Ok(OpenGoal {
        goal_id: parsed(r, "goal_id")?,
        question: text(r, "question")?,
        interval_days: u32::try_from(crate::row::int(r, "interval_days")?)
            .map_err(|_| StoreError::Corrupt("interval".into()))?,
        placement_id: parsed(r, "placement_id")?,
        first_measurement: date(r, "first_measurement")?,
        course_id: parsed(r, "course_id")?,
        caseworker_id: parsed(r, "caseworker_id")?,
        citizen_id: parsed(r, "citizen_id")?,
        citizen_name: text(r, "citizen_name")?,
        intervention_name: text(r, "intervention_name")?,
        last_provider: last.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
    })
}

#[async_trait]
impl ControlStore for SqlStore {
    #[allow(clippy::too_many_arguments)]
    async fn meet_deadline(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
        kind: &str,
        due: NaiveDate,
        met_on: NaiveDate,
        by: UserId,
        note: &jobspor_domain::journal::JournalEntry,
        audit: &[jobspor_domain::audit::AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO deadlines_met (course_id, municipality_id, kind, due, met_on, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(course.to_string())
            .bind(municipality.to_string())
            .bind(kind)
            .bind(crate::row::date_text(due))
            .bind(crate::row::date_text(met_on))
            .bind(by.to_string())
            .bind(note.created_at.timestamp_micros())
            .execute(&mut *tx)
            .await
            .map_err(|e| StoreError::from_write(e, "deadline met"))?;
        crate::journal::insert_entry(&mut tx, note).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn deadlines_met(
        &self,
        municipality: MunicipalityId,
        courses: &[CourseId],
    ) -> Result<Vec<(CourseId, String, NaiveDate)>> {
        if courses.is_empty() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        // In chunks, to stay well under any engine's parameter limit.
        for chunk in courses.chunks(500) {
            let sql = format!(
                "SELECT course_id, kind, due FROM deadlines_met WHERE municipality_id = $1 AND course_id IN ({})",
                placeholders(2, chunk.len())
            );
            let mut q = sqlx::query(&sql).bind(municipality.to_string());
            for c in chunk {
                q = q.bind(c.to_string());
            }
            for r in q.fetch_all(&mut *self.read().await?).await? {
                out.push((
                    parsed(&r, "course_id")?,
                    text(&r, "kind")?,
                    date(&r, "due")?,
                ));
            }
        }
        Ok(out)
    }

    async fn open_goals(
        &self,
        municipality: MunicipalityId,
        whose: &Whose,
    ) -> Result<Vec<OpenGoal>> {
        let (filter, keys): (String, Vec<String>) = match whose {
            Whose::Caseworkers(ids) if ids.is_empty() => return Ok(Vec::new()),
            Whose::Caseworkers(ids) => (
                format!("k.caseworker_id IN ({})", placeholders(2, ids.len())),
                ids.iter().map(|u| u.to_string()).collect(),
            ),
            Whose::Unit(u) => ("p.unit_id = $2".into(), vec![u.to_string()]),
        };
        let sql = format!(
            "SELECT g.id AS goal_id, g.question, g.interval_days, p.id AS placement_id, p.first_measurement, p.course_id,
                    k.caseworker_id, k.citizen_id, c.name AS citizen_name, i.name AS intervention_name,
                    (SELECT MAX(x.measured_on) FROM measurements x WHERE x.goal_id = g.id AND x.rater = 'provider' AND x.baseline = 0) AS last_provider
             FROM progress_goals g
             JOIN placements p ON p.id = g.placement_id
             JOIN courses k ON k.id = p.course_id
             JOIN citizens c ON c.id = k.citizen_id
             JOIN interventions i ON i.id = p.intervention_id
             WHERE g.municipality_id = $1 AND g.ended_at IS NULL AND p.status = 'active' AND k.status <> 'closed' AND {filter}
             ORDER BY p.first_measurement, g.id"
        );
        let mut q = sqlx::query(&sql).bind(municipality.to_string());
        for k in keys {
            q = q.bind(k);
        }
        let rows = q.fetch_all(&mut *self.read().await?).await?;
        rows.iter().map(open_goal).collect()
    }

    async fn open_courses(
        &self,
        municipality: MunicipalityId,
        caseworkers: &[UserId],
    ) -> Result<Vec<OpenCourse>> {
        if caseworkers.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT k.id, k.caseworker_id, k.citizen_id, c.name AS citizen_name, k.target_group, k.start_date,
                    k.first_absence_date, k.follow_up_track
             FROM courses k JOIN citizens c ON c.id = k.citizen_id
             WHERE k.municipality_id = $1 AND k.status <> 'closed' AND k.caseworker_id IN ({})
             ORDER BY k.start_date, k.id",
            placeholders(2, caseworkers.len())
        );
        let mut q = sqlx::query(&sql).bind(municipality.to_string());
        for u in caseworkers {
            q = q.bind(u.to_string());
        }
        let rows = q.fetch_all(&mut *self.read().await?).await?;
        rows.iter()
            .map(|r| {
                Ok(OpenCourse {
                    course_id: parsed(r, "id")?,
                    caseworker_id: parsed(r, "caseworker_id")?,
                    citizen_id: parsed(r, "citizen_id")?,
                    citizen_name: text(r, "citizen_name")?,
                    target_group: TargetGroup::parse(&text(r, "target_group")?)
                        .ok_or_else(|| StoreError::Corrupt("target_group".into()))?,
                    start_date: date(r, "start_date")?,
                    first_absence_date: opt_date(r, "first_absence_date")?,
                    follow_up_track: FollowUpTrack::parse(&text(r, "follow_up_track")?)
                        .ok_or_else(|| StoreError::Corrupt("follow_up_track".into()))?,
                })
            })
            .collect()
    }

    async fn notices(
        &self,
        municipality: MunicipalityId,
        user: UserId,
        limit: i64,
    ) -> Result<Vec<UserNotice>> {
        let rows = sqlx::query(
            "SELECT n.id, n.course_id, n.kind, n.from_name, n.detail, n.created_at, n.read_at, \
                    CASE WHEN c.caseworker_id = n.user_id \
                           OR EXISTS (SELECT 1 FROM course_members cm WHERE cm.course_id = c.id AND cm.user_id = n.user_id) \
                         THEN z.id END AS citizen_id, \
                    CASE WHEN c.caseworker_id = n.user_id \
                           OR EXISTS (SELECT 1 FROM course_members cm WHERE cm.course_id = c.id AND cm.user_id = n.user_id) \
                         THEN z.name END AS citizen_name \
             FROM user_notices n JOIN courses c ON c.id = n.course_id JOIN citizens z ON z.id = c.citizen_id \
             WHERE n.municipality_id = $1 AND n.user_id = $2 ORDER BY n.created_at DESC, n.id DESC LIMIT $3",
        )
            .bind(municipality.to_string())
            .bind(user.to_string())
            .bind(limit)
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.iter()
            .map(|r| {
                let citizen = match (
                    crate::row::opt_text(r, "citizen_id")?,
                    crate::row::opt_text(r, "citizen_name")?,
                ) {
                    (Some(id), Some(name)) => Some((
                        id.parse()
                            .map_err(|_| StoreError::Corrupt("citizen_id".into()))?,
                        name,
                    )),
                    _ => None,
                };
                Ok(UserNotice {
                    id: text(r, "id")?,
                    course_id: parsed(r, "course_id")?,
                    citizen,
                    kind: text(r, "kind")?,
                    from_name: text(r, "from_name")?,
                    detail: text(r, "detail")?,
                    created_at: instant(r, "created_at")?,
                    read_at: opt_instant(r, "read_at")?,
                })
            })
            .collect()
    }

    async fn mark_notice_read(
        &self,
        municipality: MunicipalityId,
        user: UserId,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let q = sqlx::query("UPDATE user_notices SET read_at = $1 WHERE municipality_id = $2 AND user_id = $3 AND id = $4 AND read_at IS NULL")
            .bind(at.timestamp_micros())
            .bind(municipality.to_string())
            .bind(user.to_string())
            .bind(id);
        self.update_found(q, &[]).await
    }

    async fn mark_notices_read(
        &self,
        municipality: MunicipalityId,
        user: UserId,
        ids: &[String],
        at: DateTime<Utc>,
    ) -> Result<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let sql = format!(
            "UPDATE user_notices SET read_at = $1 WHERE municipality_id = $2 AND user_id = $3 AND read_at IS NULL AND id IN ({})",
            placeholders(4, ids.len())
        );
        let mut q = sqlx::query(&sql)
            .bind(at.timestamp_micros())
            .bind(municipality.to_string())
            .bind(user.to_string());
        for id in ids {
            q = q.bind(id.as_str());
        }
        self.write_counted(q).await
    }

    async fn mark_all_notices_read(
        &self,
        municipality: MunicipalityId,
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<u64> {
        let q = sqlx::query("UPDATE user_notices SET read_at = $1 WHERE municipality_id = $2 AND user_id = $3 AND read_at IS NULL")
            .bind(at.timestamp_micros())
            .bind(municipality.to_string())
            .bind(user.to_string());
        self.write_counted(q).await
    }
}

/// A notice to a staff user, written in the caller's transaction.
pub(crate) async fn notify_user(
    tx: &mut sqlx::AnyConnection,
    municipality: MunicipalityId,
    user: UserId,
    course: CourseId,
    kind: &str,
    from_name: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    notify_user_with(tx, municipality, user, course, (kind, ""), from_name, at).await
}

/// The same, with a detail (JSON) for kinds that carry more.
pub(crate) async fn notify_user_with(
    tx: &mut sqlx::AnyConnection,
    municipality: MunicipalityId,
    user: UserId,
    course: CourseId,
    (kind, detail): (&str, &str),
    from_name: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("INSERT INTO user_notices (id, municipality_id, user_id, course_id, kind, from_name, created_at, read_at, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(municipality.to_string())
        .bind(user.to_string())
        .bind(course.to_string())
        .bind(kind)
        .bind(from_name)
        .bind(at.timestamp_micros())
        .bind(detail)
        .execute(&mut *tx)
        .await?;
    Ok(())
}
