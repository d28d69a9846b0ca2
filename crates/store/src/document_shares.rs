//! Documents a caseworker shares with the citizen: each shows in Min plan
//! until the sharing stops.

use crate::documents::{doc_from_row, insert_document, DOC_COLS};
use crate::row::{instant, parsed};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::document::{DocumentMeta, Share};
use jobspor_domain::{CitizenId, CourseId, DocumentId, MunicipalityId};

#[async_trait]
pub trait DocumentShareStore: Send + Sync {
    /// Shares a document; `Conflict::Exists` when it is shared already.
    async fn share_document(&self, s: &Share, audit: &[AuditEvent]) -> Result<()>;
    /// Stores a new document and shares it, in one transaction.
    async fn add_shared_document(
        &self,
        meta: &DocumentMeta,
        content: &[u8],
        s: &Share,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// Stops sharing; `NotFound` when it was not shared.
    async fn unshare_document(
        &self,
        municipality: MunicipalityId,
        document: DocumentId,
        audit: &[AuditEvent],
    ) -> Result<()>;
    /// The shares of a course's documents.
    async fn document_shares(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<Share>>;
    /// The documents shared with a citizen, newest share first, with when.
    async fn shared_with(
        &self,
        municipality: MunicipalityId,
        citizen: CitizenId,
    ) -> Result<Vec<(DocumentMeta, DateTime<Utc>)>>;
}

fn insert_share(s: &Share) -> crate::engine::write::Statement<'static> {
    sqlx::query(
        "INSERT INTO document_shares (document_id, municipality_id, citizen_id, shared_by, shared_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(s.document_id.to_string())
    .bind(s.municipality_id.to_string())
    .bind(s.citizen_id.to_string())
    .bind(s.shared_by.to_string())
    .bind(s.shared_at.timestamp_micros())
}

#[async_trait]
impl DocumentShareStore for SqlStore {
    async fn share_document(&self, s: &Share, audit: &[AuditEvent]) -> Result<()> {
        self.write_one(insert_share(s), audit)
            .await
            .map_err(|e| match e {
                StoreError::Database(d) => StoreError::from_write(d, "document share"),
                e => e,
            })
    }

    async fn add_shared_document(
        &self,
        meta: &DocumentMeta,
        content: &[u8],
        s: &Share,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_document(&mut tx, meta, content).await?;
        insert_share(s).execute(&mut *tx).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn unshare_document(
        &self,
        municipality: MunicipalityId,
        document: DocumentId,
        audit: &[AuditEvent],
    ) -> Result<()> {
        self.update_found(
            sqlx::query(
                "DELETE FROM document_shares WHERE municipality_id = $1 AND document_id = $2",
            )
            .bind(municipality.to_string())
            .bind(document.to_string()),
            audit,
        )
        .await
    }

    async fn document_shares(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<Share>> {
        let rows = sqlx::query(
            "SELECT s.document_id, s.municipality_id, s.citizen_id, s.shared_by, s.shared_at
             FROM document_shares s JOIN documents d ON d.id = s.document_id
             WHERE s.municipality_id = $1 AND d.course_id = $2",
        )
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Share {
                    document_id: parsed(r, "document_id")?,
                    municipality_id: parsed(r, "municipality_id")?,
                    citizen_id: parsed(r, "citizen_id")?,
                    shared_by: parsed(r, "shared_by")?,
                    shared_at: instant(r, "shared_at")?,
                })
            })
            .collect()
    }

    async fn shared_with(
        &self,
        municipality: MunicipalityId,
        citizen: CitizenId,
    ) -> Result<Vec<(DocumentMeta, DateTime<Utc>)>> {
        let cols: Vec<String> = DOC_COLS.split(", ").map(|c| format!("d.{c}")).collect();
        let rows = sqlx::query(&format!(
            "SELECT {}, s.shared_at FROM document_shares s JOIN documents d ON d.id = s.document_id
             WHERE s.municipality_id = $1 AND s.citizen_id = $2 ORDER BY s.shared_at DESC, d.id",
            cols.join(", ")
        ))
        .bind(municipality.to_string())
        .bind(citizen.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| Ok((doc_from_row(r)?, instant(r, "shared_at")?)))
            .collect()
    }
}
