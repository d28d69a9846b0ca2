//! Bringing in existing cases (`domain::import`): the planned citizens
//! created or updated and their courses, in one transaction with an audit
//! entry for each citizen, or nothing.

use crate::citizens::insert_citizen;
use crate::courses::insert_course;
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::course::Course;
use jobspor_domain::text::search_key;

/// What one import writes.
#[derive(Debug, Clone, Default)]
pub struct ImportBatch {
    pub create: Vec<Citizen>,
    /// Existing citizens with the file's details (matched on CPR number).
    pub update: Vec<Citizen>,
    pub courses: Vec<Course>,
}

#[async_trait]
pub trait ImportStore: Send + Sync {
    /// Writes the batch and its audit entries in one transaction; a
    /// citizen created meanwhile with one of the CPR numbers is a
    /// `Conflict`, and nothing is written.
    async fn import_cases(&self, batch: &ImportBatch, audit: &[AuditEvent]) -> Result<()>;
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
        tx.commit(audit).await
    }
}
