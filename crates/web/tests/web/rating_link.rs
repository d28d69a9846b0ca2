//! The citizen's own rating through a one-time link: no login, the
//! provider's ratings not shown, refused once used or expired.

use crate::harness::{Auth, TestApp};
use crate::progression::{post, setup};
use axum::http::StatusCode;
use jobspor_store::ProgressionStore;

#[tokio::test]
async fn the_citizen_rates_through_a_one_time_link() {
    let app = TestApp::new().await;
    let (cit, k, pid) = setup(&app).await;
    let udf = app.login("fys_udf").await;
    let goal = [
        ("style", "psfs"),
        ("question", "Hvor godt kan du gå 30 minutter i dag?"),
        ("interval_days", "14"),
        ("baseline_citizen", "2"),
        ("baseline_provider", "4"),
    ];
    assert_eq!(
        post(&app, &udf, &format!("/deltagere/{pid}/maal"), &goal).await,
        StatusCode::SEE_OTHER
    );
    let g = app.store.goals(app.m, k.parse().unwrap()).await.unwrap()[0].id;
    let made = app
        .post_form(&format!("/deltagere/{pid}/link"), &udf, &[])
        .await;
    assert_eq!(made.status, StatusCode::OK);
    let html = made.text();
    let start = html.find("/m/").unwrap();
    let path: String = html[start..]
        .chars()
        .take_while(|c| *c != '"' && *c != '<')
        .collect();

    // No login needed; the page shows the question, not the provider's 4.
    let page = app.get(&path, &Auth::None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .text()
        .contains("Hvor godt kan du gå 30 minutter i dag?"));
    assert!(!page.text().contains("chart") && !page.text().contains("Udfører"));
    let field = format!("g-{g}");
    for bad in ["11", "", "2.5"] {
        let r = app
            .post_form_raw(&path, None, &[(field.as_str(), bad), ("comment", "")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
    }
    let ok = app
        .post_form_raw(
            &path,
            None,
            &[(field.as_str(), "5"), ("comment", "Bedre end sidst")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.text().contains("Din vurdering er gemt"));
    let again = app
        .post_form_raw(&path, None, &[(field.as_str(), "6"), ("comment", "")])
        .await;
    assert_eq!(again.status, StatusCode::GONE, "a used link is refused");
    assert!(again.text().contains("allerede brugt"));
    assert_eq!(
        app.get("/m/not-a-token", &Auth::None).await.status,
        StatusCode::NOT_FOUND
    );

    let all = app
        .store
        .measurements(app.m, k.parse().unwrap())
        .await
        .unwrap();
    let from_link: Vec<_> = all
        .iter()
        .filter(|m| m.channel == jobspor_domain::progression::Channel::Link)
        .collect();
    assert_eq!(
        (
            from_link.len(),
            from_link[0].value,
            from_link[0].recorded_by
        ),
        (1, 5, None)
    );
    let log = app.access_log_actions(&cit).await;
    assert!(
        log.iter()
            .any(|(u, a, _)| u == "borger via link" && a == "create"),
        "{log:?}"
    );

    // An expired link is refused too.
    let made = app
        .post_form(&format!("/deltagere/{pid}/link"), &udf, &[])
        .await
        .text();
    let start = made.find("/m/").unwrap();
    let path: String = made[start..]
        .chars()
        .take_while(|c| *c != '"' && *c != '<')
        .collect();
    sqlx::query("UPDATE rating_links SET expires_at = 0 WHERE used_at IS NULL")
        .execute(app.store.pool())
        .await
        .unwrap();
    let expired = app.get(&path, &Auth::None).await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert!(expired.text().contains("udløbet"));
}
