//! `jobspor`: the server and its command-line tools.
//!
//! Configuration comes from flags and environment (`JOBSPOR_*`,
//! `DATABASE_URL`); secrets are never logged.

mod anchor;
mod demo;
mod import;
mod retention;

use anchor::Anchor;
use clap::{Parser, Subcommand};
use jobspor_store::{
    AuditStore, CitizenSessionStore, IdentityStore, SecondFactorStore, SqlStore, UserStore,
};
use jobspor_web::auth::oidc::OidcSettings;
use jobspor_web::mail::SmtpConfig;
use jobspor_web::{app, AppState, WebConfig};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "jobspor",
    version,
    about = "Work-oriented rehabilitation for Danish jobcentres"
)]
struct Cli {
    /// Database: sqlite://PATH (default ./jobspor.db) or postgres://…
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

// Parsed once at start: the size of `Serve`'s many flags costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Serve the web UI and the API.
    Serve {
        /// Address to bind.
        #[arg(long, env = "JOBSPOR_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Load the demo municipality (on an empty database) and print its logins.
        #[arg(long, env = "JOBSPOR_DEMO")]
        demo: bool,
        /// Allow demo mode on a non-loopback address (its passwords are public).
        #[arg(long)]
        allow_public_demo: bool,
        /// Send Strict-Transport-Security (set when served over TLS).
        #[arg(long, env = "JOBSPOR_HSTS")]
        hsts: bool,
        /// Reverse proxies (addresses, comma-separated) whose X-Forwarded-For
        /// names the client; nobody else's is believed.
        #[arg(long, env = "JOBSPOR_TRUSTED_PROXIES", value_delimiter = ',')]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// Checkpoints of the audit chain outside the database, every minute.
        #[command(flatten)]
        anchor: AnchorArgs,
        /// The retention job: every night at 02:00 Copenhagen time, or off
        /// (then run `jobspor retention run` from a scheduler).
        #[arg(long, env = "JOBSPOR_RETENTION", default_value = "nightly", value_parser = ["nightly", "off"])]
        retention: String,
        /// SMTP relay (host:port) for e-mail to provider units; none: inbox only.
        #[arg(long, env = "JOBSPOR_SMTP_RELAY")]
        smtp_relay: Option<String>,
        /// Sender address of those e-mails.
        #[arg(long, env = "JOBSPOR_SMTP_FROM", default_value = "jobspor@localhost")]
        smtp_from: String,
        /// The address users reach Jobspor at, for links in e-mails and the
        /// identity provider's callback (default: the bound address).
        #[arg(long, env = "JOBSPOR_PUBLIC_URL")]
        public_url: Option<String>,
        /// The municipality's OpenID provider for staff single sign-on.
        #[arg(long, env = "JOBSPOR_OIDC_ISSUER")]
        oidc_issuer: Option<String>,
        #[arg(long, env = "JOBSPOR_OIDC_CLIENT_ID", default_value = "jobspor")]
        oidc_client_id: String,
        #[arg(
            long,
            env = "JOBSPOR_OIDC_CLIENT_SECRET",
            hide_env_values = true,
            default_value = ""
        )]
        oidc_client_secret: String,
        /// The NemLog-in/MitID broker (OpenID Connect) for citizens' "Min plan".
        #[arg(long, env = "JOBSPOR_CITIZEN_OIDC_ISSUER")]
        citizen_oidc_issuer: Option<String>,
        #[arg(
            long,
            env = "JOBSPOR_CITIZEN_OIDC_CLIENT_ID",
            default_value = "jobspor-borger"
        )]
        citizen_oidc_client_id: String,
        #[arg(
            long,
            env = "JOBSPOR_CITIZEN_OIDC_CLIENT_SECRET",
            hide_env_values = true,
            default_value = ""
        )]
        citizen_oidc_client_secret: String,
        /// The scopes asked of the citizens' broker (space-separated).
        #[arg(long, env = "JOBSPOR_CITIZEN_OIDC_SCOPES", default_value = "openid")]
        citizen_oidc_scopes: String,
    },
    /// Load the demo municipality into the database and exit.
    Demo,
    /// Create a municipality and its first administrator. The password is read
    /// from JOBSPOR_ADMIN_PASSWORD.
    Init {
        #[arg(long)]
        municipality: String,
        #[arg(long)]
        admin: String,
    },
    /// Audit log tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Write a consistent backup of the database named by DATABASE_URL to a
    /// new file, while the server runs (SQLite: VACUUM INTO; PostgreSQL:
    /// pg_dump in its custom format).
    Backup {
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Import existing cases (citizens and their courses) from a CSV or
    /// XLSX file with a saved column mapping, as an administrator: every
    /// line is checked first, and one refused line imports nothing.
    Import {
        /// The file (CSV: UTF-8 or Latin-1, `;` or `,`; or XLSX).
        file: std::path::PathBuf,
        /// The column mapping, one `field = Column header` a line.
        #[arg(long)]
        mapping: std::path::PathBuf,
        /// The administrator the import is done as (in the audit log).
        #[arg(long = "as")]
        username: String,
        /// auto, utf-8 or latin-1.
        #[arg(long, default_value = "auto")]
        encoding: String,
        /// The sheet of an XLSX file with several.
        #[arg(long)]
        sheet: Option<String>,
        /// What the file holds: `cases` (citizens and their courses) or
        /// `journal` (notes for citizens already here).
        #[arg(long, default_value = "cases")]
        kind: String,
        /// Check every line and print what would happen; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Retention: delete or anonymise what has expired (the server does it
    /// every night).
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Restore a backup into the empty database named by DATABASE_URL,
    /// then verify its audit chains (exit 1 if they do not verify).
    Restore {
        #[arg(long)]
        from: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Run the job for every municipality now, each in one transaction with
    /// its audit entries; print what it did.
    Run {
        /// Do the work and roll it back: print what would happen.
        #[arg(long)]
        dry_run: bool,
        /// Run as of this instant (RFC 3339) instead of now: for drills.
        #[arg(long, hide = true)]
        at: Option<chrono::DateTime<chrono::Utc>>,
        /// Signs each prune of the audit chain into the checkpoint file.
        #[command(flatten)]
        anchor: AnchorArgs,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute every hash chain, and check it against the checkpoints when
    /// they are configured; exit 1 when an entry was changed, removed,
    /// rewritten or cut off.
    Verify {
        #[command(flatten)]
        anchor: AnchorArgs,
    },
    /// Write a checkpoint of every chain head now (the server writes them
    /// every minute when configured).
    Checkpoint {
        #[command(flatten)]
        anchor: AnchorArgs,
    },
}

/// The audit chain's anchor outside the database: an append-only file of
/// signed checkpoints, and the key that signs them (never in the database).
#[derive(clap::Args, Clone)]
struct AnchorArgs {
    /// The checkpoint file (append-only, on another disk or system).
    #[arg(long, env = "JOBSPOR_AUDIT_CHECKPOINTS")]
    checkpoints: Option<std::path::PathBuf>,
    /// A file holding the signing key (at least 32 bytes).
    #[arg(long, env = "JOBSPOR_AUDIT_KEY_FILE")]
    audit_key_file: Option<std::path::PathBuf>,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("JOBSPOR_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("could not start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("jobspor: {e}");
            ExitCode::from(2)
        }
    }
}

async fn install_shipped_definitions(store: &SqlStore) -> Result<(), String> {
    let n = jobspor_store::install_shipped_definitions(store).await?;
    tracing::info!(count = n, "questionnaire definitions ready");
    Ok(())
}

async fn connect(url: &str) -> Result<SqlStore, String> {
    SqlStore::connect(url)
        .await
        .map_err(|e| format!("database: {e}"))
}

async fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Serve {
            listen,
            demo,
            allow_public_demo,
            hsts,
            trusted_proxies,
            anchor,
            retention,
            smtp_relay,
            smtp_from,
            public_url,
            oidc_issuer,
            oidc_client_id,
            oidc_client_secret,
            citizen_oidc_issuer,
            citizen_oidc_client_id,
            citizen_oidc_client_secret,
            citizen_oidc_scopes,
        } => {
            if demo && !listen.ip().is_loopback() && !allow_public_demo {
                return Err(format!(
                    "refusing to serve demo data (public passwords) on {listen}; bind a loopback address or pass --allow-public-demo"
                ));
            }
            let store = connect(&cli.database_url).await?;
            tracing::info!(backend = store.backend().name(), "database ready");
            install_shipped_definitions(&store).await?;
            if demo {
                demo::load(&store).await?;
            } else if store
                .count_municipalities()
                .await
                .map_err(|e| e.to_string())?
                == 0
            {
                println!("The database has no municipality yet: create one with `jobspor init --municipality NAME --admin USER`, or start with --demo.");
            }
            let mut staff_oidc = oidc_issuer.map(|issuer| OidcSettings {
                issuer,
                client_id: oidc_client_id,
                client_secret: oidc_client_secret,
            });
            let mut citizen_oidc = citizen_oidc_issuer.map(|issuer| OidcSettings {
                issuer,
                client_id: citizen_oidc_client_id,
                client_secret: citizen_oidc_client_secret,
            });
            // The demo's own provider, kept running as long as Jobspor is.
            let mut _demo_idp = None;
            if demo && staff_oidc.is_none() && citizen_oidc.is_none() {
                let dir = std::env::var_os("JOBSPOR_DEMO_IDP")
                    .map(std::path::PathBuf::from)
                    .unwrap_or_else(|| "idp".into());
                if let Some((child, staff, citizens)) = demo::idp::start(&dir, &store).await {
                    _demo_idp = Some(child);
                    staff_oidc = Some(staff);
                    citizen_oidc = Some(citizens);
                }
            }
            let anchor = Anchor::from(anchor.checkpoints, anchor.audit_key_file)?;
            let config = WebConfig {
                hsts,
                staff_oidc,
                citizen_oidc,
                citizen_scopes: citizen_oidc_scopes,
                // The demo's passwords are public anyway; its administrator
                // and manager log in without an authenticator app.
                mfa_required: !demo,
                trusted_proxies,
                ..WebConfig::default()
            };
            serve(
                store,
                listen,
                config,
                public_url,
                smtp_relay.map(|r| (r, smtp_from)),
                anchor,
                retention == "nightly",
            )
            .await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo => {
            let store = connect(&cli.database_url).await?;
            demo::load(&store).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init {
            municipality,
            admin,
        } => {
            let password = std::env::var("JOBSPOR_ADMIN_PASSWORD")
                .map_err(|_| "set JOBSPOR_ADMIN_PASSWORD".to_string())?;
            if let Some(p) = jobspor_domain::user::password_problem(&password) {
                return Err(jobspor_web::i18n::words::message(
                    jobspor_web::i18n::Lang::En,
                    &p,
                ));
            }
            if !jobspor_domain::user::valid_username(&admin) {
                return Err("invalid username".into());
            }
            let store = connect(&cli.database_url).await?;
            if store
                .municipality_by_name(&municipality)
                .await
                .map_err(|e| e.to_string())?
                .is_some()
            {
                return Err(format!("{municipality} exists already"));
            }
            let m = jobspor_domain::MunicipalityId::new();
            store
                .create_municipality(m, &municipality)
                .await
                .map_err(|e| e.to_string())?;
            let hash = jobspor_web::auth::hash_password(&password).map_err(|e| e.to_string())?;
            store
                .create_user(
                    &jobspor_store::NewUser {
                        municipality_id: m,
                        username: admin.clone(),
                        display_name: admin,
                        role: jobspor_domain::user::Role::Admin,
                        profession: None,
                        unit_id: None,
                        team: None,
                        password_hash: hash,
                    },
                    &[],
                )
                .await
                .map_err(|e| e.to_string())?;
            println!("created {municipality} and its administrator");
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            command: AuditCommand::Verify { anchor },
        } => {
            let anchor = Anchor::from(anchor.checkpoints, anchor.audit_key_file)?;
            let store = connect(&cli.database_url).await?;
            let report = store.verify_audit().await.map_err(|e| e.to_string())?;
            println!(
                "checked {} entries in {} chains",
                report.entries, report.municipalities
            );
            let mut problems: Vec<String> = report
                .problems
                .iter()
                .map(|(m, p)| format!("municipality {m}: {p:?}"))
                .collect();
            match &anchor {
                Some(a) => {
                    let (n, found) = a.verify(&store).await?;
                    println!("checked the chains against {n} checkpoints");
                    problems.extend(found.iter().map(|(m, p)| format!("municipality {m}: {p:?}")));
                }
                None => println!(
                    "no checkpoints configured: a rewritten or cut-off tail cannot be seen (JOBSPOR_AUDIT_CHECKPOINTS)"
                ),
            }
            if problems.is_empty() {
                println!("audit log intact");
                Ok(ExitCode::SUCCESS)
            } else {
                for p in &problems {
                    println!("{p}");
                }
                println!(
                    "audit log has been tampered with: {} problem(s)",
                    problems.len()
                );
                Ok(ExitCode::from(1))
            }
        }
        Command::Retention {
            command:
                RetentionCommand::Run {
                    dry_run,
                    at,
                    anchor,
                },
        } => {
            let anchor = Anchor::from(anchor.checkpoints, anchor.audit_key_file)?;
            let store = connect(&cli.database_url).await?;
            let now = at.unwrap_or_else(chrono::Utc::now);
            let reports = retention::run_all(&store, now, dry_run, anchor.as_ref()).await?;
            print!("{}", retention::print(&reports));
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            file,
            mapping,
            username,
            encoding,
            sheet,
            kind,
            dry_run,
        } => {
            let store = connect(&cli.database_url).await?;
            let options = import::Options {
                file: &file,
                mapping: &mapping,
                username: &username,
                encoding: &encoding,
                sheet: sheet.as_deref(),
                kind: &kind,
                dry_run,
            };
            let result = import::run(&store, &options).await;
            store.close().await;
            match result {
                Ok(out) => {
                    print!("{out}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("{e}");
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Backup { to } => {
            let r = jobspor_store::backup::backup(&cli.database_url, &to)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "backup written to {}: {} municipalities, {} citizens, {} audit entries",
                to.display(),
                r.municipalities,
                r.citizens,
                r.audit_entries
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { from } => {
            let r = jobspor_store::backup::restore(&cli.database_url, &from)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "restored from {}: {} municipalities, {} citizens, {} audit entries",
                from.display(),
                r.municipalities,
                r.citizens,
                r.audit_entries
            );
            let problems = r.verified.map(|v| v.problems).unwrap_or_default();
            if problems.is_empty() {
                println!("audit log intact");
                Ok(ExitCode::SUCCESS)
            } else {
                for (m, p) in &problems {
                    println!("municipality {m}: {p:?}");
                }
                Ok(ExitCode::from(1))
            }
        }
        Command::Audit {
            command: AuditCommand::Checkpoint { anchor },
        } => {
            let Some(anchor) = Anchor::from(anchor.checkpoints, anchor.audit_key_file)? else {
                return Err("set JOBSPOR_AUDIT_CHECKPOINTS and JOBSPOR_AUDIT_KEY_FILE".into());
            };
            let store = connect(&cli.database_url).await?;
            let n = anchor
                .write(&store, &mut std::collections::HashMap::new())
                .await?;
            println!("wrote {n} checkpoint(s) to {}", anchor.file.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `mail`: the SMTP relay and the sender address, when e-mail is on.
async fn serve(
    store: SqlStore,
    listen: SocketAddr,
    mut config: WebConfig,
    public_url: Option<String>,
    mail: Option<(String, String)>,
    anchor: Option<Anchor>,
    nightly_retention: bool,
) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot bind {listen}: {e}"))?;
    // The bound address: with port 0 the system picks a free one (tests use that).
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    config.public_url = public_url.unwrap_or_else(|| format!("http://{bound}"));
    if let Some(o) = &config.staff_oidc {
        tracing::info!(issuer = %o.issuer, "staff single sign-on through the municipality's provider");
    }
    let mail = mail.map(|(relay, from)| SmtpConfig {
        relay,
        from,
        public_url: config.public_url.clone(),
    });
    let state = AppState::new(Arc::new(store.clone()), config);
    let purger = tokio::spawn(purge_sessions(store.clone()));
    let converter = tokio::spawn(convert_courses(store.clone()));
    let mailer = mail.map(|cfg| tokio::spawn(send_mail(store.clone(), cfg)));
    let retention =
        nightly_retention.then(|| tokio::spawn(retention::nightly(store.clone(), anchor.clone())));
    // Every minute, each chain head that moved is signed and appended to
    // the checkpoint file; and once more on the way down.
    let anchored = anchor.clone().map(|a| {
        tokio::spawn(anchor::run(
            store.clone(),
            a,
            std::time::Duration::from_secs(60),
        ))
    });
    if anchor.is_none() {
        tracing::warn!("no audit checkpoints configured (JOBSPOR_AUDIT_CHECKPOINTS, JOBSPOR_AUDIT_KEY_FILE): a rewritten tail of the audit log could not be seen");
    }
    println!("Jobspor is listening on http://{bound}");
    let served = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await
    .map_err(|e| e.to_string());
    purger.abort();
    converter.abort();
    if let Some(r) = retention {
        r.abort();
    }
    if let Some(t) = anchored {
        t.abort();
    }
    if let Some(a) = &anchor {
        if let Err(e) = a.write(&store, &mut std::collections::HashMap::new()).await {
            tracing::error!(error = %e, "the last audit checkpoint failed");
        }
    }
    if let Some(m) = mailer {
        m.abort();
    }
    store.close().await;
    served
}

/// Expired sessions are refused when presented; this removes the ones never
/// presented again, and expired API tokens, every ten minutes.
async fn purge_sessions(store: SqlStore) {
    use jobspor_web::auth::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT};
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        tick.tick().await;
        let now = chrono::Utc::now();
        match store
            .purge_expired(now - IDLE_TIMEOUT, now - ABSOLUTE_TIMEOUT, now)
            .await
        {
            Ok(n) if n > 0 => tracing::info!(removed = n, "purged expired sessions and tokens"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "purging sessions failed"),
        }
        if let Err(e) = store
            .purge_pending_logins(now - jobspor_web::auth::oidc::LOGIN_WINDOW)
            .await
        {
            tracing::warn!(error = %e, "purging unfinished logins failed");
        }
        if let Err(e) = store
            .purge_challenges(now - jobspor_web::auth::second_factor::CHALLENGE_WINDOW)
            .await
        {
            tracing::warn!(error = %e, "purging unanswered login codes failed");
        }
        {
            use jobspor_web::my_plan::session::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT};
            if let Err(e) = store
                .purge_citizen_sessions(now - IDLE_TIMEOUT, now - ABSOLUTE_TIMEOUT)
                .await
            {
                tracing::warn!(error = %e, "purging citizens' sessions failed");
            }
        }
    }
}

/// Moves running courses to the rules in force when a law abolishes their
/// target group or category (with a journal note each), at start and daily.
async fn convert_courses(store: SqlStore) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(86_400));
    loop {
        tick.tick().await;
        let today = jobspor_domain::time::today_copenhagen(chrono::Utc::now());
        match jobspor_web::rules::service::apply_transitions(&store, today).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(converted = n, "courses moved to the rules in force"),
            Err(e) => tracing::warn!(error = %e, "moving courses to the rules in force failed"),
        }
    }
}

/// Sends the e-mail outbox through the relay every 30 seconds.
async fn send_mail(store: SqlStore, cfg: SmtpConfig) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
    loop {
        tick.tick().await;
        match jobspor_web::mail::deliver_pending(&store, &cfg).await {
            Ok((0, 0)) => {}
            Ok((sent, failed)) => tracing::info!(sent, failed, "e-mail outbox"),
            Err(e) => tracing::warn!(error = %e, "reading the e-mail outbox failed"),
        }
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
