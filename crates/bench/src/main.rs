//! `jobspor-bench`: the benchmark's tools, kept out of the product binary.
//!
//! - `generate` fills an empty database with fictitious data, deterministic
//!   per seed, through the store's bulk-loading API;
//! - `bench` generates a scale, starts the `jobspor` server on loopback and
//!   drives the caseworker's day against it (see `driver`).
//!
//! `scripts/bench.sh` runs both for each scale and engine.

mod driver;
mod generate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "jobspor-bench",
    version,
    about = "Jobspor's benchmark data and load driver"
)]
struct Cli {
    /// Database: sqlite://PATH or postgres://…
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://jobspor.db",
        global = true,
        hide_env_values = true
    )]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fill an empty database with fictitious benchmark data, deterministic
    /// per seed: tiny (tests), hjoerring (one municipality) or denmark (98).
    Generate {
        #[arg(long, default_value = "hjoerring")]
        scale: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day the data is generated as of (yyyy-mm-dd).
        #[arg(long, default_value = "2026-11-01")]
        as_of: String,
    },
    /// The caseworker's day under load: generates the scale into an empty
    /// database, starts the server on loopback, runs the framework ceiling,
    /// the caseworker mix and the storage floor at each number of users,
    /// times the dashboards and writes a report.
    Bench(driver::Options),
}

#[tokio::main]
async fn main() -> ExitCode {
    // Progress goes to stderr by hand; the log only says what went wrong.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("JOBSPOR_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jobspor-bench: {e}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Generate { scale, seed, as_of } => {
            let sc = generate::scale(&scale)
                .ok_or_else(|| format!("unknown scale {scale}: use tiny, hjoerring or denmark"))?;
            let as_of = jobspor_domain::time::parse_date(&as_of)
                .ok_or_else(|| format!("--as-of {as_of} is not a date"))?;
            let store = generate::connect(&cli.database_url).await?;
            let started = std::time::Instant::now();
            let counts = generate::run(&store, sc, seed, as_of).await?;
            for (what, n) in counts {
                println!("{what}: {n}");
            }
            println!(
                "generated scale {} with seed {seed} in {:.1} s; every user's password is {}",
                sc.name,
                started.elapsed().as_secs_f64(),
                generate::PASSWORD
            );
            store.close().await;
            Ok(())
        }
        Command::Bench(opts) => {
            let report = driver::run(&cli.database_url, opts).await?;
            print!("{}", report.markdown());
            Ok(())
        }
    }
}
