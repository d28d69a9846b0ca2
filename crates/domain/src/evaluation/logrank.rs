//! The log-rank test of equal survival across k groups (R's `survdiff` with
//! rho = 0): observed against expected events per group, and the chi-square
//! statistic from the hypergeometric covariance. As in R, a group whose
//! expected count is 0 (no one at risk at any event) is left out of the
//! test: it has no information, and the degrees of freedom are the groups
//! kept less one.

use super::dist::chi2_sf;
use super::linalg::{cholesky, solve, Matrix};
use super::survival::Observation;
use super::EvalError;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogRank {
    pub observed: Vec<f64>,
    pub expected: Vec<f64>,
    pub chi2: f64,
    pub df: usize,
    pub p_value: f64,
    /// Groups left out of the test (by index), their expected count being 0.
    pub dropped: Vec<usize>,
}

/// Tests `groups` (each a list of observations). Needs at least one event,
/// and two groups with someone at risk at an event.
pub fn log_rank(groups: &[Vec<Observation>]) -> Result<LogRank, EvalError> {
    let k = groups.len();
    let mut all: Vec<(f64, bool, usize)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, v)| v.iter().map(move |o| (o.time, o.event, g)))
        .collect();
    if all.iter().any(|o| !o.0.is_finite() || o.0 < 0.0) {
        return Err(EvalError::BadTime);
    }
    if !all.iter().any(|o| o.1) {
        return Err(EvalError::NotEnoughData);
    }
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut at_risk: Vec<f64> = groups.iter().map(|g| g.len() as f64).collect();
    let mut observed = vec![0.0; k];
    let mut expected = vec![0.0; k];
    let mut var = Matrix::zeros(k);
    let mut i = 0;
    while i < all.len() {
        let t = all[i].0;
        let mut d = vec![0.0; k];
        let mut leaving = vec![0.0; k];
        while i < all.len() && all[i].0 == t {
            let g = all[i].2;
            if all[i].1 {
                d[g] += 1.0;
            }
            leaving[g] += 1.0;
            i += 1;
        }
        let n: f64 = at_risk.iter().sum();
        let dt: f64 = d.iter().sum();
        if dt > 0.0 {
            for g in 0..k {
                observed[g] += d[g];
                expected[g] += dt * at_risk[g] / n;
            }
            if n > 1.0 {
                let f = dt * (n - dt) / (n - 1.0);
                for a in 0..k {
                    for b in 0..k {
                        let delta = if a == b { 1.0 } else { 0.0 };
                        var.add(a, b, f * at_risk[a] / n * (delta - at_risk[b] / n));
                    }
                }
            }
        }
        for g in 0..k {
            at_risk[g] -= leaving[g];
        }
    }
    let (kept, dropped): (Vec<usize>, Vec<usize>) = (0..k).partition(|&g| expected[g] > 0.0);
    if kept.len() < 2 {
        return Err(EvalError::NotEnoughData);
    }
    // All kept groups but the last carry all the information (the sums are zero).
    let used = &kept[..kept.len() - 1];
    let m = used.len();
    let mut reduced = Matrix::zeros(m);
    for (a, &ga) in used.iter().enumerate() {
        for (b, &gb) in used.iter().enumerate() {
            reduced.add(a, b, var.at(ga, gb));
        }
    }
    let diff: Vec<f64> = used.iter().map(|&g| observed[g] - expected[g]).collect();
    let l = cholesky(&reduced).ok_or(EvalError::NotEnoughData)?;
    let x = solve(&l, &diff);
    let chi2: f64 = diff.iter().zip(&x).map(|(a, b)| a * b).sum();
    Ok(LogRank {
        observed,
        expected,
        chi2,
        df: m,
        p_value: chi2_sf(chi2, m as f64),
        dropped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_groups_by_hand() {
        // A: events at 1 and 2; B: events at 3 and 4.
        let a = vec![Observation::new(1.0, true), Observation::new(2.0, true)];
        let b = vec![Observation::new(3.0, true), Observation::new(4.0, true)];
        let r = log_rank(&[a, b]).unwrap();
        // E_A = 2/4 + 1/3; Var = (1·3/3)(2/4)(2/4) + (1·2/2)(1/3)(2/3).
        let e_a = 0.5 + 1.0 / 3.0;
        assert!((r.expected[0] - e_a).abs() < 1e-12);
        let v = 0.25 + 2.0 / 9.0;
        assert!((r.chi2 - (2.0 - e_a).powi(2) / v).abs() < 1e-12);
        assert_eq!(r.df, 1);
    }

    #[test]
    fn one_group_or_no_events_is_not_enough_data() {
        let a = vec![Observation::new(1.0, true), Observation::new(2.0, true)];
        assert_eq!(
            log_rank(std::slice::from_ref(&a)),
            Err(EvalError::NotEnoughData)
        );
        let c = vec![Observation::new(1.0, false)];
        assert_eq!(log_rank(&[c.clone(), c]), Err(EvalError::NotEnoughData));
        assert_eq!(log_rank(&[a, vec![]]), Err(EvalError::NotEnoughData));
    }

    #[test]
    fn a_group_with_no_one_at_risk_at_an_event_is_left_out() {
        let a = vec![Observation::new(1.0, true), Observation::new(2.0, true)];
        let b = vec![Observation::new(3.0, true), Observation::new(4.0, true)];
        let gone = vec![Observation::new(0.0, false)];
        let two = log_rank(&[a.clone(), b.clone()]).unwrap();
        for groups in [
            vec![a.clone(), gone.clone(), b.clone()],
            vec![a.clone(), b.clone(), vec![]],
        ] {
            let r = log_rank(&groups).unwrap();
            assert_eq!(r.df, 1);
            assert!((r.chi2 - two.chi2).abs() < 1e-12);
            assert_eq!(r.dropped.len(), 1);
        }
    }
}
