//! Turning knowledge-base figures into plan figures: three-point values and the
//! provenance (source, date, mark, basis) every plan figure carries.

use crate::i18n::{Lang, t};
use crate::plan::{self, Bilingual, Provenance, ThreePoint};
use crate::sources::{self, Estimate3, KnowledgeBase, Point, ReferenceKind, SourceDate, Text};

/// A knowledge-base text as a plan text.
pub(crate) fn bilingual(text: &Text) -> Bilingual {
    Bilingual::new(text.de.clone(), text.en.clone())
}

/// The three points of an estimate, when all are known.
pub(crate) fn three_point(e: &Estimate3) -> Option<ThreePoint> {
    match e.values() {
        [Some(min), Some(likely), Some(max)] => Some(ThreePoint::new(min, likely, max)),
        _ => None,
    }
}

/// A knowledge-base mark as a plan mark; `unknown` has no plan mark (an unknown
/// figure never becomes a plan figure).
pub(crate) fn plan_mark(mark: sources::Mark) -> Option<plan::Mark> {
    match mark {
        sources::Mark::Verified => Some(plan::Mark::Verified),
        sources::Mark::Secondary => Some(plan::Mark::Secondary),
        sources::Mark::Estimate => Some(plan::Mark::Estimate),
        sources::Mark::Unknown => None,
    }
}

/// The provenance of figures made of `points`: the first published reference they
/// cite (an assumption only when nothing else is cited), its date, the weakest mark
/// and the basis the knowledge base gives. `extra_refs` are cited after the points'
/// own references (e.g. a cost item's general sources).
pub(crate) fn provenance(
    kb: &KnowledgeBase,
    points: &[&Point],
    extra_refs: &[String],
    lang: Lang,
) -> Provenance {
    let mut refs: Vec<&str> = Vec::new();
    // The likely point usually carries the main citation; look at it first.
    let mut ordered: Vec<&Point> = Vec::new();
    if points.len() == 3 {
        ordered.extend([points[1], points[0], points[2]]);
    } else {
        ordered.extend(points.iter().copied());
    }
    for p in &ordered {
        for r in &p.sources {
            if !refs.contains(&r.as_str()) {
                refs.push(r);
            }
        }
    }
    for r in extra_refs {
        if !refs.contains(&r.as_str()) {
            refs.push(r);
        }
    }
    let references: Vec<&sources::Reference> =
        refs.iter().filter_map(|id| kb.reference(id)).collect();
    let mark = ordered
        .iter()
        .map(|p| p.mark)
        .reduce(sources::Mark::weaker)
        .and_then(plan_mark)
        .unwrap_or(plan::Mark::Estimate);
    // An estimate that cites the authors' assumption is that assumption; other
    // references only support it. Verified and secondary figures name their source.
    let assumption = references
        .iter()
        .find(|r| r.kind == ReferenceKind::Assumption);
    let published = references
        .iter()
        .find(|r| r.kind != ReferenceKind::Assumption);
    let primary = match (mark, assumption) {
        (plan::Mark::Estimate, Some(a)) => Some(a),
        _ => published.or(assumption),
    };
    let basis = ordered
        .iter()
        .find_map(|p| p.basis.as_ref())
        .map(|b| b.get(lang).to_owned());
    let (source, as_of) = match primary {
        Some(r) => {
            let source = match r.kind {
                ReferenceKind::Assumption => t(lang, "assess.source_assumption"),
                _ => match (&r.url, &r.publisher) {
                    (Some(url), _) => url.clone(),
                    (None, Some(publisher)) => format!("{}, {publisher}", r.title),
                    (None, None) => r.title.clone(),
                },
            };
            let as_of = match r.date {
                SourceDate::Known(d) => Some(d.format("%Y-%m-%d").to_string()),
                SourceDate::Unknown => None,
            };
            (source, as_of)
        }
        None => (t(lang, "assess.source_knowledge_base"), None),
    };
    Provenance {
        source,
        as_of,
        mark,
        note: basis,
    }
}

/// The provenance of a whole estimate (see [`provenance`]).
pub(crate) fn estimate_provenance(
    kb: &KnowledgeBase,
    e: &Estimate3,
    extra_refs: &[String],
    lang: Lang,
) -> Provenance {
    provenance(kb, &e.points(), extra_refs, lang)
}

/// Adds a sentence to a provenance note.
pub(crate) fn append_note(p: &mut Provenance, sentence: &str) {
    if sentence.trim().is_empty() {
        return;
    }
    p.note = Some(match p.note.take() {
        Some(n) if !n.trim().is_empty() => format!("{} {sentence}", n.trim_end()),
        _ => sentence.to_owned(),
    });
}

/// Known points of an estimate for people (`500 / unbekannt / 5.000`).
pub(crate) fn known_points(lang: Lang, e: &Estimate3) -> String {
    e.label(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verified_fee_cites_the_ordinance_with_its_date() {
        let kb = KnowledgeBase::embedded();
        let fdz = kb.path("fdz_gesundheit").unwrap();
        let fee = fdz.fees.iter().find(|f| f.id == "data_year").unwrap();
        let p = estimate_provenance(kb, &fee.price, &[], Lang::De);
        assert_eq!(
            p.source,
            "https://www.gesetze-im-internet.de/datragebv/__6.html"
        );
        assert_eq!(p.as_of.as_deref(), Some("2025-02-04"));
        assert_eq!(p.mark, plan::Mark::Verified);
        assert_eq!(three_point(&fee.price), Some(ThreePoint::exact(1000.0)));
    }

    #[test]
    fn an_assumption_is_named_as_such_and_keeps_its_basis() {
        let kb = KnowledgeBase::embedded();
        let item = kb.cost_item("legal_contract").unwrap();
        let effort = item.effort.as_ref().unwrap();
        let p = estimate_provenance(kb, effort, &item.src, Lang::En);
        assert_eq!(p.mark, plan::Mark::Estimate);
        assert_eq!(p.source, t(Lang::En, "assess.source_assumption"));
        assert!(p.note.unwrap().contains("lawyer days"));
    }

    #[test]
    fn a_range_mixing_marks_takes_the_weakest() {
        let kb = KnowledgeBase::embedded();
        let dpia = kb.cost_item("dpia").unwrap();
        let p = estimate_provenance(kb, dpia.amount.as_ref().unwrap(), &dpia.src, Lang::De);
        // min and max are secondary, likely an estimate.
        assert_eq!(p.mark, plan::Mark::Estimate);
        assert!(p.source.starts_with("https://"), "{}", p.source);
    }
}
