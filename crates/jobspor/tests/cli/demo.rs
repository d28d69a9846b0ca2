use crate::server::{bin, get_json, token, Server};
use jobspor_store::testing::TestDb;

#[tokio::test]
async fn demo_serves_every_role_and_enough_courses() {
    let db = TestDb::new().await;
    let server = Server::start(&db.url, true).await;
    let mut total = 0;
    for cw in ["sagsbehandler", "sagsbehandler2"] {
        let t = token(&server.base, cw, "demo").await;
        let v: serde_json::Value = get_json(&server.base, &t, "/api/v1/courses?mine=true").await;
        let n = v["total"].as_i64().unwrap();
        assert!(n > 50, "{cw} has open demo courses: {n}");
        total += n;
    }
    assert!(
        total >= 170,
        "open courses across both caseworkers: {total}"
    );
    for u in [
        "psykolog",
        "fysioterapeut",
        "sygeplejerske",
        "udfoerer",
        "leder",
        "admin",
    ] {
        token(&server.base, u, "demo").await;
    }
    let store = db.store().await.unwrap();
    let m = jobspor_store::UserStore::municipality_by_name(&store, "Demo Kommune")
        .await
        .unwrap()
        .unwrap();
    let citizens = jobspor_store::CitizenStore::count_citizens(&store, m)
        .await
        .unwrap();
    assert!(citizens >= 200, "at least 200 citizens: {citizens}");
    let units: Vec<String> = jobspor_store::UserStore::list_units(&store, m)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    for u in [
        "Jobcenter",
        "Sundhedscenter",
        "Voksenhandicap",
        "Børne- og Familieafdelingen",
    ] {
        assert!(units.iter().any(|x| x == u), "{u}");
    }
    // The demo catalogue holds the seeds' interventions.
    let catalogue: Vec<String> = jobspor_store::CatalogueStore::interventions(&store, m)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.name)
        .collect();
    for name in [
        "Smertehåndteringsforløb",
        "IPS (Individual Placement and Support)",
        "Mentorhus",
        "ADHD og ASF",
        "Virksomhedspraktik",
    ] {
        assert!(catalogue.iter().any(|n| n == name), "{name}");
    }
    assert!(catalogue.len() >= 16);
    // The shipped questionnaires are loaded at start, once.
    let keys = |defs: Vec<jobspor_domain::questionnaire::StoredDefinition>| {
        defs.into_iter()
            .map(|d| format!("{} v{}", d.key, d.version))
            .collect::<Vec<_>>()
    };
    let shipped = keys(
        jobspor_store::QuestionnaireStore::definitions(&store, m)
            .await
            .unwrap(),
    );
    assert_eq!(
        shipped,
        [
            "jobspor-screening-kontanthjaelp v1",
            "jobspor-screening-sygedagpenge v1",
            "oempsq-10 v1"
        ]
    );
    drop(server);
    // A second start on the same database keeps the data and does not duplicate it.
    let again = Server::start(&db.url, true).await;
    assert_eq!(
        jobspor_store::CitizenStore::count_citizens(&store, m)
            .await
            .unwrap(),
        citizens
    );
    assert_eq!(
        keys(
            jobspor_store::QuestionnaireStore::definitions(&store, m)
                .await
                .unwrap()
        ),
        shipped
    );
    drop(again);
}

#[test]
fn demo_refuses_a_public_address_unless_forced() {
    let out = std::process::Command::new(bin())
        .env("DATABASE_URL", "sqlite:///nonexistent-dir/never.db")
        .args(["serve", "--demo", "--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to serve demo data"));
}

#[tokio::test]
async fn init_creates_a_municipality_and_its_first_administrator() {
    let db = TestDb::new().await;
    let init = |pw: &str| {
        std::process::Command::new(bin())
            .env("DATABASE_URL", &db.url)
            .env("JOBSPOR_ADMIN_PASSWORD", pw)
            .args([
                "init",
                "--municipality",
                "Hjørring Kommune",
                "--admin",
                "root",
            ])
            .output()
            .unwrap()
    };
    let weak = init("kort");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("at least 12 characters"));
    let ok = init("en lang nok adgangskode");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let again = init("en lang nok adgangskode");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let server = Server::start(&db.url, false).await;
    // The password is right, and an administrator's token needs the code of
    // an authenticator app, which the first browser login sets up.
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/token", server.base))
        .json(&serde_json::json!({"username": "root", "password": "en lang nok adgangskode"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "login_refused");
    let wrong = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/token", server.base))
        .json(&serde_json::json!({"username": "root", "password": "forkert adgangskode"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
}
