//! Multi-row inserts (the audit chain's appends and the generator's typed
//! loads in `load.rs`), and what a bulk load of a fresh database needs
//! around it: secondary indexes dropped and built again, the load's end.

use crate::{Result, SqlStore};

/// One value of a row.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    Text(String),
    Int(i64),
    NullText,
    NullInt,
}

/// A secondary index dropped for a bulk load, and how to build it again.
#[derive(Debug, Clone)]
pub struct DeferredIndex {
    pub name: String,
    sql: String,
}

/// SQLite allows 32 766 parameters in a statement, PostgreSQL 65 535.
const MAX_PARAMS: usize = 30_000;

impl SqlStore {
    /// Drops the secondary indexes of `tables` (not the unique ones, which
    /// enforce constraints) so that a bulk load need not keep them up to
    /// date row by row: building an index once, from sorted data, is far
    /// cheaper than millions of inserts at random places in it. Returns the
    /// indexes, to be built again with [`SqlStore::build_index`].
    pub async fn drop_secondary_indexes(&self, tables: &[&str]) -> Result<Vec<DeferredIndex>> {
        let sql = match self.backend {
            crate::Backend::Sqlite => {
                "SELECT m.name, m.sql FROM sqlite_master m \
                 JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name \
                 WHERE m.type = 'index' AND m.tbl_name = $1 AND l.\"unique\" = 0 \
                 AND m.sql IS NOT NULL ORDER BY m.name"
            }
            crate::Backend::Postgres => {
                "SELECT i.relname::text, pg_get_indexdef(i.oid) FROM pg_index x \
                 JOIN pg_class i ON i.oid = x.indexrelid \
                 JOIN pg_class t ON t.oid = x.indrelid \
                 WHERE t.relname = $1 AND NOT x.indisunique \
                 AND t.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) \
                 ORDER BY i.relname"
            }
        };
        let mut deferred = Vec::new();
        for table in tables {
            let rows: Vec<(String, String)> = sqlx::query_as(sql)
                .bind(*table)
                .fetch_all(&mut *self.read().await?)
                .await?;
            for (name, sql) in rows {
                // Names come from the catalogue, never from a user.
                self.write_one(sqlx::query(&format!("DROP INDEX {name}")), &[])
                    .await?;
                deferred.push(DeferredIndex { name, sql });
            }
        }
        Ok(deferred)
    }

    /// Ends a load.
    ///
    /// PostgreSQL: gathers the planner's statistics of the loaded tables,
    /// which it would otherwise plan as empty until autovacuum comes by.
    /// (SQLite plans without statistics unless told otherwise, and the
    /// queries are written for that: see `course_list_query`.)
    ///
    /// SQLite: copies the write-ahead log into the database file and
    /// empties it, so that the server that opens the database next does not
    /// do it under its first load (a national load leaves about 10 GB in the
    /// log, a minute's copying).
    pub async fn finish_load(&self) -> Result<()> {
        if self.backend == crate::Backend::Postgres {
            return self.write_one(sqlx::query("ANALYZE"), &[]).await;
        }
        // A reader may still hold a snapshot in the log, or the writer be
        // copying it; the log can only be emptied once neither does.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(600);
        loop {
            let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&self.pool)
                .await?;
            if busy == 0 {
                return Ok(());
            }
            if std::time::Instant::now() > deadline {
                // The rest is copied by the server's checkpoints: the data
                // are whole either way.
                tracing::warn!("the write-ahead log could not be emptied after the load");
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// Builds an index dropped by [`SqlStore::drop_secondary_indexes`].
    pub async fn build_index(&self, index: &DeferredIndex) -> Result<()> {
        let mut tx = self.begin_write().await?;
        if self.backend == crate::Backend::Postgres {
            // The default (64 MB) sorts a national audit log on disk.
            sqlx::query("SET LOCAL maintenance_work_mem = '1GB'")
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(&index.sql).execute(&mut *tx).await?;
        tx.commit(&[]).await
    }

    /// The generator's register import gets its counts once its periods
    /// are written (they refer to it, so it is made first).
    pub async fn set_register_import_counts(&self, id: &str, lines: i64) -> Result<()> {
        self.write_one(
            sqlx::query("UPDATE register_imports SET lines = $1, added = $1 WHERE id = $2")
                .bind(lines)
                .bind(id),
            &[],
        )
        .await
    }
}

/// Inserts `rows` in statements of up to 1 000 rows inside `tx`.
pub(crate) async fn insert_rows(
    tx: &mut sqlx::AnyConnection,
    backend: crate::Backend,
    table: &str,
    cols: &[&str],
    rows: &[Vec<Cell>],
) -> Result<()> {
    insert_rows_then(tx, backend, table, cols, rows, "").await
}

/// The same with `then` after each statement's rows (an `ON CONFLICT` clause).
pub(crate) async fn insert_rows_then(
    tx: &mut sqlx::AnyConnection,
    backend: crate::Backend,
    table: &str,
    cols: &[&str],
    rows: &[Vec<Cell>],
    then: &str,
) -> Result<()> {
    let per_statement = (MAX_PARAMS / cols.len()).clamp(1, 1000);
    {
        for chunk in rows.chunks(per_statement) {
            let mut sql = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
            let mut n = 0;
            for (i, _) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push('(');
                for c in 0..cols.len() {
                    if c > 0 {
                        sql.push_str(", ");
                    }
                    n += 1;
                    // SQLite looks `$N` up by name, once per parameter: with
                    // thousands in a statement plain `?` is far faster.
                    match backend {
                        crate::Backend::Sqlite => sql.push('?'),
                        crate::Backend::Postgres => sql.push_str(&format!("${n}")),
                    }
                }
                sql.push(')');
            }
            sql.push_str(then);
            let mut q = sqlx::query(&sql);
            for row in chunk {
                for cell in row {
                    q = match cell {
                        Cell::Text(s) => q.bind(s.as_str()),
                        Cell::Int(v) => q.bind(*v),
                        Cell::NullText => q.bind(None::<String>),
                        Cell::NullInt => q.bind(None::<i64>),
                    };
                }
            }
            q.execute(&mut *tx).await?;
        }
    }
    Ok(())
}
