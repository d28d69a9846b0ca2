//! The import page: the administrator checks a file line by line (refused
//! lines by number and reason, never their contents), saves the column
//! mapping by name, and imports; nothing is half-imported, and nobody else
//! reaches the page.

use crate::harness::{Auth, Resp, Session, TestApp};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

const MAPPING: &str = "cpr = CPR\nname = Navn\ntarget_group = Målgruppe\ncategory = Kategori\nstart_date = Start\ncaseworker = Sagsbehandler\nframework = Ramme\n";
const HEADER: &str = "CPR;Navn;Målgruppe;Kategori;Start;Sagsbehandler;Ramme";

/// The form sent as a browser sends it: the token first, then the fields.
async fn send(app: &TestApp, s: &Session, fields: &[(&str, &str)], file: Option<&[u8]>) -> Resp {
    let b = "JobsporBoundary7";
    let mut body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n",
        s.csrf
    )
    .into_bytes();
    for (k, v) in fields {
        body.extend(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .into_bytes(),
        );
    }
    if let Some(bytes) = file {
        body.extend(format!("--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"sager.csv\"\r\nContent-Type: text/csv\r\n\r\n").into_bytes());
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{b}--\r\n").into_bytes());
    app.send(
        Request::builder()
            .method(Method::POST)
            .uri("/admin/indlaesning")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={b}"),
            )
            .header(header::COOKIE, &s.cookie)
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn the_administrator_checks_saves_the_mapping_and_imports() {
    let app = TestApp::new().await;
    let (known, _) = app
        .citizen_with_course("cw", "250380-1714", "Anna Andersen")
        .await;
    let admin = app.login("admin").await;
    let page = app
        .get("/admin/indlaesning", &Auth::Session(admin.clone()))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("enctype=\"multipart/form-data\""));
    for user in ["cw", "manager", "psych"] {
        let s = app.login(user).await;
        let r = app
            .get("/admin/indlaesning", &Auth::Session(s.clone()))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
        let r = send(
            &app,
            &s,
            &[("mapping", MAPPING), ("action", "import")],
            Some(b"x"),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
    }
    let citizens = app.rows("citizens").await;

    // A file with refused lines: numbers and reasons, not contents.
    let bad = format!(
        "{HEADER}\n010190-1234;Cai Carl;kontanthjaelp;aktivitetsparat;2026-03-01;cw;U\n0101901234;Cai Igen;kontanthjaelp;aktivitetsparat;2026-03-01;cw;U\n020290-1234;Dan Dal;kontanthjaelp;aktivitetsparat;2026-03-01;ingen;U\n"
    );
    let r = send(
        &app,
        &admin,
        &[("mapping", MAPPING), ("action", "import")],
        Some(bad.as_bytes()),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text();
    assert!(html.contains("Linjer, der er afvist: intet er indlæst"));
    assert!(
        html.contains("<td>3</td><td>CPR-nummeret står også på linje 2"),
        "{html}"
    );
    assert!(html.contains("2 linjer er afvist"), "{html}");
    assert!(html.contains("<td>4</td>"));
    for contents in ["Cai Carl", "Cai Igen", "Dan Dal", "010190"] {
        assert!(!html.contains(contents), "{contents} shown");
    }
    assert_eq!(
        app.rows("citizens").await,
        citizens,
        "nothing half-imported"
    );

    // Each kind of bad form: its message, the form as it was filled in.
    let good = format!(
        "{HEADER}\n010190-1234;Cai Carl;kontanthjaelp;aktivitetsparat;01.03.2026;cw;Udviklingsforløb\n2503801714;Anna Nielsen;;;;;\n"
    );
    for (fields, file, said) in [
        (vec![("mapping", MAPPING)], None, "Vælg en fil"),
        (
            vec![("mapping", "cpr CPR")],
            Some(good.as_bytes()),
            "felt = Kolonnens overskrift",
        ),
        (
            vec![("mapping", "")],
            Some(good.as_bytes()),
            "mangler feltet",
        ),
        (
            vec![("mapping", MAPPING), ("encoding", "ebcdic")],
            Some(good.as_bytes()),
            "Vælg et tegnsæt",
        ),
        (
            vec![("mapping", MAPPING), ("encoding", "utf-8")],
            Some(b"CPR;Navn\n250380-1714;B\xf8rge\n".as_slice()),
            "ikke UTF-8",
        ),
        (
            vec![("mapping", MAPPING), ("save", "1"), ("name", "")],
            Some(good.as_bytes()),
            "navn til kolonneopsætningen",
        ),
    ] {
        let r = send(&app, &admin, &fields, file).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{said}");
        assert!(r.text().contains(said), "{said}: {}", r.text());
        assert!(r.text().contains("role=\"alert\""), "{said}");
    }
    assert_eq!(app.rows("import_mappings").await, 0);

    // Check, saving the mapping: nothing imported; the lookup audited.
    let r = send(
        &app,
        &admin,
        &[
            ("mapping", MAPPING),
            ("name", "Momentum"),
            ("save", "1"),
            ("action", "check"),
        ],
        Some(good.as_bytes()),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("Filen kan indlæses"));
    assert!(r
        .text()
        .contains("1 borgere oprettet, 1 borgere opdateret, 1 forløb oprettet"));
    assert_eq!(app.rows("citizens").await, citizens);
    assert!(app
        .access_log_actions(&known)
        .await
        .iter()
        .any(|(u, a, p)| u == "admin" && a == "search" && p.contains("indlæsning")));
    let saved = app
        .get(
            "/admin/indlaesning?mapping=Momentum",
            &Auth::Session(admin.clone()),
        )
        .await;
    assert!(saved.text().contains("target_group = Målgruppe"));

    let r = send(
        &app,
        &admin,
        &[("mapping", MAPPING), ("action", "import")],
        Some(good.as_bytes()),
    )
    .await;
    // The import runs in the background; its page shows how far it is,
    // refreshing itself, and then what it did.
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let job = r.location();
    assert!(job.starts_with("/admin/indlaesning/"), "{job}");
    let mut page = String::new();
    for _ in 0..100 {
        page = app.get(&job, &Auth::Session(admin.clone())).await.text();
        if !page.contains("http-equiv=\"refresh\"") {
            break;
        }
        assert!(page.contains("role=\"status\""));
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        page.contains("Indlæst: 1 borgere oprettet, 1 borgere opdateret, 1 forløb oprettet"),
        "{page}"
    );
    // Only the one who started it sees it.
    let other = app.login("cw").await;
    assert_eq!(
        app.get(&job, &Auth::Session(other)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(
            "/admin/indlaesning/not-a-job",
            &Auth::Session(admin.clone())
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.rows("citizens").await, citizens + 1);
    assert_eq!(app.rows("citizens WHERE name = 'Anna Nielsen'").await, 1);
    assert_eq!(
        app.rows("courses WHERE citizen_id IN (SELECT id FROM citizens WHERE cpr = '010190-1234')")
            .await,
        1
    );

    // A journal file for the citizens now here: checked line by line.
    let notes = "CPR;Dato;Notat\n010190-1234;2024-05-01;Første samtale\n010190-1234;2024-06-01;Opfølgning\n";
    let journal = "cpr = CPR\njournal_date = Dato\njournal_text = Notat\n";
    let r = send(
        &app,
        &admin,
        &[
            ("kind", "journal"),
            ("mapping", journal),
            ("action", "check"),
        ],
        Some(notes.as_bytes()),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(
        r.text().contains("2 journalnotater indlæst"),
        "{}",
        r.text()
    );
    let r = send(
        &app,
        &admin,
        &[
            ("kind", "everything"),
            ("mapping", journal),
            ("action", "check"),
        ],
        Some(notes.as_bytes()),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("Vælg, hvad filen indeholder"));
    let unknown = "CPR;Dato;Notat\n120367-1155;2024-05-01;Ukendt\n";
    let r = send(
        &app,
        &admin,
        &[
            ("kind", "journal"),
            ("mapping", journal),
            ("action", "import"),
        ],
        Some(unknown.as_bytes()),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("intet forløb her"));
    assert_eq!(app.rows("journal_entries WHERE body = 'Ukendt'").await, 0);
}
