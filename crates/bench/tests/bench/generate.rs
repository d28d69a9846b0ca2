//! `jobspor-bench generate`: fictitious data, deterministic per seed, that the
//! application reads like its own and whose audit chains verify.

use crate::server::{get_json, token, verify, Server};
use crate::BENCH;
use jobspor_store::testing::TestDb;

fn generate(url: &str, seed: &str) -> (i32, String, String) {
    generate_as_of(url, seed, &[])
}

fn generate_as_of(url: &str, seed: &str, more: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(BENCH)
        .env("DATABASE_URL", url)
        .args(["generate", "--scale", "tiny", "--seed", seed])
        .args(more)
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

/// Every row `sql` selects, read through a store of its own.
async fn rows<T>(db: &TestDb, sql: &str) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let store = db.store().await.unwrap();
    let rows = sqlx::query_as(sql).fetch_all(store.pool()).await.unwrap();
    store.close().await;
    rows
}

async fn people(db: &TestDb) -> Vec<(String, String)> {
    rows(db, "SELECT cpr, name FROM citizens ORDER BY cpr").await
}

/// Every index of the database and how it is defined.
async fn indexes(db: &TestDb) -> Vec<(String, String)> {
    let sql = match jobspor_store::testing::test_backend() {
        jobspor_store::Backend::Sqlite => {
            "SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name"
        }
        jobspor_store::Backend::Postgres => {
            "SELECT indexname::text, indexdef FROM pg_indexes \
             WHERE schemaname = current_schema() ORDER BY indexname"
        }
    };
    rows(db, sql).await
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
    let periods = register_passes_the_import_checks(&db).await;
    assert_eq!(periods, count(&out, "benefit periods"), "{out}");
    assert!(periods >= 300, "every citizen has been on benefit: {out}");

    let (code, verified) = verify(&db.url);
    assert_eq!(code, 0, "{verified}");
    assert!(verified.contains(&format!("checked {} entries", count(&out, "audit entries"))));

    // The indexes it dropped for the load are all built again.
    let built = indexes(&db).await;
    assert!(
        built.iter().any(|(name, _)| name == "measurements_goal"),
        "{built:?}"
    );
    assert_eq!(built, indexes(&TestDb::new().await).await);

    let (again, _, err) = generate(&db.url, "5");
    assert_ne!(again, 0, "only into an empty database");
    assert!(err.contains("empty database"), "{err}");

    // The same seed gives the same people; another seed others.
    let twin = TestDb::new().await;
    assert_eq!(generate(&twin.url, "5").0, 0);
    let a = people(&db).await;
    assert_eq!(a, people(&twin).await);
    assert!(a.iter().all(|(cpr, _)| cpr.len() == 11), "DDMMYY-SSSS");
    // Every course is classified as the UI classifies one: under the rules
    // in force on its start date, also across a change of rules.
    let by_rules = courses_are_legal(&db).await;
    assert_eq!(by_rules.values().sum::<usize>(), count(&out, "courses"));
    let other = TestDb::new().await;
    let (code, _, err) = generate_as_of(&other.url, "6", &["--as-of", "2028-06-01"]);
    assert_eq!(code, 0, "{err}");
    assert_ne!(a, people(&other).await);
    let later = courses_are_legal(&other).await;
    assert!(
        later.contains_key("lab-2019") && later.contains_key("reform-2026-07"),
        "{later:?}"
    );
    assert!(
        !later.contains_key("reform-2027"),
        "the pending 2027 rules never apply by themselves: {later:?}"
    );

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

/// Checks every course against the rules of its start date, as creating it
/// in the UI does; returns how many courses each rule set holds.
async fn courses_are_legal(db: &TestDb) -> std::collections::BTreeMap<String, usize> {
    use jobspor_domain::rules::{classify, earliest, TargetGroup};
    let courses: Vec<(String, Option<String>, String, String)> = rows(
        db,
        "SELECT target_group, category, rule_set, start_date FROM courses",
    )
    .await;
    let mut by_rules = std::collections::BTreeMap::new();
    for (group, category, rules, start) in courses {
        let start = chrono::NaiveDate::parse_from_str(&start, "%Y-%m-%d").unwrap();
        let group = TargetGroup::parse(&group).unwrap_or_else(|| panic!("group {group}"));
        // History before 2019 is loaded under the earliest rules.
        let class = classify(start.max(earliest()), group, category.as_deref())
            .unwrap_or_else(|e| panic!("{group:?}/{category:?} on {start}: {e}"));
        assert_eq!(
            (class.rule_set, class.category),
            (rules.as_str(), category.as_deref()),
            "{group:?} on {start}"
        );
        *by_rules.entry(rules).or_insert(0) += 1;
    }
    by_rules
}

/// The generated register, written out in the import format, passes the
/// import's own checks: real weeks, none in the future, no overlaps, every
/// CPR number valid.
async fn register_passes_the_import_checks(db: &TestDb) -> usize {
    use jobspor_domain::evaluation::register::{format_week, parse_register};
    let periods: Vec<(String, String, String, String, String)> = rows(
        db,
        "SELECT z.municipality_id, z.cpr, p.from_week, p.to_week, p.benefit FROM benefit_periods p JOIN citizens z ON z.id = p.citizen_id ORDER BY z.municipality_id, z.cpr, p.from_week",
    )
    .await;
    let date = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let today = chrono::Utc::now().date_naive();
    let mut files: std::collections::BTreeMap<String, String> = Default::default();
    for (m, cpr, from, to, benefit) in &periods {
        let f = files
            .entry(m.clone())
            .or_insert_with(|| "cpr;fra_uge;til_uge;ydelse\n".to_string());
        f.push_str(&format!(
            "{};{};{};{benefit}\n",
            cpr.replace('-', ""),
            format_week(date(from)),
            format_week(date(to))
        ));
    }
    for (m, file) in &files {
        let lines = parse_register(file.as_bytes(), today)
            .unwrap_or_else(|e| panic!("municipality {m}: {:?}", &e[..e.len().min(5)]));
        assert!(!lines.is_empty());
    }
    periods.len()
}
