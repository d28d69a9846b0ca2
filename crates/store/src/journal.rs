//! The journal: append-only. There is deliberately no update or delete.

use crate::row::{date, date_text, instant, one_in_municipality, opt_parsed, parsed, text};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::user::Role;
use jobspor_domain::{CourseId, JournalEntryId, MunicipalityId};
use sqlx::AnyConnection;

#[async_trait]
pub trait JournalStore: Send + Sync {
    /// Appends an entry. A correction must point at an entry of the same course.
    async fn add_journal_entry(&self, e: &JournalEntry, audit: &[AuditEvent]) -> Result<()>;
    /// The course's entries, newest first.
    async fn journal(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<JournalEntry>>;
    async fn journal_entry(
        &self,
        municipality: MunicipalityId,
        id: JournalEntryId,
    ) -> Result<Option<JournalEntry>>;
}

pub(crate) async fn insert_entry(tx: &mut AnyConnection, e: &JournalEntry) -> Result<()> {
    if let Some(target) = e.corrects {
        let same: Option<String> = sqlx::query_scalar(
            "SELECT course_id FROM journal_entries WHERE id = $1 AND municipality_id = $2",
        )
        .bind(target.to_string())
        .bind(e.municipality_id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        if same.as_deref() != Some(e.course_id.to_string().as_str()) {
            return Err(StoreError::NotFound);
        }
    }
    sqlx::query(
        "INSERT INTO journal_entries (id, municipality_id, course_id, author_id, author_name, author_role, entry_date, body, corrects_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(e.id.to_string())
    .bind(e.municipality_id.to_string())
    .bind(e.course_id.to_string())
    .bind(e.author_id.to_string())
    .bind(&e.author_name)
    .bind(e.author_role.code())
    .bind(date_text(e.entry_date))
    .bind(&e.text)
    .bind(e.corrects.map(|c| c.to_string()))
    .bind(e.created_at.timestamp_micros())
    .execute(&mut *tx)
    .await
    .map_err(|err| StoreError::from_write(err, "journal entry"))?;
    Ok(())
}

pub(crate) const COLS: &str = "id, municipality_id, course_id, author_id, author_name, author_role, entry_date, body, corrects_id, created_at";

fn entry_from_row(r: &sqlx::any::AnyRow) -> Result<JournalEntry> {
    let role = text(r, "author_role")?;
    Ok(JournalEntry {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        course_id: parsed(r, "course_id")?,
        author_id: parsed(r, "author_id")?,
        author_name: text(r, "author_name")?,
        author_role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt("author_role".into()))?,
        entry_date: date(r, "entry_date")?,
        text: text(r, "body")?,
        corrects: opt_parsed(r, "corrects_id")?,
        created_at: instant(r, "created_at")?,
    })
}

#[async_trait]
impl JournalStore for SqlStore {
    async fn add_journal_entry(&self, e: &JournalEntry, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_entry(&mut tx, e).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn journal(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<JournalEntry>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM journal_entries WHERE municipality_id = $1 AND course_id = $2 ORDER BY created_at DESC, id DESC"
        ))
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(entry_from_row).collect()
    }

    async fn journal_entry(
        &self,
        municipality: MunicipalityId,
        id: JournalEntryId,
    ) -> Result<Option<JournalEntry>> {
        let sql =
            format!("SELECT {COLS} FROM journal_entries WHERE municipality_id = $1 AND id = $2");
        one_in_municipality(self, &sql, municipality, id.to_string(), entry_from_row).await
    }
}
