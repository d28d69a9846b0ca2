//! The retention job for one municipality, inside one write transaction:
//! for each kind of data, the courses whose period has run out since they
//! were closed (and that are not held) and that still hold something of
//! that kind; then the citizens with nothing left in use; then the oldest
//! part of the access log. Each step says what it changed, for the report
//! and for the audit entries of the citizens concerned.
//!
//! What is otherwise append-only (the audit log, ratings, signed conference
//! records) changes here only under a permit row the transaction inserts
//! first and removes last, so no other transaction ever sees it.

use super::corrupt;
use crate::courses::ANONYMOUS_PREFIX;
use crate::row::{int, opt_text, text};
use crate::Result;
use chrono::{DateTime, Utc};
use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_domain::cpr::Cpr;
use jobspor_domain::retention::{
    access_log_cutoff, cutoff, DataKind, Periods, RunReport, DOCTOR_MINIMUM_MONTHS,
};
use jobspor_domain::{CitizenId, MunicipalityId};
use sqlx::AnyConnection;

/// The name an anonymised citizen keeps (their courses still count).
pub(crate) const ANONYMISED_NAME: &str = "Anonymiseret borger";

pub(crate) async fn periods(conn: &mut AnyConnection, m: MunicipalityId) -> Result<Periods> {
    let rows = sqlx::query("SELECT kind, months FROM retention_periods WHERE municipality_id = $1")
        .bind(m.to_string())
        .fetch_all(&mut *conn)
        .await?;
    let mut p = Periods::default();
    for r in &rows {
        let kind = DataKind::parse(&text(r, "kind")?).ok_or_else(|| corrupt("kind"))?;
        let months = u32::try_from(int(r, "months")?).map_err(|_| corrupt("months"))?;
        p = p.with(kind, months).map_err(|_| corrupt("months"))?;
    }
    Ok(p)
}

/// A course whose data of some kind has expired, and whose citizen it is.
struct Expired {
    course: String,
    citizen: String,
}

/// The closed, unheld courses of the municipality closed on or before the
/// cutoff (the exit's date, or when it was closed without one) that still
/// have rows matching `left` (an SQL condition on `c`).
async fn expired(
    conn: &mut AnyConnection,
    m: MunicipalityId,
    now: DateTime<Utc>,
    months: u32,
    left: &str,
) -> Result<Vec<Expired>> {
    let c = cutoff(now, months);
    let sql = format!(
        "SELECT c.id, c.citizen_id FROM courses c LEFT JOIN course_exits x ON x.course_id = c.id
         WHERE c.municipality_id = $1 AND c.status = 'closed'
           AND ((x.exit_date IS NOT NULL AND x.exit_date <= $2) OR (x.exit_date IS NULL AND c.updated_at <= $3))
           AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.course_id = c.id AND h.lifted_at IS NULL)
           AND ({left})
         ORDER BY c.id"
    );
    let rows = sqlx::query(&sql)
        .bind(m.to_string())
        .bind(c.day.format("%Y-%m-%d").to_string())
        .bind(c.at.timestamp_micros())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Expired {
                course: text(r, "id")?,
                citizen: text(r, "citizen_id")?,
            })
        })
        .collect()
}

/// Runs `statements` (each with `$1` = the course) for every course, and
/// returns how many rows they changed in all and per citizen.
async fn apply(
    conn: &mut AnyConnection,
    courses: &[Expired],
    statements: &[&str],
) -> Result<(u64, Vec<(String, u64)>)> {
    let mut total = 0;
    let mut per_citizen: Vec<(String, u64)> = Vec::new();
    for e in courses {
        let mut n = 0;
        for s in statements {
            n += sqlx::query(s)
                .bind(e.course.clone())
                .execute(&mut *conn)
                .await?
                .rows_affected();
        }
        if n > 0 {
            total += n;
            match per_citizen.iter_mut().find(|(c, _)| *c == e.citizen) {
                Some((_, k)) => *k += n,
                None => per_citizen.push((e.citizen.clone(), n)),
            }
        }
    }
    Ok((total, per_citizen))
}

/// What each kind does to an expired course: a condition on `c` saying
/// something is left to do, and the statements that do it.
fn steps(kind: DataKind) -> (&'static str, &'static [&'static str]) {
    match kind {
        DataKind::Journal => (
            "EXISTS (SELECT 1 FROM journal_entries j WHERE j.course_id = c.id)",
            &["DELETE FROM journal_entries WHERE course_id = $1"],
        ),
        DataKind::HealthNotes => (
            "EXISTS (SELECT 1 FROM analysis_notes n WHERE n.course_id = c.id AND COALESCE(n.profession, '') <> 'doctor')
             OR EXISTS (SELECT 1 FROM focus_areas f WHERE f.course_id = c.id AND f.description <> '')
             OR EXISTS (SELECT 1 FROM health_consultations h WHERE h.course_id = c.id AND (h.question <> '' OR h.answer <> ''))",
            &[
                "DELETE FROM analysis_notes WHERE course_id = $1 AND COALESCE(profession, '') <> 'doctor'",
                "UPDATE focus_areas SET description = '' WHERE course_id = $1 AND description <> ''",
                "UPDATE health_consultations SET question = '', answer = '' WHERE course_id = $1 AND (question <> '' OR answer <> '')",
            ],
        ),
        DataKind::Documents => (
            "EXISTS (SELECT 1 FROM documents d WHERE d.course_id = c.id)",
            &[
                "DELETE FROM document_shares WHERE document_id IN (SELECT id FROM documents WHERE course_id = $1)",
                "UPDATE health_consultations SET document_id = NULL WHERE document_id IN (SELECT id FROM documents WHERE course_id = $1)",
                "DELETE FROM documents WHERE course_id = $1",
            ],
        ),
        DataKind::Ratings => (
            "EXISTS (SELECT 1 FROM measurements r WHERE r.course_id = c.id AND r.comment <> '')
             OR EXISTS (SELECT 1 FROM progress_decisions d WHERE d.course_id = c.id AND d.reason <> '')",
            &[
                "UPDATE measurements SET comment = '' WHERE course_id = $1 AND comment <> ''",
                "UPDATE progress_decisions SET reason = '' WHERE course_id = $1 AND reason <> ''",
            ],
        ),
        DataKind::Course => (
            "EXISTS (SELECT 1 FROM contact_persons p WHERE p.course_id = c.id)
             OR c.employment_goal <> '' OR c.referral <> '{}'
             OR EXISTS (SELECT 1 FROM placements p WHERE p.course_id = c.id AND (p.goal <> '' OR p.end_reason IS NOT NULL))
             OR EXISTS (SELECT 1 FROM conferences f WHERE f.course_id = c.id AND (f.citizen_statement <> '' OR f.employment_goal <> '' OR f.further_assessment <> '' OR f.location <> ''))
             OR EXISTS (SELECT 1 FROM rating_links l WHERE l.course_id = c.id)",
            &[
                "DELETE FROM contact_persons WHERE course_id = $1",
                "DELETE FROM rating_links WHERE course_id = $1",
                "UPDATE courses SET employment_goal = '', referral = '{}' WHERE id = $1 AND (employment_goal <> '' OR referral <> '{}')",
                "UPDATE placements SET goal = '', end_reason = NULL WHERE course_id = $1 AND (goal <> '' OR end_reason IS NOT NULL)",
                "UPDATE plan_responses SET comment = '' WHERE comment <> '' AND placement_id IN (SELECT id FROM placements WHERE course_id = $1)",
                "UPDATE triages SET note = '' WHERE course_id = $1 AND note <> ''",
                "UPDATE conferences SET location = '', participants = '[]', invited = '[]', employment_goal = '', citizen_statement = '', further_assessment = '' WHERE course_id = $1 AND (citizen_statement <> '' OR employment_goal <> '' OR further_assessment <> '' OR location <> '')",
                "UPDATE conference_addenda SET text = '' WHERE text <> '' AND conference_id IN (SELECT id FROM conferences WHERE course_id = $1)",
                "UPDATE work_duty_weeks SET reduction_reason = '' WHERE course_id = $1 AND reduction_reason <> ''",
                "UPDATE contact_exemptions SET reason = '' WHERE course_id = $1 AND reason <> ''",
            ],
        ),
        // Not per course: see `screening` and `prune_access_log`.
        DataKind::Screening | DataKind::AccessLog => ("1 = 0", &[]),
    }
}

/// The kinds handled per course, in the order they run.
const PER_COURSE: [DataKind; 5] = [
    DataKind::Journal,
    DataKind::HealthNotes,
    DataKind::Documents,
    DataKind::Ratings,
    DataKind::Course,
];

fn event(
    m: MunicipalityId,
    now: DateTime<Utc>,
    citizen: Option<CitizenId>,
    action: AuditAction,
    object: String,
    purpose: String,
) -> AuditEvent {
    AuditEvent {
        at: now,
        municipality_id: m,
        user_id: None,
        username: "jobspor (opbevaring)".into(),
        role: None,
        action,
        citizen_id: citizen,
        object,
        purpose,
    }
}

/// The entry that records a run (or a dry run) as a whole.
pub(crate) fn summary_event(
    m: MunicipalityId,
    now: DateTime<Utc>,
    action: AuditAction,
    report: &RunReport,
) -> AuditEvent {
    event(m, now, None, action, "retention".into(), report.summary())
}

/// The run's changes and the audit entries that record them.
pub(crate) async fn run(
    conn: &mut AnyConnection,
    m: MunicipalityId,
    now: DateTime<Utc>,
) -> Result<(RunReport, Vec<AuditEvent>)> {
    let permit = uuid::Uuid::now_v7().to_string();
    sqlx::query("INSERT INTO retention_permits (token) VALUES ($1)")
        .bind(permit.clone())
        .execute(&mut *conn)
        .await?;
    let periods = periods(conn, m).await?;
    let mut report = RunReport::default();
    let mut audit = Vec::new();
    for kind in PER_COURSE {
        let (left, statements) = steps(kind);
        let courses = expired(conn, m, now, periods.months(kind), left).await?;
        let (n, per_citizen) = apply(conn, &courses, statements).await?;
        report.add(kind, n);
        for (citizen, rows) in per_citizen {
            audit.push(event(
                m,
                now,
                citizen.parse().ok(),
                AuditAction::Delete,
                format!("retention:{}", kind.code()),
                format!("opbevaringsperiode udløbet: {} ({rows})", kind.code()),
            ));
        }
    }
    // A doctor's notes are patient records, kept at least ten years.
    let doctor_months = periods
        .months(DataKind::HealthNotes)
        .max(DOCTOR_MINIMUM_MONTHS);
    let doctors = expired(
        conn,
        m,
        now,
        doctor_months,
        "EXISTS (SELECT 1 FROM analysis_notes n WHERE n.course_id = c.id AND n.profession = 'doctor')",
    )
    .await?;
    let (n, per_citizen) = apply(
        conn,
        &doctors,
        &["DELETE FROM analysis_notes WHERE course_id = $1 AND profession = 'doctor'"],
    )
    .await?;
    report.add(DataKind::HealthNotes, n);
    for (citizen, rows) in per_citizen {
        audit.push(event(
            m,
            now,
            citizen.parse().ok(),
            AuditAction::Delete,
            "retention:health_notes".into(),
            format!("opbevaringsperiode udløbet: lægens notater ({rows})"),
        ));
    }

    let screening = screening(conn, m, now, periods.months(DataKind::Screening)).await?;
    report.add(DataKind::Screening, screening);
    report.courses_held = held(conn, m).await?;
    // A citizen is anonymised only when every kind of their courses' data
    // has run its period: nothing is kept that no one could reach.
    let last = PER_COURSE
        .iter()
        .map(|k| periods.months(*k))
        .max()
        .unwrap_or_default();
    let anonymised = anonymise_citizens(conn, m, now, last).await?;
    report.citizens_anonymised = anonymised.len() as u64;
    for c in anonymised {
        audit.push(event(
            m,
            now,
            Some(c),
            AuditAction::Delete,
            "retention:citizen".into(),
            "opbevaringsperiode udløbet: borgeren anonymiseret".into(),
        ));
    }
    let (pruned, checkpoint) = prune_access_log(conn, m, now, &periods).await?;
    report.audit_entries_pruned = pruned;
    report.add(DataKind::AccessLog, pruned);
    report.pruned_to = checkpoint.clone();
    if let Some((seq, hash)) = checkpoint {
        audit.push(event(
            m,
            now,
            None,
            AuditAction::Delete,
            format!("audit_prune:{seq}"),
            format!("adgangslog før nr. {seq} slettet; kæden fortsætter fra {hash}"),
        ));
    }
    audit.push(summary_event(m, now, AuditAction::Delete, &report));
    sqlx::query("DELETE FROM retention_permits WHERE token = $1")
        .bind(permit)
        .execute(&mut *conn)
        .await?;
    Ok((report, audit))
}

/// Clears the answers of screenings given before the cutoff by citizens
/// with no open course and no held course (the result stays, for the
/// screening's validity), and removes their links.
async fn screening(
    conn: &mut AnyConnection,
    m: MunicipalityId,
    now: DateTime<Utc>,
    months: u32,
) -> Result<u64> {
    let cutoff = cutoff(now, months).at.timestamp_micros();
    let idle = "citizen_id NOT IN (SELECT k.citizen_id FROM courses k WHERE k.municipality_id = $1 AND k.status <> 'closed')
                AND citizen_id NOT IN (SELECT k.citizen_id FROM courses k JOIN legal_holds h ON h.course_id = k.id WHERE h.lifted_at IS NULL)";
    let n = sqlx::query(&format!(
        "UPDATE questionnaire_responses SET answers = '{{}}'
         WHERE municipality_id = $1 AND created_at <= $2 AND answers <> '{{}}' AND {idle}"
    ))
    .bind(m.to_string())
    .bind(cutoff)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query(&format!(
        "DELETE FROM questionnaire_links WHERE municipality_id = $1 AND created_at <= $2 AND {idle}"
    ))
    .bind(m.to_string())
    .bind(cutoff)
    .execute(&mut *conn)
    .await?;
    Ok(n)
}

async fn held(conn: &mut AnyConnection, m: MunicipalityId) -> Result<u64> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT course_id) FROM legal_holds WHERE municipality_id = $1 AND lifted_at IS NULL",
    )
    .bind(m.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(u64::try_from(n).unwrap_or_default())
}

/// Anonymises the citizens with nothing left in use: every course closed
/// and past the course period, none held, or (with no course) registered
/// before the cutoff. They keep a row, so their courses still count in the
/// statistics: the birth date (pseudonymised data the statistics need) in
/// place of the CPR number, which becomes a pseudonym no CPR number can
/// equal; name and contact details go, and what tied them to Min plan.
async fn anonymise_citizens(
    conn: &mut AnyConnection,
    m: MunicipalityId,
    now: DateTime<Utc>,
    months: u32,
) -> Result<Vec<CitizenId>> {
    let c = cutoff(now, months);
    let (cutoff_day, cutoff_at) = (
        c.day.format("%Y-%m-%d").to_string(),
        c.at.timestamp_micros(),
    );
    let rows = sqlx::query(
        "SELECT z.id, z.cpr FROM citizens z
         WHERE z.municipality_id = $1 AND z.anonymised_at IS NULL
           AND (z.created_at <= $3 OR EXISTS (SELECT 1 FROM courses c WHERE c.citizen_id = z.id))
           AND NOT EXISTS (
             SELECT 1 FROM courses c LEFT JOIN course_exits x ON x.course_id = c.id
             WHERE c.citizen_id = z.id AND (
               c.status <> 'closed'
               OR (x.exit_date IS NOT NULL AND x.exit_date > $2)
               OR (x.exit_date IS NULL AND c.updated_at > $3)
               OR EXISTS (SELECT 1 FROM legal_holds h WHERE h.course_id = c.id AND h.lifted_at IS NULL)
               OR EXISTS (SELECT 1 FROM analysis_notes n WHERE n.course_id = c.id AND n.profession = 'doctor')))
           AND NOT EXISTS (SELECT 1 FROM questionnaire_responses q WHERE q.citizen_id = z.id AND q.created_at > $3)",
    )
    .bind(m.to_string())
    .bind(cutoff_day)
    .bind(cutoff_at)
    .fetch_all(&mut *conn)
    .await?;
    let mut done = Vec::with_capacity(rows.len());
    for r in &rows {
        let id = text(r, "id")?;
        let birth = Cpr::parse(&text(r, "cpr")?)
            .ok()
            .and_then(|(c, _)| c.birth_date())
            .map(|d| d.format("%Y-%m-%d").to_string());
        let pseudonym = format!("{ANONYMOUS_PREFIX}{}", uuid::Uuid::now_v7().simple());
        for s in [
            "DELETE FROM citizen_sessions WHERE citizen_id = $1",
            "DELETE FROM citizen_access WHERE citizen_id = $1",
            "DELETE FROM questionnaire_links WHERE citizen_id = $1",
        ] {
            sqlx::query(s).bind(id.clone()).execute(&mut *conn).await?;
        }
        sqlx::query(
            "UPDATE citizens SET name = $2, name_key = '', phone = NULL, email = NULL, address = NULL,
                    cpr = $3, birth_date = $4, anonymised_at = $5
             WHERE id = $1",
        )
        .bind(id.clone())
        .bind(ANONYMISED_NAME)
        .bind(pseudonym)
        .bind(birth)
        .bind(now.timestamp_micros())
        .execute(&mut *conn)
        .await?;
        done.push(id.parse().map_err(|_| corrupt("citizen id"))?);
    }
    Ok(done)
}

/// Prunes the oldest part of the access log up to the cutoff (see
/// `access_log_cutoff`), after writing the checkpoint the chain is verified
/// from: the last pruned entry's number and hash. Returns the entries
/// pruned and the checkpoint, if any.
async fn prune_access_log(
    conn: &mut AnyConnection,
    m: MunicipalityId,
    now: DateTime<Utc>,
    periods: &Periods,
) -> Result<(u64, Option<(i64, String)>)> {
    let oldest_held: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(created_at) FROM citizens WHERE municipality_id = $1 AND anonymised_at IS NULL",
    )
    .bind(m.to_string())
    .fetch_one(&mut *conn)
    .await?;
    let cutoff = access_log_cutoff(
        periods,
        now,
        oldest_held.map(jobspor_domain::time::from_micros),
    );
    // The first entry to keep: the index walks only what goes.
    let first_kept: Option<i64> = sqlx::query_scalar(
        "SELECT seq FROM audit_log WHERE municipality_id = $1 AND at >= $2 ORDER BY seq LIMIT 1",
    )
    .bind(m.to_string())
    .bind(cutoff.timestamp_micros())
    .fetch_optional(&mut *conn)
    .await?;
    let head: Option<i64> =
        sqlx::query_scalar("SELECT seq FROM audit_head WHERE municipality_id = $1")
            .bind(m.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    let last = match (first_kept, head) {
        (Some(k), _) => k - 1,
        (None, Some(h)) => h,
        (None, None) => 0,
    };
    let already: Option<i64> =
        sqlx::query_scalar("SELECT MAX(seq) FROM audit_prunes WHERE municipality_id = $1")
            .bind(m.to_string())
            .fetch_one(&mut *conn)
            .await?;
    if last <= already.unwrap_or(0) {
        return Ok((0, None));
    }
    let row = sqlx::query("SELECT hash FROM audit_log WHERE municipality_id = $1 AND seq = $2")
        .bind(m.to_string())
        .bind(last)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(hash) = row
        .as_ref()
        .map(|r| opt_text(r, "hash"))
        .transpose()?
        .flatten()
    else {
        return Ok((0, None));
    };
    sqlx::query(
        "INSERT INTO audit_prunes (municipality_id, seq, hash, pruned_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(m.to_string())
    .bind(last)
    .bind(hash.clone())
    .bind(now.timestamp_micros())
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM audit_reviews WHERE municipality_id = $1 AND seq <= $2")
        .bind(m.to_string())
        .bind(last)
        .execute(&mut *conn)
        .await?;
    let pruned = sqlx::query("DELETE FROM audit_log WHERE municipality_id = $1 AND seq <= $2")
        .bind(m.to_string())
        .bind(last)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    Ok((pruned, Some((last, hash))))
}
