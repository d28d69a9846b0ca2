//! Citizens: master data keyed by CPR within a municipality.

use crate::row::{instant, int, like_contains, one_in_municipality, opt_text, parsed, text};
use crate::{Conflict, Result, SqlStore, StoreError};
use async_trait::async_trait;
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::citizen::Citizen;
use jobspor_domain::cpr::Cpr;
use jobspor_domain::text::search_key;
use jobspor_domain::{CitizenId, MunicipalityId};
use sqlx::any::AnyRow;

#[async_trait]
pub trait CitizenStore: Send + Sync {
    async fn create_citizen(&self, c: &Citizen, audit: &[AuditEvent]) -> Result<()>;
    async fn citizen(&self, municipality: MunicipalityId, id: CitizenId)
        -> Result<Option<Citizen>>;
    /// The municipality's citizens among `ids` (unknown ones left out).
    async fn citizens_by_ids(
        &self,
        municipality: MunicipalityId,
        ids: &[CitizenId],
    ) -> Result<Vec<Citizen>>;
    async fn citizen_by_cpr(
        &self,
        municipality: MunicipalityId,
        cpr: &Cpr,
    ) -> Result<Option<Citizen>>;
    /// The citizens with this CPR number in every municipality, the one
    /// registered last first (a citizen who moved is in the new one).
    async fn citizens_by_cpr_anywhere(&self, cpr: &Cpr) -> Result<Vec<Citizen>>;
    /// Name contains `name` (case-insensitive), ordered by name.
    async fn search_citizens_by_name(
        &self,
        municipality: MunicipalityId,
        name: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Citizen>>;
    /// Saves changed contact data if `expected_version` is still current.
    async fn update_citizen(
        &self,
        c: &Citizen,
        expected_version: i64,
        audit: &[AuditEvent],
    ) -> Result<Citizen>;
    async fn count_citizens(&self, municipality: MunicipalityId) -> Result<i64>;
}

const COLS: &str = "id, municipality_id, cpr, name, phone, email, address, created_at, version";

pub(crate) fn citizen_from_row(row: &AnyRow) -> Result<Citizen> {
    let cpr = text(row, "cpr")?;
    Ok(Citizen {
        id: parsed(row, "id")?,
        municipality_id: parsed(row, "municipality_id")?,
        cpr: Cpr::parse(&cpr)
            .map(|(c, _)| c)
            .map_err(|_| StoreError::Corrupt("cpr".into()))?,
        name: text(row, "name")?,
        phone: opt_text(row, "phone")?,
        email: opt_text(row, "email")?,
        address: opt_text(row, "address")?,
        created_at: instant(row, "created_at")?,
        version: int(row, "version")?,
    })
}

/// Inserts a citizen in a write transaction; a CPR number already
/// registered in the municipality is `Conflict::Exists`.
pub(crate) async fn insert_citizen(tx: &mut sqlx::AnyConnection, c: &Citizen) -> Result<()> {
    sqlx::query(
            "INSERT INTO citizens (id, municipality_id, cpr, name, name_key, phone, email, address, created_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)",
        )
        .bind(c.id.to_string())
        .bind(c.municipality_id.to_string())
        .bind(c.cpr.full())
        .bind(&c.name)
        .bind(search_key(&c.name))
        .bind(c.phone.clone())
        .bind(c.email.clone())
        .bind(c.address.clone())
        .bind(c.created_at.timestamp_micros())
        .execute(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "citizen with this CPR"))?;
    Ok(())
}

#[async_trait]
impl CitizenStore for SqlStore {
    async fn create_citizen(&self, c: &Citizen, audit: &[AuditEvent]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_citizen(&mut tx, c).await?;
        tx.commit(audit).await?;
        Ok(())
    }

    async fn citizen(
        &self,
        municipality: MunicipalityId,
        id: CitizenId,
    ) -> Result<Option<Citizen>> {
        // An anonymised citizen (retention) is no one any more.
        let sql = format!(
            "SELECT {COLS} FROM citizens WHERE municipality_id = $1 AND id = $2 AND anonymised_at IS NULL"
        );
        one_in_municipality(self, &sql, municipality, id.to_string(), citizen_from_row).await
    }

    async fn citizens_by_ids(
        &self,
        municipality: MunicipalityId,
        ids: &[CitizenId],
    ) -> Result<Vec<Citizen>> {
        let mut out = Vec::with_capacity(ids.len());
        for part in ids.chunks(500) {
            let sql = format!(
                "SELECT {COLS} FROM citizens WHERE municipality_id = $1 AND anonymised_at IS NULL AND id IN ({})",
                crate::row::placeholders(2, part.len())
            );
            let mut q = sqlx::query(&sql).bind(municipality.to_string());
            for id in part {
                q = q.bind(id.to_string());
            }
            for r in q.fetch_all(&mut *self.read().await?).await? {
                out.push(citizen_from_row(&r)?);
            }
        }
        Ok(out)
    }

    async fn citizen_by_cpr(
        &self,
        municipality: MunicipalityId,
        cpr: &Cpr,
    ) -> Result<Option<Citizen>> {
        let sql = format!("SELECT {COLS} FROM citizens WHERE municipality_id = $1 AND cpr = $2");
        one_in_municipality(self, &sql, municipality, cpr.full(), citizen_from_row).await
    }

    async fn citizens_by_cpr_anywhere(&self, cpr: &Cpr) -> Result<Vec<Citizen>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM citizens WHERE cpr = $1 ORDER BY created_at DESC, id"
        ))
        .bind(cpr.full())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(citizen_from_row).collect()
    }

    async fn search_citizens_by_name(
        &self,
        municipality: MunicipalityId,
        name: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Citizen>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLS} FROM citizens WHERE municipality_id = $1 AND name_key LIKE $2 ESCAPE '\\'
               AND anonymised_at IS NULL
             ORDER BY name_key, id LIMIT $3 OFFSET $4"
        ))
        .bind(municipality.to_string())
        .bind(like_contains(&search_key(name)))
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter().map(citizen_from_row).collect()
    }

    async fn update_citizen(
        &self,
        c: &Citizen,
        expected_version: i64,
        audit: &[AuditEvent],
    ) -> Result<Citizen> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE citizens SET name = $1, name_key = $2, phone = $3, email = $4, address = $5, version = version + 1
             WHERE municipality_id = $6 AND id = $7 AND version = $8",
        )
        .bind(&c.name)
        .bind(search_key(&c.name))
        .bind(c.phone.clone())
        .bind(c.email.clone())
        .bind(c.address.clone())
        .bind(c.municipality_id.to_string())
        .bind(c.id.to_string())
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Conflict::Stale.into());
        }
        tx.commit(audit).await?;
        let mut out = c.clone();
        out.version = expected_version + 1;
        Ok(out)
    }

    async fn count_citizens(&self, municipality: MunicipalityId) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM citizens WHERE municipality_id = $1")
                .bind(municipality.to_string())
                .fetch_one(&mut *self.read().await?)
                .await?,
        )
    }
}
