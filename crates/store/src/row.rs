//! Reading typed values out of `AnyRow`s.

use crate::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::TryStreamExt;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, Row};
use std::str::FromStr;

/// Turns each row of a large result into `T` as it arrives, so that only
/// the results are held, never all the raw rows at once (a municipality's
/// million ratings would otherwise pass through memory twice).
pub(crate) async fn each<'q, T>(
    q: sqlx::query::Query<'q, Any, AnyArguments<'q>>,
    store: &crate::SqlStore,
    mut f: impl FnMut(&AnyRow) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut conn = store.read().await?;
    let mut rows = q.fetch(&mut *conn);
    let mut out = Vec::new();
    while let Some(r) = rows.try_next().await? {
        out.push(f(&r)?);
    }
    Ok(out)
}

pub(crate) fn text(row: &AnyRow, col: &str) -> Result<String, StoreError> {
    row.try_get::<String, _>(col).map_err(StoreError::Database)
}

pub(crate) fn opt_text(row: &AnyRow, col: &str) -> Result<Option<String>, StoreError> {
    row.try_get::<Option<String>, _>(col)
        .map_err(StoreError::Database)
}

pub(crate) fn int(row: &AnyRow, col: &str) -> Result<i64, StoreError> {
    row.try_get::<i64, _>(col).map_err(StoreError::Database)
}

pub(crate) fn parsed<T: FromStr>(row: &AnyRow, col: &str) -> Result<T, StoreError> {
    let s = text(row, col)?;
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("column {col}")))
}

pub(crate) fn opt_parsed<T: FromStr>(row: &AnyRow, col: &str) -> Result<Option<T>, StoreError> {
    match opt_text(row, col)? {
        None => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| StoreError::Corrupt(format!("column {col}"))),
    }
}

pub(crate) fn instant(row: &AnyRow, col: &str) -> Result<DateTime<Utc>, StoreError> {
    Ok(jobspor_domain::time::from_micros(int(row, col)?))
}

pub(crate) fn date(row: &AnyRow, col: &str) -> Result<NaiveDate, StoreError> {
    let s = text(row, col)?;
    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("column {col}")))
}

pub(crate) fn opt_date(row: &AnyRow, col: &str) -> Result<Option<NaiveDate>, StoreError> {
    opt_text(row, col)?
        .map(|s| {
            NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map_err(|_| StoreError::Corrupt(format!("column {col}")))
        })
        .transpose()
}

pub(crate) fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Escapes LIKE wildcards; queries use `ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A LIKE pattern for values that contain `s`.
pub(crate) fn like_contains(s: &str) -> String {
    format!("%{}%", like_escape(s))
}

/// A LIKE pattern for values that begin with `s`.
pub(crate) fn like_prefix(s: &str) -> String {
    format!("{}%", like_escape(s))
}

/// One row by municipality and one more key, mapped; `sql` binds them as $1, $2.
pub(crate) async fn one_in_municipality<T>(
    store: &crate::SqlStore,
    sql: &str,
    municipality: jobspor_domain::MunicipalityId,
    key: String,
    map: fn(&AnyRow) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError> {
    let row = sqlx::query(sql)
        .bind(municipality.to_string())
        .bind(key)
        .fetch_optional(&mut *store.read().await?)
        .await?;
    row.map(|r| map(&r)).transpose()
}

pub(crate) fn opt_instant(row: &AnyRow, col: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
    let us: Option<i64> = row.try_get(col).map_err(StoreError::Database)?;
    Ok(us.map(jobspor_domain::time::from_micros))
}

/// `$k, $k+1, …` for `n` values starting at parameter `first`, for `IN (…)`.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
