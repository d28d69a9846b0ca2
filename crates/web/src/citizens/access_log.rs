//! A citizen's access log as files: CSV for another system, and a PDF to
//! print or hand to the citizen, every entry on as many pages as it takes.
//! Each download is an audited export.

use crate::auth::CurrentUser;
use crate::i18n::{Lang, Word};
use crate::page::{id, PageResult};
use crate::pdf::Block;
use crate::AppState;
use axum::extract::{Path, State};

pub async fn access_log_csv(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    let (_, entries) =
        crate::citizens::service::access_log(&state, &a.actor, id(&cid)?, true).await?;
    let mut out = String::from("tidspunkt;bruger;rolle;handling;objekt;formaal\r\n");
    for e in &entries {
        let row = [
            crate::i18n::datetime(e.event.at),
            e.event.username.clone(),
            e.event
                .role
                .map(|r| r.code().to_string())
                .unwrap_or_default(),
            e.event.action.code().to_string(),
            e.event.object.clone(),
            e.event.purpose.clone(),
        ];
        out.push_str(
            &row.iter()
                .map(|f| crate::export::csv_field(f))
                .collect::<Vec<_>>()
                .join(";"),
        );
        out.push_str("\r\n");
    }
    Ok(crate::export::download(
        "text/csv; charset=utf-8",
        "adgangslog.csv",
        out.into_bytes(),
    ))
}

pub async fn access_log_pdf(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    let (citizen, entries) =
        crate::citizens::service::access_log(&state, &a.actor, id(&cid)?, true).await?;
    let lang = Lang::current();
    let title = lang.fill("access_log_pdf.title", &[("name", &citizen.name)]);
    let mut blocks = vec![
        Block::Heading(1, title.clone()),
        Block::Paragraph(lang.fill(
            "access_log_pdf.intro",
            &[
                ("n", &entries.len().to_string()),
                ("at", &crate::i18n::datetime(chrono::Utc::now())),
            ],
        )),
    ];
    blocks.extend(entries.iter().map(|e| {
        let role = e.event.role.map(|r| r.word_in(lang)).unwrap_or_default();
        Block::Field(
            crate::i18n::datetime(e.event.at),
            lang.fill(
                "access_log_pdf.entry",
                &[
                    ("user", &e.event.username),
                    ("role", role),
                    ("action", e.event.action.word_in(lang)),
                    ("purpose", &e.event.purpose),
                ],
            ),
        )
    }));
    let bytes = crate::pdf::render(&title, &blocks)
        .map_err(|e| crate::error::WebError::internal(format!("access log pdf: {e}")))?;
    Ok(crate::export::download(
        "application/pdf",
        "adgangslog.pdf",
        bytes,
    ))
}
