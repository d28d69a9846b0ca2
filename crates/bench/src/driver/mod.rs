//! `jobspor-bench bench`: the caseworker's day under load. It fills an
//! empty database with the generator, starts the `jobspor` server as a
//! child process on loopback, logs in one desk per virtual user and then, for each number
//! of users, runs three phases of equal length:
//!
//! - `ceiling`: `GET /api/v1/me` over HTTP — the framework with
//!   authentication and nothing else;
//! - `mix`: the caseworker's day over HTTP, every answer checked;
//! - `floor`: the same day through the service layer and the store in this
//!   process, without HTTP.
//!
//! Then it times every management dashboard, checks that every write the
//! driver saw succeed is in the store, and writes the report.

mod desk;
mod http;
mod mix;
mod report;

use desk::Desk;
use jobspor_domain::MunicipalityId;
use jobspor_store::{AuditStore, JournalStore, ProgressionStore, SqlStore, UserStore};
use jobspor_web::{AppState, WebConfig};
use mix::{Kind, Target};
use rand::rngs::StdRng;
use rand::SeedableRng;
use report::{Dashboard, Phase, Report, Tally};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Options {
    #[arg(long, default_value = "hjoerring")]
    pub scale: String,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Concurrent users, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "50,200")]
    pub users: Vec<usize>,
    /// Measured seconds per phase.
    #[arg(long, default_value_t = 20)]
    pub seconds: u64,
    /// Unmeasured seconds before each phase.
    #[arg(long, default_value_t = 3)]
    pub warmup: u64,
    /// The commit measured, for the report.
    #[arg(long, default_value = "unknown")]
    pub commit: String,
    /// Write the report to OUT.json and OUT.md.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The `jobspor` binary to serve with (default: the one beside this
    /// program, as `cargo build` puts them).
    #[arg(long)]
    pub server: Option<PathBuf>,
}

/// The `jobspor` binary beside this program.
fn server_beside_me() -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let server = me
        .parent()
        .map(|dir| dir.join("jobspor"))
        .ok_or("this program has no folder")?;
    if server.exists() {
        Ok(server)
    } else {
        Err(format!(
            "{} is missing: build it (cargo build --release -p jobspor) or name it with --server",
            server.display()
        ))
    }
}

/// The server as a child process, stopped when dropped.
struct Server {
    child: std::process::Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    async fn start(exe: &std::path::Path, database_url: &str) -> Result<Server, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port: {e}"))?
            .port();
        let child = std::process::Command::new(exe)
            .args(["--database-url", database_url, "serve", "--listen"])
            .arg(format!("127.0.0.1:{port}"))
            .env("JOBSPOR_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .map_err(|e| format!("starting the server: {e}"))?;
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let http = http::Http::new(&server.base)?;
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(300) {
            if http
                .get("/healthz", "")
                .await
                .is_ok_and(|r| r.status == 200)
            {
                return Ok(server);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Err("the server did not answer /healthz within 5 minutes".into())
    }

    fn rss_mb(&self) -> Option<f64> {
        rss_of(self.child.id())
    }
}

fn rss_of(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Samples the server's RSS every 100 ms until `stop`; the largest seen.
fn watch_rss(server: &Server, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Option<f64>> {
    let pid = server.child.id();
    std::thread::spawn(move || {
        let mut max: Option<f64> = rss_of(pid);
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(100));
            max = match (max, rss_of(pid)) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
        max
    })
}

/// What every phase shares.
struct Load {
    desks: Arc<Vec<Desk>>,
    warmup: Duration,
    measure: Duration,
    /// Successful writes over the whole run, warm-up included.
    writes: Arc<AtomicU64>,
}

/// Runs `users` desks against `target` for warm-up plus the measured time;
/// with a server, its RSS is watched while the measured part runs.
async fn phase(
    load: &Load,
    name: &'static str,
    target: Arc<Target>,
    users: usize,
    weights: &'static [(Kind, u32)],
    server: Option<&Server>,
) -> Phase {
    let (warmup, measure) = (load.warmup, load.measure);
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let from = start + warmup;
    let end = from + measure;
    let mut tasks = Vec::new();
    for i in 0..users {
        let (target, desks, writes) = (target.clone(), load.desks.clone(), load.writes.clone());
        tasks.push(tokio::spawn(async move {
            let desk = &desks[i % desks.len()];
            let mut rng = StdRng::seed_from_u64(i as u64);
            let mut tallies: BTreeMap<Kind, Tally> = BTreeMap::new();
            loop {
                let t0 = Instant::now();
                if t0 >= end {
                    break;
                }
                let kind = mix::pick(&mut rng, weights);
                let result = target.run(desk, kind, &mut rng).await;
                let micros = t0.elapsed().as_micros().min(u32::MAX as u128) as u32;
                if result.is_ok() && matches!(kind, Kind::JournalEntry | Kind::Measurement) {
                    writes.fetch_add(1, Ordering::Relaxed);
                }
                if t0 < from {
                    continue;
                }
                let t = tallies.entry(kind).or_default();
                match result {
                    Ok(()) => t.micros.push(micros),
                    Err(e) => {
                        t.errors += 1;
                        t.first_error.get_or_insert(e);
                    }
                }
            }
            tallies
        }));
    }
    // The RSS watch starts with the measured part.
    tokio::time::sleep_until(from.into()).await;
    let watch = server.map(|s| watch_rss(s, stop.clone()));
    let mut tallies: BTreeMap<Kind, Tally> = BTreeMap::new();
    for t in tasks {
        if let Ok(part) = t.await {
            for (k, v) in part {
                tallies.entry(k).or_default().merge(v);
            }
        }
    }
    let seconds = from.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let rss = watch.and_then(|w| w.join().ok().flatten());
    let p = Phase::new(name, users, seconds, tallies, rss);
    eprintln!(
        "{name:>8} {users:>4} users: {:>7.0} req/s, p50 {:.1} ms, p99 {:.1} ms, {} errors{}",
        p.per_second,
        p.latency.p50_ms,
        p.latency.p99_ms,
        p.errors,
        p.server_rss_mb
            .map(|r| format!(", server RSS {r:.0} MB"))
            .unwrap_or_default()
    );
    p
}

/// Journal entries and measurements on the desks' courses.
async fn written(store: &SqlStore, desks: &[Desk]) -> Result<u64, String> {
    let mut seen = HashSet::new();
    let mut n = 0;
    for d in desks {
        let m: MunicipalityId = d.actor.municipality_id;
        for c in &d.courses {
            if seen.insert(c.id) {
                let e = |e: jobspor_store::StoreError| e.to_string();
                n += store.journal(m, c.id).await.map_err(e)?.len() as u64;
                n += store.measurements(m, c.id).await.map_err(e)?.len() as u64;
            }
        }
    }
    Ok(n)
}

const DASHBOARDS: &[&str] = &[
    "/ledelse/resultater",
    "/ledelse/resultater?gruppe=intervention",
    "/ledelse/sagsstamme",
    "/ledelse/kapacitet",
    "/ledelse/hvad-virker",
    "/ledelse/hvad-virker?profil=age",
    "/ledelse/screening",
    "/ledelse/oekonomi",
    "/ledelse/forskning",
    "/ledelse/forskning/eksport?format=csv",
];

/// Each dashboard once cold (the first view since the server started) and
/// five times warm; the median of the warm ones.
async fn dashboards(http: &http::Http) -> Result<Vec<Dashboard>, String> {
    let cookie = http
        .login(
            &crate::generate::username("leder", 0),
            crate::generate::PASSWORD,
        )
        .await?;
    let mut out = Vec::new();
    for path in DASHBOARDS {
        let mut times = Vec::new();
        for _ in 0..6 {
            let t0 = Instant::now();
            let res = http.get(path, &cookie).await?;
            if res.status != 200 || res.body.is_empty() {
                return Err(format!("{path}: status {}", res.status));
            }
            times.push(t0.elapsed().as_secs_f64() * 1000.0);
        }
        let cold = times.remove(0);
        times.sort_by(f64::total_cmp);
        out.push(Dashboard {
            path: (*path).to_string(),
            cold_ms: cold,
            warm_ms: times[times.len() / 2],
        });
        eprintln!(
            "{path}: cold {cold:.0} ms, warm {:.0} ms",
            times[times.len() / 2]
        );
    }
    Ok(out)
}

pub async fn run(database_url: &str, opts: Options) -> Result<Report, String> {
    let server_exe = match &opts.server {
        Some(path) => path.clone(),
        None => server_beside_me()?,
    };
    let store = SqlStore::connect(database_url)
        .await
        .map_err(|e| format!("database: {e}"))?;
    let database = store.backend().name().to_string();
    let mut generated_seconds = None;
    let sc = crate::generate::scale(&opts.scale)
        .ok_or_else(|| format!("unknown scale {}", opts.scale))?;
    if store
        .count_municipalities()
        .await
        .map_err(|e| e.to_string())?
        == 0
    {
        let as_of = jobspor_domain::time::today_copenhagen(chrono::Utc::now());
        let started = Instant::now();
        let loading = crate::generate::connect(database_url).await?;
        crate::generate::run(&loading, sc, opts.seed, as_of).await?;
        loading.close().await;
        generated_seconds = Some(started.elapsed().as_secs_f64());
    }
    let server = Server::start(&server_exe, database_url).await?;
    let http = http::Http::new(&server.base)?;
    let most = opts.users.iter().copied().max().unwrap_or(1);
    let names = desk::usernames(&sc, most);
    let mut desks = Vec::new();
    for name in &names {
        desks.push(desk::open(&http, &store, name).await?);
    }
    eprintln!("{} desks logged in", desks.len());
    let before = written(&store, &desks).await?;
    let audit_before = store.audit_footprint().await.map_err(|e| e.to_string())?;
    let load = Load {
        desks: Arc::new(desks),
        warmup: Duration::from_secs(opts.warmup),
        measure: Duration::from_secs(opts.seconds),
        writes: Arc::default(),
    };
    let http_target = Arc::new(Target::Http(http::Http::new(&server.base)?));
    let floor = Arc::new(Target::Floor(Box::new(AppState::new(
        Arc::new(store.clone()),
        WebConfig::default(),
    ))));
    let mut phases = Vec::new();
    for &users in &opts.users {
        let on = Some(&server);
        phases.push(
            phase(
                &load,
                "ceiling",
                http_target.clone(),
                users,
                mix::CEILING,
                on,
            )
            .await,
        );
        phases.push(phase(&load, "mix", http_target.clone(), users, mix::MIX, on).await);
        phases.push(phase(&load, "floor", floor.clone(), users, mix::MIX, None).await);
    }
    let dashboards = dashboards(&http).await?;
    let rss_after = server.rss_mb();
    drop(server);
    let after = written(&store, &load.desks).await?;
    let audit_after = store.audit_footprint().await.map_err(|e| e.to_string())?;
    store.close().await;
    let mut report = Report {
        commit: opts.commit,
        database,
        scale: opts.scale,
        seed: opts.seed,
        generated_seconds,
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        phases,
        dashboards,
        server_rss_after_dashboards_mb: rss_after,
        writes_expected: load.writes.load(Ordering::Relaxed),
        writes_found: after.saturating_sub(before),
        audit_before,
        audit_after,
        goals: Vec::new(),
    };
    report.judge();
    if let Some(out) = &opts.out {
        let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        std::fs::write(out.with_extension("json"), json).map_err(|e| e.to_string())?;
        std::fs::write(out.with_extension("md"), report.markdown()).map_err(|e| e.to_string())?;
    }
    Ok(report)
}
