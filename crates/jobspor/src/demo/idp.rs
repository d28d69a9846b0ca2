//! The demo's identity provider: with `serve --demo` and no provider
//! configured, Jobspor starts `idp/server.mjs` (oidc-provider with fixed
//! accounts, loopback only) when Node.js and the folder's packages are
//! there, so both doors can be tried with one command. Without them the
//! demo runs with passwords only and says how to add the provider.

use jobspor_domain::identity::ClaimMapping;
use jobspor_domain::user::Role;
use jobspor_domain::MunicipalityId;
use jobspor_store::{IdentityStore, SqlStore};
use jobspor_web::auth::oidc::OidcSettings;
use std::path::Path;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The demo provider's client (fixed: it is a demo on loopback).
const CLIENT_ID: &str = "jobspor";
const CLIENT_SECRET: &str = "jobspor-demo-secret";

/// The demo's rules: the provider's groups that make a caseworker of team
/// Nord and a manager.
pub async fn add_mappings(store: &SqlStore, m: MunicipalityId) -> Result<(), String> {
    for (value, role, team) in [
        (
            "jobspor-sagsbehandlere",
            Role::Caseworker,
            Some("Team Nord"),
        ),
        ("jobspor-ledere", Role::Manager, None),
    ] {
        let mapping = ClaimMapping {
            id: jobspor_domain::ClaimMappingId::new(),
            municipality_id: m,
            claim: "groups".into(),
            value: value.into(),
            role,
            team: team.map(String::from),
            create_users: true,
        };
        store
            .add_claim_mapping(&mapping, &[])
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Starts the demo provider from `dir` and returns it with the settings
/// that point Jobspor at it; `None` (with a hint) when it cannot start.
pub async fn start(dir: &Path) -> Option<(Child, OidcSettings)> {
    if !dir.join("node_modules").join("oidc-provider").is_dir() {
        println!(
            "The demo identity provider is not installed; to try the municipality's login too, run `npm ci --prefix {}` and start again.",
            dir.display()
        );
        return None;
    }
    let mut child = Command::new("node")
        .arg(dir.join("server.mjs"))
        .args(["--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .inspect_err(|e| tracing::warn!(error = %e, "the demo identity provider did not start"))
        .ok()?;
    let out = child.stdout.take()?;
    let mut lines = BufReader::new(out).lines();
    let read = async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(issuer) = line.strip_prefix("issuer ") {
                return Some(issuer.trim().to_string());
            }
        }
        None
    };
    let issuer = tokio::time::timeout(std::time::Duration::from_secs(20), read)
        .await
        .ok()
        .flatten()?;
    println!("Demo identity provider at {issuer}: \"Log ind med kommunens login\" offers Sara Sagsbehandler, Lone Leder and Ulla Udenfor.");
    Some((
        child,
        OidcSettings {
            issuer,
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
        },
    ))
}
