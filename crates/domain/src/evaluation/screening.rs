//! Screening validity: how well a prediction made at the start (the
//! questionnaire's risk class, or the caseworker's own assessment) told who
//! would stay long on benefit. The area under the ROC curve (Mann-Whitney,
//! ties counting one half) with two 95% intervals: DeLong's (the
//! nonparametric one R's `pROC` gives by default, which respects the ties of
//! a three-level risk class) and Hanley-McNeil's (which assumes a smooth,
//! exponential score); and a calibration table of the observed share and
//! the number of citizens per predicted level.

use super::dist::Z95;
use super::{count, shown, Cell, EvalError};
use serde::Serialize;

/// One citizen: the predicted level (higher = more risk) and whether the
/// course in fact lasted long (for instance more than 52 weeks on benefit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    pub level: u8,
    pub long: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Auc {
    pub auc: f64,
    /// Hanley-McNeil's 95% interval.
    pub lower: f64,
    pub upper: f64,
    /// DeLong's variance and 95% interval.
    pub delong_variance: f64,
    pub delong_lower: f64,
    pub delong_upper: f64,
    pub positives: usize,
    pub negatives: usize,
}

/// Needs at least [`super::MIN_CELL`] citizens on each side.
pub fn auc(preds: &[Prediction]) -> Result<Auc, EvalError> {
    let pos: Vec<u8> = preds.iter().filter(|p| p.long).map(|p| p.level).collect();
    let neg: Vec<u8> = preds.iter().filter(|p| !p.long).map(|p| p.level).collect();
    if !shown(pos.len()) || !shown(neg.len()) {
        return Err(EvalError::NotEnoughData);
    }
    // Counting by level keeps this linear in the number of citizens.
    let mut neg_at = [0usize; 256];
    for &l in &neg {
        neg_at[l as usize] += 1;
    }
    let mut below = [0usize; 257];
    for l in 0..256 {
        below[l + 1] = below[l] + neg_at[l];
    }
    let wins: f64 = pos
        .iter()
        .map(|&l| below[l as usize] as f64 + 0.5 * neg_at[l as usize] as f64)
        .sum();
    let (m, n) = (pos.len() as f64, neg.len() as f64);
    let a = wins / (m * n);
    let q1 = a / (2.0 - a);
    let q2 = 2.0 * a * a / (1.0 + a);
    let var = (a * (1.0 - a) + (m - 1.0) * (q1 - a * a) + (n - 1.0) * (q2 - a * a)) / (m * n);
    let se = var.max(0.0).sqrt();
    // DeLong: the variance of each positive's share of negatives it beats
    // (V10) and each negative's share of positives that beat it (V01).
    let mut pos_at = [0usize; 256];
    for &l in &pos {
        pos_at[l as usize] += 1;
    }
    let mut above = [0usize; 257]; // positives above level l: above[l + 1]
    for l in (0..256).rev() {
        above[l] = above[l + 1] + pos_at[l];
    }
    let v10 = |l: u8| (below[l as usize] as f64 + 0.5 * neg_at[l as usize] as f64) / n;
    let v01 = |l: u8| (above[l as usize + 1] as f64 + 0.5 * pos_at[l as usize] as f64) / m;
    let spread = |vs: &mut dyn Iterator<Item = f64>, k: f64| {
        vs.map(|v| (v - a) * (v - a)).sum::<f64>() / (k - 1.0)
    };
    let s10 = spread(&mut pos.iter().map(|&l| v10(l)), m);
    let s01 = spread(&mut neg.iter().map(|&l| v01(l)), n);
    let delong_variance = s10 / m + s01 / n;
    let dse = delong_variance.max(0.0).sqrt();
    Ok(Auc {
        auc: a,
        lower: (a - Z95 * se).max(0.0),
        upper: (a + Z95 * se).min(1.0),
        delong_variance,
        delong_lower: (a - Z95 * dse).max(0.0),
        delong_upper: (a + Z95 * dse).min(1.0),
        positives: pos.len(),
        negatives: neg.len(),
    })
}

/// One predicted level: how many, and the share who in fact stayed long.
/// Both are suppressed for levels with fewer than [`super::MIN_CELL`].
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationRow {
    pub level: u8,
    pub citizens: Cell<usize>,
    pub long_share: Cell<f64>,
}

pub fn calibration(preds: &[Prediction]) -> Vec<CalibrationRow> {
    let mut levels: Vec<u8> = preds.iter().map(|p| p.level).collect();
    levels.sort_unstable();
    levels.dedup();
    levels
        .into_iter()
        .map(|level| {
            let of: Vec<&Prediction> = preds.iter().filter(|p| p.level == level).collect();
            let long = of.iter().filter(|p| p.long).count();
            CalibrationRow {
                level,
                citizens: count(of.len()),
                long_share: count(of.len()).map(|n| long as f64 / n as f64),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(level: u8, long: bool) -> Prediction {
        Prediction { level, long }
    }

    #[test]
    fn auc_counts_ties_as_half() {
        // Positives at 2,2,2,1,1; negatives at 0,0,1,1,2.
        let v = vec![
            p(2, true),
            p(2, true),
            p(2, true),
            p(1, true),
            p(1, true),
            p(0, false),
            p(0, false),
            p(1, false),
            p(1, false),
            p(2, false),
        ];
        let r = auc(&v).unwrap();
        // Each 2 beats 4 and ties 1 (4.5); each 1 beats 2 and ties 2 (3).
        assert!((r.auc - (3.0 * 4.5 + 2.0 * 3.0) / 25.0).abs() < 1e-15);
        assert!(r.lower < r.auc && r.auc < r.upper);
        assert!(r.delong_lower < r.auc && r.auc < r.delong_upper);
    }

    #[test]
    fn perfect_and_useless_predictions() {
        let perfect: Vec<_> = (0..5)
            .map(|_| p(2, true))
            .chain((0..5).map(|_| p(0, false)))
            .collect();
        assert_eq!(auc(&perfect).unwrap().auc, 1.0);
        let flat: Vec<_> = (0..5)
            .map(|_| p(1, true))
            .chain((0..5).map(|_| p(1, false)))
            .collect();
        assert_eq!(auc(&flat).unwrap().auc, 0.5);
        assert_eq!(auc(&perfect[..9]), Err(EvalError::NotEnoughData));
    }

    #[test]
    fn calibration_suppresses_small_levels() {
        let v: Vec<_> = (0..6)
            .map(|i| p(0, i == 0))
            .chain((0..3).map(|_| p(2, true)))
            .collect();
        let rows = calibration(&v);
        assert_eq!(
            rows[0],
            CalibrationRow {
                level: 0,
                citizens: Cell::Shown(6),
                long_share: Cell::Shown(1.0 / 6.0)
            }
        );
        assert_eq!(
            rows[1],
            CalibrationRow {
                level: 2,
                citizens: Cell::Suppressed,
                long_share: Cell::Suppressed
            }
        );
    }
}
