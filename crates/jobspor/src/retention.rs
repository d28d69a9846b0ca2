//! The retention job from the command line (`jobspor retention run`) and
//! nightly in the server: every municipality in turn, each in one
//! transaction with its audit entries (`jobspor_store::RetentionStore`).

use crate::anchor::Anchor;
use chrono::{DateTime, Utc};
use jobspor_domain::retention::{DataKind, RunReport};
use jobspor_store::{RetentionStore, SqlStore, UserStore};

/// Runs the job (or a dry run) for every municipality at `now`. With the
/// audit anchor configured, each prune of a chain's start is signed into
/// the checkpoint file, so `audit verify` can tell it from a cut.
pub async fn run_all(
    store: &SqlStore,
    now: DateTime<Utc>,
    dry_run: bool,
    anchor: Option<&Anchor>,
) -> Result<Vec<(String, RunReport)>, String> {
    let mut out = Vec::new();
    for (id, name) in store.municipalities().await.map_err(|e| e.to_string())? {
        let report = store
            .run_retention(id, now, dry_run)
            .await
            .map_err(|e| format!("{name}: {e}"))?;
        if let (Some(a), Some((seq, hash)), false) = (anchor, &report.pruned_to, dry_run) {
            a.sign_prune(id, *seq, hash)?;
        }
        out.push((name, report));
    }
    Ok(out)
}

/// The reports as the command line prints them: per municipality, what
/// each kind lost, and the citizens, holds and access-log entries.
pub fn print(reports: &[(String, RunReport)]) -> String {
    let mut out = String::new();
    for (name, r) in reports {
        out.push_str(&format!(
            "{name}{}\n",
            if r.dry_run {
                " (dry run: nothing changed)"
            } else {
                ""
            }
        ));
        for k in DataKind::ALL {
            out.push_str(&format!("  {:<14} {:>8}\n", k.code(), r.count(k)));
        }
        out.push_str(&format!(
            "  citizens anonymised {}; courses held {}; access-log entries pruned {}\n",
            r.citizens_anonymised, r.courses_held, r.audit_entries_pruned
        ));
    }
    out
}

/// How long until the next 02:00 in Copenhagen.
fn until_night(now: DateTime<Utc>) -> std::time::Duration {
    let local = jobspor_domain::time::to_copenhagen(now);
    let mut target = local.date().and_hms_opt(2, 0, 0).unwrap_or_default();
    if local >= target {
        target += chrono::Duration::days(1);
    }
    let wait = target - local;
    wait.to_std()
        .unwrap_or(std::time::Duration::from_secs(3600))
}

/// Runs the job every night at 02:00 Copenhagen time. Counts go to the
/// log; what was deleted is in each municipality's audit log.
pub async fn nightly(store: SqlStore, anchor: Option<Anchor>) {
    loop {
        tokio::time::sleep(until_night(Utc::now())).await;
        match run_all(&store, Utc::now(), false, anchor.as_ref()).await {
            Ok(reports) => {
                for (_, r) in &reports {
                    tracing::info!(summary = %r.summary(), "retention ran");
                }
            }
            Err(e) => tracing::error!(error = %e, "retention failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_night_is_the_next_two_oclock_in_copenhagen() {
        // 2026-12-07 20:00 UTC is 21:00 in Copenhagen: five hours to go.
        let at = DateTime::parse_from_rfc3339("2026-12-07T20:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(until_night(at).as_secs(), 5 * 3600);
        // 00:30 UTC in summer is 02:30 local: a day less half an hour.
        let at = DateTime::parse_from_rfc3339("2026-07-01T00:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(until_night(at).as_secs(), 24 * 3600 - 1800);
    }
}
