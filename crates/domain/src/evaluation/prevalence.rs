//! Weeks on benefit avoided, estimated like with like.
//!
//! The baseline is a *prevalence curve*: for each week k since the start,
//! the share of the baseline citizens (the cohorts who started before the
//! model, or an imported comparison group) who were on benefit in that week,
//! among those still observed then. A citizen who started with the model is
//! expected, under the baseline, to be on benefit in week k with that
//! probability. Expected weeks minus the weeks the register shows are the
//! weeks avoided.
//!
//! Both sides count the same thing: every week on benefit, so a break of a
//! few weeks, or a return to benefit a year later, counts alike on both
//! sides, and a week is only counted where both are observed (within the
//! baseline's horizon and the citizen's own observation).
//!
//! The uncertainty is a percentile bootstrap over citizens: both cohorts are
//! resampled, the curve is rebuilt from the resampled baseline, and the weeks
//! and kroner are computed again. An imported comparison curve is taken as
//! given (only the model cohort is resampled).
//!
//! What the estimate assumes, and the page says: that without the model the
//! citizens would have followed the baseline's curve. Nothing controls for
//! the state of the economy or for a change in who starts a course, unless a
//! comparison group was imported.

use super::economics::Rates;
use crate::message::Message;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::collections::BTreeMap;

/// A week of the baseline counts only while at least this many baseline
/// citizens are observed in it; beyond, the curve says too little.
pub const MIN_OBSERVED: f64 = 20.0;

/// The bootstrap's replicates: enough for stable 2.5% and 97.5% percentiles.
pub const REPLICATES: usize = 400;

/// One citizen followed from their start week to the end of observation
/// (weeks numbered from a fixed Monday), with the weeks the register shows
/// them on benefit.
#[derive(Debug, Clone, PartialEq)]
pub struct Followed {
    pub start: i64,
    pub until: i64,
    /// Weeks since the start on which the citizen was on benefit, sorted,
    /// each within the observation.
    on: Vec<usize>,
}

impl Followed {
    /// `on` are absolute week numbers; those outside `start..=until` are not
    /// observed and are left out.
    pub fn new(start: i64, until: i64, on: &[i64]) -> Self {
        let mut on: Vec<usize> = on
            .iter()
            .filter(|&&w| w >= start && w <= until)
            .map(|&w| (w - start) as usize)
            .collect();
        on.sort_unstable();
        on.dedup();
        Self { start, until, on }
    }

    /// Weeks observed, the start week included.
    pub fn observed(&self) -> usize {
        (self.until - self.start + 1).max(0) as usize
    }
}

/// The baseline: the share on benefit in each week since the start.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prevalence {
    /// Index k: the share in week k, for k below the horizon.
    pub share: Vec<f64>,
}

impl Prevalence {
    /// From a cohort, each citizen with a weight (1 for the cohort itself; a
    /// bootstrap draw's count for a replicate).
    pub fn of_cohort(cohort: &[Followed], weights: &[f64]) -> Prevalence {
        let longest = cohort.iter().map(Followed::observed).max().unwrap_or(0);
        let mut ending = vec![0.0; longest + 1];
        let mut on = vec![0.0; longest];
        for (c, &w) in cohort.iter().zip(weights) {
            ending[c.observed()] += w;
            for &k in &c.on {
                on[k] += w;
            }
        }
        // Observed in week k: everyone whose observation is longer than k.
        let mut observed = vec![0.0; longest];
        let mut share = vec![0.0; longest];
        let mut seen = 0.0;
        for k in (0..longest).rev() {
            seen += ending[k + 1];
            observed[k] = seen;
            share[k] = if seen > 0.0 { on[k] / seen } else { 0.0 };
        }
        // Fewer are observed as k grows: the horizon is where too few are.
        let horizon = observed.iter().take_while(|&&n| n >= MIN_OBSERVED).count();
        share.truncate(horizon);
        Prevalence { share }
    }

    /// An imported curve, as given: week k → share on benefit.
    pub fn given(share: Vec<f64>) -> Prevalence {
        Prevalence { share }
    }

    pub fn horizon(&self) -> usize {
        self.share.len()
    }
}

/// A citizen who started with the model, and the benefit they started on.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelCitizen {
    pub followed: Followed,
    pub benefit: String,
}

/// The point estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Weeks on benefit expected under the baseline, and shown by the
    /// register, over the weeks both observe.
    pub expected: f64,
    pub actual: f64,
    /// Expected − actual, per calendar year and benefit.
    pub by_year: BTreeMap<(i32, String), f64>,
    /// Weeks since the start the baseline covers.
    pub horizon: usize,
    /// Model citizens' observed weeks beyond the horizon: not counted.
    pub beyond: usize,
}

impl Estimate {
    pub fn avoided(&self) -> f64 {
        self.expected - self.actual
    }
}

/// Expected and actual weeks for the model cohort under `baseline`.
pub fn estimate(
    baseline: &Prevalence,
    model: &[ModelCitizen],
    year_of: &dyn Fn(i64) -> i32,
) -> Estimate {
    let h = baseline.horizon();
    let (mut expected, mut actual, mut beyond) = (0.0, 0.0, 0);
    let mut by_year: BTreeMap<(i32, String), f64> = BTreeMap::new();
    for m in model {
        let f = &m.followed;
        let n = f.observed().min(h);
        beyond += f.observed() - n;
        for (k, p) in baseline.share[..n].iter().enumerate() {
            expected += p;
            *by_year
                .entry((year_of(f.start + k as i64), m.benefit.clone()))
                .or_insert(0.0) += p;
        }
        for &k in f.on.iter().take_while(|&&k| k < n) {
            actual += 1.0;
            *by_year
                .entry((year_of(f.start + k as i64), m.benefit.clone()))
                .or_insert(0.0) -= 1.0;
        }
    }
    Estimate {
        expected,
        actual,
        by_year,
        horizon: h,
        beyond,
    }
}

/// Where the baseline comes from, for the bootstrap.
pub enum Source<'a> {
    /// Rebuilt from a resample of this cohort in every replicate.
    Cohort(&'a [Followed]),
    /// Taken as given.
    Given(&'a Prevalence),
}

/// A 95% percentile interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
}

impl Interval {
    pub fn covers(&self, v: f64) -> bool {
        self.lower <= v && v <= self.upper
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uncertainty {
    /// Weeks avoided.
    pub weeks: Interval,
    /// Support saved, in øre.
    pub ore: Interval,
    pub replicates: usize,
}

/// Each model citizen's weekly rate in øre for each week since the start, up
/// to the horizon; a missing rate is an error that names it.
fn rate_rows(
    model: &[ModelCitizen],
    h: usize,
    rates: &Rates,
    year_of: &dyn Fn(i64) -> i32,
) -> Result<Vec<Vec<f64>>, Message> {
    model
        .iter()
        .map(|m| {
            let n = m.followed.observed().min(h);
            (0..n)
                .map(|k| {
                    let year = year_of(m.followed.start + k as i64);
                    rates
                        .0
                        .get(&(m.benefit.clone(), year))
                        .map(|&r| r as f64)
                        .ok_or_else(|| {
                            Message::new("invalid.economics_no_rate")
                                .with("benefit", m.benefit.clone())
                                .with("year", year)
                        })
                })
                .collect()
        })
        .collect()
}

/// Multinomial counts: `n` draws with replacement from `n` citizens.
fn resample(rng: &mut ChaCha8Rng, n: usize) -> Vec<f64> {
    let mut w = vec![0.0; n];
    for _ in 0..n {
        w[rng.gen_range(0..n)] += 1.0;
    }
    w
}

/// The 2.5% and 97.5% percentiles (type 7, as R's default).
fn percentiles(mut v: Vec<f64>) -> Interval {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let pos = q * (v.len() - 1) as f64;
        let (i, frac) = (pos.floor() as usize, pos.fract());
        let next = v[(i + 1).min(v.len() - 1)];
        v[i] + frac * (next - v[i])
    };
    Interval {
        lower: at(0.025),
        upper: at(0.975),
    }
}

/// The bootstrap interval of the weeks avoided and the support saved, over
/// `replicates` resamples drawn from `seed` (the same seed gives the same
/// interval). Needs at least one replicate and one model citizen.
pub fn bootstrap(
    source: Source<'_>,
    model: &[ModelCitizen],
    rates: &Rates,
    year_of: &dyn Fn(i64) -> i32,
    replicates: usize,
    seed: u64,
) -> Result<Option<Uncertainty>, Message> {
    let full = match &source {
        Source::Cohort(c) => Prevalence::of_cohort(c, &vec![1.0; c.len()]),
        Source::Given(p) => (*p).clone(),
    };
    let h = full.horizon();
    if replicates == 0 || model.is_empty() || h == 0 {
        return Ok(None);
    }
    let rows = rate_rows(model, h, rates, year_of)?;
    // What a replicate needs of each model citizen: weeks counted, weeks on
    // benefit among them, and the øre of those.
    let counted: Vec<usize> = model.iter().map(|m| m.followed.observed().min(h)).collect();
    let actual: Vec<(f64, f64)> = model
        .iter()
        .zip(&rows)
        .map(|(m, r)| {
            m.followed
                .on
                .iter()
                .take_while(|&&k| k < r.len())
                .fold((0.0, 0.0), |(w, o), &k| (w + 1.0, o + r[k]))
        })
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut weeks, mut ore) = (Vec::new(), Vec::new());
    for _ in 0..replicates {
        let curve = match &source {
            Source::Cohort(c) => {
                let w = resample(&mut rng, c.len());
                Prevalence::of_cohort(c, &w)
            }
            Source::Given(p) => (*p).clone(),
        };
        let wm = resample(&mut rng, model.len());
        let (mut wk, mut kr) = (0.0, 0.0);
        for (i, &w) in wm.iter().enumerate() {
            if w == 0.0 {
                continue;
            }
            // A replicate's curve may be shorter: weeks beyond it count as
            // on the curve's last value, so the replicate counts the same weeks.
            let last = curve.share.last().copied().unwrap_or(0.0);
            let (mut e, mut eo) = (0.0, 0.0);
            for (k, r) in rows[i].iter().enumerate().take(counted[i]) {
                let p = curve.share.get(k).copied().unwrap_or(last);
                e += p;
                eo += p * r;
            }
            wk += w * (e - actual[i].0);
            kr += w * (eo - actual[i].1);
        }
        weeks.push(wk);
        ore.push(kr);
    }
    Ok(Some(Uncertainty {
        weeks: percentiles(weeks),
        ore: percentiles(ore),
        replicates,
    }))
}

#[cfg(test)]
#[path = "prevalence_simulation.rs"]
mod simulation;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_curve_is_the_share_on_benefit_among_those_observed() {
        // Three citizens from week 0: on 0–1; on 0, off 1, on 2 (a break);
        // on 0 only, observed 2 weeks.
        let c = vec![
            Followed::new(0, 3, &[0, 1]),
            Followed::new(0, 3, &[0, 2]),
            Followed::new(0, 1, &[0, 5]),
        ];
        let mut p = Prevalence::of_cohort(&c, &[1.0; 3]);
        // Below MIN_OBSERVED citizens the horizon is 0; look at the shares.
        assert_eq!(p.horizon(), 0);
        p = {
            let many: Vec<Followed> = c.iter().cycle().take(60).cloned().collect();
            Prevalence::of_cohort(&many, &[1.0; 60])
        };
        assert_eq!(p.horizon(), 4);
        assert_eq!(p.share[0], 1.0);
        assert!((p.share[1] - 1.0 / 3.0).abs() < 1e-12);
        // Weeks 2 and 3: only the first two are observed.
        assert!((p.share[2] - 0.5).abs() < 1e-12);
        assert_eq!(p.share[3], 0.0);
    }

    #[test]
    fn avoided_weeks_count_only_where_both_observe() {
        let base = Prevalence::given(vec![1.0, 1.0, 0.5, 0.5]);
        let year = |w: i64| if w < 2 { 2016 } else { 2017 };
        let m = vec![ModelCitizen {
            followed: Followed::new(0, 9, &[0, 7]),
            benefit: "kontanthjaelp".into(),
        }];
        let e = estimate(&base, &m, &year);
        assert_eq!((e.expected, e.actual, e.beyond), (3.0, 1.0, 6));
        assert_eq!(e.by_year[&(2016, "kontanthjaelp".to_string())], 1.0);
        assert_eq!(e.by_year[&(2017, "kontanthjaelp".to_string())], 1.0);
    }

    #[test]
    fn a_missing_rate_is_named_and_no_citizens_give_no_interval() {
        let base = Prevalence::given(vec![1.0, 0.5]);
        let m = vec![ModelCitizen {
            followed: Followed::new(0, 1, &[0]),
            benefit: "kontanthjaelp".into(),
        }];
        let year = |_| 2020;
        let err = bootstrap(Source::Given(&base), &m, &Rates::default(), &year, 10, 1);
        assert_eq!(
            err,
            Err(Message::new("invalid.economics_no_rate")
                .with("benefit", "kontanthjaelp")
                .with("year", 2020))
        );
        let rates = {
            let mut r = Rates::default();
            r.set("kontanthjaelp", 2020, 100);
            r
        };
        assert_eq!(
            bootstrap(Source::Given(&base), &[], &rates, &year, 10, 1),
            Ok(None)
        );
        let u = bootstrap(Source::Given(&base), &m, &rates, &year, 50, 1)
            .unwrap()
            .unwrap();
        // One citizen, a fixed curve: every replicate is 1.5 − 1 weeks.
        assert!((u.weeks.lower - 0.5).abs() < 1e-12 && (u.weeks.upper - 0.5).abs() < 1e-12);
        assert!((u.ore.lower - 50.0).abs() < 1e-9);
    }
}
