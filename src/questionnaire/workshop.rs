//! Workshops: several companies, several respondents each, and an anonymous group
//! benchmark.
//!
//! The benchmark is built from section scores only, never from answers, and only
//! when at least `min_group_size` companies have a score in a section; below that the
//! section's benchmark is withheld, so no single company can be recognised. Company
//! names never appear in a [`Benchmark`]. Quartiles use linear interpolation between
//! order statistics (the method of spreadsheets' `QUARTILE.INC`).

use serde::Serialize;

use super::Questionnaire;
use super::answers::CompanyAnswers;
use super::engine::{GroupPosition, QuestionnaireRef, QuestionnaireResult, evaluate};
use super::model::Text;
use crate::company::CompanyProfile;

/// Median and quartiles of one section across the group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BenchmarkStat {
    /// Companies with a score here.
    pub companies: usize,
    /// Whether the figures are withheld (fewer than `min_group_size` companies).
    pub withheld: bool,
    /// Lower quartile (one decimal).
    pub q1: Option<f64>,
    /// Median (one decimal).
    pub median: Option<f64>,
    /// Upper quartile (one decimal).
    pub q3: Option<f64>,
}

/// The benchmark of one section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SectionBenchmark {
    /// Section id.
    pub section: String,
    /// Section title.
    pub title: Text,
    /// The figures.
    #[serde(flatten)]
    pub stat: BenchmarkStat,
}

/// The group benchmark of a workshop.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Benchmark {
    /// Companies in the workshop.
    pub companies: usize,
    /// Fewest companies per figure.
    pub min_group_size: usize,
    /// Overall score across the group.
    pub overall: BenchmarkStat,
    /// Per section, in questionnaire order.
    pub sections: Vec<SectionBenchmark>,
}

/// The result of an assessment: every company, and the group benchmark when there
/// are two or more companies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkshopResult {
    /// The questionnaire.
    pub questionnaire: QuestionnaireRef,
    /// Assessment label.
    pub assessment: String,
    /// One result per company, in input order.
    pub companies: Vec<QuestionnaireResult>,
    /// The anonymous benchmark (two or more companies).
    pub benchmark: Option<Benchmark>,
}

/// Quantile `p` of sorted values by linear interpolation (type 7).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn stat(mut values: Vec<f64>, min_group_size: usize) -> BenchmarkStat {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n < min_group_size || n == 0 {
        return BenchmarkStat {
            companies: n,
            withheld: true,
            q1: None,
            median: None,
            q3: None,
        };
    }
    BenchmarkStat {
        companies: n,
        withheld: false,
        q1: Some(round1(quantile(&values, 0.25))),
        median: Some(round1(quantile(&values, 0.5))),
        q3: Some(round1(quantile(&values, 0.75))),
    }
}

/// The group benchmark of company results (section and overall scores only).
pub fn benchmark(q: &Questionnaire, results: &[QuestionnaireResult]) -> Benchmark {
    let min = q.meta.scoring.min_group_size;
    let sections = q
        .sections
        .iter()
        .map(|s| {
            let values = results
                .iter()
                .filter_map(|r| r.section(s.id())?.summary.score)
                .collect();
            SectionBenchmark {
                section: s.id().to_owned(),
                title: s.header.title.clone(),
                stat: stat(values, min),
            }
        })
        .collect();
    Benchmark {
        companies: results.len(),
        min_group_size: min,
        overall: stat(
            results.iter().filter_map(|r| r.overall.score).collect(),
            min,
        ),
        sections,
    }
}

/// Scores every company and, with two or more, adds the benchmark and each
/// company's position against it.
pub fn evaluate_workshop(
    q: &Questionnaire,
    assessment: &str,
    companies: &[(CompanyProfile, CompanyAnswers)],
) -> WorkshopResult {
    let mut results: Vec<QuestionnaireResult> = companies
        .iter()
        .map(|(profile, answers)| evaluate(q, profile, answers))
        .collect();
    let bench = (results.len() > 1).then(|| benchmark(q, &results));
    if let Some(b) = &bench {
        for r in &mut results {
            r.group_position = b
                .sections
                .iter()
                .filter_map(|sb| {
                    let score = r.section(&sb.section)?.summary.score?;
                    let (q1, q3) = (sb.stat.q1?, sb.stat.q3?);
                    let pos = if score < q1 {
                        GroupPosition::BelowQ1
                    } else if score > q3 {
                        GroupPosition::AboveQ3
                    } else {
                        GroupPosition::Middle
                    };
                    Some((sb.section.clone(), pos))
                })
                .collect();
        }
    }
    WorkshopResult {
        questionnaire: QuestionnaireRef::of(q),
        assessment: assessment.to_owned(),
        companies: results,
        benchmark: bench,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_interpolate_like_spreadsheets() {
        let v = [10.0, 20.0, 40.0, 80.0];
        assert_eq!(quantile(&v, 0.25), 17.5);
        assert_eq!(quantile(&v, 0.5), 30.0);
        assert_eq!(quantile(&v, 0.75), 50.0);
        assert_eq!(quantile(&[5.0], 0.5), 5.0);
    }

    #[test]
    fn small_groups_are_withheld() {
        let s = stat(vec![50.0, 60.0], 3);
        assert!(s.withheld);
        assert_eq!(s.median, None);
        let s = stat(vec![60.0, 50.0, 70.0], 3);
        assert_eq!((s.q1, s.median, s.q3), (Some(55.0), Some(60.0), Some(65.0)));
    }
}
