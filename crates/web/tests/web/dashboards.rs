//! Management dashboards: caseload with targets and moves, and capacity
//! with waiting times; their exports in CSV and XLSX.

use crate::evaluation::{register_csv, six, upload, upload_named};
use crate::harness::{Auth, TestApp};
use crate::plan::intervention;
use axum::http::{header, StatusCode};
use chrono::{Duration, Utc};
use jobspor_domain::period::Period;
use jobspor_domain::plan::{Placement, PlacementStatus};
use jobspor_domain::{MunicipalityId, PlacementId};
use jobspor_store::{JournalStore, PlanStore};

/// Six valid CPR numbers for fixtures.
pub const CPRS: [&str; 6] = [
    "250380-1714",
    "120367-1155",
    "010190-2005",
    "020290-2006",
    "030390-2007",
    "040490-2008",
];

#[tokio::test]
async fn caseload_targets_proposals_and_moves_with_journal_and_audit() {
    let app = TestApp::new().await;
    let mut courses = Vec::new();
    for (i, cpr) in CPRS.iter().enumerate() {
        courses.push(
            app.citizen_with_course("cw", cpr, &format!("Borger {i}"))
                .await,
        );
    }
    let mgr = app.login("manager").await;
    let auth = Auth::Session(mgr.clone());
    let page = app.get("/ledelse/sagsstamme", &auth).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    // Six kontanthjælp courses are under the default 40–45: nothing to move.
    assert!(
        html.contains("<th scope=\"row\">cw Testesen</th><td>Nord</td><td>6</td>"),
        "{html}"
    );
    assert!(html.contains("Ingen flytninger foreslås"));
    assert!(!html.contains("Borger 0"), "no citizen on a manager's page");

    // A target that cannot hold: refused with a message, nothing saved.
    let bad = app
        .post_form(
            "/ledelse/sagsstamme/maal",
            &mgr,
            &[("group", "kontanthjaelp"), ("min", "5"), ("max", "3")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("mål skal være mellem 1 og 500"));
    let ok = app
        .post_form(
            "/ledelse/sagsstamme/maal",
            &mgr,
            &[("group", "kontanthjaelp"), ("min", "2"), ("max", "3")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let html = app.get("/ledelse/sagsstamme", &auth).await.text();
    assert!(html.contains("<td>2–3</td><td>Over målet</td>"), "{html}");
    // cw_team (same team, no courses) has room; cw_other is in another team.
    assert!(
        html.contains(
            "<td>cw Testesen</td><td>cw_team Testesen</td><td>Kontanthjælp</td><td>3</td>"
        ),
        "{html}"
    );
    let cw = app.user("cw").await;
    let cw_team = app.user("cw_team").await;
    let (from, to) = (cw.id.to_string(), cw_team.id.to_string());
    // Moving asks first, saying what will happen; nothing moves yet.
    let ask = app
        .post_form(
            "/ledelse/sagsstamme/flyt",
            &mgr,
            &[("from", &from), ("to", &to), ("group", "kontanthjaelp")],
        )
        .await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(
        ask.text()
            .contains("3 forløb i Kontanthjælp flyttes fra cw Testesen til cw_team Testesen."),
        "{}",
        ask.text()
    );
    assert!(ask.text().contains("name=\"bekraeftet\" value=\"1\""));
    assert_eq!(app.rows("user_notices").await, 0, "nothing moved yet");
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
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    assert_eq!(moved.location(), "/ledelse/sagsstamme?flyttet=3");
    let mut with_team = 0;
    for (citizen, course) in &courses {
        let c = app.course(course).await;
        if c.caseworker_id == cw_team.id {
            with_team += 1;
            let log = app.access_log_actions(citizen).await;
            assert!(
                log.iter()
                    .any(|(u, a, p)| u == "manager" && a == "update" && p == "fordeling af sager"),
                "{log:?}"
            );
        }
    }
    assert_eq!(with_team, 3);
    // The same move again is no longer proposed.
    let again = app
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
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.text().contains("foreslås ikke længere"));
    // Each moved course has the note in its journal.
    for (_, course) in &courses {
        let c = app.course(course).await;
        let notes = app.store.journal(app.m, c.id).await.expect("journal");
        let noted = notes.iter().any(|e| {
            e.text
                .contains("overdraget fra cw Testesen til cw_team Testesen")
        });
        assert_eq!(noted, c.caseworker_id == cw_team.id);
    }

    let csv = app
        .get(
            "/ledelse/sagsstamme/eksport?tabel=medarbejdere&format=csv",
            &auth,
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.text()
            .contains("\"cw Testesen\";\"Nord\";3;2;3;\"inden for\""),
        "{}",
        csv.text()
    );
    let xlsx = app
        .get("/ledelse/sagsstamme/eksport?tabel=teams&format=xlsx", &auth)
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert_eq!(
        xlsx.headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(xlsx.body.starts_with(b"PK"));
}

fn placement(
    m: MunicipalityId,
    course: &jobspor_domain::course::Course,
    intervention: jobspor_domain::InterventionId,
    unit: jobspor_domain::UnitId,
    queued_days_ago: i64,
    by: jobspor_domain::UserId,
) -> Placement {
    let today = jobspor_domain::time::today_copenhagen(Utc::now());
    Placement {
        id: PlacementId::new(),
        municipality_id: m,
        course_id: course.id,
        citizen_id: course.citizen_id,
        intervention_id: intervention,
        unit_id: unit,
        goal: "Kan gå 30 minutter".into(),
        period: Period {
            from: today,
            to: today + Duration::days(90),
        },
        first_measurement: today + Duration::days(14),
        status: PlacementStatus::Waiting,
        queued_at: Utc::now() - Duration::days(queued_days_ago),
        waiting_position: None,
        created_at: Utc::now(),
        created_by: by,
        ended_at: None,
        end_reason: None,
    }
}

/// One intervention with one place and three citizens: the first gets the
/// place (and ends it), the second had queued ten days and moves up, the
/// third waits. Every group is smaller than five.
async fn small_intervention(app: &TestApp) {
    let unit = app.provider_in("Sundhedscenter", "fys_udf").await;
    let pain = intervention(app, "Smertehåndtering", unit, 1).await;
    let cw = app.user("cw").await;
    let mut placed = Vec::new();
    for (i, cpr) in CPRS.iter().take(3).enumerate() {
        let (_, k) = app
            .citizen_with_course("cw", cpr, &format!("Borger {i}"))
            .await;
        let course = app.course(&k).await;
        // The first gets the one place; the second has queued ten days.
        let p = placement(app.m, &course, pain, unit, [0, 10, 0][i], cw.id);
        let (saved, version) = app.store.place(&p, 0, &[]).await.expect("placed");
        placed.push((course, saved, version));
    }
    assert_eq!(placed[0].1.status, PlacementStatus::Active);
    assert_eq!(placed[1].1.status, PlacementStatus::Waiting);
    let (first_course, first, version) = &placed[0];
    let (_, promoted) = app
        .store
        .end_placement(
            app.m,
            first_course.id,
            first.id,
            "Gennemført",
            *version,
            cw.id,
            Utc::now(),
            &[],
        )
        .await
        .expect("ended");
    assert_eq!(promoted, vec![placed[1].1.id]);
}

#[tokio::test]
async fn capacity_counts_places_queue_and_waiting_times() {
    let app = TestApp::new().await;
    small_intervention(&app).await;

    let mgr = app.login("manager").await;
    let auth = Auth::Session(mgr);
    let page = app.get("/ledelse/kapacitet", &auth).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    // Capacity 1, one in use, one waiting; two got a place, after 0 and 10
    // days. Each of those is a group of fewer than five citizens: suppressed,
    // with the waiting times computed from them (security finding 3).
    assert!(
        html.contains("<th scope=\"row\">Smertehåndtering</th><td>Sundhedscenter</td><td>Fysiske lidelser</td><td>1</td><td>&#60; 5</td><td>&#60; 5</td><td>&#60; 5</td><td>&#60; 5</td><td>&#60; 5</td><td>&#60; 5</td>"),
        "{html}"
    );
    assert!(
        !html.contains("10,0") && !html.contains("5,0"),
        "a waiting time of a small group"
    );
    assert!(html.contains("<svg class=\"chart\""));
    assert!(!html.contains("Borger"), "no citizen on a manager's page");
    for table in ["indsatser", "enheder", "spor", "udvikling"] {
        for format in ["csv", "xlsx"] {
            let r = app
                .get(
                    &format!("/ledelse/kapacitet/eksport?tabel={table}&format={format}"),
                    &auth,
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{table} {format}");
            if format == "csv" {
                let csv = r.text();
                assert!(
                    !csv.contains("10,0") && !csv.contains("5,0"),
                    "{table}: {csv}"
                );
                assert!(csv.contains("< 5"), "{table}: {csv}");
            }
        }
    }
    let csv = app
        .get(
            "/ledelse/kapacitet/eksport?tabel=indsatser&format=csv",
            &auth,
        )
        .await
        .text();
    assert!(
        csv.contains("\"Fysiske lidelser\";1;< 5;< 5;< 5;< 5;< 5;< 5"),
        "{csv}"
    );
    let csv = app
        .get("/ledelse/kapacitet/eksport?tabel=enheder&format=csv", &auth)
        .await
        .text();
    // Unit, one intervention, capacity 1 (no citizens), then the two counts.
    assert!(csv.contains("\"Sundhedscenter\";1;1;< 5;< 5"), "{csv}");
    // The timeline's last month: one in use against one place, one waiting.
    let csv = app
        .get(
            "/ledelse/kapacitet/eksport?tabel=udvikling&format=csv",
            &auth,
        )
        .await
        .text();
    assert!(csv.trim_end().ends_with(";< 5;1;< 5"), "{csv}");
}

/// Every management page and export, walked with a municipality whose
/// only intervention has groups of 1–4 citizens: the figures of those groups
/// (the waiting times 5,0 and 10,0 days above all) appear nowhere.
#[tokio::test]
async fn no_management_page_or_export_shows_a_small_group() {
    let app = TestApp::new().await;
    small_intervention(&app).await;
    let auth = Auth::Session(app.login("manager").await);
    // (`/ledelse` itself only leads on to the first of these.)
    let pages = [
        "/ledelse/resultater",
        "/ledelse/sagsstamme",
        "/ledelse/kapacitet",
        "/ledelse/oekonomi",
        "/ledelse/screening",
        "/ledelse/forskning",
        "/ledelse/hvad-virker",
        "/ledelse/register",
    ];
    let exports = [
        "/ledelse/resultater/eksport",
        "/ledelse/sagsstamme/eksport",
        "/ledelse/kapacitet/eksport",
        "/ledelse/oekonomi/eksport",
        "/ledelse/screening/eksport",
        "/ledelse/hvad-virker/eksport",
    ];
    let mut walked = 0;
    for path in pages {
        let r = app.get(path, &auth).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let body = r.text();
        for small in ["10,0", "5,0"] {
            assert!(!body.contains(small), "{path} shows {small}");
        }
        walked += 1;
    }
    for path in exports {
        let r = app.get(&format!("{path}?format=csv"), &auth).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        let body = r.text();
        for small in ["10,0", "5,0", ";10;"] {
            assert!(!body.contains(small), "{path} shows {small}: {body}");
        }
        let r = app.get(&format!("{path}?format=xlsx"), &auth).await;
        assert_eq!(r.status, StatusCode::OK, "{path} xlsx");
        walked += 1;
    }
    assert_eq!(walked, pages.len() + exports.len());
}

/// With five or more citizens in a group its figures are shown again.
#[tokio::test]
async fn capacity_shows_groups_of_five_or_more() {
    let app = TestApp::new().await;
    let unit = app.provider_in("Sundhedscenter", "fys_udf").await;
    let pain = intervention(&app, "Smertehåndtering", unit, 5).await;
    let cw = app.user("cw").await;
    for (i, cpr) in CPRS.iter().enumerate() {
        let (_, k) = app
            .citizen_with_course("cw", cpr, &format!("Borger {i}"))
            .await;
        let course = app.course(&k).await;
        let p = placement(app.m, &course, pain, unit, 0, cw.id);
        app.store.place(&p, 0, &[]).await.expect("placed");
    }
    let mgr = app.login("manager").await;
    let html = app
        .get("/ledelse/kapacitet", &Auth::Session(mgr))
        .await
        .text();
    // Five in use of five places; one waiting (a small group, suppressed).
    assert!(
        html.contains("<td>Fysiske lidelser</td><td>5</td><td>5</td><td>&#60; 5</td><td>5</td>"),
        "{html}"
    );
}

#[tokio::test]
async fn economics_from_inputs_register_and_a_comparison_group() {
    let app = TestApp::new().await;
    six(&app).await;
    let mgr = app.login("manager").await;
    let auth = Auth::Session(mgr.clone());
    let r = app
        .send(upload(
            &mgr,
            "/ledelse/register",
            register_csv(6).as_bytes(),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // No cohort before the model: that baseline has not enough data.
    let html = app.get("/ledelse/oekonomi", &auth).await.text();
    assert!(html.contains("Ikke nok data til grundlaget"), "{html}");

    let inv = app
        .post_form(
            "/ledelse/oekonomi/investering",
            &mgr,
            &[
                ("year", "2026"),
                ("category", "casework"),
                ("amount", "1.000.000"),
            ],
        )
        .await;
    assert_eq!(inv.status, StatusCode::SEE_OTHER);
    let bad = app
        .post_form(
            "/ledelse/oekonomi/sats",
            &mgr,
            &[
                ("benefit", "Kontant hjælp"),
                ("year", "2026"),
                ("amount", "100.000"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("skriv ydelsens kode som i registeret"));
    let rate = app
        .post_form(
            "/ledelse/oekonomi/sats",
            &mgr,
            &[
                ("benefit", "kontanthjaelp"),
                ("year", "2026"),
                ("amount", "100.000"),
            ],
        )
        .await;
    assert_eq!(rate.status, StatusCode::SEE_OTHER);
    // Weeks must rise; a share may (citizens return to benefit).
    let backwards = app
        .send(upload_named(
            &mgr,
            "/ledelse/oekonomi/sammenligning",
            "naboer.csv",
            b"uge;andel\n0;1\n10;0,5\n5;0,7\n",
        ))
        .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        backwards.text().contains("linje 4: Ugerne skal stige"),
        "{}",
        backwards.text()
    );
    assert!(app.rows("comparison_curves").await == 0);
    let rising = app
        .send(upload_named(
            &mgr,
            "/ledelse/oekonomi/sammenligning",
            "stigende.csv",
            b"uge;andel\n0;1\n10;0,5\n20;0,7\n",
        ))
        .await;
    assert_eq!(rising.status, StatusCode::SEE_OTHER);
    // Everyone would have stayed on benefit: each citizen's weeks off count.
    let ok = app
        .send(upload_named(
            &mgr,
            "/ledelse/oekonomi/sammenligning",
            "naboer.csv",
            b"uge;andel\n0;1\n52;1\n",
        ))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    // Weeks 9–27 of 2026 is 19 weeks; citizen i was on benefit 4 + 3i of
    // them: 45 weeks saved in all, at 100.000 kr. = 4,5 mio. against 1,0.
    let html = app
        .get("/ledelse/oekonomi?grundlag=cmp%3Anaboer", &auth)
        .await
        .text();
    assert!(html.contains("Sammenligning: naboer"), "{html}");
    assert!(
        html.contains("<th scope=\"row\">Sparet forsørgelse</th><td>4,5</td><td>4,5</td>"),
        "{html}"
    );
    assert!(html.contains("<th scope=\"row\">Nettogevinst</th><td>3,5</td><td>3,5</td>"));
    assert!(html.contains("<th scope=\"row\">Akkumuleret afkast</th><td>350 %</td>"));
    // The sensitivity row: weeks and kroner, each with its bootstrap interval
    // (resampling the six citizens: a range around 45 weeks and 4,5 mio.).
    let row = html
        .split("<th scope=\"row\">Sammenligning: naboer</th>")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap_or_default();
    let cells: Vec<&str> = row
        .split("<td>")
        .skip(1)
        .map(|c| c.trim_end_matches("</td>"))
        .collect();
    assert_eq!(cells.len(), 6, "{row}");
    assert_eq!(
        (cells[0], cells[2], cells[4], cells[5]),
        ("45", "4,5", "3,5", "350 %")
    );
    assert!(num_in(cells[1], 45.0) && num_in(cells[3], 4.5), "{row}");
    // What the estimate assumes is said on the page.
    assert!(html.contains("konjunkturerne"), "{html}");
    let csv = app
        .get(
            "/ledelse/oekonomi/eksport?tabel=oekonomi&grundlag=cmp%3Anaboer&format=csv",
            &auth,
        )
        .await
        .text();
    assert!(
        csv.contains("\"sparet forsørgelse (mio. kr.)\";4,5;4,5"),
        "{csv}"
    );
    let xlsx = app
        .get(
            "/ledelse/oekonomi/eksport?tabel=foelsomhed&format=xlsx",
            &auth,
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.body.starts_with(b"PK"));
}

/// Whether "lower – upper" (Danish numbers) contains `v`.
fn num_in(interval: &str, v: f64) -> bool {
    let num = |s: &str| {
        s.replace('.', "")
            .replace(',', ".")
            .parse::<f64>()
            .unwrap_or(f64::NAN)
    };
    interval
        .split_once(" – ")
        .is_some_and(|(lo, hi)| num(lo) <= v && v <= num(hi))
}

#[tokio::test]
async fn screening_validity_says_when_there_is_not_enough_data() {
    let app = TestApp::new().await;
    six(&app).await;
    let auth = Auth::Session(app.login("manager").await);
    // Courses made without a screening have nothing to validate.
    let page = app.get("/ledelse/screening", &auth).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Ikke nok data"), "{}", page.text());
    let csv = app
        .get("/ledelse/screening/eksport?format=csv", &auth)
        .await
        .text();
    assert_eq!(csv.lines().count(), 1, "only the header: {csv}");
}

fn rating(
    p: &Placement,
    rater: jobspor_domain::progression::Rater,
    value: i8,
    days: i64,
    by: jobspor_domain::UserId,
) -> jobspor_domain::progression::Measurement {
    jobspor_domain::progression::Measurement {
        id: jobspor_domain::MeasurementId::new(),
        municipality_id: p.municipality_id,
        course_id: p.course_id,
        placement_id: Some(p.id),
        goal_id: None,
        rater,
        value,
        comment: String::new(),
        measured_on: jobspor_domain::time::today_copenhagen(Utc::now()) + Duration::days(days),
        channel: jobspor_domain::progression::Channel::Staff,
        baseline: days == 0,
        recorded_at: Utc::now(),
        recorded_by: Some(by),
        corrects: None,
    }
}

#[tokio::test]
async fn what_works_shows_each_cell_and_suppresses_small_ones() {
    use jobspor_domain::progression::Rater;
    use jobspor_store::ProgressionStore;
    let app = TestApp::new().await;
    let mut courses = Vec::new();
    for (i, cpr) in CPRS.iter().enumerate() {
        let (_, k) = app
            .citizen_with_course("cw", cpr, &format!("Borger {i}"))
            .await;
        courses.push(app.course(&k).await);
    }
    let unit = app.provider_in("Jobhuset", "mentor_udf").await;
    let mentor = intervention(&app, "Mentor", unit, 10).await;
    let small = intervention(&app, "Virksomhedspraktik", unit, 10).await;
    let cw = app.user("cw").await;
    for (i, course) in courses.iter().enumerate() {
        let p = placement(app.m, course, mentor, unit, 0, cw.id);
        let (p, v) = app.store.place(&p, 0, &[]).await.expect("placed");
        // The citizen's rating rises by 3, the provider's by 1.
        for (rater, from, to) in [(Rater::Citizen, 3, 6), (Rater::Provider, 4, 5)] {
            for (value, days) in [(from, 0), (to, 30)] {
                app.store
                    .add_measurement(&rating(&p, rater, value, days, cw.id), &[])
                    .await
                    .expect("rating");
            }
        }
        // Two citizens also had a company placement: too few to show.
        if i < 2 {
            let q = placement(app.m, course, small, unit, 0, cw.id);
            app.store.place(&q, v, &[]).await.expect("placed");
        }
    }
    let mgr = app.login("manager").await;
    let auth = Auth::Session(mgr.clone());
    let r = app
        .send(upload(
            &mgr,
            "/ledelse/register",
            register_csv(6).as_bytes(),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let page = app.get("/ledelse/hvad-virker", &auth).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        html.contains("<th scope=\"col\">Kontanthjælp</th>"),
        "{html}"
    );
    assert!(
        html.contains("<dt>Borgere</dt><dd>6</dd>\n    <dt>Ændring, borger</dt><dd>+3,0</dd>\n    <dt>Ændring, udfører</dt><dd>+1,0</dd>"),
        "{html}"
    );
    assert!(html.contains(
        "<th scope=\"row\">Virksomhedspraktik</th><td><span class=\"muted\">Under 5</span>"
    ));
    // Everyone had the mentor and the profiles are too small to adjust for.
    let cox = &html[html.find("<h2>Justeret sammenligning (Cox)</h2>").unwrap()..];
    assert!(
        cox.contains("<p role=\"status\">Ikke nok data</p>"),
        "{cox}"
    );
    assert!(!html.contains("Borger 0"), "no citizen on a manager's page");
    let csv = app
        .get(
            "/ledelse/hvad-virker/eksport?tabel=matrix&format=csv",
            &auth,
        )
        .await
        .text();
    // Profiles by name, not code.
    assert!(csv.contains("\"Mentor\";\"Kontanthjælp\";6;3;1;"), "{csv}");
    // A small group's count and every figure from it read "< 5", as on
    // the page and in every other export.
    assert!(
        csv.contains("\"Virksomhedspraktik\";\"Kontanthjælp\";< 5;< 5;< 5;< 5;< 5;< 5;< 5\r\n"),
        "{csv}"
    );
    assert!(!csv.contains("kontanthjaelp"), "{csv}");
    // By age band: 30–39 has four citizens (suppressed), the others one each.
    let html = app
        .get("/ledelse/hvad-virker?profil=age", &auth)
        .await
        .text();
    assert!(html.contains("<th scope=\"col\">30–39</th>"), "{html}");
    assert!(!html.contains("<dd>4</dd>"), "a cell of four is not shown");
}

#[tokio::test]
async fn the_research_export_is_pseudonymised_stable_and_audited() {
    let app = TestApp::new().await;
    let ids = six(&app).await;
    let mgr = app.login("manager").await;
    let auth = Auth::Session(mgr.clone());
    let r = app
        .send(upload(
            &mgr,
            "/ledelse/register",
            register_csv(6).as_bytes(),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let page = app.get("/ledelse/forskning", &auth).await;
    assert_eq!(page.status, StatusCode::OK);
    let path = "/ledelse/forskning/eksport?format=csv";
    let first = app.get(path, &auth).await.text();
    let lines: Vec<&str> = first.lines().collect();
    assert_eq!(
        lines[0],
        "\"borger\";\"forloeb\";\"maalgruppe\";\"startuge\";\"aldersgruppe\";\"risiko_screening\";\"risiko_vurdering\";\"spoergeskema\";\"indsatser\";\"uger\";\"selvforsoergelse\";\"aendring_borger\";\"aendring_udfoerer\""
    );
    assert_eq!(lines.len(), 7, "one line per course");
    for cpr in CPRS {
        assert!(!first.contains(&cpr[..6]), "no CPR in the export");
    }
    for id in &ids {
        assert!(!first.contains(id.as_str()), "no citizen id in the export");
    }
    assert!(!first.contains("Borger"), "no names");
    assert!(!first.contains("2026-03-01"), "no exact dates");
    assert!(first.contains(";\"202609\";"), "the start as a week");
    // The citizen who left benefit after week 12 (4 weeks): an event at 4.
    assert!(first.contains(";4;1;;"), "{first}");
    // The same pseudonyms the next time.
    let second = app.get(path, &auth).await.text();
    assert_eq!(first, second);
    let log = app.access_log_actions(&ids[0]).await;
    assert!(
        log.iter().any(|(u, a, p)| u == "manager"
            && a == "export"
            && p == "forskning (pseudonymiseret udtræk)"),
        "{log:?}"
    );
    let cw = Auth::Session(app.login("cw").await);
    assert_eq!(app.get(path, &cw).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn screening_validity_from_triaged_courses_and_the_register() {
    let app = TestApp::new().await;
    let pool = app.store.pool();
    let (definition, title, version): (String, String, i64) = sqlx::query_as(
        "SELECT id, title, version FROM questionnaire_definitions ORDER BY id LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let cw = app.user("cw").await;
    let mut register = String::from("cpr;fra_uge;til_uge;ydelse\n");
    for i in 0..10u32 {
        let cpr = format!("{:02}0190-12{:02}", i + 1, 30 + i);
        let (cid, k) = app
            .citizen_with_course("cw", &cpr, &format!("Borger {i}"))
            .await;
        sqlx::query("UPDATE courses SET start_date = '2024-01-01' WHERE id = $1")
            .bind(&k)
            .execute(pool)
            .await
            .unwrap();
        let rid = uuid::Uuid::now_v7().to_string();
        sqlx::query("INSERT INTO questionnaire_responses (id, municipality_id, citizen_id, definition_id, channel, language, status, answers, result, entered_by, created_at, updated_at, submitted_at, version) VALUES ($1, $2, $3, $4, 'staff', 'da', 'submitted', '{}', NULL, $5, 0, 0, 0, 1)")
            .bind(&rid).bind(app.m.to_string()).bind(&cid).bind(&definition).bind(cw.id.to_string())
            .execute(pool).await.unwrap();
        // The screening said high for the first five, low for the others;
        // the caseworker said moderate for all.
        let suggested = if i < 5 { "high" } else { "low" };
        sqlx::query("INSERT INTO triages (id, municipality_id, citizen_id, response_id, suggested_risk, suggested_readiness, assessed_risk, assessed_readiness, disagrees, decision, framework_id, course_id, note, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, NULL, 'moderate', NULL, 0, 'course', NULL, $6, '', $7, 0)")
            .bind(uuid::Uuid::now_v7().to_string()).bind(app.m.to_string()).bind(&cid).bind(&rid).bind(suggested).bind(&k).bind(cw.id.to_string())
            .execute(pool).await.unwrap();
        // The first five stay on benefit 82 weeks, the others 10.
        let last = if i < 5 { "202530" } else { "202410" };
        register.push_str(&format!(
            "{};202401;{last};kontanthjaelp\n",
            cpr.replace('-', "")
        ));
    }
    let mgr = app.login("manager").await;
    let auth = Auth::Session(mgr.clone());
    let r = app
        .send(upload(&mgr, "/ledelse/register", register.as_bytes()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let html = app.get("/ledelse/screening", &auth).await.text();
    assert!(
        html.contains(&format!("<h2>{title} (version {version})</h2>")),
        "{html}"
    );
    // The screening told them apart perfectly; the caseworker not at all.
    assert!(
        html.contains(
            "Screeningens risikoklasse: AUC 1,00 (95 %-interval: DeLong 1,00–1,00; Hanley–McNeil 1,00–1,00)"
        ),
        "{html}"
    );
    assert!(
        html.contains("Sagsbehandlerens vurdering: AUC 0,50"),
        "{html}"
    );
    assert!(
        html.contains("<th scope=\"row\">Høj</th><td>5</td><td>100,0 %</td>"),
        "{html}"
    );
    assert!(
        html.contains("<th scope=\"row\">Lav</th><td>5</td><td>0,0 %</td>"),
        "{html}"
    );
    let xlsx = app
        .get("/ledelse/screening/eksport?format=xlsx", &auth)
        .await;
    assert!(xlsx.body.starts_with(b"PK"));
}
