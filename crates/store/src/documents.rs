//! Contact persons and documents on a course.

use crate::row::{instant, int, opt_text, parsed, text};
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::contact::ContactPerson;
use jobspor_domain::document::DocumentMeta;
use jobspor_domain::{CourseId, DocumentId, MunicipalityId};
use sqlx::any::AnyRow;
use sqlx::Row;

#[async_trait]
pub trait DocumentStore: Send + Sync {
    async fn add_contact(&self, c: &ContactPerson, audit: &[AuditEvent]) -> Result<()>;
    async fn contacts(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<ContactPerson>>;
    async fn add_document(
        &self,
        meta: &DocumentMeta,
        content: &[u8],
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn documents(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<DocumentMeta>>;
    async fn document(
        &self,
        municipality: MunicipalityId,
        id: DocumentId,
    ) -> Result<Option<(DocumentMeta, Vec<u8>)>>;
}

pub(crate) const DOC_COLS: &str =
    "id, municipality_id, course_id, filename, content_type, size, sha256, uploaded_by, created_at";

pub(crate) fn doc_from_row(r: &AnyRow) -> Result<DocumentMeta> {
    Ok(DocumentMeta {
        id: parsed(r, "id")?,
        municipality_id: parsed(r, "municipality_id")?,
        course_id: parsed(r, "course_id")?,
        filename: text(r, "filename")?,
        content_type: text(r, "content_type")?,
        size: int(r, "size")?,
        sha256: text(r, "sha256")?,
        uploaded_by: parsed(r, "uploaded_by")?,
        created_at: instant(r, "created_at")?,
    })
}

/// Stores a document inside the caller's transaction.
pub(crate) async fn insert_document(
    tx: &mut sqlx::AnyConnection,
    m: &DocumentMeta,
    content: &[u8],
) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO documents ({DOC_COLS}, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(m.id.to_string())
    .bind(m.municipality_id.to_string())
    .bind(m.course_id.to_string())
    .bind(&m.filename)
    .bind(&m.content_type)
    .bind(m.size)
    .bind(&m.sha256)
    .bind(m.uploaded_by.to_string())
    .bind(m.created_at.timestamp_micros())
    .bind(content.to_vec())
    .execute(&mut *tx)
    .await
    .map_err(|e| StoreError::from_write(e, "document"))?;
    Ok(())
}

#[async_trait]
impl DocumentStore for SqlStore {
    async fn add_contact(&self, c: &ContactPerson, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO contact_persons (id, municipality_id, course_id, name, relation, phone, email, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(c.id.to_string())
        .bind(c.municipality_id.to_string())
        .bind(c.course_id.to_string())
        .bind(&c.name)
        .bind(&c.relation)
        .bind(c.phone.clone())
        .bind(c.email.clone())
        .bind(c.created_at.timestamp_micros())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "contact"))?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn contacts(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<ContactPerson>> {
        let rows = sqlx::query(
            "SELECT id, municipality_id, course_id, name, relation, phone, email, created_at FROM contact_persons
             WHERE municipality_id = $1 AND course_id = $2 ORDER BY created_at, id",
        )
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ContactPerson {
                    id: parsed(r, "id")?,
                    municipality_id: parsed(r, "municipality_id")?,
                    course_id: parsed(r, "course_id")?,
                    name: text(r, "name")?,
                    relation: text(r, "relation")?,
                    phone: opt_text(r, "phone")?,
                    email: opt_text(r, "email")?,
                    created_at: instant(r, "created_at")?,
                })
            })
            .collect()
    }

    async fn add_document(
        &self,
        m: &DocumentMeta,
        content: &[u8],
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_document(&mut tx, m, content).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn documents(
        &self,
        municipality: MunicipalityId,
        course: CourseId,
    ) -> Result<Vec<DocumentMeta>> {
        let rows = sqlx::query(&format!(
            "SELECT {DOC_COLS} FROM documents WHERE municipality_id = $1 AND course_id = $2 ORDER BY created_at DESC, id"
        ))
        .bind(municipality.to_string())
        .bind(course.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(doc_from_row).collect()
    }

    async fn document(
        &self,
        municipality: MunicipalityId,
        id: DocumentId,
    ) -> Result<Option<(DocumentMeta, Vec<u8>)>> {
        let row = sqlx::query(&format!(
            "SELECT {DOC_COLS}, content FROM documents WHERE municipality_id = $1 AND id = $2"
        ))
        .bind(municipality.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.read().await?)
        .await?;
        row.map(|r| Ok((doc_from_row(&r)?, r.try_get::<Vec<u8>, _>("content")?)))
            .transpose()
    }
}
