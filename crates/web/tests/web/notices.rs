//! Beskeder: messages that say what happened and about whom, one message
//! per action, marked read all at once; health professionals are told of
//! their bookings; the provider's inbox says "Ulæst", not "Ny Ny deltager".

use crate::harness::{Auth, TestApp};
use crate::plan::iso;
use axum::http::StatusCode;

const CPRS: [&str; 4] = ["010190-1112", "020290-2223", "030390-3334", "040490-4445"];

#[tokio::test]
async fn courses_moved_at_once_are_one_message_naming_each_citizen() {
    let app = TestApp::new().await;
    for (i, cpr) in CPRS.iter().enumerate() {
        app.citizen_with_course("cw", cpr, &format!("Flyttet Borger {i}"))
            .await;
    }
    let mgr = app.login("manager").await;
    let ok = app
        .post_form(
            "/ledelse/sagsstamme/maal",
            &mgr,
            &[("group", "kontanthjaelp"), ("min", "1"), ("max", "2")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let (from, to) = (
        app.user("cw").await.id.to_string(),
        app.user("cw_team").await.id.to_string(),
    );
    let moved = app
        .post_form(
            "/ledelse/sagsstamme/flyt",
            &mgr,
            &[
                ("from", &from),
                ("to", &to),
                ("group", "kontanthjaelp"),
                ("bekraeftet", "1"),
            ],
        )
        .await;
    assert_eq!(moved.location(), "/ledelse/sagsstamme?flyttet=2");

    let cw_team = app.login("cw_team").await;
    let auth = Auth::Session(cw_team.clone());
    let page = app.get("/beskeder", &auth).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    // One message for the one action, listing both citizens by name.
    assert_eq!(html.matches("har overdraget").count(), 1, "{html}");
    assert!(
        html.contains("manager Testesen har overdraget 2 forløb til dig"),
        "{html}"
    );
    assert_eq!(html.matches("Flyttet Borger").count(), 2, "{html}");
    assert!(html.contains("<span class=\"badge\">Ulæst</span>"));
    assert!(!html.contains("Ny Ny"));
    // Naming them is an audited read of each.
    assert_eq!(
        app.rows("audit_log WHERE object LIKE 'notices:%' AND action = 'read'")
            .await,
        2
    );
    // The deadlines page shows the same message.
    let deadlines = app.get("/frister", &auth).await.text();
    assert!(deadlines.contains("manager Testesen har overdraget 2 forløb til dig"));

    // One action marks everything read.
    let all = app.post_form("/beskeder/alle-laest", &cw_team, &[]).await;
    assert_eq!(all.status, StatusCode::SEE_OTHER);
    let html = app.get("/beskeder", &auth).await.text();
    assert!(!html.contains("Ulæst"), "{html}");
    assert!(!html.contains("Markér alle som læst"));
    assert_eq!(app.rows("user_notices WHERE read_at IS NULL").await, 0);
}

#[tokio::test]
async fn a_health_professional_is_told_of_a_booking_and_its_cancellation() {
    let app = TestApp::new().await;
    let (_, k) = app
        .citizen_with_course("cw", "250380-1714", "Karen Konference")
        .await;
    let cw = app.login("cw").await;
    let psych = app.user("psych").await.id.to_string();
    let date = iso(3);
    let booked = app
        .post_form(
            &format!("/forloeb/{k}/samtaler"),
            &cw,
            &[
                ("professional", psych.as_str()),
                ("date", date.as_str()),
                ("time", "09:00"),
                ("minutes", "60"),
                ("location", "Jobcentret, lokale 4"),
            ],
        )
        .await;
    assert_eq!(booked.status, StatusCode::SEE_OTHER);
    let ps = app.login("psych").await;
    let auth = Auth::Session(ps.clone());
    let html = app.get("/beskeder", &auth).await.text();
    assert!(
        html.contains("cw Testesen har booket en samtale med dig om Karen Konference"),
        "{html}"
    );
    assert!(html.contains("09:00, Jobcentret, lokale 4"), "{html}");
    // The nav offers the messages to health professionals too.
    assert!(html.contains("href=\"/beskeder\" aria-current=\"page\""));

    let bookings =
        jobspor_store::ConferenceStore::bookings(&app.store, app.m, app.course(&k).await.id)
            .await
            .unwrap();
    let cancel = app
        .post_form(
            &format!("/forloeb/{k}/samtaler/{}/aflys", bookings[0].id),
            &cw,
            &[],
        )
        .await;
    assert_eq!(cancel.status, StatusCode::SEE_OTHER);
    let html = app.get("/beskeder", &auth).await.text();
    assert!(
        html.contains("cw Testesen har aflyst samtalen om Karen Konference"),
        "{html}"
    );
    // Marking one message read leaves the other unread.
    let ids =
        jobspor_store::ControlStore::notices(&app.store, app.m, app.user("psych").await.id, 5)
            .await
            .unwrap();
    let read = app
        .post_form("/beskeder/laest", &ps, &[("id", ids[0].id.as_str())])
        .await;
    assert_eq!(read.status, StatusCode::SEE_OTHER);
    assert_eq!(app.rows("user_notices WHERE read_at IS NULL").await, 1);
}

#[tokio::test]
async fn only_staff_with_courses_have_messages() {
    let app = TestApp::new().await;
    for user in ["manager", "admin", "provider"] {
        let s = app.login(user).await;
        assert_eq!(
            app.get("/beskeder", &Auth::Session(s.clone())).await.status,
            StatusCode::NOT_FOUND,
            "{user}"
        );
        let r = app.post_form("/beskeder/alle-laest", &s, &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
    }
}
