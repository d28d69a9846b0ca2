//! Small dense symmetric positive-definite systems, for the Cox model's
//! Newton steps and its covariance matrix.

/// A square matrix, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    pub n: usize,
    pub a: Vec<f64>,
}

impl Matrix {
    pub fn zeros(n: usize) -> Self {
        Self {
            n,
            a: vec![0.0; n * n],
        }
    }
    pub fn at(&self, i: usize, j: usize) -> f64 {
        self.a[i * self.n + j]
    }
    pub fn add(&mut self, i: usize, j: usize, v: f64) {
        self.a[i * self.n + j] += v;
    }
}

/// The Cholesky factor L (lower, row-major) of a symmetric positive-definite
/// matrix, or `None` when it is not positive definite (a covariate without
/// variation, or perfect separation).
pub fn cholesky(m: &Matrix) -> Option<Matrix> {
    let n = m.n;
    let mut l = Matrix::zeros(n);
    for i in 0..n {
        for j in 0..=i {
            let mut s = m.at(i, j);
            for k in 0..j {
                s -= l.at(i, k) * l.at(j, k);
            }
            if i == j {
                // Relative to the diagonal, so a scaled matrix behaves alike.
                if s <= 1e-12 * m.at(i, i).abs().max(1e-300) || !s.is_finite() {
                    return None;
                }
                l.a[i * n + i] = s.sqrt();
            } else {
                l.a[i * n + j] = s / l.at(j, j);
            }
        }
    }
    Some(l)
}

/// Solves L Lᵀ x = b.
pub fn solve(l: &Matrix, b: &[f64]) -> Vec<f64> {
    let n = l.n;
    let mut y = b.to_vec();
    for i in 0..n {
        for k in 0..i {
            y[i] -= l.at(i, k) * y[k];
        }
        y[i] /= l.at(i, i);
    }
    for i in (0..n).rev() {
        for k in i + 1..n {
            y[i] -= l.at(k, i) * y[k];
        }
        y[i] /= l.at(i, i);
    }
    y
}

/// The inverse of L Lᵀ, column by column.
pub fn inverse(l: &Matrix) -> Matrix {
    let n = l.n;
    let mut inv = Matrix::zeros(n);
    let mut e = vec![0.0; n];
    for j in 0..n {
        e.iter_mut().for_each(|v| *v = 0.0);
        e[j] = 1.0;
        let col = solve(l, &e);
        for (i, v) in col.into_iter().enumerate() {
            inv.a[i * n + j] = v;
        }
    }
    inv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_and_inverts_a_known_system() {
        let m = Matrix {
            n: 3,
            a: vec![4.0, 12.0, -16.0, 12.0, 37.0, -43.0, -16.0, -43.0, 98.0],
        };
        let l = cholesky(&m).expect("positive definite");
        assert_eq!(l.a, vec![2.0, 0.0, 0.0, 6.0, 1.0, 0.0, -8.0, 5.0, 3.0]);
        let x = solve(&l, &[1.0, 2.0, 3.0]);
        for i in 0..3 {
            let row: f64 = (0..3).map(|j| m.at(i, j) * x[j]).sum();
            assert!((row - [1.0, 2.0, 3.0][i]).abs() < 1e-10);
        }
        let inv = inverse(&l);
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3).map(|k| m.at(i, k) * inv.at(k, j)).sum();
                assert!((v - if i == j { 1.0 } else { 0.0 }).abs() < 1e-10);
            }
        }
    }

    #[test]
    fn a_singular_matrix_is_refused() {
        let m = Matrix {
            n: 2,
            a: vec![1.0, 1.0, 1.0, 1.0],
        };
        assert!(cholesky(&m).is_none());
    }
}
