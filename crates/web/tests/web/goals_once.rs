//! Goals typed once: the conference record's agreed interventions and goals
//! fill the plan's lines, and a plan line's goal starts the placement's
//! first progression goal; every step stays editable.

use crate::harness::{Auth, TestApp};
use crate::plan::{intervention, iso};
use axum::http::StatusCode;

#[tokio::test]
async fn the_conference_record_fills_the_plan_and_the_plan_the_progression_goal() {
    let app = TestApp::new().await;
    let unit = app.provider_in("Jobcenter Mentor", "mentor_udf").await;
    let mentor = intervention(&app, "Mentorhus", unit, 5).await;
    let (_, k) = app
        .citizen_with_course("cw", "250380-1714", "Karen Konference")
        .await;
    let cw = app.login("cw").await;
    let unit_id = unit.to_string();
    let (from, to) = (iso(0), iso(120));
    let consent = app
        .post_form(
            &format!("/forloeb/{k}/samtykke"),
            &cw,
            &[
                ("unit", unit_id.as_str()),
                ("scope", "Mål, datoer og kontaktoplysninger"),
                ("purpose", "Mentorhus"),
                ("from", from.as_str()),
                ("to", to.as_str()),
                ("method", "written"),
            ],
        )
        .await;
    assert_eq!(consent.status, StatusCode::SEE_OTHER, "{}", consent.text());
    let auth = Auth::Session(cw.clone());
    let cw_id = app.user("cw").await.id.to_string();
    let (date, goal) = (iso(10), "Møder stabilt op tre dage om ugen");
    let agreed = format!("Mentorhus: {goal}");
    let saved = app
        .post_form(
            &format!("/forloeb/{k}/konference"),
            &cw,
            &[
                ("version", ""),
                ("date", &date),
                ("time", "13:00"),
                ("location", "Mødelokale 1"),
                ("participants", &cw_id),
                ("employment_goal", "Job i detail, 15 timer"),
                ("agreed", &agreed),
                ("citizen_statement", "Jeg vil gerne prøve"),
                ("citizen_agrees", "on"),
                ("further_assessment", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());

    // The plan lists what was agreed, with a way to put it in the plan.
    let plan = format!("/forloeb/{k}/indsatsplan");
    let html = app.get(&plan, &auth).await.text();
    assert!(html.contains("Aftalt på konferencen"), "{html}");
    assert!(
        html.contains(&format!("<strong>Mentorhus</strong>: {goal}")),
        "{html}"
    );
    assert!(html.contains("?aftalt=0#tilfoej"), "{html}");
    // That way opens the add form filled in: the intervention and the goal.
    let form = app.get(&format!("{plan}?aftalt=0"), &auth).await.text();
    assert!(
        form.contains(&format!("<option value=\"{mentor}\" selected>")),
        "{form}"
    );
    assert!(form.contains(&format!(">{goal}</textarea>")), "{form}");
    // A line number the record does not have fills in nothing.
    let none = app.get(&format!("{plan}?aftalt=7"), &auth).await;
    assert_eq!(none.status, StatusCode::OK);
    assert!(!none.text().contains(&format!(">{goal}</textarea>")));

    // Saved as filled in (dates as offered), the line is in the plan.
    let (s, e, f) = (iso(0), iso(83), iso(14));
    let added = app
        .post_form(
            &plan,
            &cw,
            &[
                ("version", "0"),
                ("intervention", &mentor.to_string()),
                ("goal", goal),
                ("start", &s),
                ("end", &e),
                ("first_measurement", &f),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
    let html = app.get(&plan, &auth).await.text();
    assert!(html.contains("er i planen"), "{html}");
    assert!(!html.contains("?aftalt=0#tilfoej"));

    // The placement's first progression goal starts from the plan's goal.
    let progression = app
        .get(&format!("/forloeb/{k}/progression"), &auth)
        .await
        .text();
    assert!(
        progression.contains("name=\"question\"")
            && progression.contains(&format!("value=\"{goal}\">")),
        "{progression}"
    );
}
