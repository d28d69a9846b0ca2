//! A municipality's activations of pending rule sets: the one thing about
//! the law that is decided locally (when the expected law is published).

use crate::row::{date, date_text, int, text};
use crate::{Conflict, Result, SqlStore};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jobspor_domain::audit::AuditEvent;
use jobspor_domain::rules::Activation;
use jobspor_domain::{MunicipalityId, UserId};

/// An activation as stored, with its version for optimistic locking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredActivation {
    pub activation: Activation,
    pub changed_by: UserId,
    pub changed_at: DateTime<Utc>,
    pub version: i64,
}

#[async_trait]
pub trait RuleStore: Send + Sync {
    /// The municipality's activations, one per pending rule set it decided on.
    async fn activations(&self, municipality: MunicipalityId) -> Result<Vec<StoredActivation>>;
    /// Saves the decision on a rule set. `expected_version` is 0 for the first
    /// decision on it; a stale version is a conflict and changes nothing.
    async fn set_activation(
        &self,
        municipality: MunicipalityId,
        activation: &Activation,
        by: UserId,
        at: DateTime<Utc>,
        expected_version: i64,
        audit: &[AuditEvent],
    ) -> Result<()>;
}

#[async_trait]
impl RuleStore for SqlStore {
    async fn activations(&self, municipality: MunicipalityId) -> Result<Vec<StoredActivation>> {
        let rows = sqlx::query(
            "SELECT rule_set, valid_from, in_force, changed_by, changed_at, version
             FROM rule_set_activations WHERE municipality_id = $1 ORDER BY rule_set",
        )
        .bind(municipality.to_string())
        .fetch_all(&mut *self.read().await?)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredActivation {
                    activation: Activation {
                        rule_set: text(r, "rule_set")?,
                        valid_from: date(r, "valid_from")?,
                        in_force: int(r, "in_force")? != 0,
                    },
                    changed_by: crate::row::parsed(r, "changed_by")?,
                    changed_at: crate::row::instant(r, "changed_at")?,
                    version: int(r, "version")?,
                })
            })
            .collect()
    }

    async fn set_activation(
        &self,
        municipality: MunicipalityId,
        a: &Activation,
        by: UserId,
        at: DateTime<Utc>,
        expected_version: i64,
        audit: &[AuditEvent],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = if expected_version == 0 {
            sqlx::query(
                "INSERT INTO rule_set_activations (municipality_id, rule_set, valid_from, in_force, changed_by, changed_at, version)
                 VALUES ($1, $2, $3, $4, $5, $6, 1)",
            )
            .bind(municipality.to_string())
            .bind(&a.rule_set)
            .bind(date_text(a.valid_from))
            .bind(i64::from(a.in_force))
            .bind(by.to_string())
            .bind(at.timestamp_micros())
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::StoreError::from_write(e, "rule set activation"))
            .map_err(|e| match e {
                crate::StoreError::Conflict(Conflict::Exists(_)) => Conflict::Stale.into(),
                other => other,
            })?
            .rows_affected()
        } else {
            sqlx::query(
                "UPDATE rule_set_activations SET valid_from = $1, in_force = $2, changed_by = $3, changed_at = $4, version = version + 1
                 WHERE municipality_id = $5 AND rule_set = $6 AND version = $7",
            )
            .bind(date_text(a.valid_from))
            .bind(i64::from(a.in_force))
            .bind(by.to_string())
            .bind(at.timestamp_micros())
            .bind(municipality.to_string())
            .bind(&a.rule_set)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected()
        };
        if done == 0 {
            return Err(Conflict::Stale.into());
        }
        tx.commit(audit).await?;
        Ok(())
    }
}
