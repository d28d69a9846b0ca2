//! Screening validity: how well the screening's risk class, and the
//! caseworker's assessment, told who would stay long on benefit (more than
//! 52 weeks to self-support), per questionnaire version: the AUC with its
//! interval and a calibration table. Citizens censored before 52 weeks are
//! left out: whether they stayed long is not known yet.

use crate::error::WebError;
use crate::management::service::outcomes::{observations, Filter};
use crate::management::service::register::require_manager;
use crate::AppState;
use jobspor_domain::evaluation::screening::{auc, calibration, Auc, CalibrationRow, Prediction};
use jobspor_domain::evaluation::survival::Observation;
use jobspor_domain::evaluation::EvalError;
use jobspor_domain::user::Actor;
use std::collections::BTreeMap;

/// More than this many weeks to self-support is a long course.
pub const LONG_WEEKS: f64 = 52.0;

pub const LEVELS: [&str; 3] = ["low", "moderate", "high"];

fn level(risk: &Option<String>) -> Option<u8> {
    let r = risk.as_deref()?;
    LEVELS.iter().position(|l| *l == r).map(|p| p as u8)
}

/// Long, short, or not known yet.
pub fn long(o: &Observation) -> Option<bool> {
    if o.time > LONG_WEEKS {
        Some(true)
    } else if o.event {
        Some(false)
    } else {
        None
    }
}

#[derive(Debug, Clone)]
pub struct Predictor {
    /// `suggested` (the screening) or `assessed` (the caseworker).
    pub kind: &'static str,
    pub citizens: usize,
    pub auc: Result<Auc, EvalError>,
    pub calibration: Vec<CalibrationRow>,
}

#[derive(Debug, Clone)]
pub struct Version {
    pub questionnaire: String,
    pub predictors: Vec<Predictor>,
}

pub async fn validity(
    state: &AppState,
    actor: &Actor,
    f: &Filter,
) -> Result<Vec<Version>, WebError> {
    require_manager(actor)?;
    let cohort = crate::management::service::snapshot::cohort(state, actor.municipality_id).await?;
    let (rows, _, _) = observations(state, actor, &cohort, f).await?;
    let mut by_version: BTreeMap<String, [Vec<Prediction>; 2]> = BTreeMap::new();
    for r in &rows {
        let (Some(q), Some(long)) = (&r.course.questionnaire, long(&r.obs)) else {
            continue;
        };
        let slot = by_version.entry(q.clone()).or_default();
        for (i, risk) in [&r.course.suggested_risk, &r.course.assessed_risk]
            .into_iter()
            .enumerate()
        {
            if let Some(level) = level(risk) {
                slot[i].push(Prediction { level, long });
            }
        }
    }
    crate::management::service::register::audit_aggregate(state, actor, "screening_validity")
        .await?;
    Ok(by_version
        .into_iter()
        .map(|(questionnaire, [suggested, assessed])| Version {
            questionnaire,
            predictors: [("suggested", suggested), ("assessed", assessed)]
                .into_iter()
                .map(|(kind, p)| Predictor {
                    kind,
                    citizens: p.len(),
                    auc: auc(&p),
                    calibration: calibration(&p),
                })
                .collect(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_needs_52_weeks_or_a_known_earlier_end() {
        assert_eq!(long(&Observation::new(60.0, false)), Some(true));
        assert_eq!(long(&Observation::new(60.0, true)), Some(true));
        assert_eq!(long(&Observation::new(20.0, true)), Some(false));
        assert_eq!(long(&Observation::new(20.0, false)), None);
        assert_eq!(level(&Some("moderate".into())), Some(1));
        assert_eq!(level(&None), None);
    }
}
