//! The conference record printed as a PDF, signed or as a draft: time and
//! place, who took part, the employment goal, the agreed interventions and
//! goals, the citizen's words, the recommendation, the signature and every
//! addendum. In the reader's language; audited as the page is.

use crate::auth::CurrentUser;
use crate::conference::service as conference;
use crate::error::WebError;
use crate::i18n::{Lang, Word};
use crate::page::{id, PageResult};
use crate::pdf::Block;
use crate::AppState;
use axum::extract::{Path, State};
use jobspor_domain::time::to_copenhagen;
use jobspor_domain::{CourseId, UserId};

pub async fn record_pdf(
    State(state): State<AppState>,
    CurrentUser(a): CurrentUser,
    Path(cid): Path<String>,
) -> PageResult {
    let course: CourseId = id(&cid)?;
    let v = conference::view(&state, &a.actor, course).await?;
    let k = v.conference.as_ref().ok_or(WebError::NotFound)?;
    let lang = Lang::current();
    let name = |u: UserId| {
        v.staff
            .iter()
            .find(|s| s.id == u)
            .map(|s| s.display_name.clone())
            .unwrap_or_default()
    };
    let title = lang.fill("conference_pdf.title", &[("name", &v.citizen.name)]);
    let when = to_copenhagen(k.scheduled_at)
        .format("%d-%m-%Y %H:%M")
        .to_string();
    let people: Vec<String> = k
        .participants
        .iter()
        .map(|p| name(*p))
        .chain(k.citizen_attends.then(|| v.citizen.name.clone()))
        .chain(k.invited.iter().cloned())
        .collect();
    let yes_no = |b: bool| lang.t(if b { "yes" } else { "no" }).to_string();
    let field = |key: &str, text: String| Block::Field(lang.t(key).to_string(), text);
    let mut blocks = vec![
        Block::Heading(1, title.clone()),
        field("when", format!("{when}, {}", k.location)),
        field("participants", people.join(", ")),
        field("employment_goal", k.employment_goal.clone()),
        Block::Heading(2, lang.t("agreed_interventions").to_string()),
    ];
    blocks.extend(
        k.agreed
            .iter()
            .map(|l| Block::Field(l.intervention.clone(), l.goal.clone())),
    );
    blocks.extend([
        field("citizen_statement", k.citizen_statement.clone()),
        field("citizen_agrees", yes_no(k.citizen_agrees)),
        field("further_assessment", k.further_assessment.clone()),
        field("recommendation", k.recommendation.word_in(lang).to_string()),
        Block::Paragraph(match (k.signed_at, k.signed_by) {
            (Some(at), by) => format!(
                "{} {}, {}",
                lang.t("signed_by"),
                by.map(name).unwrap_or_default(),
                crate::i18n::datetime(at)
            ),
            _ => lang.t("conference_pdf.draft").to_string(),
        }),
    ]);
    if !v.addenda.is_empty() {
        blocks.push(Block::Heading(2, lang.t("addenda").to_string()));
        blocks.extend(v.addenda.iter().map(|d| {
            Block::Field(
                format!("{}, {}", crate::i18n::datetime(d.created_at), d.author_name),
                d.text.clone(),
            )
        }));
    }
    let bytes = crate::pdf::render(&title, &blocks)
        .map_err(|e| WebError::internal(format!("conference pdf: {e}")))?;
    Ok(crate::export::download(
        "application/pdf",
        "konferencereferat.pdf",
        bytes,
    ))
}
