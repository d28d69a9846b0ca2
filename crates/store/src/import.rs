//! Bringing in existing cases (`domain::import`): the planned citizens
//! created or updated and their courses, in one transaction with an audit
//! entry for each citizen, or nothing.

use crate::citizens::insert_citizen;
use crate::courses::insert_course;
use crate::journal::insert_entry;
use crate::row::text;
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::course::Course;
use jobspor_domain::journal::JournalEntry;
use jobspor_domain::text::search_key;
use jobspor_domain::{MunicipalityId, UserId};

/// What one import writes.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    pub create: Vec<Citizen>,
    /// Existing citizens with the file's details (matched on CPR number).
    pub update: Vec<Citizen>,
    pub courses: Vec<Course>,
    /// Journal notes from the former system, for existing courses.
    pub journal: Vec<JournalEntry>,
}

#[async_trait]
pub trait ImportStore: Send + Sync {
    /// Writes the batch and its audit entries in one transaction; a
    /// citizen created meanwhile with one of the CPR numbers is a
    /// `Conflict`, and nothing is written.
    async fn import_cases(&self, batch: &ImportBatch, audit: &[AuditEvent]) -> Result<()>;
    /// Saves a column mapping under a name (replacing one of that name).
    async fn save_import_mapping(
        &self,
        municipality: MunicipalityId,
        name: &str,
        body: &str,
        by: UserId,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// The saved mappings, by name: (name, body).
    async fn import_mappings(&self, municipality: MunicipalityId) -> Result<Vec<(String, String)>>;
}

#[async_trait]
impl ImportStore for SqlStore {
    async fn import_cases(&self, batch: &ImportBatch, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for c in &batch.create {
            insert_citizen(&mut tx, c).await?;
        }
        for c in &batch.update {
            let done = sqlx::query(
                "UPDATE citizens SET name = $1, name_key = $2, phone = COALESCE($3, phone),
                        email = COALESCE($4, email), address = COALESCE($5, address), version = version + 1
                 WHERE municipality_id = $6 AND cpr = $7 AND anonymised_at IS NULL",
            )
            .bind(&c.name)
            .bind(search_key(&c.name))
            .bind(c.phone.clone())
            .bind(c.email.clone())
            .bind(c.address.clone())
            .bind(c.municipality_id.to_string())
            .bind(c.cpr.full())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
        }
        for k in &batch.courses {
            insert_course(&mut tx, k).await?;
        }
        for e in &batch.journal {
            insert_entry(&mut tx, e).await?;
        }
        tx.commit(audit).await
    }

    async fn save_import_mapping(
        &self,
        municipality: MunicipalityId,
        name: &str,
        body: &str,
        by: UserId,
        audit: &[AuditEvent],
    ) -> Result<()> {
        self.write_one(
            sqlx::query(
                "INSERT INTO import_mappings (municipality_id, name, body, saved_by, saved_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (municipality_id, name) DO UPDATE SET body = excluded.body,
                   saved_by = excluded.saved_by, saved_at = excluded.saved_at",
            )
            .bind(municipality.to_string())
            .bind(name.to_string())
            .bind(body.to_string())
            .bind(by.to_string())
            .bind(chrono::Utc::now().timestamp_micros()),
            audit,
        )
        .await
    }

    async fn import_mappings(&self, municipality: MunicipalityId) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query(
            "SELECT name, body FROM import_mappings WHERE municipality_id = $1 ORDER BY name",
        )
        .bind(municipality.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| Ok((text(r, "name")?, text(r, "body")?)))
            .collect()
    }
}
