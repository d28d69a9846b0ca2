//! Cox proportional-hazards regression with Efron's handling of ties (the
//! default of R's `coxph` and of `lifelines`), fitted by Newton-Raphson with
//! step halving. Hazard ratios compare the hazard of leaving benefit (reaching
//! self-support): above 1 means faster to self-support than the reference.

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
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoxFit {
    pub subjects: usize,
    pub events: usize,
    pub coefficients: Vec<Coefficient>,
    /// Covariates left out because they did not vary in the data.
    pub dropped: Vec<String>,
    pub log_likelihood: f64,
    pub iterations: usize,
}

const MAX_ITER: usize = 60;
/// |β| beyond this means a hazard ratio of about 10¹³: separation, not an estimate.
const MAX_BETA: f64 = 30.0;

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
    // Keep the covariates that vary, centred (β does not change; exp() stays tame).
    let mut keep = Vec::new();
    let mut dropped = Vec::new();
    for (j, name) in names.iter().enumerate() {
        let first = subjects[0].x[j];
        if subjects.iter().any(|s| s.x[j] != first) {
            keep.push(j);
        } else {
            dropped.push(name.clone());
        }
    }
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
        if beta.iter().any(|b| b.abs() > MAX_BETA || !b.is_finite()) {
            return Err(EvalError::NotEstimable);
        }
        if (change < 1e-13 * cur.loglik.abs().max(1.0) && moved < 1e-9) || iterations >= MAX_ITER {
            break;
        }
    }
    if iterations >= MAX_ITER {
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
    fn separation_and_constant_covariates_are_reported_not_fitted() {
        // Everyone with x = 1 leaves before everyone with x = 0: β runs off.
        let s: Vec<Subject> = (0..6)
            .map(|i| Subject {
                time: i as f64 + 1.0,
                event: true,
                x: vec![if i < 3 { 1.0 } else { 0.0 }],
            })
            .collect();
        assert_eq!(cox(&["x".into()], &s), Err(EvalError::NotEstimable));
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
