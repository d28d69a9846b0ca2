//! E-mail to provider units through SMTP, when the municipality configures a
//! relay: a background task sends the outbox. Mail crosses systems we do not
//! control, so it carries no personal data: which intervention, what
//! happened, the dates, and a link to the inbox where the rest is shown
//! behind login and consent.
//!
//! The client speaks plain SMTP to the configured relay (typically the
//! municipality's own, on its network, which handles TLS onwards).

use base64::Engine;
use chrono::{Duration, Utc};
use jobspor_domain::plan::NoticeKind;
use jobspor_domain::time::format_date;
use jobspor_store::{MailStore, PendingMail};
use std::time::Duration as StdDuration;
use thiserror::Error;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

#[derive(Debug, Clone)]
pub struct SmtpConfig {
    /// host:port of the relay.
    pub relay: String,
    /// The sender address.
    pub from: String,
    /// The address users reach Jobspor at, for the link in the mail.
    pub public_url: String,
}

#[derive(Debug, Error)]
pub enum MailError {
    #[error("smtp connection: {0}")]
    Io(#[from] std::io::Error),
    #[error("smtp server answered {0}")]
    Refused(String),
    #[error("smtp server did not answer in time")]
    Timeout,
    #[error("address not usable in smtp")]
    Address,
}

/// Give up on a mail after this many failed attempts.
pub const MAX_ATTEMPTS: i64 = 5;
const STEP: StdDuration = StdDuration::from_secs(15);

/// The subject and text of a notification mail: no names, no goals.
pub fn compose(m: &PendingMail, public_url: &str) -> (String, String) {
    let what = match m.kind {
        NoticeKind::Assigned => "Ny deltager",
        NoticeKind::Waitlisted => "Ny deltager på ventelisten",
        NoticeKind::Promoted => "En deltager har fået plads fra ventelisten",
        NoticeKind::Ended => "En indsats er afsluttet",
        NoticeKind::Decided => "Der er truffet en beslutning om en deltagers progression",
    };
    let subject = format!("Jobspor: {what} – {}", m.intervention);
    let body = format!(
        "{what} i {}.\r\n\r\nPeriode: {} – {}\r\nFørste progressionsmåling: {}\r\n\r\nNavn, indsatsmål og kontaktoplysninger står i indbakken i Jobspor:\r\n{}/indbakke\r\n\r\nDenne besked er sendt automatisk og indeholder ikke personoplysninger.\r\n",
        m.intervention,
        format_date(m.period.from),
        format_date(m.period.to),
        format_date(m.first_measurement),
        public_url.trim_end_matches('/'),
    );
    (subject, body)
}

fn plain_address(a: &str) -> Result<&str, MailError> {
    let a = a.trim();
    if a.is_empty()
        || !a.contains('@')
        || a.chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '\r' | '\n'))
    {
        return Err(MailError::Address);
    }
    Ok(a)
}

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s.as_bytes())
}

/// The message: UTF-8 subject as an encoded word, the body base64 in lines of 76.
fn message(from: &str, to: &str, subject: &str, body: &str) -> String {
    let encoded = b64(body);
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    format!(
        "From: Jobspor <{from}>\r\nTo: <{to}>\r\nSubject: =?UTF-8?B?{}?=\r\nDate: {}\r\nMessage-ID: <{}@jobspor>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        b64(subject),
        Utc::now().to_rfc2822(),
        uuid::Uuid::now_v7(),
        lines.join("\r\n"),
    )
}

struct Conn {
    reader: BufReader<tokio::net::tcp::OwnedReadHalf>,
    writer: tokio::net::tcp::OwnedWriteHalf,
}

impl Conn {
    /// Reads a (possibly multi-line) reply and checks its code class.
    async fn expect(&mut self, class: u8) -> Result<(), MailError> {
        loop {
            let mut line = String::new();
            let n = tokio::time::timeout(STEP, self.reader.read_line(&mut line))
                .await
                .map_err(|_| MailError::Timeout)??;
            if n == 0 {
                return Err(MailError::Refused("nothing (connection closed)".into()));
            }
            let bytes = line.as_bytes();
            if bytes.len() < 3 || bytes[0] != class {
                // The code only: a server may echo the addresses.
                return Err(MailError::Refused(line.chars().take(3).collect()));
            }
            if bytes.get(3) != Some(&b'-') {
                return Ok(());
            }
        }
    }

    async fn send(&mut self, line: &str, class: u8) -> Result<(), MailError> {
        tokio::time::timeout(STEP, self.writer.write_all(line.as_bytes()))
            .await
            .map_err(|_| MailError::Timeout)??;
        self.expect(class).await
    }
}

/// Sends one mail through the relay.
pub async fn send(cfg: &SmtpConfig, to: &str, subject: &str, body: &str) -> Result<(), MailError> {
    let to = plain_address(to)?;
    let from = plain_address(&cfg.from)?;
    let stream = tokio::time::timeout(STEP, TcpStream::connect(&cfg.relay))
        .await
        .map_err(|_| MailError::Timeout)??;
    let (r, w) = stream.into_split();
    let mut c = Conn {
        reader: BufReader::new(r),
        writer: w,
    };
    c.expect(b'2').await?;
    c.send("EHLO jobspor\r\n", b'2').await?;
    c.send(&format!("MAIL FROM:<{from}>\r\n"), b'2').await?;
    c.send(&format!("RCPT TO:<{to}>\r\n"), b'2').await?;
    c.send("DATA\r\n", b'3').await?;
    // Base64 lines never start with a dot, so no dot-stuffing is needed.
    c.send(&format!("{}.\r\n", message(from, to, subject, body)), b'2')
        .await?;
    let _ = c.send("QUIT\r\n", b'2').await;
    Ok(())
}

/// Sends what the outbox holds from the last week; returns (sent, failed).
pub async fn deliver_pending<S: MailStore + ?Sized>(
    store: &S,
    cfg: &SmtpConfig,
) -> Result<(usize, usize), jobspor_store::StoreError> {
    let pending = store
        .pending_mail(Utc::now() - Duration::days(7), MAX_ATTEMPTS, 100)
        .await?;
    let (mut sent, mut failed) = (0, 0);
    for m in &pending {
        let (subject, body) = compose(m, &cfg.public_url);
        match send(cfg, &m.recipient, &subject, &body).await {
            Ok(()) => {
                store.mail_sent(&m.id, Utc::now()).await?;
                sent += 1;
            }
            Err(e) => {
                tracing::warn!(error = %e, attempts = m.attempts + 1, "mail not sent");
                store.mail_failed(&m.id, &e.to_string()).await?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}
