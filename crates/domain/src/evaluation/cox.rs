//! Cox proportional-hazards regression with Efron's handling of ties (the
//! default of R's `coxph` and of `lifelines`), fitted by Newton-Raphson with
//! step halving. Hazard ratios compare the hazard of leaving benefit (reaching
//! self-support): above 1 means faster to self-support than the reference.
//!
//! As R's `coxph`, the model is fitted whenever some of it can be:
//! - a covariate without variation, or one that is a copy or a linear
//!   combination of those before it, cannot be estimated (R's NA): it is left
//!   out and named in [`CoxFit::dropped`];
//! - a coefficient that runs off towards ±∞ while the likelihood converges
//!   (say, an intervention that no one has left benefit from yet) is kept,
//!   marked [`Coefficient::infinite`]: its value and interval mean nothing,
//!   and the others are estimated as usual.

use super::dist::{two_sided_p, Z95};
use super::linalg::{cholesky, inverse, solve, Matrix};
use super::EvalError;
use serde::Serialize;

/// One citizen: weeks to self-support or censoring, and the covariate values
/// (0/1 dummies against the reference levels, or numbers).
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    pub time: f64,
    pub event: bool,
    pub x: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coefficient {
    pub name: String,
    pub beta: f64,
    pub std_err: f64,
    pub hazard_ratio: f64,
    pub lower: f64,
    pub upper: f64,
    pub z: f64,
    pub p_value: f64,
    /// The likelihood converged while this coefficient kept growing: the
    /// hazard ratio is 0 or infinite in the limit, and the figures above are
    /// where the fit stopped (R warns "coefficient may be infinite").
    pub infinite: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoxFit {
    pub subjects: usize,
    pub events: usize,
    pub coefficients: Vec<Coefficient>,
    /// Covariates left out because they could not be estimated: no variation
    /// in the data, or a copy or combination of covariates before them.
    pub dropped: Vec<String>,
    pub log_likelihood: f64,
    pub iterations: usize,
}

const MAX_ITER: usize = 60;
/// R's `toler.inf` (√ of its `eps` 1e-9): a next Newton step larger than
/// this share of |β| after convergence means the coefficient runs off.
const TOLER_INF: f64 = 3.162_277_660_168_379e-5;
/// A column whose variance left after projection onto the columns before it
/// is below this share of its own variance is aliased.
const ALIASED: f64 = 1e-10;

/// The columns that can be estimated: those that vary and are not a linear
/// combination of earlier ones (Gram-Schmidt on the centred columns).
fn estimable(subjects: &[Subject], columns: usize) -> Vec<usize> {
    let n = subjects.len() as f64;
    let mut basis: Vec<Vec<f64>> = Vec::new();
    let mut keep = Vec::new();
    for j in 0..columns {
        let mean = subjects.iter().map(|s| s.x[j]).sum::<f64>() / n;
        let mut v: Vec<f64> = subjects.iter().map(|s| s.x[j] - mean).collect();
        let own: f64 = v.iter().map(|a| a * a).sum();
        for b in &basis {
            let dot: f64 = v.iter().zip(b).map(|(a, b)| a * b).sum();
            v.iter_mut().zip(b).for_each(|(a, b)| *a -= dot * b);
        }
        let left: f64 = v.iter().map(|a| a * a).sum();
        if own > 0.0 && left > ALIASED * own {
            let norm = left.sqrt();
            basis.push(v.into_iter().map(|a| a / norm).collect());
            keep.push(j);
        }
    }
    keep
}

pub fn cox(names: &[String], subjects: &[Subject]) -> Result<CoxFit, EvalError> {
    if subjects
        .iter()
        .any(|s| !s.time.is_finite() || s.time < 0.0 || s.x.len() != names.len())
    {
        return Err(EvalError::BadTime);
    }
    let events = subjects.iter().filter(|s| s.event).count();
    if subjects.len() < 2 || events == 0 {
        return Err(EvalError::NotEnoughData);
    }
    // Keep the covariates that can be estimated, centred (β does not change;
    // exp() stays tame).
    let keep = estimable(subjects, names.len());
    let dropped: Vec<String> = (0..names.len())
        .filter(|j| !keep.contains(j))
        .map(|j| names[j].clone())
        .collect();
    if keep.is_empty() {
        return Err(EvalError::NotEnoughData);
    }
    let p = keep.len();
    let means: Vec<f64> = keep
        .iter()
        .map(|&j| subjects.iter().map(|s| s.x[j]).sum::<f64>() / subjects.len() as f64)
        .collect();
    let mut data: Vec<(f64, bool, Vec<f64>)> = subjects
        .iter()
        .map(|s| {
            (
                s.time,
                s.event,
                keep.iter().zip(&means).map(|(&j, m)| s.x[j] - m).collect(),
            )
        })
        .collect();
    data.sort_by(|a, b| b.0.total_cmp(&a.0));

    let mut beta = vec![0.0; p];
    let mut cur = efron(&data, &beta, p);
    let mut iterations = 0;
    let mut running = vec![false; p];
    loop {
        iterations += 1;
        let l = cholesky(&cur.info).ok_or(EvalError::NotEstimable)?;
        let step = solve(&l, &cur.score);
        let mut factor = 1.0;
        let (next_beta, next) = loop {
            let b: Vec<f64> = beta
                .iter()
                .zip(&step)
                .map(|(b, s)| b + factor * s)
                .collect();
            let n = efron(&data, &b, p);
            if n.loglik.is_finite() && n.loglik >= cur.loglik - 1e-12 * cur.loglik.abs()
                || factor < 1e-6
            {
                break (b, n);
            }
            factor /= 2.0;
        };
        let change = (next.loglik - cur.loglik).abs();
        let moved = step.iter().map(|s| (s * factor).abs()).fold(0.0, f64::max);
        beta = next_beta;
        cur = next;
        if beta.iter().any(|b| !b.is_finite()) {
            return Err(EvalError::NotEstimable);
        }
        let flat = change < 1e-13 * cur.loglik.abs().max(1.0);
        if flat && moved < 1e-9 {
            break;
        }
        if flat || iterations >= MAX_ITER {
            // The likelihood no longer moves but some β do: R's test for a
            // coefficient running off, on the next Newton step.
            let l = cholesky(&cur.info).ok_or(EvalError::NotEstimable)?;
            let next = solve(&l, &cur.score);
            running = next
                .iter()
                .zip(&beta)
                .map(|(d, b)| d.abs() > 1e-9 && d.abs() > TOLER_INF * b.abs())
                .collect();
            if running.iter().any(|r| *r) || iterations >= MAX_ITER {
                break;
            }
        }
    }
    if iterations >= MAX_ITER && !running.iter().any(|r| *r) {
        return Err(EvalError::NotEstimable);
    }
    let l = cholesky(&cur.info).ok_or(EvalError::NotEstimable)?;
    let cov = inverse(&l);
    let coefficients = keep
        .iter()
        .enumerate()
        .map(|(i, &j)| {
            let se = cov.at(i, i).sqrt();
            let b = beta[i];
            Coefficient {
                name: names[j].clone(),
                beta: b,
                std_err: se,
                hazard_ratio: b.exp(),
                lower: (b - Z95 * se).exp(),
                upper: (b + Z95 * se).exp(),
                z: b / se,
                p_value: two_sided_p(b / se),
                infinite: running[i],
            }
        })
        .collect();
    Ok(CoxFit {
        subjects: subjects.len(),
        events,
        coefficients,
        dropped,
        log_likelihood: cur.loglik,
        iterations,
    })
}

struct Eval {
    loglik: f64,
    score: Vec<f64>,
    info: Matrix,
}

/// Efron's partial log-likelihood, its gradient and the observed information,
/// over `data` sorted by time, latest first.
fn efron(data: &[(f64, bool, Vec<f64>)], beta: &[f64], p: usize) -> Eval {
    let mut loglik = 0.0;
    let mut score = vec![0.0; p];
    let mut info = Matrix::zeros(p);
    // Risk-set sums: S0 = Σ r, S1 = Σ r x, S2 = Σ r x xᵀ.
    let mut s0 = 0.0;
    let mut s1 = vec![0.0; p];
    let mut s2 = Matrix::zeros(p);
    let mut i = 0;
    while i < data.len() {
        let t = data[i].0;
        let mut d = 0usize;
        let mut t0 = 0.0;
        let mut t1 = vec![0.0; p];
        let mut t2 = Matrix::zeros(p);
        while i < data.len() && data[i].0 == t {
            let (_, event, x) = &data[i];
            let eta: f64 = x.iter().zip(beta).map(|(a, b)| a * b).sum();
            let r = eta.exp();
            s0 += r;
            for a in 0..p {
                s1[a] += r * x[a];
                for b in 0..p {
                    s2.add(a, b, r * x[a] * x[b]);
                }
            }
            if *event {
                d += 1;
                loglik += eta;
                t0 += r;
                for a in 0..p {
                    score[a] += x[a];
                    t1[a] += r * x[a];
                    for b in 0..p {
                        t2.add(a, b, r * x[a] * x[b]);
                    }
                }
            }
            i += 1;
        }
        for l in 0..d {
            let f = l as f64 / d as f64;
            let phi0 = s0 - f * t0;
            loglik -= phi0.ln();
            let phi1: Vec<f64> = (0..p).map(|a| s1[a] - f * t1[a]).collect();
            for a in 0..p {
                score[a] -= phi1[a] / phi0;
                for b in 0..p {
                    let phi2 = s2.at(a, b) - f * t2.at(a, b);
                    info.add(a, b, phi2 / phi0 - phi1[a] * phi1[b] / (phi0 * phi0));
                }
            }
        }
    }
    Eval {
        loglik,
        score,
        info,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_binary_covariate_without_ties_by_hand() {
        // Times 1..4, all events; x = 1, 0, 1, 0. With no ties the score at
        // β = 0 is Σ (x_i − mean of the risk set): (1 − 1/2) + (0 − 1/3) + (1 − 1/2) + 0.
        let s: Vec<Subject> = [(1.0, 1.0), (2.0, 0.0), (3.0, 1.0), (4.0, 0.0)]
            .iter()
            .map(|&(t, x)| Subject {
                time: t,
                event: true,
                x: vec![x],
            })
            .collect();
        let data = {
            let mut d: Vec<(f64, bool, Vec<f64>)> =
                s.iter().map(|s| (s.time, s.event, s.x.clone())).collect();
            d.sort_by(|a, b| b.0.total_cmp(&a.0));
            d
        };
        let e = efron(&data, &[0.0], 1);
        assert!((e.score[0] - (0.5 - 1.0 / 3.0 + 0.5)).abs() < 1e-12);
        let fit = cox(&["x".into()], &s).unwrap();
        // At the maximum the score is zero, so the fit moved β above 0.
        assert!(fit.coefficients[0].beta > 0.0);
        assert!(efron(&data, &[fit.coefficients[0].beta], 1).score[0].abs() < 1e-9);
    }

    #[test]
    fn separation_is_reported_as_infinite_and_aliased_columns_are_dropped() {
        // Everyone with x = 1 leaves before everyone with x = 0: β runs off;
        // z varies on its own and is estimated; w copies z and cannot be.
        let s: Vec<Subject> = (0..8)
            .map(|i| Subject {
                time: i as f64 + 1.0,
                event: true,
                x: vec![
                    if i < 3 { 1.0 } else { 0.0 },
                    (i % 3) as f64,
                    (i % 3) as f64 * 2.0 + 1.0,
                ],
            })
            .collect();
        let names = ["x".into(), "z".into(), "w".into()];
        let fit = cox(&names, &s).unwrap();
        assert_eq!(fit.dropped, vec!["w".to_string()]);
        assert_eq!(fit.coefficients.len(), 2);
        let (x, z) = (&fit.coefficients[0], &fit.coefficients[1]);
        assert!(x.infinite && x.beta > 10.0, "{x:?}");
        assert!(
            !z.infinite && z.beta.abs() < 10.0 && z.std_err.is_finite(),
            "{z:?}"
        );
        // Alone, the separated covariate is still a fit, marked infinite.
        let alone: Vec<Subject> = s
            .iter()
            .map(|s| Subject {
                x: vec![s.x[0]],
                ..s.clone()
            })
            .collect();
        assert!(cox(&["x".into()], &alone).unwrap().coefficients[0].infinite);
        let flat: Vec<Subject> = (0..4)
            .map(|i| Subject {
                time: i as f64 + 1.0,
                event: true,
                x: vec![1.0],
            })
            .collect();
        assert_eq!(cox(&["x".into()], &flat), Err(EvalError::NotEnoughData));
        let none: Vec<Subject> = (0..4)
            .map(|i| Subject {
                time: i as f64 + 1.0,
                event: false,
                x: vec![i as f64],
            })
            .collect();
        assert_eq!(cox(&["x".into()], &none), Err(EvalError::NotEnoughData));
    }
}
