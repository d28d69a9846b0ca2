//! Retention in the pages: the administrator's periods (within the law),
//! the preview, the legal holds the caseworker places and the
//! administrator lifts. Everything refused changes nothing.

use crate::harness::{Auth, TestApp};
use axum::http::StatusCode;

const PERIODS: &str = "retention_periods";

#[tokio::test]
async fn the_administrator_sets_periods_within_the_law() {
    let app = TestApp::new().await;
    let admin = app.login("admin").await;
    let page = app
        .get("/admin/opbevaring", &Auth::Session(admin.clone()))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    for words in [
        "Journal",
        "Sundhedsfaglige notater",
        "Adgangslog",
        "mindst 60",
    ] {
        assert!(html.contains(words), "{words}");
    }
    assert!(!html.contains("<td>health_notes</td>"), "words, not codes");

    // Bad input: a clear message, what was typed kept, nothing stored.
    for (kind, months, message) in [
        ("journal", "", "helt antal måneder"),
        ("journal", "fem", "helt antal måneder"),
        ("journal", "-3", "helt antal måneder"),
        ("journal", "11", "kortere, end loven tillader"),
        ("health_notes", "59", "kortere, end loven tillader"),
        ("journal", "1201", "højst være 1200"),
    ] {
        let r = app
            .post_form(
                "/admin/opbevaring/perioder",
                &admin,
                &[("kind", kind), ("months", months)],
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{kind} {months}"
        );
        assert!(r.text().contains(message), "{kind} {months}");
        assert!(
            r.text().contains(&format!("value=\"{months}\"")),
            "{months} kept"
        );
    }
    let r = app
        .post_form(
            "/admin/opbevaring/perioder",
            &admin,
            &[("kind", "everything"), ("months", "36")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.rows(PERIODS).await, 0);
    assert_eq!(
        app.rows("audit_log WHERE object LIKE 'retention_period:%'")
            .await,
        0
    );

    let r = app
        .post_form(
            "/admin/opbevaring/perioder",
            &admin,
            &[("kind", "journal"), ("months", " 36 ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.rows("retention_periods WHERE kind = 'journal' AND months = 36")
            .await,
        1
    );
    assert_eq!(
        app.rows("audit_log WHERE object = 'retention_period:journal'")
            .await,
        1
    );

    // The preview runs the job and changes nothing; it is recorded.
    let r = app
        .post_form("/admin/opbevaring/proevekoersel", &admin, &[])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("Hvad kørslen ville gøre nu"));
    assert_eq!(
        app.rows("audit_log WHERE object = 'retention' AND action = 'read'")
            .await,
        1
    );

    // Nobody else sees or changes any of it.
    for user in ["cw", "manager", "psych", "provider"] {
        let s = app.login(user).await;
        assert_eq!(
            app.get("/admin/opbevaring", &Auth::Session(s.clone()))
                .await
                .status,
            StatusCode::NOT_FOUND,
            "{user}"
        );
        let r = app
            .post_form(
                "/admin/opbevaring/perioder",
                &s,
                &[("kind", "journal"), ("months", "24")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
    }
    assert_eq!(app.rows("retention_periods WHERE months = 24").await, 0);
}

#[tokio::test]
async fn the_caseworker_places_a_hold_and_the_administrator_lifts_it() {
    let app = TestApp::new().await;
    let (cid, course) = app
        .citizen_with_course("cw", "250380-1714", "Anna Andersen")
        .await;
    let cw = app.login("cw").await;
    let path = format!("/forloeb/{course}/forbehold");
    let page = app.get(&path, &Auth::Session(cw.clone())).await;
    assert_eq!(page.status, StatusCode::OK);
    let status = app
        .get(
            &format!("/forloeb/{course}/status"),
            &Auth::Session(cw.clone()),
        )
        .await;
    assert!(status.text().contains(&path), "the status page links to it");

    for reason in ["", "klage", "          "] {
        let r = app.post_form(&path, &cw, &[("reason", reason)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{reason:?}");
        assert!(r.text().contains("mindst 10 tegn"));
    }
    // Another team's caseworker, a manager: not theirs.
    for user in ["cw_other", "manager", "admin"] {
        let s = app.login(user).await;
        let r = app
            .post_form(&path, &s, &[("reason", "Klage til Ankestyrelsen")])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
    }
    assert_eq!(app.rows("legal_holds").await, 0);

    let r = app
        .post_form(&path, &cw, &[("reason", "Klage til Ankestyrelsen")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.get(&path, &Auth::Session(cw.clone())).await;
    assert!(page.text().contains("Klage til Ankestyrelsen"));
    assert!(app
        .access_log_actions(&cid)
        .await
        .iter()
        .any(|(u, a, p)| u == "cw" && a == "create" && p.contains("forbehold")));

    // The administrator sees it by the citizen's name (audited) and lifts it.
    let admin = app.login("admin").await;
    let list = app
        .get("/admin/opbevaring", &Auth::Session(admin.clone()))
        .await;
    assert!(list.text().contains("Anna Andersen"));
    assert!(app
        .access_log_actions(&cid)
        .await
        .iter()
        .any(|(u, a, _)| u == "admin" && a == "read"));
    let hold: String = sqlx::query_scalar("SELECT id FROM legal_holds")
        .fetch_one(app.store.pool())
        .await
        .unwrap();
    let lift = format!("/admin/opbevaring/forbehold/{hold}/ophaev");
    let cw_lift = app.post_form(&lift, &cw, &[]).await;
    assert_eq!(cw_lift.status, StatusCode::NOT_FOUND);
    let r = app.post_form(&lift, &admin, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.rows("legal_holds WHERE lifted_at IS NOT NULL").await, 1);
    let again = app.post_form(&lift, &admin, &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "lifted once");
}
