//! Kaplan-Meier estimates of time to self-support, with Greenwood variance,
//! log(-log) 95% bands, the median with its interval and the restricted mean.
//!
//! Conventions (the same as R's `survival` with `conf.type = "log-log"` and
//! Python's `lifelines`, against which `tests/reference.rs` checks them):
//! - events at a time happen before censorings at that time;
//! - the median is the first time at which S(t) ≤ 0.5 (within a tolerance of
//!   √ε, so rounding cannot move it a week); when S(t) lands on 0.5 and drops
//!   further later, it is the midpoint between that time and the next drop.
//!   Its interval is where the bands cross 0.5, by the same rule;
//! - the restricted mean is the area under S(t) from 0 to τ;
//! - a group in which no one reached self-support has a flat curve at 1, no
//!   median, and a restricted mean of τ: 0% is information, not a lack of it.

use super::dist::Z95;
use super::EvalError;
use serde::Serialize;

/// How close to 0.5 counts as 0.5 for the median: √ε, as R's `survival`.
const TOLERANCE: f64 = 1.490_116_119_384_765_6e-8;

/// One citizen's observation: weeks from start to self-support (`event`) or to
/// the end of observation (censored).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Observation {
    pub time: f64,
    pub event: bool,
}

impl Observation {
    pub fn new(time: f64, event: bool) -> Self {
        Self { time, event }
    }
}

/// The estimate just after one event time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub time: f64,
    pub at_risk: usize,
    pub events: usize,
    pub censored: usize,
    pub survival: f64,
    /// Greenwood's standard error of S(t); `None` once S(t) is 0.
    pub std_err: Option<f64>,
    /// The 95% band; `None` once S(t) is 0 (as in R).
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KaplanMeier {
    pub subjects: usize,
    pub events: usize,
    /// One step per distinct event time, in time order.
    pub steps: Vec<Step>,
    /// The largest observed time (event or censored).
    pub last_time: f64,
    /// The distinct times at which someone's observation ended without the
    /// event (censored), in time order: the chart's marks.
    pub censored_at: Vec<f64>,
}

/// A quantile and its interval; `None` bounds were not reached in the data.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Median {
    pub value: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

/// Fits the curve. Needs at least two citizens: anything less is "not enough
/// data", never a NaN. Without events the curve is flat at 1 (no steps).
pub fn kaplan_meier(obs: &[Observation]) -> Result<KaplanMeier, EvalError> {
    if obs.iter().any(|o| !o.time.is_finite() || o.time < 0.0) {
        return Err(EvalError::BadTime);
    }
    let events = obs.iter().filter(|o| o.event).count();
    if obs.len() < 2 {
        return Err(EvalError::NotEnoughData);
    }
    let mut sorted: Vec<Observation> = obs.to_vec();
    sorted.sort_by(|a, b| a.time.total_cmp(&b.time));
    let mut steps = Vec::new();
    let mut censored_at = Vec::new();
    let mut at_risk = sorted.len();
    let mut s = 1.0;
    let mut greenwood = 0.0; // Σ d / (n (n − d))
    let mut i = 0;
    while i < sorted.len() {
        let t = sorted[i].time;
        let mut d = 0;
        let mut c = 0;
        while i < sorted.len() && sorted[i].time == t {
            if sorted[i].event {
                d += 1
            } else {
                c += 1
            }
            i += 1;
        }
        if d > 0 {
            let n = at_risk as f64;
            let df = d as f64;
            s *= 1.0 - df / n;
            let std_err = if at_risk > d {
                greenwood += df / (n * (n - df));
                Some(s * greenwood.sqrt())
            } else {
                greenwood = f64::INFINITY;
                None
            };
            let (lower, upper) = log_log_band(s, greenwood);
            steps.push(Step {
                time: t,
                at_risk,
                events: d,
                censored: c,
                survival: s,
                std_err,
                lower,
                upper,
            });
        }
        if c > 0 {
            censored_at.push(t);
        }
        at_risk -= d + c;
    }
    let last_time = sorted.last().map(|o| o.time).unwrap_or(0.0);
    Ok(KaplanMeier {
        subjects: obs.len(),
        events,
        steps,
        last_time,
        censored_at,
    })
}

/// The band S^exp(±z·√v) with v = Greenwood / (ln S)².
fn log_log_band(s: f64, greenwood: f64) -> (Option<f64>, Option<f64>) {
    if s <= 0.0 || !greenwood.is_finite() {
        return (None, None);
    }
    if s >= 1.0 {
        return (Some(1.0), Some(1.0));
    }
    let v = greenwood / (s.ln() * s.ln());
    let k = Z95 * v.sqrt();
    (Some(s.powf(k.exp())), Some(s.powf((-k).exp())))
}

impl KaplanMeier {
    /// S(t): 1 before the first event, a step function after.
    pub fn survival_at(&self, t: f64) -> f64 {
        self.steps
            .iter()
            .take_while(|s| s.time <= t)
            .last()
            .map(|s| s.survival)
            .unwrap_or(1.0)
    }

    /// 1 − S(t): the share who reached self-support by `t`, or `None` when
    /// `t` lies beyond the last observation (the curve says nothing there).
    pub fn share_by(&self, t: f64) -> Option<f64> {
        (t <= self.last_time).then(|| 1.0 - self.survival_at(t))
    }

    /// Where the curve `of` first reaches 0.5, by R's rule (`survmean`): the
    /// first time its value is below 0.5 + √ε; if that value is 0.5 within √ε
    /// and the curve drops further later, the midpoint to that later drop.
    fn half_way(&self, of: impl Fn(&Step) -> Option<f64>) -> Option<f64> {
        let points: Vec<(f64, f64)> = self
            .steps
            .iter()
            .filter_map(|s| of(s).map(|v| (s.time, v)))
            .collect();
        let first = points.iter().position(|&(_, v)| v < 0.5 + TOLERANCE)?;
        let (time, value) = points[first];
        if (value - 0.5).abs() < TOLERANCE {
            if let Some(&(next, _)) = points[first..].iter().find(|&&(_, v)| v < value) {
                return Some((time + next) / 2.0);
            }
        }
        Some(time)
    }

    pub fn median(&self) -> Median {
        Median {
            value: self.half_way(|s| Some(s.survival)),
            lower: self.half_way(|s| s.lower),
            upper: self.half_way(|s| s.upper),
        }
    }

    /// ∫₀^τ S(t) dt; τ defaults to the last observed time.
    pub fn restricted_mean(&self, tau: Option<f64>) -> f64 {
        let tau = tau.unwrap_or(self.last_time);
        let mut area = 0.0;
        let mut prev_t = 0.0;
        let mut prev_s = 1.0;
        for s in self.steps.iter().take_while(|s| s.time <= tau) {
            area += prev_s * (s.time - prev_t);
            prev_t = s.time;
            prev_s = s.survival;
        }
        area + prev_s * (tau - prev_t).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(v: &[(f64, bool)]) -> Vec<Observation> {
        v.iter().map(|&(t, e)| Observation::new(t, e)).collect()
    }

    #[test]
    fn a_small_curve_by_hand() {
        // 5 citizens: events at 1, 3, 3; censored at 2 and 4.
        let km = kaplan_meier(&obs(&[
            (1.0, true),
            (2.0, false),
            (3.0, true),
            (3.0, true),
            (4.0, false),
        ]))
        .unwrap();
        assert_eq!(km.steps.len(), 2);
        assert_eq!(km.censored_at, vec![2.0, 4.0]);
        assert!((km.steps[0].survival - 0.8).abs() < 1e-15);
        // At 3: 3 at risk, 2 events → 0.8 · 1/3.
        assert_eq!(km.steps[1].at_risk, 3);
        assert!((km.steps[1].survival - 0.8 / 3.0).abs() < 1e-15);
        // Greenwood: S² (1/(5·4) + 2/(3·1)).
        let se = km.steps[1].survival * (1.0 / 20.0 + 2.0 / 3.0f64).sqrt();
        assert!((km.steps[1].std_err.unwrap() - se).abs() < 1e-15);
        assert_eq!(km.median().value, Some(3.0));
        // Area: 1·1 + 0.8·2 + 0.2667·1.
        assert!((km.restricted_mean(None) - (1.0 + 1.6 + 0.8 / 3.0)).abs() < 1e-12);
        assert_eq!(km.share_by(5.0), None);
        assert!((km.share_by(1.5).unwrap() - 0.2).abs() < 1e-15);
    }

    #[test]
    fn degenerate_groups_are_not_enough_data() {
        assert_eq!(kaplan_meier(&[]), Err(EvalError::NotEnoughData));
        assert_eq!(
            kaplan_meier(&obs(&[(3.0, true)])),
            Err(EvalError::NotEnoughData)
        );
        // No one reached self-support: a flat curve, not "not enough data".
        let flat = kaplan_meier(&obs(&[(3.0, false), (4.0, false)])).unwrap();
        assert!(flat.steps.is_empty());
        assert_eq!(flat.median().value, None);
        assert_eq!(flat.restricted_mean(Some(26.0)), 26.0);
        assert_eq!(flat.share_by(4.0), Some(0.0));
        assert_eq!(
            kaplan_meier(&obs(&[(f64::NAN, true), (1.0, true)])),
            Err(EvalError::BadTime)
        );
    }

    #[test]
    fn a_curve_landing_on_one_half_takes_the_midpoint_whatever_the_rounding() {
        // 4 citizens leaving in weeks 1, 2, 4, 4: S(2) = 0.5, next drop at 4.
        let km = kaplan_meier(&obs(&[(1.0, true), (2.0, true), (4.0, true), (4.0, true)])).unwrap();
        assert_eq!(km.median().value, Some(3.0));
        // One ulp above or below 0.5 is still 0.5.
        let mut nudged = km.clone();
        nudged.steps[1].survival = f64::from_bits(0.5f64.to_bits() + 1);
        assert_eq!(nudged.median().value, Some(3.0));
        nudged.steps[1].survival = f64::from_bits(0.5f64.to_bits() - 1);
        assert_eq!(nudged.median().value, Some(3.0));
        // Landing on 0.5 with no later drop: the time itself.
        let ends = kaplan_meier(&obs(&[
            (1.0, true),
            (2.0, true),
            (3.0, false),
            (3.0, false),
        ]))
        .unwrap();
        assert_eq!(ends.median().value, Some(2.0));
        // Clearly below 0.5: the first such time, as before.
        let below =
            kaplan_meier(&obs(&[(1.0, true), (2.0, true), (2.0, true), (5.0, true)])).unwrap();
        assert_eq!(below.median().value, Some(2.0));
    }

    #[test]
    fn everyone_reaching_self_support_ends_at_zero_without_nan() {
        let km = kaplan_meier(&obs(&[(1.0, true), (2.0, true)])).unwrap();
        let last = km.steps.last().unwrap();
        assert_eq!(last.survival, 0.0);
        assert_eq!(last.std_err, None);
        assert_eq!((last.lower, last.upper), (None, None));
        assert!(km
            .steps
            .iter()
            .flat_map(|s| [s.lower, s.upper])
            .flatten()
            .all(f64::is_finite));
    }
}
