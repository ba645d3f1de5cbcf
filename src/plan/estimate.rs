//! Three-point estimates, the distributions drawn from them and summary quantiles.
//!
//! Sampling uses a seeded ChaCha20 generator and the pure-Rust `libm` maths, so the
//! same seed gives the same draws on every platform, not only on the machine that
//! produced a plan.

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// A three-point estimate: the smallest, the most likely and the largest plausible
/// value (euros, weeks, days or units, depending on where it is used).
///
/// Invariant (checked when a plan is built): all three are finite and
/// `0 ≤ min ≤ likely ≤ max`. `min == max` is allowed and means the value is known.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThreePoint {
    /// Smallest plausible value.
    pub min: f64,
    /// Most likely value (the mode).
    pub likely: f64,
    /// Largest plausible value.
    pub max: f64,
}

impl ThreePoint {
    /// An estimate from its three points (not validated here; see [`ThreePoint::is_valid`]).
    pub const fn new(min: f64, likely: f64, max: f64) -> ThreePoint {
        ThreePoint { min, likely, max }
    }

    /// A known value without uncertainty.
    pub const fn exact(value: f64) -> ThreePoint {
        ThreePoint {
            min: value,
            likely: value,
            max: value,
        }
    }

    /// Whether the points are finite, non-negative and ordered.
    pub fn is_valid(&self) -> bool {
        [self.min, self.likely, self.max]
            .iter()
            .all(|v| v.is_finite() && *v >= 0.0)
            && self.min <= self.likely
            && self.likely <= self.max
    }

    /// Whether the value is known exactly (`min == max`).
    pub fn is_exact(&self) -> bool {
        self.min == self.max
    }

    /// The expected value under `distribution`: `(min + 4·likely + max) / 6` for PERT,
    /// `(min + likely + max) / 3` for the triangular distribution.
    pub fn mean(&self, distribution: Distribution) -> f64 {
        match distribution {
            Distribution::Pert => (self.min + 4.0 * self.likely + self.max) / 6.0,
            Distribution::Triangular => (self.min + self.likely + self.max) / 3.0,
        }
    }

    /// The point-wise product of two estimates (e.g. quantity × unit price); used to
    /// show a range, the simulation draws both factors on their own.
    pub fn times(&self, other: &ThreePoint) -> ThreePoint {
        ThreePoint {
            min: self.min * other.min,
            likely: self.likely * other.likely,
            max: self.max * other.max,
        }
    }

    /// Every point multiplied by `factor` (≥ 0).
    pub fn scaled(&self, factor: f64) -> ThreePoint {
        ThreePoint {
            min: self.min * factor,
            likely: self.likely * factor,
            max: self.max * factor,
        }
    }
}

/// The distribution a three-point estimate is drawn from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// Beta-PERT (λ = 4): weights the most likely value, the usual choice for
    /// project estimates.
    #[default]
    Pert,
    /// Triangular: heavier tails than PERT, for estimates with little evidence.
    Triangular,
}

/// P10, P50 and P90 of simulated values, with their mean.
///
/// Quantiles use the nearest-rank rule on the sorted draws (`P = x[⌈p·n⌉]`), so a
/// value without uncertainty gives exactly that value for every quantile.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Quantiles {
    /// 10 % of the draws are at or below this value.
    pub p10: f64,
    /// The median.
    pub p50: f64,
    /// 90 % of the draws are at or below this value.
    pub p90: f64,
    /// Arithmetic mean of the draws.
    pub mean: f64,
}

impl Quantiles {
    /// Summarises `values` (sorted in place). Results are rounded to two decimals so
    /// plan JSON stays readable; an empty slice gives all zeros.
    pub(crate) fn of(values: &mut [f64]) -> Quantiles {
        if values.is_empty() {
            return Quantiles::default();
        }
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let rank = |p: f64| -> f64 {
            let index = ((p * n as f64).ceil() as usize).clamp(1, n) - 1;
            values[index]
        };
        let sum: f64 = values.iter().sum();
        Quantiles {
            p10: round2(rank(0.10)),
            p50: round2(rank(0.50)),
            p90: round2(rank(0.90)),
            mean: round2(sum / n as f64),
        }
    }
}

/// Rounds to two decimals (cents, hundredths of a week).
pub(crate) fn round2(value: f64) -> f64 {
    let rounded = libm::round(value * 100.0) / 100.0;
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// The seeded random source of one simulation.
pub(crate) struct Sampler {
    rng: ChaCha20Rng,
    distribution: Distribution,
}

impl Sampler {
    /// A sampler whose whole stream is fixed by `seed`.
    pub(crate) fn new(seed: u64, distribution: Distribution) -> Sampler {
        Sampler {
            rng: ChaCha20Rng::seed_from_u64(seed),
            distribution,
        }
    }

    /// A uniform value in the open interval (0, 1).
    fn uniform(&mut self) -> f64 {
        loop {
            // 53 random bits give every representable step of [0, 1).
            let u = (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            if u > 0.0 {
                return u;
            }
        }
    }

    /// A standard normal value (Box–Muller, one of the pair).
    fn normal(&mut self) -> f64 {
        let u1 = self.uniform();
        let u2 = self.uniform();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2)
    }

    /// A Gamma(shape, 1) value for `shape ≥ 1` (Marsaglia and Tsang, 2000).
    fn gamma(&mut self, shape: f64) -> f64 {
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / libm::sqrt(9.0 * d);
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            if u < 1.0 - 0.0331 * x * x * x * x
                || libm::log(u) < 0.5 * x * x + d * (1.0 - v + libm::log(v))
            {
                return d * v;
            }
        }
    }

    /// One draw from `estimate`. An exact estimate returns its value without using
    /// the random stream.
    pub(crate) fn draw(&mut self, estimate: &ThreePoint) -> f64 {
        let ThreePoint { min, likely, max } = *estimate;
        let width = max - min;
        if width <= 0.0 {
            return min;
        }
        match self.distribution {
            Distribution::Pert => {
                let alpha = 1.0 + 4.0 * (likely - min) / width;
                let beta = 1.0 + 4.0 * (max - likely) / width;
                let x = self.gamma(alpha);
                let y = self.gamma(beta);
                min + width * x / (x + y)
            }
            Distribution::Triangular => {
                let u = self.uniform();
                let split = (likely - min) / width;
                if u < split {
                    min + libm::sqrt(u * width * (likely - min))
                } else {
                    max - libm::sqrt((1.0 - u) * width * (max - likely))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_mean(estimate: ThreePoint, distribution: Distribution, n: usize) -> (f64, f64, f64) {
        let mut sampler = Sampler::new(7, distribution);
        let draws: Vec<f64> = (0..n).map(|_| sampler.draw(&estimate)).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        let lo = draws.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = draws.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        (mean, lo, hi)
    }

    #[test]
    fn analytic_means() {
        let e = ThreePoint::new(2.0, 4.0, 12.0);
        // PERT: (2 + 16 + 12) / 6 = 5; triangular: (2 + 4 + 12) / 3 = 6.
        assert_eq!(e.mean(Distribution::Pert), 5.0);
        assert_eq!(e.mean(Distribution::Triangular), 6.0);
    }

    #[test]
    fn pert_draws_match_the_analytic_mean_and_stay_in_range() {
        let e = ThreePoint::new(2.0, 4.0, 12.0);
        let (mean, lo, hi) = sample_mean(e, Distribution::Pert, 40_000);
        // PERT variance here is (b−a)²/36·… ≈ 2.9; the standard error of the mean of
        // 40 000 draws is ≈ 0.009, so 0.05 is a > 5σ tolerance.
        assert!((mean - 5.0).abs() < 0.05, "PERT mean {mean}");
        assert!(lo >= 2.0 && hi <= 12.0);
    }

    #[test]
    fn triangular_draws_match_the_analytic_mean_and_stay_in_range() {
        let e = ThreePoint::new(2.0, 4.0, 12.0);
        let (mean, lo, hi) = sample_mean(e, Distribution::Triangular, 40_000);
        // Var = (a²+b²+c²−ab−ac−bc)/18 = (4+16+144−8−24−48)/18 ≈ 4.67; SE ≈ 0.011.
        assert!((mean - 6.0).abs() < 0.06, "triangular mean {mean}");
        assert!(lo >= 2.0 && hi <= 12.0);
    }

    #[test]
    fn skewed_to_the_edge_still_works() {
        // likely == min and likely == max give shapes 1/5 and 5/1.
        for e in [
            ThreePoint::new(0.0, 0.0, 10.0),
            ThreePoint::new(0.0, 10.0, 10.0),
        ] {
            let (mean, lo, hi) = sample_mean(e, Distribution::Pert, 20_000);
            let expected = e.mean(Distribution::Pert);
            assert!(
                (mean - expected).abs() < 0.06,
                "{e:?}: {mean} vs {expected}"
            );
            assert!(lo >= 0.0 && hi <= 10.0);
        }
    }

    #[test]
    fn exact_estimates_do_not_consume_randomness() {
        let mut a = Sampler::new(1, Distribution::Pert);
        let mut b = Sampler::new(1, Distribution::Pert);
        assert_eq!(a.draw(&ThreePoint::exact(3.5)), 3.5);
        let range = ThreePoint::new(1.0, 2.0, 3.0);
        assert_eq!(a.draw(&range).to_bits(), b.draw(&range).to_bits());
    }

    #[test]
    fn nearest_rank_quantiles() {
        let mut v: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let q = Quantiles::of(&mut v);
        // n = 10: P10 = x[1], P50 = x[5], P90 = x[9] (1-based ranks).
        assert_eq!((q.p10, q.p50, q.p90, q.mean), (1.0, 5.0, 9.0, 5.5));
        let mut constant = vec![4.25; 7];
        let q = Quantiles::of(&mut constant);
        assert_eq!((q.p10, q.p50, q.p90, q.mean), (4.25, 4.25, 4.25, 4.25));
    }

    #[test]
    fn validity() {
        assert!(ThreePoint::new(0.0, 0.0, 0.0).is_valid());
        assert!(!ThreePoint::new(2.0, 1.0, 3.0).is_valid());
        assert!(!ThreePoint::new(-1.0, 1.0, 3.0).is_valid());
        assert!(!ThreePoint::new(1.0, 1.0, f64::NAN).is_valid());
    }
}
