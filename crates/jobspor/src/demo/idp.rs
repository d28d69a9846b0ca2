//! The demo's identity provider: with `serve --demo` and no provider
//! configured, Jobspor starts `idp/server.mjs` (oidc-provider with fixed
//! accounts, loopback only) when Node.js and the folder's packages are
//! there, so both doors (staff and citizen) can be tried with one command. Without them the
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

/// The demo provider's accounts: the three staff accounts and three
/// citizens, all with the CPR number of a citizen on sagsbehandler's list
/// who has a plan with a consent and a goal (so "Min plan" has something to
/// show, rate and withdraw): one at substantial assurance, one at low, and one whose
/// number is nobody's.
async fn accounts(store: &SqlStore) -> Option<serde_json::Value> {
    use jobspor_store::{
        ConsentStore, CourseFilter, CourseScope, CourseStore, ProgressionStore, UserStore,
    };
    let (cw, _) = store.user_by_username("sagsbehandler").await.ok()??;
    let (rows, _) = store
        .list_courses(&CourseFilter {
            municipality: cw.municipality_id,
            scope: CourseScope::Mine(cw.id),
            search: None,
            include_closed: false,
            limit: 100,
            offset: 0,
        })
        .await
        .ok()?;
    let mut chosen = rows.first()?;
    for r in &rows {
        let m = cw.municipality_id;
        let consents = store.consents(m, r.course_id).await.ok()?;
        let goals = store.goals(m, r.course_id).await.ok()?;
        if consents.iter().any(|c| c.revoked_at.is_none())
            && goals.iter().any(|g| g.ended_at.is_none())
        {
            chosen = r;
            break;
        }
    }
    let cpr = chosen.cpr.full();
    let loa = |level: &str| format!("https://data.gov.dk/concept/core/nsis/loa/{level}");
    let citizen = |name: &str, cpr: &str, level: &str| {
        serde_json::json!({
            "name": name,
            "https://data.gov.dk/model/core/eid/cprNumber": cpr,
            "https://data.gov.dk/concept/core/nsis/loa": loa(level),
        })
    };
    Some(serde_json::json!({
        "sara": {"name": "Sara Sagsbehandler", "preferred_username": "sara.sagsbehandler", "email": "sara@kommune.example", "groups": ["jobspor-sagsbehandlere"]},
        "lone": {"name": "Lone Leder", "preferred_username": "lone.leder", "email": "lone@kommune.example", "groups": ["jobspor-ledere"]},
        "ulla": {"name": "Ulla Udenfor", "preferred_username": "ulla.udenfor", "email": "ulla@kommune.example", "groups": ["kantine"]},
        "borger": citizen("Borger med MitID", &cpr, "Substantial"),
        "borger-lav": citizen("Borger med lavt sikringsniveau", &cpr, "Low"),
        "borger-ukendt": citizen("Borger uden forløb", "0101010000", "Substantial"),
    }))
}

/// Starts the demo provider from `dir` and returns it with the settings
/// that point Jobspor's two doors at it; `None` (with a hint) when it
/// cannot start.
pub async fn start(dir: &Path, store: &SqlStore) -> Option<(Child, OidcSettings, OidcSettings)> {
    if !dir.join("node_modules").join("oidc-provider").is_dir() {
        println!(
            "The demo identity provider is not installed; to try the municipality's login too, run `npm ci --prefix {}` and start again.",
            dir.display()
        );
        return None;
    }
    let file = std::env::temp_dir().join(format!("jobspor-demo-idp-{}.json", std::process::id()));
    let json = accounts(store).await?;
    std::fs::write(&file, json.to_string()).ok()?;
    let mut child = Command::new("node")
        .arg(dir.join("server.mjs"))
        .args(["--port", "0", "--accounts"])
        .arg(&file)
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
        .flatten();
    // The provider has read its accounts once it prints its issuer.
    let _ = std::fs::remove_file(&file);
    let issuer = issuer?;
    println!("Demo identity provider at {issuer}: \"Log ind med kommunens login\" offers Sara Sagsbehandler, Lone Leder and Ulla Udenfor; /borger offers a citizen with MitID.");
    Some((
        child,
        OidcSettings {
            issuer: issuer.clone(),
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
        },
        OidcSettings {
            issuer,
            client_id: "jobspor-borger".into(),
            client_secret: "jobspor-borger-demo-secret".into(),
        },
    ))
}
