//! The plan as a PDF for the citizen: what is shared with them, in Danish,
//! without CPR number or health notes. Making it is audited as an export.

use crate::audit::{audit, event, PURPOSE_CASEWORK};
use crate::error::WebError;
use crate::pdf::{render, Block};
use crate::plan::service::PlanItem;
use crate::AppState;
use jobspor_domain::audit::{AuditAction, AuditEvent};
use jobspor_domain::plan::PlacementStatus;
use jobspor_domain::time::{format_date, format_datetime};
use jobspor_domain::user::Actor;
use jobspor_domain::{CitizenId, CourseId};

pub async fn plan_pdf(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<Vec<u8>, WebError> {
    let made = plan_document(state, actor, course).await?;
    audit(state, &[made.audit]).await?;
    Ok(made.bytes)
}

/// The plan's PDF, not yet handed out: its bytes, whose plan it is, and the
/// audit entry for handing it out (to commit with whatever does that).
pub struct PlanDocument {
    pub bytes: Vec<u8>,
    pub citizen: CitizenId,
    pub audit: AuditEvent,
}

pub async fn plan_document(
    state: &AppState,
    actor: &Actor,
    course: CourseId,
) -> Result<PlanDocument, WebError> {
    let v = crate::plan::service::view(state, actor, course).await?;
    let m = actor.municipality_id;
    let municipality = state.store.municipality_name(m).await?.unwrap_or_default();
    let caseworker = state
        .store
        .user(v.access.course.caseworker_id)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let conference = state.store.conference(m, course).await?;
    let bookings = state.store.bookings(m, course).await?;
    let staff = state.store.list_users(m).await?;
    let goal = conference
        .as_ref()
        .filter(|c| c.signed_at.is_some() && !c.employment_goal.trim().is_empty())
        .map(|c| c.employment_goal.clone())
        .unwrap_or_else(|| v.access.course.employment_goal.clone());

    let mut blocks = vec![
        Block::Heading(1, "Din indsatsplan".into()),
        Block::Paragraph(format!(
            "{municipality} · udskrevet {}",
            format_date(v.today)
        )),
        Block::Field("Navn".into(), v.citizen.name.clone()),
        Block::Field("Din sagsbehandler".into(), caseworker.clone()),
        Block::Heading(2, "Dit mål".into()),
        Block::Paragraph(if goal.trim().is_empty() {
            "Beskæftigelsesmålet aftales med din sagsbehandler.".into()
        } else {
            goal
        }),
        Block::Heading(2, "Dine indsatser".into()),
    ];
    let open: Vec<&PlanItem> = v
        .items
        .iter()
        .filter(|i| i.placement.status != PlacementStatus::Ended)
        .collect();
    if open.is_empty() {
        blocks.push(Block::Paragraph(
            "Der er ingen indsatser i planen endnu.".into(),
        ));
    }
    for i in &open {
        let p = &i.placement;
        blocks.push(Block::Heading(3, i.intervention_name.clone()));
        blocks.push(Block::Field("Udføres af".into(), i.unit_name.clone()));
        blocks.push(Block::Field("Mål for indsatsen".into(), p.goal.clone()));
        blocks.push(Block::Field(
            "Periode".into(),
            format!(
                "{} – {}",
                format_date(p.period.from),
                format_date(p.period.to)
            ),
        ));
        blocks.push(Block::Field(
            "Første måling af dine fremskridt".into(),
            format_date(p.first_measurement),
        ));
        let status = match p.waiting_position {
            Some(n) => format!("På venteliste som nr. {n}. Du får besked, når der er plads."),
            None => "I gang".into(),
        };
        blocks.push(Block::Field("Status".into(), status));
    }

    let mut dates: Vec<(chrono::NaiveDate, String)> = Vec::new();
    for i in &open {
        let p = &i.placement;
        if p.period.from >= v.today {
            dates.push((p.period.from, format!("{} begynder", i.intervention_name)));
        }
        if p.first_measurement >= v.today {
            dates.push((
                p.first_measurement,
                format!("Første måling: {}", i.intervention_name),
            ));
        }
    }
    let now = chrono::Utc::now();
    for b in bookings.iter().filter(|b| b.starts_at >= now) {
        let who = staff
            .iter()
            .find(|u| u.id == b.professional_id)
            .map(|u| u.display_name.clone())
            .unwrap_or_default();
        dates.push((
            jobspor_domain::time::today_copenhagen(b.starts_at),
            format!(
                "Samtale med {who} {} ({})",
                format_datetime(b.starts_at),
                b.location
            ),
        ));
    }
    if let Some(c) = conference.as_ref().filter(|c| c.scheduled_at >= now) {
        dates.push((
            jobspor_domain::time::today_copenhagen(c.scheduled_at),
            format!(
                "Konference {} ({})",
                format_datetime(c.scheduled_at),
                c.location
            ),
        ));
    }
    dates.sort();
    blocks.push(Block::Heading(2, "Næste datoer".into()));
    if dates.is_empty() {
        blocks.push(Block::Paragraph("Ingen planlagte datoer lige nu.".into()));
    }
    for (d, what) in dates {
        blocks.push(Block::Field(format_date(d), what));
    }
    blocks.push(Block::Heading(2, "Kontakt".into()));
    blocks.push(Block::Paragraph(format!(
        "Har du spørgsmål til planen, så kontakt din sagsbehandler {caseworker} i {municipality}."
    )));
    let bytes =
        render("Indsatsplan", &blocks).map_err(|e| WebError::internal(format!("plan pdf: {e}")))?;
    Ok(PlanDocument {
        bytes,
        citizen: v.citizen.id,
        audit: event(
            actor,
            AuditAction::Export,
            Some(v.citizen.id),
            format!("plan_pdf:{course}"),
            PURPOSE_CASEWORK,
        ),
    })
}
