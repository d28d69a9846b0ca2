//! A municipality's imported ICF classification.

use crate::row::text;
use crate::{Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::icf::{Category, IcfCode};
use jobspor_domain::MunicipalityId;

#[async_trait]
pub trait IcfStore: Send + Sync {
    /// Replaces the municipality's imported categories as a whole.
    async fn replace_icf(
        &self,
        municipality: MunicipalityId,
        categories: &[Category],
        audit: &[AuditEvent],
    ) -> Result<()>;
    async fn icf_categories(&self, municipality: MunicipalityId) -> Result<Vec<Category>>;
}

#[async_trait]
impl IcfStore for SqlStore {
    async fn replace_icf(
        &self,
        municipality: MunicipalityId,
        categories: &[Category],
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM icf_categories WHERE municipality_id = $1")
            .bind(municipality.to_string())
            .execute(&mut *tx)
            .await?;
        for c in categories {
            sqlx::query("INSERT INTO icf_categories (municipality_id, code, title_da, title_en) VALUES ($1, $2, $3, $4)")
                .bind(municipality.to_string())
                .bind(c.code.as_str())
                .bind(&c.title_da)
                .bind(&c.title_en)
                .execute(&mut *tx)
                .await
                .map_err(|e| StoreError::from_write(e, "ICF category"))?;
        }
        tx.commit(audit).await?;
        Ok(())
    }

    async fn icf_categories(&self, municipality: MunicipalityId) -> Result<Vec<Category>> {
        let rows = sqlx::query("SELECT code, title_da, title_en FROM icf_categories WHERE municipality_id = $1 ORDER BY code")
            .bind(municipality.to_string())
            .fetch_all(&mut *self.read().await?)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Category {
                    code: IcfCode::parse(&text(r, "code")?)
                        .map_err(|_| StoreError::Corrupt("icf code".into()))?,
                    title_da: text(r, "title_da")?,
                    title_en: text(r, "title_en")?,
                })
            })
            .collect()
    }
}
