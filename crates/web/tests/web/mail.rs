//! Notification e-mail: queued with the notification for units with a
//! mailbox, sent through SMTP without personal data, retried on failure.

use crate::harness::{Auth, TestApp};
use crate::plan::{intervention, iso};
use axum::http::StatusCode;
use base64::Engine;
use jobspor_store::{MailStore, UserStore};
use jobspor_web::mail::{deliver_pending, SmtpConfig};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A relay that accepts (or refuses recipients with 550) and hands back
/// each message's DATA.
async fn fake_relay(refuse: bool) -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let Ok((sock, _)) = listener.accept().await else {
                return;
            };
            let tx = tx.clone();
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut lines = BufReader::new(r).lines();
                w.write_all(b"220 fake ESMTP\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(d) = data.as_mut() {
                        if line == "." {
                            tx.send(data.take().unwrap_or_default()).ok();
                            w.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            d.push_str(&line);
                            d.push('\n');
                        }
                        continue;
                    }
                    let reply: &[u8] = match line.split(' ').next().unwrap_or("") {
                        "EHLO" => b"250-fake\r\n250 8BITMIME\r\n",
                        "RCPT" if refuse => b"550 no such mailbox\r\n",
                        "DATA" => {
                            data = Some(String::new());
                            b"354 go ahead\r\n"
                        }
                        "QUIT" => b"221 bye\r\n",
                        _ => b"250 ok\r\n",
                    };
                    w.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (addr, rx)
}

fn decoded_body(message: &str) -> String {
    let body: String = message
        .split("\n\n")
        .nth(1)
        .unwrap_or_default()
        .lines()
        .collect();
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn providers_are_mailed_without_personal_data() {
    let app = TestApp::new().await;
    let sc = app.provider_in("Sundhedscenter", "fys_udf").await;
    let pain = intervention(&app, "Smertehåndteringsforløb", sc, 5).await;
    let (_, k) = app
        .citizen_with_course("cw", "250380-1714", "Karen Mailsen")
        .await;
    // The administrator gives the unit a shared mailbox through the admin page.
    let admin = app.login("admin").await;
    let bad = app
        .post_form(
            &format!("/admin/enheder/{sc}/email"),
            &admin,
            &[("email", "ikke en adresse")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = app
        .post_form(
            &format!("/admin/enheder/{sc}/email"),
            &admin,
            &[("email", "sundhedscenter@kommune.dk")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store.list_units(app.m).await.unwrap()[0]
            .email
            .as_deref(),
        Some("sundhedscenter@kommune.dk")
    );
    let t = app.token("cw").await;
    let consent = app
        .post_json(
            &format!("/api/v1/courses/{k}/consents"),
            &t,
            &serde_json::json!({"unit_id": sc.to_string(), "scope": "Mål", "purpose": "Indsats",
                "valid_from": iso(0), "valid_to": iso(90), "method": "oral"}),
        )
        .await;
    assert_eq!(consent.status, StatusCode::CREATED);
    let placed = app
        .post_json(
            &format!("/api/v1/courses/{k}/plan/placements"),
            &t,
            &serde_json::json!({"version": 0, "intervention_id": pain.to_string(), "goal": "Kan gå til bageren uden smerter",
                "start_date": iso(3), "end_date": iso(60), "first_measurement": iso(17)}),
        )
        .await;
    assert_eq!(placed.status, StatusCode::CREATED);

    // A relay that refuses: the attempt is counted, the mail stays queued.
    let (refusing, _) = fake_relay(true).await;
    let cfg = |relay: String| SmtpConfig {
        relay,
        from: "jobspor@kommune.dk".into(),
        public_url: "https://jobspor.kommune.dk/".into(),
    };
    assert_eq!(
        deliver_pending(&app.store, &cfg(refusing)).await.unwrap(),
        (0, 1)
    );
    let still = app
        .store
        .pending_mail(chrono::Utc::now() - chrono::Duration::days(1), 5, 10)
        .await
        .unwrap();
    assert_eq!((still.len(), still[0].attempts), (1, 1));

    let (relay, mut received) = fake_relay(false).await;
    assert_eq!(
        deliver_pending(&app.store, &cfg(relay.clone()))
            .await
            .unwrap(),
        (1, 0)
    );
    let message = received.recv().await.unwrap();
    assert!(
        message.contains("To: <sundhedscenter@kommune.dk>"),
        "{message}"
    );
    let body = decoded_body(&message);
    assert!(
        body.contains("Ny deltager i Smertehåndteringsforløb"),
        "{body}"
    );
    assert!(body.contains("https://jobspor.kommune.dk/indbakke"));
    for private in ["Karen", "Mailsen", "bageren", "250380"] {
        assert!(
            !message.contains(private) && !body.contains(private),
            "{private} in the mail"
        );
    }
    assert_eq!(
        deliver_pending(&app.store, &cfg(relay)).await.unwrap(),
        (0, 0),
        "sent once"
    );
    // The admin page shows the address.
    let page = app.get("/admin", &Auth::Session(admin)).await.text();
    assert!(page.contains("sundhedscenter@kommune.dk"));
}
