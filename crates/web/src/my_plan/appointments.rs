//! The citizen's upcoming conversations and conference in "Min plan": when,
//! where and with whom.

use super::running::Running;
use crate::error::WebError;
use crate::i18n::format::datetime_in;
use crate::i18n::{Lang, Tx};
use crate::AppState;
use chrono::Utc;
use jobspor_domain::MunicipalityId;

pub struct Appointment {
    pub when: String,
    pub what: String,
    pub with: String,
    pub place: String,
    /// When it starts, for the order.
    at: chrono::DateTime<Utc>,
}

/// What comes: the booked conversations and the conference, soonest first.
pub async fn upcoming(
    state: &AppState,
    m: MunicipalityId,
    courses: &[Running],
    tx: &Tx,
) -> Result<Vec<Appointment>, WebError> {
    let now = Utc::now();
    let mut out = Vec::new();
    for r in courses {
        for b in state.store.bookings(m, r.course.id).await? {
            if b.starts_at < now {
                continue;
            }
            let who = state.store.user(b.professional_id).await?;
            out.push(Appointment {
                when: datetime_in(Lang::Da, b.starts_at),
                what: format!(
                    "{} ({} {})",
                    tx.t("appointment.conversation"),
                    b.minutes,
                    tx.t("appointment.minutes")
                ),
                with: who.map(|u| u.display_name).unwrap_or_default(),
                place: b.location.clone(),
                at: b.starts_at,
            });
        }
        if let Some(c) = state.store.conference(m, r.course.id).await? {
            if c.scheduled_at >= now {
                out.push(Appointment {
                    when: datetime_in(Lang::Da, c.scheduled_at),
                    what: tx.t("appointment.conference").to_string(),
                    with: tx.t("appointment.team").to_string(),
                    place: c.location.clone(),
                    at: c.scheduled_at,
                });
            }
        }
    }
    out.sort_by_key(|a| a.at);
    Ok(out)
}
