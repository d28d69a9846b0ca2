//! Where reads run: on PostgreSQL a connection of sqlx's pool, on SQLite a
//! connection of a small pool of our own.
//!
//! Why our own on SQLite: sqlx's pool pings a connection when it hands it
//! out and again when it takes it back. A SQLite connection is a thread of
//! its own, so each ping is a round trip between threads, and a read of one
//! statement cost three such round trips instead of one. A `perf` profile of
//! the caseworker mix showed the thread switches (futex wake-ups) as the
//! largest single cost of the server. A SQLite connection cannot lose its
//! server, so the pings guard against nothing here. A read cancelled half
//! way is safe too: the connection's thread runs commands in order, so the
//! next read waits for the cancelled one to stop.

use crate::{Result, StoreError};
use sqlx::any::{Any, AnyConnectOptions};
use sqlx::pool::PoolConnection;
use sqlx::{AnyConnection, AnyPool, ConnectOptions, Connection, Executor};
use std::ops::{Deref, DerefMut};
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

/// How long a read waits for a free connection, as sqlx's pool does.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// SQLite's readers: up to `size` connections, opened when first needed and
/// kept for the life of the store.
pub(crate) struct ReadPool {
    /// The store's own connect options (see `connect_options`).
    options: AnyConnectOptions,
    /// Run on every new connection.
    pragmas: String,
    idle: Mutex<Vec<AnyConnection>>,
    permits: Semaphore,
}

impl ReadPool {
    pub(crate) fn new(options: AnyConnectOptions, pragmas: String, size: usize) -> ReadPool {
        ReadPool {
            options,
            pragmas,
            idle: Mutex::new(Vec::with_capacity(size)),
            permits: Semaphore::new(size),
        }
    }

    async fn acquire(&self) -> Result<ReadConn<'_>> {
        let permit = tokio::time::timeout(ACQUIRE_TIMEOUT, self.permits.acquire())
            .await
            .map_err(|_| StoreError::Database(sqlx::Error::PoolTimedOut))?
            .map_err(|_| StoreError::Database(sqlx::Error::PoolClosed))?;
        let idle = self.take_idle();
        let conn = match idle {
            Some(conn) => conn,
            None => {
                let mut conn = self.options.connect().await?;
                conn.execute(self.pragmas.as_str()).await?;
                conn
            }
        };
        Ok(ReadConn::Own {
            conn: Some(conn),
            pool: self,
            _permit: permit,
        })
    }

    fn take_idle(&self) -> Option<AnyConnection> {
        // A panic while the lock was held cannot leave the list half
        // changed (push and pop are whole), so a poisoned lock is used on.
        self.idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .pop()
    }

    /// Refuses further reads and closes the idle connections.
    pub(crate) async fn close(&self) {
        self.permits.close();
        while let Some(conn) = self.take_idle() {
            if let Err(e) = conn.close().await {
                tracing::warn!(error = %e, "closing a reader connection failed");
            }
        }
    }
}

/// Where a store reads from.
pub(crate) enum Readers {
    Pool(AnyPool),
    Own(Box<ReadPool>),
}

impl Readers {
    pub(crate) async fn acquire(&self) -> Result<ReadConn<'_>> {
        match self {
            Readers::Pool(pool) => Ok(ReadConn::Pooled(pool.acquire().await?)),
            Readers::Own(own) => own.acquire().await,
        }
    }

    pub(crate) async fn close(&self) {
        match self {
            Readers::Pool(pool) => pool.close().await,
            Readers::Own(own) => own.close().await,
        }
    }
}

/// A connection to read on, given back when dropped.
pub(crate) enum ReadConn<'a> {
    Pooled(PoolConnection<Any>),
    Own {
        /// `None` only while it is being given back.
        conn: Option<AnyConnection>,
        pool: &'a ReadPool,
        /// Released after the connection is back in the idle list.
        _permit: SemaphorePermit<'a>,
    },
}

impl Deref for ReadConn<'_> {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match self {
            ReadConn::Pooled(c) => c,
            ReadConn::Own { conn, .. } => conn.as_ref().expect("present until dropped"),
        }
    }
}

impl DerefMut for ReadConn<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            ReadConn::Pooled(c) => c,
            ReadConn::Own { conn, .. } => conn.as_mut().expect("present until dropped"),
        }
    }
}

impl Drop for ReadConn<'_> {
    fn drop(&mut self) {
        if let ReadConn::Own { conn, pool, .. } = self {
            if let Some(conn) = conn.take() {
                pool.idle
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push(conn);
            }
        }
    }
}
