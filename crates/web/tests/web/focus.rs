//! Focus areas on a course: the team records ICF-coded findings.

use crate::harness::{Auth, TestApp};
use axum::http::StatusCode;
use jobspor_store::{CourseStore, FocusStore};

#[tokio::test]
async fn the_team_records_focus_areas_and_removal_is_soft() {
    let app = TestApp::new().await;
    let (cid, course) = app.citizen_with_course("cw", "250380-1714", "Karen").await;
    let k = app.course(&course).await;
    let psych = app.user("psych").await;
    app.store
        .add_course_member(&k, psych.id, &[])
        .await
        .unwrap();
    let ps = app.login("psych").await;
    let path = format!("/forloeb/{course}/fokusomraader");
    let empty = app.get(&path, &Auth::Session(ps.clone())).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.text().contains("Ingen fokusområder endnu"));
    let row = |component: &'static str,
               polarity: &'static str,
               code: &'static str,
               q: &'static str,
               prio: &'static str| {
        vec![
            ("component", component),
            ("polarity", polarity),
            ("description", "Smerter ved længere tids siddende arbejde"),
            ("icf_code", code),
            ("qualifier", q),
            ("priority", prio),
            ("suggested_intervention", "Smertehåndteringsforløb"),
            ("profession", "psychologist"),
        ]
    };
    assert_eq!(
        app.post_form(&path, &ps, &row("b", "barrier", "b28013", "2", "1"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.post_form(&path, &ps, &row("e", "resource", "e310", "+3", "2"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // Refused: unknown code, a gradient for the wrong direction or component, a coded personal factor.
    for (fields, needle) in [
        (
            row("b", "barrier", "b28014", "2", "1"),
            "findes ikke i klassifikationen",
        ),
        (
            row("e", "barrier", "e310", "+3", "1"),
            "en barriere har en barrieregrad",
        ),
        (
            row("b", "barrier", "b28013", "+2", "1"),
            "graden skal være 0–4, 8 eller 9",
        ),
        (
            row("d", "barrier", "b28013", "2", "1"),
            "hører ikke til den valgte komponent",
        ),
        (
            row("pf", "resource", "b130", "", "1"),
            "personlige faktorer kodes ikke",
        ),
    ] {
        let r = app.post_form(&path, &ps, &fields).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{needle}");
        assert!(r.text().contains(needle), "{needle}");
        // The form comes back as it was typed, not empty.
        let typed = |k: &str| fields.iter().find(|(f, _)| *f == k).map_or("", |(_, v)| *v);
        let html = r.text();
        assert!(
            html.contains(">Smerter ved længere tids siddende arbejde</textarea>")
                && html.contains(&format!("value=\"{}\">", typed("icf_code")))
                && html.contains("value=\"Smertehåndteringsforløb\"")
                && html.contains(&format!(
                    "<option value=\"{0}\" selected>{0}</option>",
                    typed("priority")
                ))
                && html.contains(&format!("value=\"{}\" checked", typed("polarity"))),
            "{needle}: {html}"
        );
    }
    let table = app.get(&path, &Auth::Session(ps.clone())).await.text();
    assert!(
        table.contains("b28013.2")
            && table.contains("Smerter i ryggen")
            && table.contains("moderat (25–49 %)")
    );
    assert!(
        table.contains("e310+3")
            && table.contains("fremmende: svær (50–95 %)")
            && table.contains("Psykolog")
    );
    // Filter: only resources.
    let resources = app
        .get(&format!("{path}?type=resource"), &Auth::Session(ps.clone()))
        .await
        .text();
    assert!(resources.contains("e310+3") && !resources.contains("b28013.2"));
    // Removal: soft and audited; gone from the table, kept in the record.
    let back = app
        .store
        .focus_areas(app.m, k.id, false)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.priority == 1)
        .unwrap();
    let cw = app.login("cw").await;
    let r = app
        .post_form(&format!("{path}/{}/fjern", back.id), &cw, &[])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(!app
        .get(&path, &Auth::Session(cw.clone()))
        .await
        .text()
        .contains("b28013.2"));
    let kept = app.store.focus_areas(app.m, k.id, true).await.unwrap();
    assert!(kept
        .iter()
        .any(|a| a.id == back.id && a.removed_by.is_some()));
    assert!(app
        .access_log_actions(&cid)
        .await
        .iter()
        .any(|(u, a, _)| u == "cw" && a == "delete"));
    // Others see nothing and change nothing.
    let stranger = app.login("cw_other").await;
    assert_eq!(
        app.get(&path, &Auth::Session(stranger.clone()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_form(&path, &stranger, &row("b", "barrier", "b130", "1", "1"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let other = kept.iter().find(|a| a.removed_by.is_none()).unwrap();
    assert_eq!(
        app.post_form(&format!("{path}/{}/fjern", other.id), &stranger, &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_icf_lookup_finds_codes_by_code_or_words_and_fills_the_form() {
    let app = TestApp::new().await;
    let (_, k) = app
        .citizen_with_course("cw", "250380-1714", "Karen Kode")
        .await;
    let cw = app.login("cw").await;
    let auth = Auth::Session(cw.clone());
    let path = format!("/forloeb/{k}/fokusomraader");
    // By code: every category under b280.
    let html = app.get(&format!("{path}?icf=b280"), &auth).await.text();
    assert!(
        html.contains("<td>b280</td>") && html.contains("<td>b28013</td>"),
        "{html}"
    );
    assert!(html.contains("?kode=b28013#ny"), "{html}");
    // By words, in Danish letters and part of a word.
    let html = app
        .get(&format!("{path}?icf=sm%C3%A6rt"), &auth)
        .await
        .text();
    let words = app.get(&format!("{path}?icf=smerte"), &auth).await.text();
    assert!(words.contains("id=\"icf-hits\""), "{words}");
    assert!(!html.contains("<td>b280</td>") || html.contains("smært"));
    // Nothing found is said so.
    let none = app.get(&format!("{path}?icf=qqqq"), &auth).await.text();
    assert!(none.contains("Ingen kategorier passer."), "{none}");
    // Choosing a code fills the form's code and component.
    let form = app.get(&format!("{path}?kode=b28013"), &auth).await.text();
    assert!(form.contains("value=\"b28013\">"), "{form}");
    assert!(form.contains("<option value=\"b\" selected>"), "{form}");
    // The gradient is explained next to its field, for both kinds of scale.
    assert!(form.contains("Hvad betyder graden?"));
    assert!(
        form.contains("<dt>2</dt><dd>moderat (25–49 %)</dd>"),
        "{form}"
    );
    assert!(
        form.contains("<dt>+3</dt><dd>fremmende: svær (50–95 %)</dd>"),
        "{form}"
    );
}
