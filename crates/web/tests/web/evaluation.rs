//! Management: the benefit register import (line-by-line report, all or
//! nothing, dry run) and the outcomes dashboard (suppression, export).

use crate::harness::{Auth, Session, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use jobspor_store::EvaluationStore;

/// CPR numbers that pass modulus 11, for six citizens.
const CPRS: [&str; 6] = [
    "250380-1714",
    "120367-1155",
    "010190-2005",
    "020290-2006",
    "030390-2007",
    "040490-2008",
];

pub fn upload(s: &Session, path: &str, body: &[u8]) -> Request<Body> {
    upload_named(s, path, "uge.csv", body)
}

pub fn upload_named(s: &Session, path: &str, file: &str, body: &[u8]) -> Request<Body> {
    let b = "RegB";
    let mut out = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n",
        s.csrf
    )
    .into_bytes();
    out.extend_from_slice(
        format!("--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file}\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes(),
    );
    out.extend_from_slice(body);
    out.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={b}"),
        )
        .header(header::COOKIE, &s.cookie)
        .body(Body::from(out))
        .unwrap()
}

/// Six citizens with courses from 2026-03-01; citizen i was on benefit from
/// week 9 to week 12 + 3i. The last one's period reaches the register's end.
pub async fn six(app: &TestApp) -> Vec<String> {
    let mut ids = Vec::new();
    for (i, cpr) in CPRS.iter().enumerate() {
        let (cid, _) = app
            .citizen_with_course("cw", cpr, &format!("Borger {i}"))
            .await;
        ids.push(cid);
    }
    ids
}

pub fn register_csv(n: usize) -> String {
    let mut s = String::from("cpr;fra_uge;til_uge;ydelse\n");
    for (i, cpr) in CPRS.iter().take(n).enumerate() {
        s.push_str(&format!(
            "{};202609;2026{:02};kontanthjaelp\n",
            cpr.replace('-', ""),
            12 + 3 * i
        ));
    }
    s
}

#[tokio::test]
async fn a_bad_register_file_is_reported_line_by_line_and_nothing_is_imported() {
    let app = TestApp::new().await;
    six(&app).await;
    let mgr = app.login("manager").await;
    let mut bad = register_csv(2).into_bytes();
    bad.extend_from_slice(b"2503801714;202611;202615;kontanthjaelp\n"); // 4: overlaps line 2
    bad.extend_from_slice(b"1111111118;202601;202602;kontanthjaelp\n"); // 5: unknown CPR
    bad.extend_from_slice(b"0101902005;202553;202602;kontanthjaelp\n"); // 6: 2025 has 52 weeks
    bad.extend_from_slice(b"0202902006;202601;202602;kontanthj\xe6lp\n"); // 7: Latin-1
    let r = app.send(upload(&mgr, "/ledelse/register", &bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    for line in [
        "Linje 4: Perioden overlapper linje 2",
        "Linje 6: Fra-ugen",
        "Linje 7: Linjen er ikke UTF-8",
    ] {
        assert!(page.contains(line), "{line} missing in {page}");
    }
    assert!(app.store.benefit_periods(app.m).await.unwrap().is_empty());
}

/// Security finding 1: the dry run told, line by line, whether a CPR number
/// was a citizen's, and showed their earlier benefit periods, unaudited.
/// Now no line says so, the counts follow the small-cell rule, and every
/// CPR number looked up is audited on every path.
#[tokio::test]
async fn the_register_import_tells_a_manager_nothing_about_one_person_and_audits_every_lookup() {
    let app = TestApp::new().await;
    let ids = six(&app).await;
    let mgr = app.login("manager").await;
    let lookups = "SELECT COUNT(*) FROM audit_log WHERE object LIKE 'register_import:%:lookup%' AND action = 'read'";
    // A one-line probe with a citizen, then with a stranger: the same answer.
    let citizen = "cpr;fra_uge;til_uge;ydelse\n2503801714;202609;202612;kontanthjaelp\n";
    let stranger = "cpr;fra_uge;til_uge;ydelse\n1111111118;202609;202612;kontanthjaelp\n";
    let mut answers = Vec::new();
    for file in [citizen, stranger] {
        let r = app
            .send(upload(&mgr, "/ledelse/register/proeve", file.as_bytes()))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let page = r.text();
        assert!(!page.contains("1111111118") && !page.contains("2503801714"));
        let report: String = page
            .split("<dl>")
            .nth(1)
            .and_then(|d| d.split("</dl>").next())
            .expect("the report")
            .to_string();
        answers.push(report);
    }
    assert_eq!(
        answers[0], answers[1],
        "a probe tells a citizen from a stranger"
    );
    assert!(answers[0].contains("færre end 5"));
    // Both lookups are in the audit log: the citizen by name, the stranger
    // as a count (no CPR number is written).
    assert_eq!(app.count(lookups, &[]).await, 2);
    let log = app.access_log_actions(&ids[0]).await;
    assert!(
        log.iter().any(|(who, action, purpose)| who == "manager"
            && action == "read"
            && purpose == "ledelsesinformation og evaluering"),
        "{log:?}"
    );
    let strangers = "SELECT COUNT(*) FROM audit_log WHERE object LIKE '%:1 uden borger'";
    assert_eq!(app.count(strangers, &[]).await, 1);
    // A real import leaves the stranger out and imports the rest.
    let mut file = register_csv(6);
    file.push_str("1111111118;202609;202612;kontanthjaelp\n");
    let r = app
        .send(upload(&mgr, "/ledelse/register", file.as_bytes()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(app.store.benefit_periods(app.m).await.unwrap().len(), 6);
    assert_eq!(app.count(lookups, &[]).await, 2 + 6 + 1);
    // An overlap with earlier periods says how many lines, not which or
    // what was there; and the lookup is audited on that error path too.
    let clash = "cpr;fra_uge;til_uge;ydelse\n2503801714;202610;202611;sygedagpenge\n";
    let r = app
        .send(upload(&mgr, "/ledelse/register", clash.as_bytes()))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    assert!(
        page.contains("Nogle linjer (færre end 5) overlapper"),
        "{page}"
    );
    assert!(
        !page.contains("202609") && !page.contains("kontanthjaelp") && !page.contains("Linje 2")
    );
    assert_eq!(app.count(lookups, &[]).await, 2 + 6 + 1 + 1);
}

#[tokio::test]
async fn a_dry_run_shows_the_change_and_the_import_writes_it_all_with_audit() {
    let app = TestApp::new().await;
    let ids = six(&app).await;
    let mgr = app.login("manager").await;
    let file = register_csv(6);
    let r = app
        .send(upload(&mgr, "/ledelse/register/proeve", file.as_bytes()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("Prøveindlæsning"));
    assert!(r.text().contains(r#"<dd id="r-added">6</dd>"#));
    assert!(app.store.benefit_periods(app.m).await.unwrap().is_empty());

    let r = app
        .send(upload(&mgr, "/ledelse/register", file.as_bytes()))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("Filen er indlæst"));
    assert_eq!(app.store.benefit_periods(app.m).await.unwrap().len(), 6);
    let log = app.access_log_actions(&ids[0]).await;
    assert!(
        log.iter().any(|(who, action, purpose)| who == "manager"
            && action == "create"
            && purpose == "ledelsesinformation og evaluering"),
        "{log:?}"
    );

    // The next week's delivery: the same periods, one running period longer.
    let next = file.replace("202609;202627;", "202609;202629;");
    let r = app
        .send(upload(&mgr, "/ledelse/register/proeve", next.as_bytes()))
        .await;
    // One extended (a small cell), five unchanged.
    assert!(
        r.text().contains(r#"<dd id="r-extended">færre end 5</dd>"#),
        "{}",
        r.text()
    );
    assert!(r.text().contains(r#"<dd id="r-unchanged">5</dd>"#));
    // A period that starts inside an imported one is an overlap, not a change.
    let clash = "cpr;fra_uge;til_uge;ydelse\n2503801714;202610;202611;sygedagpenge\n";
    let r = app
        .send(upload(&mgr, "/ledelse/register", clash.as_bytes()))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r
        .text()
        .contains("overlapper perioder, der allerede er indlæst"));
}

#[tokio::test]
async fn only_managers_see_evaluation() {
    let app = TestApp::new().await;
    for user in ["cw", "psych", "provider", "admin"] {
        let s = app.login(user).await;
        for path in [
            "/ledelse/resultater",
            "/ledelse/register",
            "/ledelse/resultater/eksport?format=xlsx",
            "/ledelse/sagsstamme",
            "/ledelse/sagsstamme/eksport",
            "/ledelse/kapacitet",
            "/ledelse/kapacitet/eksport?format=xlsx",
            "/ledelse/oekonomi",
            "/ledelse/oekonomi/eksport",
            "/ledelse/screening",
            "/ledelse/screening/eksport?format=xlsx",
        ] {
            let r = app.get(path, &Auth::Session(s.clone())).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{user} {path}");
        }
        let r = app
            .send(upload(&s, "/ledelse/register", register_csv(1).as_bytes()))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user} upload");
        for (path, fields) in [
            (
                "/ledelse/sagsstamme/maal",
                vec![("group", "kontanthjaelp"), ("min", "1"), ("max", "2")],
            ),
            (
                "/ledelse/oekonomi/investering",
                vec![("year", "2026"), ("category", "casework"), ("amount", "1")],
            ),
            (
                "/ledelse/oekonomi/sats",
                vec![
                    ("benefit", "kontanthjaelp"),
                    ("year", "2026"),
                    ("amount", "1"),
                ],
            ),
            (
                "/ledelse/sagsstamme/flyt",
                vec![("from", "x"), ("to", "y"), ("group", "kontanthjaelp")],
            ),
        ] {
            let r = app.post_form(path, &s, &fields).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{user} {path}");
        }
    }
}

#[tokio::test]
async fn the_outcomes_dashboard_shows_groups_of_five_or_more_and_exports_them() {
    let app = TestApp::new().await;
    six(&app).await;
    let mgr = app.login("manager").await;
    let auth = Auth::Session(mgr.clone());
    // Without register data the exits stand in: six open courses, no event.
    // As in R, that is a flat curve: no one has reached self-support (0 %),
    // and the median is not reached; not "not enough data".
    let page = app.get("/ledelse/resultater", &auth).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text().contains("Ikke nok data"), "{}", page.text());
    assert!(
        page.text()
            .contains("<td>6</td><td>Ikke nået</td><td>40</td><td>0,0 %</td>"),
        "{}",
        page.text()
    );
    assert!(page.text().contains("forløbets afslutning: 6"));

    let r = app
        .send(upload(
            &mgr,
            "/ledelse/register",
            register_csv(6).as_bytes(),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let page = app.get("/ledelse/resultater", &auth).await.text();
    assert!(page.contains("<svg class=\"chart\""));
    assert!(page.contains("registeret: 6"));
    // Five of six left benefit; the last is still on it at the register's end.
    assert!(
        page.contains("<th scope=\"row\">med modellen</th><td>6</td>"),
        "{page}"
    );
    let csv = app
        .get("/ledelse/resultater/eksport?format=csv", &auth)
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.text();
    let mut lines = text.lines();
    // Headings in words, in the reader's language.
    assert_eq!(lines.next().unwrap().split(';').next(), Some("\"Gruppe\""));
    let row: Vec<&str> = lines.next().unwrap().split(';').collect();
    assert_eq!(row[0], "\"med modellen\"");
    assert_eq!(row[1], "6");
    // The curves' data: a row per event week. Four citizens reach four weeks
    // off benefit before the register ends; two are censored there.
    let curves = app
        .get("/ledelse/resultater/eksport?tabel=kurver&format=csv", &auth)
        .await
        .text();
    assert!(
        curves.starts_with("\"Gruppe\";\"Uge\";\"I risiko\""),
        "{curves}"
    );
    assert_eq!(curves.lines().count(), 1 + 4, "four event weeks: {curves}");
    // An English reader gets the headings in English.
    let english = Auth::Session(Session {
        cookie: format!("{}; lang=en", mgr.cookie),
        csrf: mgr.csrf.clone(),
    });
    let csv_en = app
        .get("/ledelse/resultater/eksport?format=csv", &english)
        .await
        .text();
    assert!(csv_en.starts_with("\"Group\";\"Citizens\""), "{csv_en}");
    assert!(
        curves.contains("\"med modellen\";13;3;1;0;0,333"),
        "{curves}"
    );
    assert!(curves.contains("\"med modellen\";4;6;1;0;"), "{curves}");
    // By target group, a filter to a group with no courses leaves nothing.
    let page = app
        .get(
            "/ledelse/resultater?gruppe=target_group&maalgruppe=sygedagpenge",
            &auth,
        )
        .await
        .text();
    assert!(page.contains("Ikke nok data"));
    // By target group, the group is named in words, in the table, the
    // chart's legend and the export alike.
    let page = app
        .get("/ledelse/resultater?gruppe=target_group", &auth)
        .await
        .text();
    assert!(
        page.contains("<th scope=\"row\">Kontanthjælp</th><td>6</td>"),
        "{page}"
    );
    assert!(!page.contains("kontanthjaelp<"), "{page}");
    let csv = app
        .get(
            "/ledelse/resultater/eksport?gruppe=target_group&format=csv",
            &auth,
        )
        .await
        .text();
    assert!(csv.contains("\"Kontanthjælp\";6;"), "{csv}");
    // Four citizens are a group too small to show.
    let page = app.get("/ledelse/resultater?fra=2027", &auth).await.text();
    assert!(!page.contains("<th scope=\"row\">"));
}
