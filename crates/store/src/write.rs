//! The common shape of a write: one statement and its audit entries in one
//! transaction, under the write guard.

use crate::audit::append_in_tx;
use crate::{Result, SqlStore, StoreError};
use jobspor_domain::audit::AuditEvent;

type Statement<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl SqlStore {
    /// One statement and its audit entries, in one transaction.
    pub(crate) async fn write_one(&self, q: Statement<'_>, audit: &[AuditEvent]) -> Result<()> {
        self.write(q, audit, false).await
    }

    /// The same for a statement that must change a row: `NotFound` (and
    /// nothing written) when it changes none.
    pub(crate) async fn update_found(&self, q: Statement<'_>, audit: &[AuditEvent]) -> Result<()> {
        self.write(q, audit, true).await
    }

    async fn write(&self, q: Statement<'_>, audit: &[AuditEvent], must_change: bool) -> Result<()> {
        let _g = self.write_guard().await;
        let mut tx = self.writer.begin().await?;
        let done = q.execute(&mut *tx).await?;
        if must_change && done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        append_in_tx(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
