//! Bulk loading for the benchmark data generator: many rows per statement,
//! one transaction per call. Only for generating test data into a fresh
//! database; the application never writes through this.

use crate::{Result, SqlStore};

/// One value of a row.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Int(i64),
    NullText,
    NullInt,
}

/// SQLite allows 32 766 parameters in a statement, PostgreSQL 65 535.
const MAX_PARAMS: usize = 30_000;

impl SqlStore {
    /// Inserts `rows` into `table` (columns `cols`) in one transaction.
    pub async fn bulk_insert(&self, table: &str, cols: &[&str], rows: &[Vec<Cell>]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let mut tx = self.begin_write().await?;
        insert_rows(&mut tx, self.backend, table, cols, rows).await?;
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
