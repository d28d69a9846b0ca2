//! What works for whom: interventions by a citizen profile (target group,
//! risk class, track or age band). Each cell: the citizens, the mean change
//! in progression (citizen's and provider's, first to last rating), the
//! share in self-support at 12 months, and the hazard ratio of leaving
//! benefit against citizens of the same profile without the intervention.
//! Beside it, a Cox model of every intervention adjusted for target group,
//! age band and risk class. Cells under the minimum are suppressed.

use crate::error::WebError;
use crate::i18n::Lang;
use crate::management::pages::{group_label, risk_label};
use crate::management::service::outcomes::{observations, Filter};
use crate::management::service::register::require_manager;
use crate::AppState;
use jobspor_domain::evaluation::cox::{cox, Coefficient, CoxFit, Subject};
use jobspor_domain::evaluation::survival::{kaplan_meier, Observation};
use jobspor_domain::evaluation::{age_band, count, shown, Cell as EvalCell, EvalError};
use jobspor_domain::user::Actor;
use jobspor_domain::{CourseId, InterventionId, PlacementId};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    #[default]
    TargetGroup,
    RiskClass,
    Track,
    AgeBand,
}

impl Profile {
    pub const ALL: [Profile; 4] = [
        Profile::TargetGroup,
        Profile::RiskClass,
        Profile::Track,
        Profile::AgeBand,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Profile::TargetGroup => "target_group",
            Profile::RiskClass => "risk",
            Profile::Track => "track",
            Profile::AgeBand => "age",
        }
    }
    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|p| p.code() == s)
            .unwrap_or_default()
    }
}

/// What an intervention did for the citizens of one profile value; `None`
/// fields where there is too little to say. The matrix holds it as a small
/// cell: suppressed when they are fewer than the minimum.
#[derive(Debug, Clone, Default)]
pub struct Effect {
    pub citizens: usize,
    pub citizen_change: Option<f64>,
    pub provider_change: Option<f64>,
    pub share_12: Option<f64>,
    pub hazard_ratio: Option<Coefficient>,
}

#[derive(Debug, Clone)]
pub struct Matrix {
    pub profiles: Vec<String>,
    /// Per intervention (by name): a cell per profile value.
    pub rows: Vec<(String, Vec<EvalCell<Effect>>)>,
    pub adjusted: Result<CoxFit, EvalError>,
}

/// The risk profile of a citizen never screened (named on the page).
pub const UNSCREENED: &str = "uden screening";

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

/// The hazard ratio of `with` against `without`, one binary covariate.
fn hazard_ratio(with: &[Observation], without: &[Observation]) -> Option<Coefficient> {
    if !shown(with.len()) || !shown(without.len()) {
        return None;
    }
    let subjects: Vec<Subject> = with
        .iter()
        .map(|o| (o, 1.0))
        .chain(without.iter().map(|o| (o, 0.0)))
        .map(|(o, x)| Subject {
            time: o.time,
            event: o.event,
            x: vec![x],
        })
        .collect();
    cox(&["indsats".to_string()], &subjects)
        .ok()
        .and_then(|f| f.coefficients.into_iter().next())
}

/// The matrix for a filter and profile; computed results are kept like the
/// data they come from (each view is still audited).
pub async fn matrix(
    state: &AppState,
    actor: &Actor,
    f: &Filter,
    profile: Profile,
) -> Result<Arc<Matrix>, WebError> {
    require_manager(actor)?;
    // The model's covariates are named in the reader's language.
    let key = format!("works:{profile:?}:{f:?}:{}", Lang::current().code());
    let m = state
        .eval_cache
        .get(actor.municipality_id, &key, || {
            compute(state, actor, f, profile)
        })
        .await?;
    crate::management::service::register::audit_aggregate(state, actor, "what_works").await?;
    Ok(m)
}

async fn compute(
    state: &AppState,
    actor: &Actor,
    f: &Filter,
    profile: Profile,
) -> Result<Matrix, WebError> {
    let m = actor.municipality_id;
    let cohort = crate::management::service::snapshot::cohort(state, m).await?;
    let (rows, _, _) = observations(state, actor, &cohort, f).await?;
    let placements = crate::management::service::snapshot::placements(state, m).await?;
    let changes = crate::management::service::snapshot::rating_changes(state, m).await?;
    let mut change: HashMap<PlacementId, (Option<f64>, Option<f64>)> = HashMap::new();
    for c in changes.iter().filter(|c| c.ratings >= 2) {
        let e = change.entry(c.placement_id).or_default();
        let d = Some((c.last - c.first) as f64);
        if c.rater == "citizen" {
            e.0 = d;
        } else {
            e.1 = d;
        }
    }
    // Per course: its interventions (with their placements) and tracks.
    let mut had: HashMap<CourseId, BTreeMap<InterventionId, Vec<PlacementId>>> = HashMap::new();
    let mut tracks: HashMap<CourseId, BTreeSet<String>> = HashMap::new();
    let mut names: BTreeMap<InterventionId, String> = BTreeMap::new();
    for p in placements.iter() {
        had.entry(p.course_id)
            .or_default()
            .entry(p.intervention_id)
            .or_default()
            .push(p.placement_id);
        tracks
            .entry(p.course_id)
            .or_default()
            .extend(p.tracks.iter().cloned());
        names.insert(p.intervention_id, p.intervention_name.clone());
    }
    let values = |r: &crate::management::service::outcomes::Row<'_>| -> Vec<String> {
        let c = r.course;
        match profile {
            Profile::TargetGroup => vec![c.target_group.clone()],
            Profile::RiskClass => vec![c
                .suggested_risk
                .clone()
                .unwrap_or_else(|| UNSCREENED.into())],
            Profile::Track => tracks
                .get(&c.course_id)
                .map(|t| t.iter().cloned().collect())
                .unwrap_or_default(),
            Profile::AgeBand => c
                .birth
                .map(|b| vec![age_band(b, c.start).to_string()])
                .unwrap_or_default(),
        }
    };
    let mut profiles: BTreeSet<String> = BTreeSet::new();
    let row_values: Vec<Vec<String>> = rows.iter().map(values).collect();
    for v in &row_values {
        profiles.extend(v.iter().cloned());
    }
    let profiles: Vec<String> = profiles.into_iter().collect();
    // Indexes once, so that the cells below are plain loops: the rows of
    // each profile value, and per row its interventions' placements.
    let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); profiles.len()];
    for (k, vals) in row_values.iter().enumerate() {
        for v in vals {
            if let Ok(p) = profiles.binary_search(v) {
                rows_of[p].push(k);
            }
        }
    }
    let row_had: Vec<Option<&BTreeMap<InterventionId, Vec<PlacementId>>>> =
        rows.iter().map(|r| had.get(&r.course.course_id)).collect();
    let mut out = Vec::new();
    for (iid, name) in &names {
        let mut cells = Vec::new();
        for of_p in &rows_of {
            let (mut with, mut without) = (Vec::new(), Vec::new());
            let (mut cit, mut prov) = (Vec::new(), Vec::new());
            for &k in of_p {
                match row_had[k].and_then(|h| h.get(iid)) {
                    Some(ps) => {
                        with.push(rows[k].obs);
                        for pid in ps {
                            if let Some((c, v)) = change.get(pid) {
                                cit.extend(c);
                                prov.extend(v);
                            }
                        }
                    }
                    None => without.push(rows[k].obs),
                }
            }
            cells.push(count(with.len()).map(|citizens| Effect {
                citizens,
                citizen_change: mean(&cit),
                provider_change: mean(&prov),
                share_12: kaplan_meier(&with).ok().and_then(|k| k.share_by(52.0)),
                hazard_ratio: hazard_ratio(&with, &without),
            }));
        }
        out.push((name.clone(), cells));
    }
    let adjusted = adjusted(&rows, &had, &names);
    Ok(Matrix {
        profiles,
        rows: out,
        adjusted,
    })
}

/// Indicators for every value of `key` with at least the minimum number of
/// citizens but the most common (the reference); smaller values go with the
/// reference, so that no coefficient describes a handful of citizens.
fn dummies(
    keys: &[String],
    prefix: &str,
    word: &dyn Fn(&str) -> String,
) -> (Vec<String>, Vec<Vec<f64>>) {
    let mut count: BTreeMap<&String, usize> = BTreeMap::new();
    for k in keys {
        *count.entry(k).or_insert(0) += 1;
    }
    let reference = count
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| (*k).clone());
    let levels: Vec<String> = count
        .iter()
        .filter(|(k, n)| Some(**k) != reference.as_ref() && shown(**n))
        .map(|(k, _)| (*k).clone())
        .collect();
    let names = levels
        .iter()
        .map(|l| format!("{prefix}: {}", word(l)))
        .collect();
    let x = keys
        .iter()
        .map(|k| levels.iter().map(|l| f64::from(u8::from(l == k))).collect())
        .collect();
    (names, x)
}

/// The age band of a citizen whose birth date is not known.
const UNKNOWN_AGE: &str = "unknown";

/// Cox: each intervention with at least the minimum number of citizens,
/// adjusted for target group, age band and risk class.
fn adjusted(
    rows: &[crate::management::service::outcomes::Row<'_>],
    had: &HashMap<CourseId, BTreeMap<InterventionId, Vec<PlacementId>>>,
    names: &BTreeMap<InterventionId, String>,
) -> Result<CoxFit, EvalError> {
    let count = |iid: &InterventionId| {
        rows.iter()
            .filter(|r| {
                had.get(&r.course.course_id)
                    .is_some_and(|h| h.contains_key(iid))
            })
            .count()
    };
    let kept: Vec<(&InterventionId, &String)> =
        names.iter().filter(|(i, _)| shown(count(i))).collect();
    let group: Vec<String> = rows.iter().map(|r| r.course.target_group.clone()).collect();
    let age: Vec<String> = rows
        .iter()
        .map(|r| {
            r.course
                .birth
                .map(|b| age_band(b, r.course.start).to_string())
                .unwrap_or_else(|| UNKNOWN_AGE.into())
        })
        .collect();
    let risk: Vec<String> = rows
        .iter()
        .map(|r| {
            r.course
                .suggested_risk
                .clone()
                .unwrap_or_else(|| UNSCREENED.into())
        })
        .collect();
    let lang = Lang::current();
    let (gn, gx) = dummies(&group, lang.t("target_group"), &|c| group_label(lang, c));
    let (an, ax) = dummies(&age, lang.t("age_band"), &|c| match c {
        UNKNOWN_AGE => lang.t("unknown_age").to_string(),
        band => band.to_string(),
    });
    let (rn, rx) = dummies(&risk, lang.t("risk_class"), &|c| match c {
        UNSCREENED => lang.t("unscreened").to_string(),
        code => risk_label(lang, code),
    });
    let mut names_out: Vec<String> = kept.iter().map(|(_, n)| (*n).clone()).collect();
    names_out.extend(gn);
    names_out.extend(an);
    names_out.extend(rn);
    let subjects: Vec<Subject> = rows
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let h = had.get(&r.course.course_id);
            let mut x: Vec<f64> = kept
                .iter()
                .map(|(i, _)| f64::from(u8::from(h.is_some_and(|h| h.contains_key(*i)))))
                .collect();
            x.extend(&gx[k]);
            x.extend(&ax[k]);
            x.extend(&rx[k]);
            Subject {
                time: r.obs.time,
                event: r.obs.event,
                x,
            }
        })
        .collect();
    if !shown(subjects.len()) {
        return Err(EvalError::NotEnoughData);
    }
    cox(&names_out, &subjects)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_levels_join_the_reference() {
        let keys: Vec<String> = [("a", 6), ("b", 5), ("c", 2)]
            .iter()
            .flat_map(|(k, n)| std::iter::repeat_n(k.to_string(), *n))
            .collect();
        let (names, x) = dummies(&keys, "Aldersgruppe", &|c| c.to_uppercase());
        assert_eq!(names, vec!["Aldersgruppe: B".to_string()]);
        assert_eq!(x[0], vec![0.0]);
        assert_eq!(x[6], vec![1.0]);
        assert_eq!(x[12], vec![0.0], "c goes with the reference a");
        assert_eq!(Profile::parse("age"), Profile::AgeBand);
    }
}
