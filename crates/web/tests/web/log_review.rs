//! Log review (issue 25, part 4): spot checks and anomalies for the data
//! protection officer and managers, verdicts with notes, all audited.

use crate::harness::{Auth, TestApp};
use axum::http::StatusCode;
use chrono::{Duration, TimeZone, Utc};
use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_store::AuditStore;

/// A read of `citizen` by `user`, as the audit log keeps it, at `at`.
async fn read_at(app: &TestApp, user: &str, citizen: &str, at: chrono::DateTime<Utc>) {
    let u = app.user(user).await;
    app.store
        .append_audit(&[AuditEvent {
            at,
            municipality_id: app.m,
            user_id: Some(u.id),
            username: u.username.clone(),
            role: Some(u.role),
            action: AuditAction::Read,
            citizen_id: Some(citizen.parse().unwrap()),
            object: format!("citizen:{citizen}"),
            purpose: "sagsbehandling".into(),
        }])
        .await
        .unwrap();
}

async fn seq_of(app: &TestApp, user: &str, citizen: &str) -> String {
    let seq: i64 = sqlx::query_scalar(
        "SELECT MAX(seq) FROM audit_log WHERE username = $1 AND citizen_id = $2 AND action = 'read'",
    )
    .bind(user)
    .bind(citizen)
    .fetch_one(app.store.pool())
    .await
    .unwrap();
    seq.to_string()
}

#[tokio::test]
async fn spot_checks_and_anomalies_with_verdicts() {
    let app = TestApp::new().await;
    let (anna, _) = app
        .citizen_with_course("cw", "250380-1714", "Anna Andersen")
        .await;
    let (kin, _) = app
        .citizen_with_course("cw", "120367-1155", "Ib Testesen")
        .await;
    let s = app.login("cw").await;
    app.get(&format!("/borgere/{anna}"), &Auth::Session(s.clone()))
        .await;
    // A read from before the course moved to team Nord: outside cw_other's
    // caseload today. And one at 23:00 Danish time, three days ago.
    read_at(&app, "cw_other", &anna, Utc::now() - Duration::hours(1)).await;
    let night = Utc::now().date_naive() - chrono::Days::new(3);
    let night = Utc.from_utc_datetime(&night.and_hms_opt(22, 0, 0).unwrap());
    read_at(&app, "cw_team", &anna, night).await;
    app.get(&format!("/borgere/{kin}"), &Auth::Session(s.clone()))
        .await;

    // Only the data protection officer and managers.
    for user in ["cw", "psych", "provider"] {
        let other = app.login(user).await;
        assert_eq!(
            app.get("/logkontrol", &Auth::Session(other)).await.status,
            StatusCode::NOT_FOUND,
            "{user}"
        );
    }
    let admin = app.login("admin").await;
    let page = app.get("/logkontrol", &Auth::Session(admin.clone())).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        html.contains("Stikprøver") && html.contains("Anna Andersen"),
        "{html}"
    );
    let anomalies = &html[html.find("Opslag der skiller sig ud").unwrap()..];
    assert!(
        anomalies.contains("Borger uden for sagsstammen") && anomalies.contains("cw_other"),
        "{anomalies}"
    );
    assert!(anomalies.contains("Om natten (22–06)"), "{anomalies}");
    assert!(
        anomalies.contains("Samme efternavn som opslagsmanden")
            && anomalies.contains("Ib Testesen"),
        "{anomalies}"
    );
    // Only cw_other is outside the caseload: the team reads its own.
    let outside: Vec<&str> = anomalies
        .split("<tr>")
        .filter(|row| row.contains("Borger uden for sagsstammen"))
        .collect();
    assert!(!outside.is_empty());
    assert!(
        outside.iter().all(|row| row.contains("cw_other")),
        "{outside:?}"
    );
    // Every citizen named on the page is in their access log.
    let log = app.access_log_actions(&anna).await;
    assert!(
        log.iter()
            .any(|(u, a, p)| u == "admin" && a == "read" && p == "logkontrol"),
        "{log:?}"
    );

    // Verdicts: bad input changes nothing; a note says what is suspicious.
    let seq = seq_of(&app, "cw_other", &anna).await;
    let path = format!("/logkontrol/{seq}");
    for (fields, says) in [
        (vec![("verdict", "maybe")], "vælg i orden eller mistænkelig"),
        (
            vec![("verdict", "suspicious"), ("note", "  ")],
            "skriv i noten",
        ),
        (
            vec![("verdict", "fine"), ("note", "a\u{202e}b")],
            "kontroltegn",
        ),
    ] {
        let r = app.post_form(&path, &admin, &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        assert!(r.text().contains(says), "{says}");
    }
    assert_eq!(app.rows("audit_reviews").await, 0);
    let r = app
        .post_form(
            &path,
            &admin,
            &[
                ("verdict", "suspicious"),
                ("note", "Ingen grund til opslaget"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let again = app.post_form(&path, &admin, &[("verdict", "fine")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "one verdict per read");
    let html = app
        .get("/logkontrol", &Auth::Session(admin.clone()))
        .await
        .text();
    assert!(
        html.contains("Mistænkelig: Ingen grund til opslaget"),
        "{html}"
    );
    // The review's own reads (it named these citizens twice now) are not
    // themselves spot checks or anomalies.
    assert!(!html.contains(">admin ("), "{html}");
    let log = app.access_log_actions(&anna).await;
    assert!(log
        .iter()
        .any(|(u, a, p)| u == "admin" && a == "update" && p == "logkontrol"));

    // Only reads of a citizen get a verdict; a manager may give one too.
    let login_seq: i64 =
        sqlx::query_scalar("SELECT MIN(seq) FROM audit_log WHERE action = 'login'")
            .fetch_one(app.store.pool())
            .await
            .unwrap();
    let manager = app.login("manager").await;
    for bad in [login_seq.to_string(), "999999".into(), "x".into()] {
        let r = app
            .post_form(
                &format!("/logkontrol/{bad}"),
                &manager,
                &[("verdict", "fine")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
    }
    let seq = seq_of(&app, "cw_team", &anna).await;
    let r = app
        .post_form(
            &format!("/logkontrol/{seq}"),
            &manager,
            &[("verdict", "fine")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}
