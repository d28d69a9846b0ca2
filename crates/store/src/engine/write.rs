//! How writes reach the database, and the group commit that makes them
//! cheap.
//!
//! Every write, and the audit entries of every read, is committed together
//! with whatever else is waiting (group commit): a burst of requests costs one
//! commit instead of one each. No caller returns before the commit that
//! holds its data and its audit entries has succeeded, and a failed commit
//! fails every caller in it.
//!
//! On SQLite there is one writer connection, and it holds one shared write
//! transaction. A write takes the writer (the lock on [`Shared`]), runs its
//! statements in a savepoint of that transaction, releases the savepoint and
//! lets the writer go; its audit entries wait in the queue with those of the
//! reads. Whoever then takes the writer to commit appends every queued
//! entry to the hash chains and commits, so a write's data and its audit
//! entries are always committed by the same `COMMIT`. A write that fails has
//! its savepoint rolled back before anything else runs in the transaction.
//! (The transaction's first write needs no savepoint: if it fails, the whole
//! transaction, which holds nothing else, is rolled back.)
//!
//! On PostgreSQL writes run concurrently, each in its own transaction with
//! its audit entries; the queue serves the reads' audit entries only.

use crate::audit::append_in_tx;
use crate::{Result, SqlStore, StoreError};
use jobspor_domain::audit::AuditEvent;
use sqlx::{Any, AnyConnection, Transaction};
use tokio::sync::{oneshot, MutexGuard};

pub(crate) type Statement<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

type Answer = std::result::Result<(), String>;

/// Audit entries waiting for the next commit, and the writer.
#[derive(Default)]
pub(crate) struct GroupCommit {
    /// Never held across an await.
    waiting: std::sync::Mutex<Vec<(Vec<AuditEvent>, oneshot::Sender<Answer>)>>,
    /// The writer: held by one write, or by the commit, at a time.
    shared: tokio::sync::Mutex<Shared>,
}

/// The SQLite writer's open transaction (always `None` on PostgreSQL).
#[derive(Default)]
pub(crate) struct Shared {
    tx: Option<Transaction<'static, Any>>,
    /// Writes released into `tx` and not yet committed.
    pending: usize,
    /// A write failed inside `tx`: its savepoint is still open and is rolled
    /// back before anything else runs.
    failed: bool,
    /// `tx` was lost with writes in it: the next commit fails every caller.
    broken: bool,
}

const SAVEPOINT: &str = "SAVEPOINT write";
const ROLLBACK: &str = "ROLLBACK TO write";
const RELEASE: &str = "RELEASE write";

/// A write in progress: dereferences to the connection its statements run
/// on. [`WriteTx::commit`] ends it; dropped without that, its statements are
/// undone (its savepoint on SQLite, its transaction on PostgreSQL).
pub(crate) struct WriteTx<'a> {
    tx: Option<Transaction<'static, Any>>,
    /// SQLite: the writer, held until the write's statements are done.
    shared: Option<MutexGuard<'a, Shared>>,
    /// SQLite: the write runs in a savepoint (the transaction holds other
    /// writes); without one it is the transaction's first and only write.
    savepoint: bool,
    store: &'a SqlStore,
}

impl std::ops::Deref for WriteTx<'_> {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        self.tx
            .as_deref()
            .expect("a write's transaction lives until commit or drop")
    }
}

impl std::ops::DerefMut for WriteTx<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        self.tx
            .as_deref_mut()
            .expect("a write's transaction lives until commit or drop")
    }
}

impl Drop for WriteTx<'_> {
    fn drop(&mut self) {
        let (Some(tx), Some(shared)) = (self.tx.take(), self.shared.as_mut()) else {
            // PostgreSQL: the transaction rolls back as it drops.
            return;
        };
        if shared.pending == 0 && !shared.failed {
            // Nothing else in the transaction: roll all of it back.
            drop(tx);
        } else {
            shared.tx = Some(tx);
            shared.failed = true;
        }
    }
}

impl WriteTx<'_> {
    /// Ends the write: its audit entries are appended and it is committed,
    /// on SQLite together with whatever else is waiting. Returns once that
    /// commit has succeeded.
    pub(crate) async fn commit(mut self, audit: &[AuditEvent]) -> Result<()> {
        let store = self.store;
        if self.shared.is_none() {
            let mut tx = self.tx.take().ok_or(StoreError::WriteLost)?;
            append_in_tx(&mut tx, store.backend, audit).await?;
            tx.commit().await?;
            return Ok(());
        }
        // Still whole while this runs: dropped here (a cancelled request),
        // the write is undone like any other that did not finish.
        let released = if self.savepoint {
            sqlx::query(RELEASE).execute(&mut *self).await.map(|_| ())
        } else {
            Ok(())
        };
        let (Some(tx), Some(mut shared)) = (self.tx.take(), self.shared.take()) else {
            return Err(StoreError::WriteLost);
        };
        if let Err(e) = released {
            drop(tx);
            shared.broken |= shared.pending > 0;
            shared.pending = 0;
            shared.failed = false;
            return Err(e.into());
        }
        shared.tx = Some(tx);
        shared.pending += 1;
        // Queued while the writer is still held, so the commit that takes
        // this write's data also takes its audit entries. Data that cannot
        // be queued must not be committed without them.
        let committed = match store.group.queue(audit.to_vec()) {
            Ok(committed) => committed,
            Err(e) => {
                shared.broken = true;
                return Err(e);
            }
        };
        drop(shared);
        store.await_commit(committed).await
    }
}

impl GroupCommit {
    fn queue(&self, events: Vec<AuditEvent>) -> Result<oneshot::Receiver<Answer>> {
        let (done, committed) = oneshot::channel();
        self.waiting
            .lock()
            .map_err(|_| StoreError::AuditBatch("queue lock poisoned".into()))?
            .push((events, done));
        Ok(committed)
    }
}

impl SqlStore {
    /// Starts a write. On SQLite this waits for the writer and holds it
    /// until the write commits or drops.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx<'_>> {
        if self.backend == crate::Backend::Postgres || !self.pieces.group_commit {
            return Ok(WriteTx {
                tx: Some(self.writer.begin().await?),
                shared: None,
                savepoint: false,
                store: self,
            });
        }
        let mut shared = self.group.shared.lock().await;
        let mut tx = match shared.tx.take() {
            Some(tx) => tx,
            None => self.writer.begin().await?,
        };
        if shared.pending == 0 && !shared.failed {
            // The transaction's first write needs no savepoint: should it
            // fail, the whole transaction is rolled back (see `Drop`). This
            // also spares a bulk load journalling every page it changes.
            return Ok(WriteTx {
                tx: Some(tx),
                shared: Some(shared),
                savepoint: false,
                store: self,
            });
        }
        // A failed write's savepoint is rolled back and serves this one.
        let step = if std::mem::take(&mut shared.failed) {
            ROLLBACK
        } else {
            SAVEPOINT
        };
        if let Err(e) = sqlx::query(step).execute(&mut *tx).await {
            drop(tx);
            shared.broken |= shared.pending > 0;
            shared.pending = 0;
            return Err(e.into());
        }
        Ok(WriteTx {
            tx: Some(tx),
            shared: Some(shared),
            savepoint: true,
            store: self,
        })
    }

    /// One statement and its audit entries, in one transaction.
    pub(crate) async fn write_one(&self, q: Statement<'_>, audit: &[AuditEvent]) -> Result<()> {
        self.write(q, audit, false).await
    }

    /// The same for a statement that must change a row: `NotFound` (and
    /// nothing written) when it changes none.
    pub(crate) async fn update_found(&self, q: Statement<'_>, audit: &[AuditEvent]) -> Result<()> {
        self.write(q, audit, true).await
    }

    /// One statement without audit entries, in one transaction: how many
    /// rows it changed (purges, and uses of one-time things).
    pub(crate) async fn write_counted(&self, q: Statement<'_>) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        let n = q.execute(&mut *tx).await?.rows_affected();
        tx.commit(&[]).await?;
        Ok(n)
    }

    async fn write(&self, q: Statement<'_>, audit: &[AuditEvent], must_change: bool) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = q.execute(&mut *tx).await?;
        if must_change && done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit(audit).await
    }

    /// Audit entries of a read: committed with the next group.
    pub(crate) async fn queue_audit(&self, events: &[AuditEvent]) -> Result<()> {
        if !self.pieces.group_commit {
            let mut tx = self.writer.begin().await?;
            append_in_tx(&mut tx, self.backend, events).await?;
            tx.commit().await?;
            return Ok(());
        }
        let committed = self.group.queue(events.to_vec())?;
        self.await_commit(committed).await
    }

    /// Waits until `committed` is answered, committing the group itself if
    /// it gets the writer first.
    async fn await_commit(&self, mut committed: oneshot::Receiver<Answer>) -> Result<()> {
        let answer = |a: std::result::Result<Answer, _>| match a {
            Ok(r) => r.map_err(StoreError::AuditBatch),
            Err(_) => Err(StoreError::AuditBatch("no answer from the writer".into())),
        };
        // Taken along by someone else's commit: answered without queuing
        // for the writer (which would wait behind the next group).
        let mut shared = tokio::select! {
            biased;
            a = &mut committed => return answer(a),
            shared = self.group.shared.lock() => shared,
        };
        let batch = std::mem::take(
            &mut *self
                .group
                .waiting
                .lock()
                .map_err(|_| StoreError::AuditBatch("queue lock poisoned".into()))?,
        );
        // Empty: an earlier commit took ours along and has answered it.
        if !batch.is_empty() {
            let (events, answers): (Vec<Vec<AuditEvent>>, Vec<_>) = batch.into_iter().unzip();
            let events: Vec<AuditEvent> = events.into_iter().flatten().collect();
            let result = self
                .commit_group(&mut shared, &events)
                .await
                .map_err(|e| e.to_string());
            for done in answers {
                let _ = done.send(result.clone());
            }
        }
        drop(shared);
        answer(committed.await)
    }

    /// Appends `events` and commits the writer's open transaction (or a new
    /// one), with every write in it.
    async fn commit_group(&self, shared: &mut Shared, events: &[AuditEvent]) -> Result<()> {
        let pending = std::mem::take(&mut shared.pending);
        let failed = std::mem::take(&mut shared.failed);
        let tx = shared.tx.take();
        if std::mem::take(&mut shared.broken) {
            return Err(StoreError::WriteLost);
        }
        let mut tx = match tx {
            Some(tx) => tx,
            None if pending == 0 => self.writer.begin().await?,
            None => return Err(StoreError::WriteLost),
        };
        if failed {
            sqlx::query(ROLLBACK).execute(&mut *tx).await?;
            sqlx::query(RELEASE).execute(&mut *tx).await?;
        }
        append_in_tx(&mut tx, self.backend, events).await?;
        tx.commit().await?;
        Ok(())
    }
}
