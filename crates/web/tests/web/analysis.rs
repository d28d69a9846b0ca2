//! Monodisciplinary notes: the team and the responsible caseworker only.

use crate::harness::{Auth, TestApp};
use axum::http::StatusCode;
use jobspor_store::CourseStore;

#[tokio::test]
async fn notes_are_for_the_team_and_the_responsible_caseworker() {
    let app = TestApp::new().await;
    let (cid, course) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let k = app.course(&course).await;
    let psych = app.user("psych").await;
    app.store
        .add_course_member(&k, psych.id, &[])
        .await
        .unwrap();
    let path = format!("/forloeb/{course}/analyse");
    let ps = app.login("psych").await;
    let page = app.get(&path, &Auth::Session(ps.clone())).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text().contains("Psykologens analyse")
            && page.text().contains("Psykisk funktionsevne"),
        "the psychologist's template"
    );
    assert_eq!(
        app.post_form(&path, &ps, &[("limitation", " ")])
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let note = [
        ("limitation", "Angst i sociale situationer; undgår møder"),
        ("resources", "God til struktur"),
        (
            "suggested_intervention",
            "Mestringsforløb for borgere med angst",
        ),
    ];
    assert_eq!(
        app.post_form(&path, &ps, &note).await.status,
        StatusCode::SEE_OTHER
    );
    // The caseworker writes theirs from the caseworker's template, and sees both side by side.
    let cw = app.login("cw").await;
    let mine = app.get(&path, &Auth::Session(cw.clone())).await.text();
    assert!(
        mine.contains("Sagsbehandlerens analyse") && mine.contains("Angst i sociale situationer")
    );
    assert_eq!(
        app.post_form(
            &path,
            &cw,
            &[("limitation", "Ingen uddannelse; ønsker lager")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    let both = app.get(&path, &Auth::Session(cw.clone())).await.text();
    assert!(
        both.contains("Psykolog: psych Testesen") && both.contains("Sagsbehandler: cw Testesen")
    );
    // An edit is version-checked: the psychologist's stale form is refused.
    assert_eq!(
        app.post_form(&path, &ps, &[("version", "1"), ("limitation", "Bedre")])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let stale = app
        .post_form(&path, &ps, &[("version", "1"), ("limitation", "Igen")])
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    // The stale text is kept in the form, with the saved note beside it and
    // the saved version, so that saving again replaces it knowingly.
    let html = stale.text();
    assert!(html.contains(">Igen</textarea>"), "{html}");
    assert!(
        html.contains("Din tekst står stadig i formularen"),
        "{html}"
    );
    assert!(html.contains("Bedre"), "the saved note is shown: {html}");
    assert!(html.contains("name=\"version\" value=\"2\""), "{html}");
    // The caseworker's teammate sees the course, but not the notes, and no menu item for them.
    let team = app.login("cw_team").await;
    let course_page = app
        .get(
            &format!("/forloeb/{course}/historik"),
            &Auth::Session(team.clone()),
        )
        .await;
    assert_eq!(course_page.status, StatusCode::OK);
    assert!(!course_page.text().contains("/analyse"));
    assert_eq!(
        app.get(&path, &Auth::Session(team.clone())).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_form(&path, &team, &note).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(app
        .get(&format!("/forloeb/{course}/historik"), &Auth::Session(cw))
        .await
        .text()
        .contains("/analyse"));
    let log = app.access_log_actions(&cid).await;
    assert!(
        log.iter()
            .any(|(u, a, p)| u == "psych" && a == "update" && p == "sagsbehandling"),
        "{log:?}"
    );
    assert!(log.iter().any(|(u, a, _)| u == "cw" && a == "read"));
}
