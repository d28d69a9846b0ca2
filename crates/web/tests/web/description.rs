//! The samlet beskrivelse and the sundhedskoordinator's advice: a fleksjob
//! recommendation is signed only once the advice is requested, answered and
//! attached; a new ressourceforløb is refused under the reform; the document
//! shows the analysis and the conference, as a page and as a PDF.

use crate::harness::{Auth, Session, TestApp};
use crate::plan::{iso, pdf_text};
use axum::http::StatusCode;
use chrono::Utc;
use jobspor_domain::document::DocumentMeta;
use jobspor_domain::{CourseId, DocumentId};
use jobspor_store::{ConsultationStore, DocumentStore};

/// Schedules and records the conference with a recommendation; returns the
/// record's version.
async fn record(app: &TestApp, cw: &Session, k: &str, recommendation: &str) -> i64 {
    let page = format!("/forloeb/{k}/konference");
    let date = iso(5);
    let first = app
        .post_form(&page, cw, &[("date", &date), ("time", "10:00")])
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.text());
    let saved = app
        .post_form(
            &page,
            cw,
            &[
                ("version", "1"),
                ("date", &date),
                ("time", "10:00"),
                ("employment_goal", "Fleksjob i en butik, 12 timer"),
                ("agreed", "Smerteforløb: Kan stå 2 timer ad gangen"),
                ("citizen_statement", "Jeg vil gerne arbejde lidt"),
                ("citizen_agrees", "on"),
                ("recommendation", recommendation),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    2
}

async fn attach(app: &TestApp, course: &str, name: &str) -> DocumentId {
    let meta = DocumentMeta {
        id: DocumentId::new(),
        municipality_id: app.m,
        course_id: course.parse().unwrap(),
        filename: name.into(),
        content_type: "application/pdf".into(),
        size: 10,
        sha256: "0".repeat(64),
        uploaded_by: app.user("cw").await.id,
        created_at: Utc::now(),
    };
    app.store
        .add_document(&meta, b"%PDF-1.4 x", &[])
        .await
        .unwrap();
    meta.id
}

#[tokio::test]
async fn a_flexjob_recommendation_waits_for_the_health_coordinators_attached_advice() {
    let app = TestApp::new().await;
    let (citizen, k) = app
        .citizen_with_course("cw", "250380-1714", "Frida Fleksjob")
        .await;
    let cw = app.login("cw").await;
    let conference = format!("/forloeb/{k}/konference");

    // An unknown recommendation is refused and changes nothing.
    let version = record(&app, &cw, &k, "flexjob").await;
    let bad = app
        .post_form(
            &conference,
            &cw,
            &[
                ("version", "2"),
                ("date", &iso(5)),
                ("time", "10:00"),
                ("recommendation", "kategori_3"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text().contains("Vælg en af indstillingerne"),
        "{}",
        bad.text()
    );

    // Without the advice the record cannot be signed.
    let sign = |v: i64| {
        let (app, cw, path) = (&app, cw.clone(), format!("{conference}/underskriv"));
        async move {
            app.post_form(
                &path,
                &cw,
                &[
                    ("version", &v.to_string()),
                    ("bekraeftet", "1"),
                    ("reason", "Afklaret før mødet"),
                ],
            )
            .await
        }
    };
    let refused = sign(version).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .contains("Sundhedskoordinatorens rådgivning skal være anmodet om")
            && refused.text().contains("Fleksjob"),
        "{}",
        refused.text()
    );

    // Bad requests: each a clear 422, nothing stored.
    let page = format!("/forloeb/{k}/samlet-beskrivelse");
    let ask = format!("/forloeb/{k}/sundhedskoordinator");
    for (date, question, says) in [
        (iso(1), "Kan hun arbejde?", "fremtiden"),
        ("2018-12-31".to_string(), "Kan hun arbejde?", "år fra i dag"),
        ("0000-01-01".to_string(), "Kan hun arbejde?", "år fra i dag"),
        (
            "2026-02-30".to_string(),
            "Kan hun arbejde?",
            "ikke en gyldig dato",
        ),
        (iso(-2), "   ", "spørgsmål"),
    ] {
        let r = app
            .post_form(&ask, &cw, &[("date", &date), ("question", question)])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{date}");
        assert!(r.text().contains(says), "{date}: {}", r.text());
    }
    assert_eq!(app.rows("health_consultations").await, 0);

    let notes_before = app.rows("journal_entries").await;
    let asked = app
        .post_form(
            &ask,
            &cw,
            &[
                ("date", &iso(-2)),
                ("question", "Hvilke skånehensyn skal et fleksjob tage?"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.text());
    assert_eq!(app.rows("journal_entries").await, notes_before + 1);
    let course: CourseId = k.parse().unwrap();
    let id = app.store.consultations(app.m, course).await.unwrap()[0].id;
    let answer = format!("/forloeb/{k}/sundhedskoordinator/{id}/svar");

    // Requested only: still not enough.
    assert_eq!(sign(version).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Bad answers: before the request, a document of another course.
    let (_, other) = app
        .citizen_with_course("cw", "010190-1234", "Anden Borger")
        .await;
    let foreign = attach(&app, &other, "andet.pdf").await.to_string();
    for (date, doc, says) in [
        (iso(-3), "", "før der blev anmodet"),
        (iso(-1), foreign.as_str(), "forløbets dokumenter"),
    ] {
        let r = app
            .post_form(
                &answer,
                &cw,
                &[
                    ("version", "1"),
                    ("date", &date),
                    ("answer", "Højst 12 timer"),
                    ("document", doc),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{date}");
        assert!(r.text().contains(says), "{}", r.text());
    }

    // Answered but not attached: still not enough.
    let answered = app
        .post_form(
            &answer,
            &cw,
            &[
                ("version", "1"),
                ("date", &iso(-1)),
                ("answer", "Højst 12 timer, skiftevis stå og gå"),
                ("document", ""),
            ],
        )
        .await;
    assert_eq!(
        answered.status,
        StatusCode::SEE_OTHER,
        "{}",
        answered.text()
    );
    assert_eq!(sign(version).await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Attached: now the record can be signed, and the advice is locked.
    let reply = attach(&app, &k, "svar-sundhedskoordinator.pdf")
        .await
        .to_string();
    let fields = [
        ("version", "2"),
        ("date", &iso(-1)),
        ("answer", "Højst 12 timer, skiftevis stå og gå"),
        ("document", reply.as_str()),
    ];
    let attached = app.post_form(&answer, &cw, &fields).await;
    assert_eq!(
        attached.status,
        StatusCode::SEE_OTHER,
        "{}",
        attached.text()
    );
    let again = app
        .post_form(
            &answer,
            &cw,
            &[("version", "3"), fields[1], fields[2], fields[3]],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.text().contains("kan ikke længere ændres"));
    let signed = sign(version).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.text());

    // Signing filed the samlet beskrivelse among the course's documents,
    // as it stood when signed.
    let docs = app.store.documents(app.m, course).await.unwrap();
    let filed = docs
        .iter()
        .find(|d| d.filename.starts_with("samlet-beskrivelse-"))
        .expect("the signed description is a document of the course");
    assert_eq!(filed.content_type, "application/pdf");
    let (_, bytes) = app.store.document(app.m, filed.id).await.unwrap().unwrap();
    let frozen = pdf_text(&bytes);
    for part in [
        "Konferencereferatet er underskrevet af",
        "Fleksjob i en butik, 12 timer",
        "Svaret er vedhæftet: svar-sundhedskoordinator.pdf",
    ] {
        assert!(frozen.contains(part), "{part}: {frozen}");
    }

    // The document: the analysis, the advice and the recommendation.
    let shown = app.get(&page, &Auth::Session(cw.clone())).await;
    assert_eq!(shown.status, StatusCode::OK);
    let html = shown.text();
    for part in [
        "Samlet beskrivelse af borgerens forudsætninger",
        "Konferencereferatet er underskrevet af",
        "Fleksjob i en butik, 12 timer",
        "Jeg vil gerne arbejde lidt",
        "Smerteforløb",
        "Hvilke skånehensyn",
        "Svaret er vedhæftet: svar-sundhedskoordinator.pdf",
        "Indstilling",
        "Fleksjob",
    ] {
        assert!(html.contains(part), "{part}");
    }
    assert!(!html.contains("250380-1714"), "no full CPR number");
    let pdf = app
        .get(&format!("{page}.pdf"), &Auth::Session(cw.clone()))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    let text = pdf_text(&pdf.body);
    assert!(
        text.contains("Sundhedskoordinatorens rådgivning") && text.contains("Frida Fleksjob"),
        "{text}"
    );
    let log = app.access_log_actions(&citizen).await;
    assert!(
        log.iter()
            .any(|(who, action, _)| who == "cw" && action == "export"),
        "the PDF is audited as an export: {log:?}"
    );

    // The API tells the recommendation.
    let t = app.token("cw").await;
    let got = app
        .get(&format!("/api/v1/courses/{k}/conference"), &t)
        .await
        .json();
    assert_eq!(got["conference"]["recommendation"], "flexjob");

    // Not for other caseworkers' courses, providers or managers.
    for who in ["cw_other", "provider", "manager"] {
        let s = app.login(who).await;
        assert_eq!(
            app.get(&page, &Auth::Session(s)).await.status,
            StatusCode::NOT_FOUND,
            "{who}"
        );
    }
}

#[tokio::test]
async fn a_new_ressourceforloeb_is_refused_under_the_reform() {
    let app = TestApp::new().await;
    let (_, k) = app
        .citizen_with_course("cw", "250380-1714", "Rasmus Ressource")
        .await;
    let cw = app.login("cw").await;
    let version = record(&app, &cw, &k, "ressourceforloeb").await;
    let r = app
        .post_form(
            &format!("/forloeb/{k}/konference/underskriv"),
            &cw,
            &[
                ("version", &version.to_string()),
                ("bekraeftet", "1"),
                ("reason", "Afklaret før mødet"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("lukket for nye sager"), "{}", r.text());
    let t = app.token("cw").await;
    let got = app
        .get(&format!("/api/v1/courses/{k}/conference"), &t)
        .await
        .json();
    assert!(got["conference"]["signed_at"].is_null(), "nothing signed");
}
