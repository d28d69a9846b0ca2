//! Courses, their team members, and the list behind "Mine forløb".

use crate::journal::insert_entry;
use crate::row::{
    date, date_text, instant, int, like_contains, like_prefix, one_in_municipality, opt_date,
    opt_text, parsed, text,
};
use crate::write::Statement;
use crate::{Backend, Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{NaiveDate, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::control::FollowUpTrack;
use jobspor_domain::course::{Course, CourseStatus, Referral};
use jobspor_domain::cpr::Cpr;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::rules::TargetGroup;
use jobspor_domain::text::search_key;
use jobspor_domain::{CitizenId, CourseId, MunicipalityId, UserId};
use serde::Serialize;
use sqlx::any::AnyRow;

/// Whose courses a list shows.
#[derive(Debug, Clone)]
pub enum CourseScope {
    /// Courses where the user is the responsible caseworker.
    Mine(UserId),
    /// Courses the user may see: their own, their team's, and those they are a member of.
    Visible { user: UserId, team: Option<String> },
}

#[derive(Debug, Clone)]
pub enum CourseSearch {
    Cpr(Cpr),
    /// Part of a CPR (e.g. the birth date), matched as a prefix.
    CprPrefix(String),
    Name(String),
}

#[derive(Debug, Clone)]
pub struct CourseFilter {
    pub municipality: MunicipalityId,
    pub scope: CourseScope,
    pub search: Option<CourseSearch>,
    pub include_closed: bool,
    pub limit: i64,
    pub offset: i64,
}

/// A course with the relations access decisions need.
#[derive(Debug, Clone)]
pub struct RelatedCourse {
    pub course: Course,
    /// The team of the responsible caseworker.
    pub caseworker_team: Option<String>,
    /// The responsible caseworker's name.
    pub caseworker_name: String,
    pub members: Vec<UserId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CourseListRow {
    pub course_id: CourseId,
    pub citizen_id: CitizenId,
    pub citizen_name: String,
    pub cpr: Cpr,
    pub caseworker_name: String,
    pub target_group: TargetGroup,
    pub category: Option<String>,
    pub rule_set: String,
    pub status: CourseStatus,
    pub start_date: NaiveDate,
    pub framework: String,
}

#[async_trait]
pub trait CourseStore: Send + Sync {
    async fn create_course(
        &self,
        c: &Course,
        note: Option<&JournalEntry>,
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn course(&self, municipality: MunicipalityId, id: CourseId) -> Result<Option<Course>>;
    /// The citizen's courses with what access decisions need, in two queries
    /// however many courses there are.
    async fn courses_of_citizen(
        &self,
        municipality: MunicipalityId,
        citizen: CitizenId,
    ) -> Result<Vec<RelatedCourse>>;
    /// The same for several citizens at once (a page of search hits, a
    /// week of reads), two queries per 500 citizens.
    async fn courses_of_citizens(
        &self,
        municipality: MunicipalityId,
        citizens: &[CitizenId],
    ) -> Result<Vec<RelatedCourse>>;
    /// The team of the responsible caseworker and the course's members.
    async fn course_relations(&self, course: &Course) -> Result<(Option<String>, Vec<UserId>)>;
    async fn list_courses(&self, filter: &CourseFilter) -> Result<(Vec<CourseListRow>, i64)>;
    /// The classifications (target group, category) of the courses not
    /// closed, once each per municipality (for converting courses when a law
    /// changes: only those the rules of today do not know are read whole).
    async fn running_classifications(
        &self,
    ) -> Result<Vec<(MunicipalityId, TargetGroup, Option<String>)>>;
    /// The courses not closed of one classification in a municipality.
    async fn running_courses_classified(
        &self,
        municipality: MunicipalityId,
        group: TargetGroup,
        category: Option<&str>,
    ) -> Result<Vec<Course>>;
    /// Saves a changed course (status, goal, referral, caseworker) if
    /// `expected_version` is still current; the journal note goes with it.
    async fn update_course(
        &self,
        c: &Course,
        expected_version: i64,
        note: Option<&JournalEntry>,
        audit: &[AuditEvent],
    ) -> Result<Course>;
    /// Saves several changed courses, each with its journal note, in one
    /// transaction: all of them or none (a caseload move).
    async fn update_courses(&self, changes: &[CourseChange], audit: &[AuditEvent]) -> Result<()>;
    async fn add_course_member(
        &self,
        course: &Course,
        user: UserId,
        audit: &[AuditEvent],
    ) -> Result<()>;
}

/// One course of [`CourseStore::update_courses`].
#[derive(Debug, Clone)]
pub struct CourseChange {
    pub course: Course,
    pub expected_version: i64,
    pub note: JournalEntry,
}

const COLS: &str = "c.id, c.municipality_id, c.citizen_id, c.caseworker_id, c.target_group, c.category, c.rule_set, c.status, c.start_date, c.first_absence_date, c.follow_up_track, c.framework, c.employment_goal, c.referral, c.created_at, c.updated_at, c.version";

fn course_from_row(row: &AnyRow) -> Result<Course> {
    let tg = text(row, "target_group")?;
    let status = text(row, "status")?;
    let referral: Referral = serde_json::from_str(&text(row, "referral")?)
        .map_err(|_| StoreError::Corrupt("referral".into()))?;
    Ok(Course {
        id: parsed(row, "id")?,
        municipality_id: parsed(row, "municipality_id")?,
        citizen_id: parsed(row, "citizen_id")?,
        caseworker_id: parsed(row, "caseworker_id")?,
        target_group: TargetGroup::parse(&tg)
            .ok_or_else(|| StoreError::Corrupt("target_group".into()))?,
        category: opt_text(row, "category")?,
        rule_set: text(row, "rule_set")?,
        status: CourseStatus::parse(&status).ok_or_else(|| StoreError::Corrupt("status".into()))?,
        start_date: date(row, "start_date")?,
        first_absence_date: opt_date(row, "first_absence_date")?,
        follow_up_track: FollowUpTrack::parse(&text(row, "follow_up_track")?)
            .ok_or_else(|| StoreError::Corrupt("follow_up_track".into()))?,
        framework: text(row, "framework")?,
        employment_goal: text(row, "employment_goal")?,
        referral,
        created_at: instant(row, "created_at")?,
        updated_at: instant(row, "updated_at")?,
        version: int(row, "version")?,
    })
}

pub(crate) fn referral_json(r: &Referral) -> Result<String> {
    serde_json::to_string(r).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Saves a changed course inside a transaction if `expected_version` is
/// still current, with its journal note; a new caseworker is told.
pub(crate) async fn update_in(
    tx: &mut sqlx::AnyConnection,
    c: &Course,
    expected_version: i64,
    note: Option<&JournalEntry>,
    now: chrono::DateTime<Utc>,
) -> Result<Course> {
    let referral = referral_json(&c.referral)?;
    let before: Option<String> = sqlx::query_scalar(
        "SELECT caseworker_id FROM courses WHERE municipality_id = $1 AND id = $2",
    )
    .bind(c.municipality_id.to_string())
    .bind(c.id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let done = sqlx::query(
        "UPDATE courses SET caseworker_id = $1, status = $2, framework = $3, employment_goal = $4, referral = $5,
                first_absence_date = $6, follow_up_track = $7, target_group = $8, category = $9,
                updated_at = $10, version = version + 1
         WHERE municipality_id = $11 AND id = $12 AND version = $13",
    )
    .bind(c.caseworker_id.to_string())
    .bind(c.status.code())
    .bind(&c.framework)
    .bind(&c.employment_goal)
    .bind(referral)
    .bind(c.first_absence_date.map(date_text))
    .bind(c.follow_up_track.code())
    .bind(c.target_group.code())
    .bind(c.category.clone())
    .bind(now.timestamp_micros())
    .bind(c.municipality_id.to_string())
    .bind(c.id.to_string())
    .bind(expected_version)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Conflict::Stale.into());
    }
    if let Some(n) = note {
        insert_entry(tx, n).await?;
    }
    // A handover: the new caseworker is told.
    if before.as_deref() != Some(c.caseworker_id.to_string().as_str()) {
        let from = note.map(|n| n.author_name.as_str()).unwrap_or_default();
        crate::control::notify_user(
            tx,
            c.municipality_id,
            c.caseworker_id,
            c.id,
            "handover",
            from,
            now,
        )
        .await?;
    }
    let mut out = c.clone();
    out.version = expected_version + 1;
    out.updated_at = now;
    Ok(out)
}

/// Inserts a course inside a transaction (also used by triage).
pub(crate) async fn insert_course(tx: &mut sqlx::AnyConnection, c: &Course) -> Result<()> {
    let referral = referral_json(&c.referral)?;
    sqlx::query(
            "INSERT INTO courses (id, municipality_id, citizen_id, caseworker_id, target_group, category, rule_set, status, start_date, first_absence_date, follow_up_track, framework, employment_goal, referral, created_at, updated_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1)",
        )
        .bind(c.id.to_string())
        .bind(c.municipality_id.to_string())
        .bind(c.citizen_id.to_string())
        .bind(c.caseworker_id.to_string())
        .bind(c.target_group.code())
        .bind(c.category.clone())
        .bind(&c.rule_set)
        .bind(c.status.code())
        .bind(date_text(c.start_date))
        .bind(c.first_absence_date.map(date_text))
        .bind(c.follow_up_track.code())
        .bind(&c.framework)
        .bind(&c.employment_goal)
        .bind(referral)
        .bind(c.created_at.timestamp_micros())
        .bind(c.updated_at.timestamp_micros())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "course"))?;
    Ok(())
}

/// Adds a course member inside a transaction.
pub(crate) async fn insert_member(
    tx: &mut sqlx::AnyConnection,
    course: CourseId,
    user: UserId,
) -> Result<()> {
    sqlx::query("INSERT INTO course_members (course_id, user_id, added_at) VALUES ($1, $2, $3)")
        .bind(course.to_string())
        .bind(user.to_string())
        .bind(Utc::now().timestamp_micros())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "course member"))?;
    Ok(())
}

/// The list's SQL: `sql` selects a page (its last two parameters are the
/// limit and offset, after `binds`), `from` is its FROM and WHERE for a
/// count on its own.
pub(crate) struct CourseListQuery {
    pub from: String,
    pub sql: String,
    pub binds: Vec<String>,
}

impl CourseListQuery {
    /// `sql` (the page's SELECT, or a statement around it) with the
    /// filter's values, the page's limit and its offset bound.
    pub(crate) fn page<'q>(&'q self, sql: &'q str, f: &CourseFilter) -> Statement<'q> {
        self.filtered(sql).bind(f.limit).bind(f.offset)
    }

    /// `sql` with the filter's values bound (a statement on `from`).
    fn filtered<'q>(&'q self, sql: &'q str) -> Statement<'q> {
        self.binds
            .iter()
            .fold(sqlx::query(sql), |q, b| q.bind(b.as_str()))
    }
}

pub(crate) fn course_list_query(f: &CourseFilter, backend: Backend) -> CourseListQuery {
    // Build the WHERE clause with numbered parameters; values are bound in order.
    let mut binds: Vec<String> = vec![f.municipality.to_string()];
    let mut wh = vec!["c.municipality_id = $1".to_string()];
    match &f.scope {
        CourseScope::Mine(u) => {
            binds.push(u.to_string());
            wh.push(format!("c.caseworker_id = ${}", binds.len()));
        }
        CourseScope::Visible { user, team } => {
            binds.push(user.to_string());
            let u = binds.len();
            let mut ors = vec![
                format!("c.caseworker_id = ${u}"),
                format!(
                    "c.id IN (SELECT m.course_id FROM course_members m WHERE m.user_id = ${u})"
                ),
            ];
            if let Some(t) = team {
                binds.push(t.clone());
                ors.push(format!(
                    "c.caseworker_id IN (SELECT t.id FROM users t WHERE t.municipality_id = $1 AND t.team = ${})",
                    binds.len()
                ));
            }
            wh.push(format!("({})", ors.join(" OR ")));
        }
    }
    match &f.search {
        None => {}
        Some(CourseSearch::Cpr(cpr)) => {
            binds.push(cpr.full());
            wh.push(format!("p.cpr = ${}", binds.len()));
        }
        Some(CourseSearch::CprPrefix(prefix)) => {
            binds.push(like_prefix(prefix));
            wh.push(format!("p.cpr LIKE ${} ESCAPE '\\'", binds.len()));
        }
        Some(CourseSearch::Name(n)) => {
            binds.push(like_contains(&search_key(n)));
            wh.push(format!("p.name_key LIKE ${} ESCAPE '\\'", binds.len()));
        }
    }
    if !f.include_closed {
        wh.push("c.status <> 'closed'".into());
    } else {
        // An anonymised citizen's courses are all closed, and theirs to no
        // one (retention); the pseudonym is in the covering index.
        wh.push(format!("p.cpr NOT LIKE '{ANONYMOUS_PREFIX}%'"));
    }
    // SQLite would read each citizen through the id's unique index and
    // then the table, unless told to use the index that holds all the list
    // needs (migration 23). Statistics would tell it too, but they move
    // other plans as well: with them a dashboard query took over a minute.
    let citizens = match backend {
        Backend::Sqlite => "citizens p INDEXED BY citizens_listed",
        Backend::Postgres => "citizens p",
    };
    let from = format!(
        "FROM courses c JOIN {citizens} ON p.id = c.citizen_id JOIN users u ON u.id = c.caseworker_id WHERE {}",
        wh.join(" AND ")
    );
    let n = binds.len();
    // The total comes with the page, from the same snapshot, in one read.
    let sql = format!(
        "SELECT c.id, c.citizen_id, p.name AS citizen_name, p.cpr, u.display_name AS caseworker_name, c.target_group, c.category, c.rule_set, c.status, c.start_date, c.framework, COUNT(*) OVER () AS total
         {from} ORDER BY p.name_key, c.start_date DESC, c.id LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    );
    CourseListQuery { from, sql, binds }
}

/// How an anonymised citizen's pseudonym begins (`retention`).
pub(crate) const ANONYMOUS_PREFIX: &str = "anonym-";

/// `sql` with the municipality as `$1` and the citizens after it.
fn of_citizens<'q>(
    sql: &'q str,
    municipality: MunicipalityId,
    citizens: &[CitizenId],
) -> crate::engine::write::Statement<'q> {
    let mut q = sqlx::query(sql).bind(municipality.to_string());
    for c in citizens {
        q = q.bind(c.to_string());
    }
    q
}

#[async_trait]
impl CourseStore for SqlStore {
    async fn create_course(
        &self,
        c: &Course,
        note: Option<&JournalEntry>,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_course(&mut tx, c).await?;
        if let Some(n) = note {
            insert_entry(&mut tx, n).await?;
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn course(&self, municipality: MunicipalityId, id: CourseId) -> Result<Option<Course>> {
        let sql =
            format!("SELECT {COLS} FROM courses c WHERE c.municipality_id = $1 AND c.id = $2");
        one_in_municipality(self, &sql, municipality, id.to_string(), course_from_row).await
    }

    async fn running_classifications(
        &self,
    ) -> Result<Vec<(MunicipalityId, TargetGroup, Option<String>)>> {
        let rows = sqlx::query(
            "SELECT DISTINCT municipality_id, target_group, category FROM courses WHERE status <> 'closed'",
        )
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                let group = TargetGroup::parse(&text(r, "target_group")?)
                    .ok_or_else(|| StoreError::Corrupt("target_group".into()))?;
                Ok((
                    parsed(r, "municipality_id")?,
                    group,
                    opt_text(r, "category")?,
                ))
            })
            .collect()
    }

    async fn running_courses_classified(
        &self,
        municipality: MunicipalityId,
        group: TargetGroup,
        category: Option<&str>,
    ) -> Result<Vec<Course>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM courses c WHERE c.municipality_id = $1 AND c.status <> 'closed'
                AND c.target_group = $2 AND COALESCE(c.category, '') = $3
             ORDER BY c.start_date, c.id"
        ))
        .bind(municipality.to_string())
        .bind(group.code())
        .bind(category.unwrap_or(""))
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(course_from_row).collect()
    }

    async fn courses_of_citizen(
        &self,
        municipality: MunicipalityId,
        citizen: CitizenId,
    ) -> Result<Vec<RelatedCourse>> {
        self.courses_of_citizens(municipality, &[citizen]).await
    }

    async fn courses_of_citizens(
        &self,
        municipality: MunicipalityId,
        citizens: &[CitizenId],
    ) -> Result<Vec<RelatedCourse>> {
        let mut out = Vec::new();
        for part in citizens.chunks(500) {
            let list = crate::row::placeholders(2, part.len());
            let courses_sql = format!(
                "SELECT {COLS}, u.team AS caseworker_team, u.display_name AS caseworker_name
                 FROM courses c JOIN users u ON u.id = c.caseworker_id
                 WHERE c.municipality_id = $1 AND c.citizen_id IN ({list}) ORDER BY c.start_date DESC, c.id"
            );
            let members_sql = format!(
                "SELECT m.course_id, m.user_id FROM course_members m JOIN courses c ON c.id = m.course_id
                 WHERE c.municipality_id = $1 AND c.citizen_id IN ({list})"
            );
            let rows = of_citizens(&courses_sql, municipality, part)
                .fetch_all(&mut *self.read().await?)
                .await?;
            let members = of_citizens(&members_sql, municipality, part)
                .fetch_all(&mut *self.read().await?)
                .await?;
            let members: Vec<(CourseId, UserId)> = members
                .iter()
                .map(|r| Ok((parsed(r, "course_id")?, parsed(r, "user_id")?)))
                .collect::<Result<_>>()?;
            for r in &rows {
                let course = course_from_row(r)?;
                out.push(RelatedCourse {
                    caseworker_team: opt_text(r, "caseworker_team")?,
                    caseworker_name: text(r, "caseworker_name")?,
                    members: members
                        .iter()
                        .filter(|(c, _)| *c == course.id)
                        .map(|(_, u)| *u)
                        .collect(),
                    course,
                });
            }
        }
        Ok(out)
    }

    async fn course_relations(&self, course: &Course) -> Result<(Option<String>, Vec<UserId>)> {
        let team: Option<Option<String>> =
            sqlx::query_scalar("SELECT team FROM users WHERE id = $1")
                .bind(course.caseworker_id.to_string())
                .fetch_optional(&mut *self.read().await?)
                .await?;
        let members: Vec<String> =
            sqlx::query_scalar("SELECT user_id FROM course_members WHERE course_id = $1")
                .bind(course.id.to_string())
                .fetch_all(&mut *self.read().await?)
                .await?;
        let members = members
            .into_iter()
            .map(|s| s.parse().map_err(|_| StoreError::Corrupt("member".into())))
            .collect::<Result<Vec<UserId>>>()?;
        Ok((team.flatten(), members))
    }

    async fn list_courses(&self, f: &CourseFilter) -> Result<(Vec<CourseListRow>, i64)> {
        let list = course_list_query(f, self.backend);
        let rows = list
            .page(&list.sql, f)
            .fetch_all(&mut *self.read().await?)
            .await?;
        let total = match rows.first() {
            Some(r) => int(r, "total")?,
            None if f.offset == 0 => 0,
            // A page past the end: count on its own.
            None => {
                let count_sql = format!("SELECT COUNT(*) AS total {}", list.from);
                let row = list
                    .filtered(&count_sql)
                    .fetch_one(&mut *self.read().await?)
                    .await?;
                int(&row, "total")?
            }
        };
        let list = rows
            .iter()
            .map(|r| {
                let tg = text(r, "target_group")?;
                let st = text(r, "status")?;
                Ok(CourseListRow {
                    course_id: parsed(r, "id")?,
                    citizen_id: parsed(r, "citizen_id")?,
                    citizen_name: text(r, "citizen_name")?,
                    cpr: Cpr::parse(&text(r, "cpr")?)
                        .map(|(c, _)| c)
                        .map_err(|_| StoreError::Corrupt("cpr".into()))?,
                    caseworker_name: text(r, "caseworker_name")?,
                    target_group: TargetGroup::parse(&tg)
                        .ok_or_else(|| StoreError::Corrupt("target_group".into()))?,
                    category: opt_text(r, "category")?,
                    rule_set: text(r, "rule_set")?,
                    status: CourseStatus::parse(&st)
                        .ok_or_else(|| StoreError::Corrupt("status".into()))?,
                    start_date: date(r, "start_date")?,
                    framework: text(r, "framework")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((list, total))
    }

    async fn update_course(
        &self,
        c: &Course,
        expected_version: i64,
        note: Option<&JournalEntry>,
        audit: &[AuditEvent],
    ) -> Result<Course> {
        let mut tx = self.begin_write().await?;
        let out = update_in(&mut tx, c, expected_version, note, Utc::now()).await?;
        tx.commit(audit).await?;
        Ok(out)
    }

    async fn update_courses(&self, changes: &[CourseChange], audit: &[AuditEvent]) -> Result<()> {
        let now = Utc::now();
        let mut tx = self.begin_write().await?;
        for ch in changes {
            update_in(
                &mut tx,
                &ch.course,
                ch.expected_version,
                Some(&ch.note),
                now,
            )
            .await?;
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn add_course_member(
        &self,
        course: &Course,
        user: UserId,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_member(&mut tx, course.id, user).await?;
        tx.commit(audit).await?;
        Ok(())
    }
}
