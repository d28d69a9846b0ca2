//! `jobspor import`: existing cases from a CSV or XLSX file, with a saved
//! column mapping, as an administrator of the municipality. Every line is
//! checked first; a dry run prints what would be created, updated or
//! refused, and an import with any refused line imports nothing.

use indicatif::{ProgressBar, ProgressStyle};
use jobspor_domain::import::{Mapping, Table};
use jobspor_domain::user::Actor;
use jobspor_store::{SqlStore, UserStore};
use jobspor_web::i18n::{words, Lang};
use jobspor_web::import::file::{self, Encoding};
use jobspor_web::import::service::{self, ImportError};
use std::path::Path;

pub struct Options<'a> {
    pub file: &'a Path,
    pub mapping: &'a Path,
    pub username: &'a str,
    pub encoding: &'a str,
    pub sheet: Option<&'a str>,
    pub kind: &'a str,
    pub dry_run: bool,
}

fn say(m: &jobspor_domain::message::Message) -> String {
    words::message(Lang::Da, m)
}

/// Runs the import and prints what it did; an error says why nothing was
/// imported (the refused lines, one a line, first).
pub async fn run(store: &SqlStore, o: &Options<'_>) -> Result<String, String> {
    let (user, _) = store
        .user_by_username(o.username)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no user {}", o.username))?;
    let actor = Actor::from_user(&user);
    let encoding =
        Encoding::parse(o.encoding).ok_or_else(|| format!("unknown encoding {}", o.encoding))?;
    let mapping_text = std::fs::read_to_string(o.mapping)
        .map_err(|e| format!("cannot read {}: {e}", o.mapping.display()))?;
    let mapping = Mapping::parse(&mapping_text).map_err(|m| say(&m))?;
    let kind = service::Kind::parse(o.kind).ok_or_else(|| format!("unknown kind {}", o.kind))?;
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar.set_message(format!("læser {}", o.file.display()));
    let bytes =
        std::fs::read(o.file).map_err(|e| format!("cannot read {}: {e}", o.file.display()))?;
    let table: Table = file::read(&bytes, encoding, o.sheet)
        .map_err(|ms| ms.iter().map(say).collect::<Vec<_>>().join("\n"))?;
    let shown = bar.clone();
    let progress = move |step: service::Step| {
        shown.set_message(match step {
            service::Step::Checking(n) => format!("kontrollerer {n} linjer"),
            service::Step::Writing(n) => format!("indlæser {n} linjer i én transaktion"),
        })
    };
    let result = service::import(store, &actor, kind, &table, &mapping, o.dry_run, &progress).await;
    bar.finish_and_clear();
    let counts = |s: &service::Summary| {
        format!(
            "{} borgere oprettet, {} opdateret, {} forløb oprettet, {} journalnotater",
            s.created, s.updated, s.courses, s.notes
        )
    };
    match result {
        Ok(s) if o.dry_run => Ok(format!("prøve: {}; intet er ændret\n", counts(&s))),
        Ok(s) => Ok(format!("indlæst: {}\n", counts(&s))),
        Err(ImportError::Lines(r)) => {
            let mut out: Vec<String> = r
                .lines
                .iter()
                .map(|(line, ms)| {
                    format!(
                        "linje {line}: {}",
                        ms.iter().map(say).collect::<Vec<_>>().join("; ")
                    )
                })
                .collect();
            out.push(format!("{} linjer afvist; intet er indlæst", r.lines.len()));
            Err(out.join("\n"))
        }
        Err(ImportError::Refused(ms)) => Err(ms.iter().map(say).collect::<Vec<_>>().join("\n")),
        Err(ImportError::NotAllowed) => Err(format!("{} is not an administrator", o.username)),
        Err(ImportError::Store(e)) => Err(e.to_string()),
    }
}
