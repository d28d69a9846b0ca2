//! `jobspor generate`: fictitious data, deterministic per seed, that the
//! application reads like its own and whose audit chains verify.

use crate::server::{get_json, token, Server, BIN};
use jobspor_store::testing::TestDb;

fn generate(url: &str, seed: &str) -> (i32, String, String) {
    let out = std::process::Command::new(BIN)
        .env("DATABASE_URL", url)
        .args(["generate", "--scale", "tiny", "--seed", seed])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn count(out: &str, what: &str) -> usize {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{what}: ")))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

async fn people(db: &TestDb) -> Vec<(String, String)> {
    let store = db.store().await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT cpr, name FROM citizens ORDER BY cpr")
        .fetch_all(store.pool())
        .await
        .unwrap();
    store.close().await;
    rows
}

#[tokio::test]
async fn generated_data_is_deterministic_verifiable_and_usable() {
    let db = TestDb::new().await;
    let (code, out, err) = generate(&db.url, "5");
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(count(&out, "citizens"), 300, "{out}");
    assert!(count(&out, "courses") > 300);
    assert_eq!(count(&out, "measurements"), 4 * count(&out, "placements"));
    assert!(
        err.contains("municipalities: 2"),
        "progress is reported: {err}"
    );

    let verify = std::process::Command::new(BIN)
        .env("DATABASE_URL", &db.url)
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    assert!(String::from_utf8_lossy(&verify.stdout)
        .contains(&format!("checked {} entries", count(&out, "audit entries"))));

    let (again, _, err) = generate(&db.url, "5");
    assert_ne!(again, 0, "only into an empty database");
    assert!(err.contains("empty database"), "{err}");

    // The same seed gives the same people; another seed others.
    let twin = TestDb::new().await;
    assert_eq!(generate(&twin.url, "5").0, 0);
    let a = people(&db).await;
    assert_eq!(a, people(&twin).await);
    assert!(a.iter().all(|(cpr, _)| cpr.len() == 11), "DDMMYY-SSSS");
    let other = TestDb::new().await;
    assert_eq!(generate(&other.url, "6").0, 0);
    assert_ne!(a, people(&other).await);

    // The application reads it like its own.
    let server = Server::start(&db.url, false).await;
    let t = token(&server.base, "sagsbehandler001.001", "benchmark").await;
    let mine: serde_json::Value = get_json(&server.base, &t, "/api/v1/courses?mine=true").await;
    let course = mine["items"][0]["id"]
        .as_str()
        .expect("the caseworker has courses")
        .to_string();
    let progression: serde_json::Value = get_json(
        &server.base,
        &t,
        &format!("/api/v1/courses/{course}/progression"),
    )
    .await;
    assert!(progression["placements"].is_array());
}
