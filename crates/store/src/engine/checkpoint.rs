//! SQLite's checkpoints: committed pages go from the write-ahead log into
//! the database file on a reader's connection, not on the writer.

use super::write::GroupCommit;

/// The least time between two checkpoints: the commits in between are
/// copied by the next one.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// SQLite: copies committed pages from the write-ahead log into the database
/// file on a reader's connection, after commits and at most once every
/// [`CHECKPOINT_EVERY`], so that the writer (which does not checkpoint,
/// see `pool_options`) never spends its time on it. `PASSIVE` neither waits
/// for nor blocks readers and the writer. A page written by many commits in
/// between is copied once. Ends when the store is dropped or closed.
pub(crate) fn spawn(pool: sqlx::AnyPool, group: std::sync::Weak<GroupCommit>) {
    tokio::spawn(async move {
        loop {
            let Some(g) = group.upgrade() else { return };
            // Bounded, so that a dropped store is noticed.
            let told =
                tokio::time::timeout(std::time::Duration::from_secs(1), g.committed.notified());
            let committed = told.await.is_ok();
            drop(g);
            if !committed {
                continue;
            }
            if pool.is_closed() {
                return;
            }
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                if pool.is_closed() {
                    return;
                }
                tracing::warn!(error = %e, "checkpoint failed; the next commit tries again");
            }
            tokio::time::sleep(CHECKPOINT_EVERY).await;
        }
    });
}
