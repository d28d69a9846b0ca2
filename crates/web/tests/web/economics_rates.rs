//! The economics page's weekly rates: a year's in one form, a file of them,
//! and every kind of bad input refused with the page shown again and
//! nothing changed.

use crate::evaluation::{six, upload_named};
use crate::harness::{Auth, TestApp};
use axum::http::{header, StatusCode};

const RATES: &str = "benefit_rates WHERE year = 2025";

#[tokio::test]
async fn a_years_rates_are_set_in_one_form_and_a_blank_removes_one() {
    let app = TestApp::new().await;
    six(&app).await;
    let mgr = app.login("manager").await;
    let auth = Auth::Session(mgr.clone());
    let page = app
        .get("/ledelse/oekonomi?satsaar=2025", &auth)
        .await
        .text();
    assert!(page.contains("Ugesatser for 2025"), "{page}");
    assert!(page.contains("<label for=\"rate-kontanthjaelp\">Kontanthjælp</label>"));

    let r = app
        .post_form(
            "/ledelse/oekonomi/satser",
            &mgr,
            &[
                ("year", "2025"),
                ("rate.kontanthjaelp", "2.905,50"),
                ("rate.sygedagpenge", "4.915"),
                ("rate.dagpenge", ""),
                ("new_benefit", "seniorpension"),
                ("new_amount", "4.000"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers[header::LOCATION],
        "/ledelse/oekonomi?satsaar=2025#satser"
    );
    assert_eq!(app.rows(RATES).await, 3);
    assert_eq!(
        app.rows("audit_log WHERE object LIKE 'benefit_rate:%:2025'")
            .await,
        3,
        "each rate set; a blank field where there was no rate changes nothing"
    );
    // The form shows the year's rates back, and the other benefit by its code.
    let page = app
        .get("/ledelse/oekonomi?satsaar=2025", &auth)
        .await
        .text();
    assert!(
        page.contains("name=\"rate.kontanthjaelp\" value=\"2.905,50\""),
        "{page}"
    );
    assert!(
        page.contains("name=\"rate.seniorpension\" value=\"4.000,00\""),
        "{page}"
    );

    // A blank field removes that year's rate; the others stay.
    let r = app
        .post_form(
            "/ledelse/oekonomi/satser",
            &mgr,
            &[
                ("year", "2025"),
                ("rate.kontanthjaelp", "2.905,50"),
                ("rate.sygedagpenge", ""),
                ("rate.seniorpension", "4.000,00"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(app.rows(RATES).await, 2);
    assert_eq!(
        app.rows("benefit_rates WHERE benefit = 'sygedagpenge'")
            .await,
        0
    );
}

#[tokio::test]
async fn bad_rates_in_the_form_keep_what_was_typed_and_change_nothing() {
    let app = TestApp::new().await;
    six(&app).await;
    let mgr = app.login("manager").await;
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[("year", "2025"), ("rate.kontanthjaelp", "2905.50")],
            "Satsen for kontanthjaelp: Skriv beløbet med decimalkomma",
        ),
        (
            &[("year", "2025"), ("rate.kontanthjaelp", "mange")],
            "Satsen for kontanthjaelp: ",
        ),
        (
            &[("year", "2025"), ("rate.kontanthjaelp", "0")],
            "Satsen skal være over 0 kr.",
        ),
        (
            &[
                ("year", "2025"),
                ("rate.kontanthjaelp", "100"),
                ("new_benefit", "Kontant hjælp"),
                ("new_amount", "100"),
            ],
            "skriv ydelsens kode som i registeret",
        ),
        (
            &[("year", "i år"), ("rate.kontanthjaelp", "100")],
            "skriv et årstal",
        ),
    ];
    for (fields, said) in cases {
        let r = app
            .post_form("/ledelse/oekonomi/satser", &mgr, fields)
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        let page = r.text();
        assert!(page.contains(said), "{said}: {page}");
        assert_eq!(app.rows("benefit_rates").await, 0, "{fields:?}");
        // What was typed is in the form again (a bad year: nothing to keep).
        if let Some((_, typed)) = fields.iter().find(|(k, _)| *k == "rate.kontanthjaelp") {
            if fields[0].1 == "2025" {
                assert!(
                    page.contains(&format!("name=\"rate.kontanthjaelp\" value=\"{typed}\"")),
                    "{page}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_file_of_rates_is_saved_whole_or_not_at_all() {
    let app = TestApp::new().await;
    six(&app).await;
    let mgr = app.login("manager").await;
    let bad = app
        .send(upload_named(
            &mgr,
            "/ledelse/oekonomi/satser/fil",
            "satser.csv",
            "ydelse;aar;kr_pr_uge\nkontanthjaelp;2025;2.905,50\nkontanthjaelp;2025;3.000\nsygedagpenge;20x5;4.915\n"
                .as_bytes(),
        ))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = bad.text();
    assert!(
        page.contains("linje 3: Satsen for ydelsen og året står også i linje 2"),
        "{page}"
    );
    assert!(page.contains("linje 4: skriv et årstal"), "{page}");
    assert_eq!(app.rows("benefit_rates").await, 0);

    let mut file = String::from("ydelse;aar;kr_pr_uge\n");
    for year in 2015..=2025 {
        for (benefit, kr) in [
            ("kontanthjaelp", "2.500"),
            ("sygedagpenge", "4.000,50"),
            ("dagpenge", "4.300"),
            ("ledighedsydelse", "3.900"),
        ] {
            file.push_str(&format!("{benefit};{year};{kr}\n"));
        }
    }
    let ok = app
        .send(upload_named(
            &mgr,
            "/ledelse/oekonomi/satser/fil",
            "satser.csv",
            file.as_bytes(),
        ))
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    // 44 weekly rates, as the issue counted them, in one go.
    assert_eq!(app.rows("benefit_rates").await, 44);
    assert_eq!(
        app.rows("benefit_rates WHERE benefit = 'sygedagpenge' AND ore_per_week = 400050")
            .await,
        11
    );
    assert_eq!(
        app.rows("audit_log WHERE object LIKE 'benefit_rate:%'")
            .await,
        44
    );
    let empty = app
        .send(upload_named(
            &mgr,
            "/ledelse/oekonomi/satser/fil",
            "tom.csv",
            b"ydelse;aar;kr_pr_uge\n",
        ))
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.text().contains("Filen har ingen satser"));
}

#[tokio::test]
async fn only_managers_set_rates() {
    let app = TestApp::new().await;
    for user in ["cw", "admin"] {
        let s = app.login(user).await;
        let r = app
            .post_form(
                "/ledelse/oekonomi/satser",
                &s,
                &[("year", "2025"), ("rate.kontanthjaelp", "100")],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
        let r = app
            .send(upload_named(
                &s,
                "/ledelse/oekonomi/satser/fil",
                "s.csv",
                b"kontanthjaelp;2025;100\n",
            ))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
    }
    assert_eq!(app.rows("benefit_rates").await, 0);
}
