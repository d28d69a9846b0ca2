//! `jobspor-bench bench` at the smallest scale: it generates, serves, drives the
//! caseworker's day and the baselines, checks every answer, and reports.

use crate::server::verify;
use crate::BENCH;
use jobspor_store::testing::TestDb;

#[tokio::test]
async fn the_benchmark_drives_the_day_checks_every_answer_and_reports() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let run = std::process::Command::new(BENCH)
        .env("DATABASE_URL", &db.url)
        .args([
            "bench",
            "--scale",
            "tiny",
            "--users",
            "3",
            "--seconds",
            "2",
            "--warmup",
            "0",
            "--commit",
            "test",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.with_extension("json")).unwrap())
            .unwrap();
    let phases = r["phases"].as_array().unwrap();
    let names: Vec<&str> = phases.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["ceiling", "mix", "floor"]);
    for p in phases {
        assert_eq!(p["users"], 3);
        assert_eq!(p["errors"], 0, "{p}");
        assert!(p["requests"].as_u64().unwrap() > 0, "{p}");
    }
    // Every kind of the caseworker's day ran, over HTTP and through the store.
    for p in &phases[1..] {
        let kinds: Vec<&str> = p["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "my_courses",
                "course_page",
                "search",
                "journal_entry",
                "measurement",
                "questionnaire"
            ],
            "{p}"
        );
    }
    assert!(phases[0]["server_rss_mb"].as_f64().unwrap() > 1.0);
    assert!(phases[2].get("server_rss_mb").is_none());
    // Each write the driver saw succeed is in the store, and no more.
    assert!(r["writes_expected"].as_u64().unwrap() > 0);
    assert_eq!(r["writes_expected"], r["writes_found"]);
    assert_eq!(r["dashboards"].as_array().unwrap().len(), 10);
    assert_eq!(r["scale"], "tiny");
    assert!(r["generated_seconds"].as_f64().is_some());
    let md = std::fs::read_to_string(out.with_extension("md")).unwrap();
    assert!(md.contains("## Against the targets"), "{md}");
    assert!(md.contains("| mix | 3 |"), "{md}");
    // The audit log's growth is measured: every read of a citizen the day
    // made is a citizen-use, and it took room on disk.
    let (before, after) = (&r["audit_before"], &r["audit_after"]);
    let uses = after["citizen_uses"].as_u64().unwrap() - before["citizen_uses"].as_u64().unwrap();
    assert!(uses > 0, "{after}");
    assert!(after["bytes"].as_u64().unwrap() > before["bytes"].as_u64().unwrap());
    assert!(
        md.contains("audit log on disk per audited citizen-use"),
        "{md}"
    );
    assert!(
        md.contains("bytes per citizen-use, rows and indexes together"),
        "{md}"
    );

    // The reads' audit entries, written in shared commits, form whole chains.
    let (code, verified) = verify(&db.url);
    assert_eq!(code, 0, "{verified}");
    assert!(verified.contains("audit log intact"), "{verified}");
}
