//! Company readiness by dimension: the datasets' scores, weighted by size and relevance.
//!
//! Weight of a dataset = size weight × relevance weight, with size weight
//! `1 + log10(1 + bytes / size_unit_bytes)` (a 1 GB dataset counts about six times a
//! 1 KB one, not a million times) and the relevance weight from the dataset's
//! `relevance` annotation (`[readiness.relevance]`; unannotated datasets count as
//! `medium`, `none` leaves a dataset out). The questionnaire joins these figures with
//! the organisational answers.

use serde::{Deserialize, Serialize};

use super::{Dimension, ScoringConfig, Severity};
use crate::catalog::Dataset;

/// Readiness of one dimension over the catalogue.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DimensionReadiness {
    /// The dimension.
    pub dimension: Option<Dimension>,
    /// Weighted mean score (0–100, one decimal); `None` without datasets.
    pub score: Option<f64>,
    /// Datasets counted (relevance not `none`).
    pub datasets: usize,
    /// Findings of that dimension by severity over the counted datasets.
    pub critical: usize,
    /// Warnings.
    pub warning: usize,
    /// Notes.
    pub info: usize,
    /// Ids of the datasets that hold the dimension back most (weight × missing points).
    pub weakest: Vec<String>,
}

/// Readiness of the whole catalogue.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogReadiness {
    /// Quality, rights, interoperability in this order.
    pub dimensions: Vec<DimensionReadiness>,
    /// Mean of the three dimension scores.
    pub overall: Option<f64>,
    /// Datasets left out (relevance `none`).
    pub excluded: Vec<String>,
}

impl CatalogReadiness {
    /// The figures of one dimension.
    pub fn get(&self, d: Dimension) -> Option<&DimensionReadiness> {
        self.dimensions.iter().find(|r| r.dimension == Some(d))
    }
}

/// Weight of a dataset in the company readiness.
pub fn dataset_weight(d: &Dataset, config: &ScoringConfig) -> f64 {
    let r = &config.readiness;
    let size = 1.0 + (1.0 + d.bytes as f64 / r.size_unit_bytes).log10();
    let relevance = d
        .annotations
        .relevance()
        .map(|v| v.id())
        .unwrap_or("medium");
    size * r.relevance.get(relevance).copied().unwrap_or(1.0)
}

/// Aggregates the datasets' scores by dimension.
pub fn readiness(datasets: &[Dataset], config: &ScoringConfig) -> CatalogReadiness {
    let weights: Vec<f64> = datasets.iter().map(|d| dataset_weight(d, config)).collect();
    let excluded = datasets
        .iter()
        .zip(&weights)
        .filter(|(_, w)| **w <= 0.0)
        .map(|(d, _)| d.id.clone())
        .collect();
    let mut dimensions = Vec::new();
    for dim in Dimension::ALL {
        let mut sum = 0.0;
        let mut total = 0.0;
        let mut r = DimensionReadiness {
            dimension: Some(dim),
            ..DimensionReadiness::default()
        };
        let mut gaps: Vec<(f64, &str)> = Vec::new();
        for (d, w) in datasets.iter().zip(&weights) {
            if *w <= 0.0 {
                continue;
            }
            let s = f64::from(d.scores.get(dim));
            sum += s * w;
            total += w;
            r.datasets += 1;
            for f in d.findings.iter().filter(|f| f.dimension == dim) {
                match f.severity {
                    Severity::Critical => r.critical += 1,
                    Severity::Warning => r.warning += 1,
                    Severity::Info => r.info += 1,
                }
            }
            if s < 100.0 {
                gaps.push((w * (100.0 - s), d.id.as_str()));
            }
        }
        r.score = (total > 0.0).then(|| (sum / total * 10.0).round() / 10.0);
        gaps.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        r.weakest = gaps
            .into_iter()
            .take(config.readiness.weakest)
            .map(|(_, id)| id.to_owned())
            .collect();
        dimensions.push(r);
    }
    let scores: Vec<f64> = dimensions.iter().filter_map(|d| d.score).collect();
    let overall =
        (scores.len() == 3).then(|| (scores.iter().sum::<f64>() / 3.0 * 10.0).round() / 10.0);
    CatalogReadiness {
        dimensions,
        overall,
        excluded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::annotation::AnnotationKey;
    use crate::score::Scores;

    fn ds(id: &str, bytes: u64, q: u8) -> Dataset {
        Dataset {
            id: id.into(),
            bytes,
            scores: Scores {
                quality: q,
                rights: 50,
                interoperability: 80,
            },
            ..Dataset::default()
        }
    }

    #[test]
    fn size_and_relevance_weigh() {
        let config = ScoringConfig::embedded();
        let mut big = ds("big", 1_000_000_000, 40);
        let small = ds("small", 1_000, 100);
        let r = readiness(&[big.clone(), small.clone()], &config);
        let q = r.get(Dimension::Quality).unwrap();
        // weights: 1 + log10(1 + 1e6) ≈ 7.0 and 1 + log10(2) ≈ 1.3
        let wb = 1.0 + (1.0f64 + 1e6).log10();
        let ws = 1.0 + 2.0f64.log10();
        let expected = ((40.0 * wb + 100.0 * ws) / (wb + ws) * 10.0).round() / 10.0;
        assert_eq!(q.score, Some(expected));
        assert_eq!(q.weakest, ["big"]);
        big.annotations
            .set(AnnotationKey::Relevance, Some("none".into()));
        let r = readiness(&[big, small], &config);
        assert_eq!(r.get(Dimension::Quality).unwrap().score, Some(100.0));
        assert_eq!(r.excluded, ["big"]);
        assert_eq!(
            r.overall,
            Some(((100.0 + 50.0 + 80.0) / 3.0 * 10.0f64).round() / 10.0)
        );
    }
}
