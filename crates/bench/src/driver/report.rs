//! The benchmark's figures: per phase and per kind of request, the
//! dashboards, the targets we hold ourselves to — as JSON to compare
//! between commits, and as markdown to read.

use super::mix::Kind;
use jobspor_store::AuditFootprint;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// What one phase saw of one kind of request.
#[derive(Default)]
pub struct Tally {
    pub micros: Vec<u32>,
    pub errors: u64,
    pub first_error: Option<String>,
}

impl Tally {
    pub fn merge(&mut self, other: Tally) {
        self.micros.extend(other.micros);
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

#[derive(Serialize)]
pub struct Latency {
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Latency {
    pub fn of(micros: &mut [u32]) -> Latency {
        micros.sort_unstable();
        let at = |q: f64| -> f64 {
            if micros.is_empty() {
                return 0.0;
            }
            let i = ((micros.len() as f64 * q).ceil() as usize).clamp(1, micros.len()) - 1;
            f64::from(micros[i]) / 1000.0
        };
        Latency {
            p50_ms: at(0.50),
            p95_ms: at(0.95),
            p99_ms: at(0.99),
            max_ms: at(1.0),
        }
    }
}

#[derive(Serialize)]
pub struct KindFigures {
    pub kind: Kind,
    pub label: &'static str,
    pub requests: u64,
    pub errors: u64,
    #[serde(flatten)]
    pub latency: Latency,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_error: Option<String>,
}

#[derive(Serialize)]
pub struct Phase {
    /// `ceiling`, `mix` or `floor`.
    pub name: &'static str,
    pub users: usize,
    pub seconds: f64,
    pub requests: u64,
    pub errors: u64,
    pub per_second: f64,
    #[serde(flatten)]
    pub latency: Latency,
    pub kinds: Vec<KindFigures>,
    /// The server's largest resident set while the phase ran (HTTP phases).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_rss_mb: Option<f64>,
}

impl Phase {
    pub fn new(
        name: &'static str,
        users: usize,
        seconds: f64,
        tallies: BTreeMap<Kind, Tally>,
        server_rss_mb: Option<f64>,
    ) -> Phase {
        let mut all: Vec<u32> = Vec::new();
        let mut errors = 0;
        let kinds: Vec<KindFigures> = tallies
            .into_iter()
            .map(|(kind, mut t)| {
                all.extend_from_slice(&t.micros);
                errors += t.errors;
                KindFigures {
                    kind,
                    label: kind.label(),
                    requests: t.micros.len() as u64 + t.errors,
                    errors: t.errors,
                    latency: Latency::of(&mut t.micros),
                    first_error: t.first_error,
                }
            })
            .collect();
        let requests = all.len() as u64 + errors;
        Phase {
            name,
            users,
            seconds,
            requests,
            errors,
            per_second: requests as f64 / seconds.max(0.001),
            latency: Latency::of(&mut all),
            kinds,
            server_rss_mb,
        }
    }
}

#[derive(Serialize)]
pub struct Dashboard {
    pub path: String,
    pub cold_ms: f64,
    pub warm_ms: f64,
}

/// A figure against its target.
#[derive(Serialize)]
pub struct Goal {
    pub what: String,
    pub target: String,
    pub measured: String,
    pub met: bool,
}

#[derive(Serialize)]
pub struct Report {
    pub commit: String,
    pub database: String,
    pub scale: String,
    pub seed: u64,
    /// Seconds the generator took, when this run generated the data.
    pub generated_seconds: Option<f64>,
    pub cores: usize,
    pub phases: Vec<Phase>,
    pub dashboards: Vec<Dashboard>,
    pub server_rss_after_dashboards_mb: Option<f64>,
    /// Journal entries and measurements the store holds beyond what it held
    /// before, against the writes the driver saw succeed.
    pub writes_expected: u64,
    pub writes_found: u64,
    /// The audit log before the phases and after the dashboards.
    pub audit_before: AuditFootprint,
    pub audit_after: AuditFootprint,
    pub goals: Vec<Goal>,
}

fn phase<'a>(r: &'a Report, name: &str, users: usize) -> Option<&'a Phase> {
    r.phases.iter().find(|p| p.name == name && p.users == users)
}

impl Report {
    /// The figures of the issue: at 50 users, throughput, p99 and errors;
    /// the mix against the ceiling; dashboards warm; memory.
    pub fn judge(&mut self) {
        let mut goals = Vec::new();
        if let (Some(mix), Some(ceiling)) = (phase(self, "mix", 50), phase(self, "ceiling", 50)) {
            goals.push(Goal {
                what: "caseworker mix, 50 users: throughput".into(),
                target: "≥ 1500 req/s".into(),
                measured: format!("{:.0} req/s", mix.per_second),
                met: mix.per_second >= 1500.0,
            });
            goals.push(Goal {
                what: "caseworker mix, 50 users: p99".into(),
                target: "< 50 ms".into(),
                measured: format!("{:.1} ms", mix.latency.p99_ms),
                met: mix.latency.p99_ms < 50.0,
            });
            goals.push(Goal {
                what: "caseworker mix, 50 users: errors".into(),
                target: "0".into(),
                measured: mix.errors.to_string(),
                met: mix.errors == 0,
            });
            let ratio = mix.per_second / ceiling.per_second.max(0.001);
            goals.push(Goal {
                what: "mix throughput / framework ceiling, 50 users".into(),
                target: "≥ 40%".into(),
                measured: format!("{:.0}%", ratio * 100.0),
                met: ratio >= 0.4,
            });
        }
        // The research export is a file of every course, with an audit entry
        // per citizen in it: timed and shown, but not a dashboard view.
        let slowest = self
            .dashboards
            .iter()
            .filter(|d| !d.path.contains("/eksport"))
            .map(|d| d.warm_ms)
            .fold(0.0_f64, f64::max);
        goals.push(Goal {
            what: "slowest dashboard page, warm".into(),
            target: "< 500 ms".into(),
            measured: format!("{slowest:.0} ms"),
            met: slowest < 500.0,
        });
        let rss = self
            .phases
            .iter()
            .filter_map(|p| p.server_rss_mb)
            .chain(self.server_rss_after_dashboards_mb)
            .fold(0.0_f64, f64::max);
        goals.push(Goal {
            what: "server RSS, largest seen".into(),
            target: "< 300 MB".into(),
            measured: format!("{rss:.0} MB"),
            met: rss < 300.0,
        });
        let errors: u64 = self.phases.iter().map(|p| p.errors).sum();
        goals.push(Goal {
            what: "errors in all phases; writes found in the store".into(),
            target: "0; all".into(),
            measured: format!(
                "{errors}; {} of {}",
                self.writes_found, self.writes_expected
            ),
            met: errors == 0 && self.writes_found == self.writes_expected,
        });
        // Issue 24, finding 9: what the run's audited uses of citizens'
        // data added to the disk, rows and indexes together.
        let (bytes, uses) = self.audit_growth();
        goals.push(Goal {
            what: "audit log on disk per audited citizen-use (this run)".into(),
            target: "≤ 150 bytes".into(),
            measured: format!(
                "{:.0} bytes ({} uses)",
                bytes as f64 / uses.max(1) as f64,
                uses
            ),
            met: uses > 0 && bytes <= 150 * uses,
        });
        self.goals = goals;
    }

    /// Bytes and citizen-uses the run added to the audit log.
    pub fn audit_growth(&self) -> (u64, u64) {
        (
            self.audit_after
                .bytes
                .saturating_sub(self.audit_before.bytes),
            self.audit_after
                .citizen_uses
                .saturating_sub(self.audit_before.citizen_uses),
        )
    }

    pub fn markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# Benchmark: {} scale, {}\n\nCommit `{}`, seed {}, {} cores.{}\n",
            self.scale,
            self.database,
            self.commit,
            self.seed,
            self.cores,
            self.generated_seconds
                .map(|g| format!(" The data were generated in this run, in {g:.0} s."))
                .unwrap_or_default()
        );
        let _ = writeln!(
            s,
            "## Against the targets\n\n| figure | target | measured | |\n|---|---|---|---|"
        );
        for g in &self.goals {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                g.what,
                g.target,
                g.measured,
                if g.met { "met" } else { "**missed**" }
            );
        }
        let _ = writeln!(
            s,
            "\n## Phases\n\n`ceiling` is `GET /api/v1/me` over HTTP (authentication and nothing else); `mix` is the caseworker's day over HTTP; `floor` is the same day through the service layer and the store in the driver's process, without HTTP.\n\n| phase | users | req/s | p50 ms | p95 ms | p99 ms | errors | server RSS MB |\n|---|---:|---:|---:|---:|---:|---:|---:|"
        );
        for p in &self.phases {
            let _ = writeln!(
                s,
                "| {} | {} | {:.0} | {:.1} | {:.1} | {:.1} | {} | {} |",
                p.name,
                p.users,
                p.per_second,
                p.latency.p50_ms,
                p.latency.p95_ms,
                p.latency.p99_ms,
                p.errors,
                p.server_rss_mb
                    .map(|r| format!("{r:.0}"))
                    .unwrap_or_else(|| "–".into())
            );
        }
        for p in self.phases.iter().filter(|p| p.name != "ceiling") {
            let _ = writeln!(
                s,
                "\n### {} at {} users, per kind\n\n| request | count | p50 ms | p95 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|",
                p.name, p.users
            );
            for k in &p.kinds {
                let _ = writeln!(
                    s,
                    "| {} | {} | {:.1} | {:.1} | {:.1} | {}{} |",
                    k.label,
                    k.requests,
                    k.latency.p50_ms,
                    k.latency.p95_ms,
                    k.latency.p99_ms,
                    k.errors,
                    k.first_error
                        .as_deref()
                        .map(|e| format!(" ({e})"))
                        .unwrap_or_default()
                );
            }
        }
        let _ = writeln!(
            s,
            "\n## Dashboards (manager of municipality 001)\n\nCold is the first view since the server started (it reads the municipality's data); warm is the median of five more. The research export is a file with an audit entry per citizen in it, so it is shown but not judged as a dashboard.\n\n| dashboard | cold ms | warm ms (median of 5) |\n|---|---:|---:|"
        );
        for d in &self.dashboards {
            let _ = writeln!(s, "| `{}` | {:.0} | {:.0} |", d.path, d.cold_ms, d.warm_ms);
        }
        if let Some(r) = self.server_rss_after_dashboards_mb {
            let _ = writeln!(s, "\nServer RSS after the dashboards: {r:.0} MB.");
        }
        let _ = writeln!(
            s,
            "\nWrites: {} journal entries and measurements succeeded; the store holds {} more than before.",
            self.writes_expected, self.writes_found
        );
        let (bytes, uses) = self.audit_growth();
        let (a, b) = (&self.audit_after, &self.audit_before);
        let _ = writeln!(
            s,
            "\nAudit log: {} entries ({} about a citizen) in {:.1} MB after the run, {} ({}) in {:.1} MB before it. The run added {} citizen-uses and {:.1} MB: {:.0} bytes per citizen-use, rows and indexes together.",
            a.entries,
            a.citizen_uses,
            a.bytes as f64 / 1e6,
            b.entries,
            b.citizen_uses,
            b.bytes as f64 / 1e6,
            uses,
            bytes as f64 / 1e6,
            bytes as f64 / uses.max(1) as f64
        );
        s
    }
}
