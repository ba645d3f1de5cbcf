//! The rules every knowledge base must satisfy: units and ranges, every figure with a
//! source and a mark, estimates with their basis, unknowns without a value, ids that
//! resolve, work-package templates without cycles.

use std::collections::{HashMap, HashSet};

use super::figure::{Estimate3, Figure, Mark, Point, Text, Unit};
use super::load::Locator;
use super::model::{
    AccessPath, Claim, CompanyAccess, DataKind, Iterative, Lifecycle, Origin, PathStatus,
    Representativeness, Seg, StepKind,
};
use super::{KnowledgeBase, Problem, ReferenceKind, Severity};
use crate::company::Phase;

struct Ctx<'a, 'b> {
    kb: &'a KnowledgeBase,
    locator: &'a mut Locator<'b>,
    problems: &'a mut Vec<Problem>,
    refs: HashMap<&'a str, ReferenceKind>,
    used_refs: HashSet<String>,
    figures: usize,
}

fn k(key: &str) -> Seg {
    Seg::Key(key.to_owned())
}

impl Ctx<'_, '_> {
    fn report(&mut self, severity: Severity, origin: &Origin, rel: &[Seg], message: String) {
        let mut path = origin.prefix.clone();
        path.extend_from_slice(rel);
        let line = self.locator.line(&origin.file, &path);
        let at = path_label(&path);
        self.problems.push(Problem {
            file: origin.file.clone(),
            line,
            severity,
            message: if at.is_empty() {
                message
            } else {
                format!("{at}: {message}")
            },
        });
    }

    fn error(&mut self, origin: &Origin, rel: &[Seg], message: String) {
        self.report(Severity::Error, origin, rel, message);
    }

    fn warn(&mut self, origin: &Origin, rel: &[Seg], message: String) {
        self.report(Severity::Warning, origin, rel, message);
    }

    fn sources(&mut self, origin: &Origin, rel: &[Seg], src: &[String], required: bool) {
        if required && src.is_empty() {
            self.error(
                origin,
                rel,
                "no source: add `src = [\"reference-id\"]`".to_owned(),
            );
        }
        for id in src {
            if self.refs.contains_key(id.as_str()) {
                self.used_refs.insert(id.clone());
            } else {
                self.error(origin, rel, format!("unknown reference `{id}`"));
            }
        }
    }

    fn text(&mut self, origin: &Origin, rel: &[Seg], text: &Text) {
        if text.de.trim().is_empty() || text.en.trim().is_empty() {
            self.error(
                origin,
                rel,
                "text needs both German (`de`) and English (`en`)".to_owned(),
            );
        }
    }

    fn point(&mut self, origin: &Origin, rel: &[Seg], unit: Unit, p: &Point) {
        self.figures += 1;
        if let Some(b) = &p.basis {
            self.text(origin, rel, b);
        }
        match p.value {
            None => {
                if !p.marked {
                    self.error(
                        origin,
                        rel,
                        "the value is \"unknown\" but the mark says otherwise; unknown figures carry mark \"unknown\"".to_owned(),
                    );
                }
                self.sources(origin, rel, &p.sources, false);
            }
            Some(v) => {
                if !p.marked {
                    self.error(
                        origin,
                        rel,
                        "no mark: add `mark = \"verified\" | \"secondary\" | \"estimate\"`"
                            .to_owned(),
                    );
                } else if p.mark == Mark::Unknown {
                    self.error(
                        origin,
                        rel,
                        format!("a figure marked \"unknown\" cannot have a value ({v}); write value = \"unknown\" so the app asks the user"),
                    );
                }
                self.sources(origin, rel, &p.sources, true);
                if matches!(p.mark, Mark::Verified | Mark::Secondary)
                    && !p.sources.is_empty()
                    && p.sources
                        .iter()
                        .all(|s| self.refs.get(s.as_str()) == Some(&ReferenceKind::Assumption))
                {
                    self.error(
                        origin,
                        rel,
                        "a verified or secondary figure must cite a published source, not an assumption".to_owned(),
                    );
                }
                if p.mark == Mark::Estimate && p.basis.is_none() {
                    self.error(
                        origin,
                        rel,
                        "an estimate needs a `basis` that says how it was derived".to_owned(),
                    );
                }
                let (lo, hi) = unit.range();
                if !v.is_finite() || v < lo || v > hi {
                    self.error(
                        origin,
                        rel,
                        format!(
                            "{v} is out of range for unit `{}` ({lo} to {hi})",
                            unit.id()
                        ),
                    );
                } else if unit.integral() && v.fract() != 0.0 {
                    self.error(
                        origin,
                        rel,
                        format!("{v} must be a whole number for unit `{}`", unit.id()),
                    );
                }
            }
        }
    }

    fn figure(&mut self, origin: &Origin, rel: &[Seg], f: &Figure, units: &[Unit]) {
        self.unit(origin, rel, f.unit, units);
        self.point(origin, rel, f.unit, &f.point);
    }

    fn unit(&mut self, origin: &Origin, rel: &[Seg], unit: Unit, units: &[Unit]) {
        if !units.contains(&unit) {
            let expected: Vec<&str> = units.iter().map(|u| u.id()).collect();
            let mut at = rel.to_vec();
            at.push(k("unit"));
            self.error(
                origin,
                &at,
                format!(
                    "unit `{}` does not fit here; expected {}",
                    unit.id(),
                    expected.join(" or ")
                ),
            );
        }
    }

    fn estimate(&mut self, origin: &Origin, rel: &[Seg], e: &Estimate3, units: &[Unit]) {
        self.unit(origin, rel, e.unit, units);
        for (name, p) in [("min", &e.min), ("likely", &e.likely), ("max", &e.max)] {
            let mut at = rel.to_vec();
            at.push(k(name));
            self.point(origin, &at, e.unit, p);
        }
        let [a, b, c] = e.values();
        let ordered = |x: Option<f64>, y: Option<f64>| match (x, y) {
            (Some(x), Some(y)) => x <= y,
            _ => true,
        };
        if !(ordered(a, b) && ordered(b, c) && ordered(a, c)) {
            self.error(
                origin,
                rel,
                "the points must satisfy min ≤ likely ≤ max".to_owned(),
            );
        }
    }

    fn claim<T>(&mut self, origin: &Origin, rel: &[Seg], c: &Claim<T>, is_unknown: bool) {
        self.figures += 1;
        if let Some(note) = &c.note {
            self.text(origin, rel, note);
        }
        if c.mark == Mark::Unknown {
            if !is_unknown {
                self.error(
                    origin,
                    rel,
                    "a statement marked \"unknown\" must say \"unknown\"".to_owned(),
                );
            }
            self.sources(origin, rel, &c.src, false);
        } else {
            self.sources(origin, rel, &c.src, true);
            if c.mark == Mark::Estimate && c.note.is_none() {
                self.error(
                    origin,
                    rel,
                    "an estimated statement needs a `note` that gives the reasoning".to_owned(),
                );
            }
        }
    }
}

fn path_label(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Seg::Index(i) => out.push_str(&format!("[{}]", i + 1)),
        }
    }
    out
}

/// Checks the knowledge base; returns the number of figures checked.
pub(crate) fn check(
    kb: &KnowledgeBase,
    locator: &mut Locator<'_>,
    problems: &mut Vec<Problem>,
) -> usize {
    let refs = kb
        .references
        .iter()
        .map(|r| (r.id.as_str(), r.kind))
        .collect();
    let mut ctx = Ctx {
        kb,
        locator,
        problems,
        refs,
        used_refs: HashSet::new(),
        figures: 0,
    };
    unique_ids(&mut ctx);
    references(&mut ctx);
    phases(&mut ctx);
    modes(&mut ctx);
    for path in &kb.paths {
        access_path(&mut ctx, path);
    }
    cost_items(&mut ctx);
    rates(&mut ctx);
    programmes(&mut ctx);
    anchors(&mut ctx);
    for r in &kb.references {
        if !ctx.used_refs.contains(&r.id) {
            ctx.warn(
                &r.origin,
                &[k("id")],
                format!("reference `{}` is not cited anywhere", r.id),
            );
        }
    }
    ctx.figures
}

fn unique_ids(ctx: &mut Ctx<'_, '_>) {
    fn dup<'a>(
        ctx: &mut Ctx<'_, '_>,
        what: &str,
        items: impl Iterator<Item = (&'a str, &'a Origin)>,
    ) {
        let mut seen: HashMap<&str, &Origin> = HashMap::new();
        for (id, origin) in items {
            if id.is_empty()
                || !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                ctx.error(
                    origin,
                    &[k("id")],
                    format!("{what} id `{id}` must be lower-case letters, digits and `_`"),
                );
            }
            if let Some(first) = seen.insert(id, origin) {
                let first = first.file.clone();
                ctx.error(
                    origin,
                    &[k("id")],
                    format!("{what} id `{id}` is defined twice (also in {first})"),
                );
            }
        }
    }
    let kb = ctx.kb;
    dup(
        ctx,
        "reference",
        kb.references.iter().map(|r| (r.id.as_str(), &r.origin)),
    );
    dup(
        ctx,
        "mode",
        kb.modes.iter().map(|r| (r.id.as_str(), &r.origin)),
    );
    dup(
        ctx,
        "path",
        kb.paths.iter().map(|r| (r.id.as_str(), &r.origin)),
    );
    dup(
        ctx,
        "cost item",
        kb.cost_items.iter().map(|r| (r.id.as_str(), &r.origin)),
    );
    dup(
        ctx,
        "rate",
        kb.rates.iter().map(|r| (r.id.as_str(), &r.origin)),
    );
    dup(
        ctx,
        "programme",
        kb.programmes.iter().map(|r| (r.id.as_str(), &r.origin)),
    );
    dup(
        ctx,
        "anchor",
        kb.anchors.iter().map(|r| (r.id.as_str(), &r.origin)),
    );
}

fn references(ctx: &mut Ctx<'_, '_>) {
    for r in &ctx.kb.references {
        let o = &r.origin;
        if r.title.trim().is_empty() {
            ctx.error(o, &[k("title")], "a reference needs a title".to_owned());
        }
        let url_ok = r
            .url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://") || u.starts_with("http://"));
        if r.url.is_some() && !url_ok {
            ctx.error(
                o,
                &[k("url")],
                "the url must start with https:// or http://".to_owned(),
            );
        }
        match r.kind {
            ReferenceKind::Law | ReferenceKind::Web if r.url.is_none() => {
                ctx.error(
                    o,
                    &[k("kind")],
                    "laws and web pages need a `url`".to_owned(),
                );
            }
            ReferenceKind::Document if r.url.is_none() && r.publisher.is_none() => {
                ctx.error(
                    o,
                    &[k("kind")],
                    "a document needs a `url` or a `publisher`".to_owned(),
                );
            }
            ReferenceKind::Assumption if r.url.is_some() => {
                ctx.error(
                    o,
                    &[k("url")],
                    "an assumption has no url; cite the published source separately".to_owned(),
                );
            }
            _ => {}
        }
    }
}

fn phases(ctx: &mut Ctx<'_, '_>) {
    let kb = ctx.kb;
    for phase in Phase::ALL {
        let n = kb.phases.iter().filter(|p| p.id == phase).count();
        if n == 0 {
            let origin = kb
                .phases
                .first()
                .map(|p| p.origin.clone())
                .unwrap_or_default();
            ctx.error(
                &Origin {
                    file: origin.file,
                    prefix: Vec::new(),
                },
                &[],
                format!("phase `{}` is missing", phase.id()),
            );
        }
    }
    let anchors: HashSet<&str> = kb.anchors.iter().map(|a| a.id.as_str()).collect();
    for p in &kb.phases {
        let o = &p.origin;
        ctx.text(o, &[k("name")], &p.name);
        ctx.text(o, &[k("purpose")], &p.purpose);
        ctx.sources(o, &[k("src")], &p.src, true);
        if p.needs.is_empty() {
            ctx.error(
                o,
                &[k("needs")],
                "a phase needs at least one data need".to_owned(),
            );
        }
        for (i, need) in p.needs.iter().enumerate() {
            ctx.text(o, &[k("needs"), Seg::Index(i), k("why")], &need.why);
        }
        for (i, need) in p.industry_needs.iter().enumerate() {
            ctx.text(
                o,
                &[k("industry_needs"), Seg::Index(i), k("why")],
                &need.why,
            );
        }
        for a in &p.anchors {
            if !anchors.contains(a.as_str()) {
                ctx.error(o, &[k("anchors")], format!("unknown anchor `{a}`"));
            }
        }
    }
}

fn modes(ctx: &mut Ctx<'_, '_>) {
    for m in &ctx.kb.modes {
        let o = &m.origin;
        ctx.text(o, &[k("name")], &m.name);
        ctx.text(o, &[k("summary")], &m.summary);
        for (i, t) in m.tradeoffs.iter().enumerate() {
            ctx.text(o, &[k("tradeoffs"), Seg::Index(i)], t);
        }
        ctx.sources(o, &[k("src")], &m.src, true);
    }
}

fn access_path(ctx: &mut Ctx<'_, '_>, p: &AccessPath) {
    let o = &p.origin;
    let kb = ctx.kb;
    let stem = o
        .file
        .rsplit('/')
        .next()
        .and_then(|f| f.strip_suffix(".toml"))
        .unwrap_or_default();
    if stem != p.id {
        ctx.warn(
            o,
            &[k("id")],
            format!("file name should be `{}.toml`", p.id),
        );
    }
    ctx.text(o, &[k("name")], &p.name);
    ctx.text(o, &[k("operator")], &p.operator);
    ctx.text(o, &[k("summary")], &p.summary);
    if let Some(n) = &p.status_note {
        ctx.text(o, &[k("status_note")], n);
    }
    ctx.text(o, &[k("short")], &p.short);
    let researched = p.status != PathStatus::NotResearched;
    let offers_data = matches!(
        p.status,
        PathStatus::Operational | PathStatus::Pilot | PathStatus::Planned
    );
    ctx.sources(o, &[k("src")], &p.src, researched);
    ctx.sources(
        o,
        &[k("status_src")],
        &p.status_src,
        p.status_since.is_some() || p.available_from.is_some(),
    );
    if p.status == PathStatus::Planned && p.available_from.is_none() {
        ctx.error(
            o,
            &[k("status")],
            "a planned path needs `available_from` (a date)".to_owned(),
        );
    }
    if offers_data && p.data_kinds.is_empty() {
        ctx.error(
            o,
            &[k("data_kinds")],
            "list at least one data kind".to_owned(),
        );
    }
    for m in &p.access_modes {
        if kb.mode(m).is_none() {
            ctx.error(
                o,
                &[k("access_modes")],
                format!("unknown access mode `{m}`"),
            );
        }
    }
    ctx.claim(
        o,
        &[k("representativeness")],
        &p.representativeness,
        p.representativeness.value == Representativeness::Unclear,
    );
    ctx.figure(o, &[k("clinical_depth")], &p.clinical_depth, &[Unit::Level]);
    ctx.figure(
        o,
        &[k("population_coverage")],
        &p.population_coverage,
        &[Unit::Level],
    );
    let fit = &p.phase_fit;
    ctx.figures += 1;
    for phase in Phase::ALL {
        if fit.get(phase) > 3 {
            ctx.error(
                o,
                &[k("phase_fit"), k(phase.id())],
                format!("phase fit {} is out of range (0 to 3)", fit.get(phase)),
            );
        }
    }
    ctx.sources(o, &[k("phase_fit"), k("src")], &fit.src, true);
    if fit.mark == Mark::Estimate && fit.basis.is_none() {
        ctx.error(
            o,
            &[k("phase_fit")],
            "an estimate needs a `basis` that says how it was derived".to_owned(),
        );
    }
    if let Some(b) = &fit.basis {
        ctx.text(o, &[k("phase_fit"), k("basis")], b);
    }
    ctx.claim(
        o,
        &[k("eligibility")],
        &p.eligibility,
        p.eligibility.value == CompanyAccess::Unknown,
    );
    ctx.claim(
        o,
        &[k("iterative")],
        &p.iterative,
        p.iterative.value == Iterative::Unknown,
    );
    ctx.claim(
        o,
        &[k("lifecycle")],
        &p.lifecycle,
        p.lifecycle.value == Lifecycle::Unknown,
    );
    if let Some(limits) = &p.analysis_limits {
        ctx.figure(
            o,
            &[k("analysis_limits"), k("window_days")],
            &limits.window_days,
            &[Unit::Days],
        );
        ctx.figure(
            o,
            &[k("analysis_limits"), k("usage_days")],
            &limits.usage_days,
            &[Unit::Days],
        );
        if let Some(n) = &limits.note {
            ctx.text(o, &[k("analysis_limits"), k("note")], n);
        }
    }
    ctx.estimate(o, &[k("lead_time")], &p.lead_time, &[Unit::Weeks]);
    if let Some(lag) = &p.data_lag {
        ctx.figure(o, &[k("data_lag")], lag, &[Unit::Months]);
    }
    for (i, lb) in p.legal_basis.iter().enumerate() {
        ctx.text(o, &[k("legal_basis"), Seg::Index(i)], &lb.text);
        ctx.sources(o, &[k("legal_basis"), Seg::Index(i)], &lb.src, true);
    }
    for (i, t) in p.helps.iter().enumerate() {
        ctx.text(o, &[k("helps"), Seg::Index(i)], t);
    }
    for (i, t) in p.hurts.iter().enumerate() {
        ctx.text(o, &[k("hurts"), Seg::Index(i)], t);
    }
    if let Some(n) = &p.fees_note {
        ctx.text(o, &[k("fees_note")], n);
    }
    if p.fees.is_empty() && p.fees_note.is_none() {
        ctx.error(
            o,
            &[k("id")],
            "no fee schedule and no `fees_note`: say what is known about fees".to_owned(),
        );
    }
    let mut fee_ids = HashSet::new();
    for (i, fee) in p.fees.iter().enumerate() {
        let at = [k("fee"), Seg::Index(i)];
        if !fee_ids.insert(fee.id.as_str()) {
            ctx.error(o, &at, format!("fee id `{}` is used twice", fee.id));
        }
        ctx.text(o, &[k("fee"), Seg::Index(i), k("name")], &fee.name);
        ctx.estimate(
            o,
            &[k("fee"), Seg::Index(i), k("price")],
            &fee.price,
            &[Unit::Eur],
        );
        ctx.estimate(
            o,
            &[k("fee"), Seg::Index(i), k("quantity")],
            &fee.quantity,
            &[Unit::Count],
        );
    }
    for (i, rule) in p.fee_rules.iter().enumerate() {
        let at = [k("fee_rule"), Seg::Index(i)];
        ctx.text(o, &[k("fee_rule"), Seg::Index(i), k("name")], &rule.name);
        ctx.text(
            o,
            &[k("fee_rule"), Seg::Index(i), k("condition")],
            &rule.condition,
        );
        ctx.figure(
            o,
            &[k("fee_rule"), Seg::Index(i), k("factor")],
            &rule.factor,
            &[Unit::Factor],
        );
        for f in &rule.applies_to {
            if !fee_ids.contains(f.as_str()) {
                ctx.error(o, &at, format!("rule applies to unknown fee `{f}`"));
            }
        }
    }
    steps(ctx, p, &fee_ids);
}

fn steps(ctx: &mut Ctx<'_, '_>, p: &AccessPath, fee_ids: &HashSet<&str>) {
    let o = &p.origin;
    let kb = ctx.kb;
    let ids: HashSet<&str> = p.steps.iter().map(|s| s.id.as_str()).collect();
    if ids.len() != p.steps.len() {
        ctx.error(o, &[k("step")], "step ids must be unique".to_owned());
    }
    let needs_template = matches!(
        p.status,
        PathStatus::Operational | PathStatus::Pilot | PathStatus::Planned
    ) && p.data_kinds.iter().any(|k| *k != DataKind::Metadata);
    if needs_template && !p.steps.iter().any(|s| s.kind == StepKind::DataAccess) {
        ctx.error(
            o,
            &[k("id")],
            "the work-package template needs a step of kind \"data_access\"".to_owned(),
        );
    }
    for (i, s) in p.steps.iter().enumerate() {
        let at = |key: &str| [k("step"), Seg::Index(i), k(key)];
        ctx.text(o, &at("name"), &s.name);
        if let Some(n) = &s.note {
            ctx.text(o, &at("note"), n);
        }
        ctx.estimate(o, &at("duration"), &s.duration, &[Unit::Weeks]);
        for a in &s.after {
            if !ids.contains(a.as_str()) {
                ctx.error(o, &at("after"), format!("unknown step `{a}`"));
            }
        }
        for c in &s.costs {
            if kb.cost_item(c).is_none() {
                ctx.error(o, &at("costs"), format!("unknown cost item `{c}`"));
            }
        }
        for f in &s.fees {
            if !fee_ids.contains(f.as_str()) {
                ctx.error(o, &at("fees"), format!("unknown fee `{f}`"));
            }
        }
    }
    // Cycles: repeatedly remove steps whose predecessors are all removed.
    let mut done: HashSet<&str> = HashSet::new();
    loop {
        let before = done.len();
        for s in &p.steps {
            if !done.contains(s.id.as_str())
                && s.after
                    .iter()
                    .all(|a| done.contains(a.as_str()) || !ids.contains(a.as_str()))
            {
                done.insert(s.id.as_str());
            }
        }
        if done.len() == before {
            break;
        }
    }
    if done.len() < ids.len() {
        let mut cyclic: Vec<&str> = ids.difference(&done).copied().collect();
        cyclic.sort_unstable();
        ctx.error(
            o,
            &[k("step")],
            format!(
                "the steps {} depend on each other in a cycle",
                cyclic.join(", ")
            ),
        );
    }
}

fn cost_items(ctx: &mut Ctx<'_, '_>) {
    let kb = ctx.kb;
    for c in &kb.cost_items {
        let o = &c.origin;
        ctx.text(o, &[k("name")], &c.name);
        ctx.text(o, &[k("per")], &c.per);
        ctx.sources(o, &[k("src")], &c.src, false);
        if let Some(n) = &c.note {
            ctx.text(o, &[k("note")], n);
        }
        match (&c.amount, &c.effort) {
            (Some(a), None) => {
                ctx.estimate(o, &[k("amount")], a, &[Unit::Eur]);
                if c.rate.is_some() {
                    ctx.error(o, &[k("rate")], "an amount needs no rate".to_owned());
                }
            }
            (None, Some(e)) => {
                ctx.estimate(o, &[k("effort")], e, &[Unit::PersonDays, Unit::Hours]);
                match c.rate.as_deref().map(|r| (r, kb.rate(r))) {
                    None => ctx.error(
                        o,
                        &[k("effort")],
                        "an effort needs a `rate` to price it".to_owned(),
                    ),
                    Some((r, None)) => ctx.error(o, &[k("rate")], format!("unknown rate `{r}`")),
                    Some((r, Some(rate))) => {
                        let fits = matches!(
                            (e.unit, rate.value.unit),
                            (Unit::PersonDays, Unit::EurPerDay) | (Unit::Hours, Unit::EurPerHour)
                        );
                        if !fits {
                            ctx.error(
                                o,
                                &[k("rate")],
                                format!(
                                    "rate `{r}` is in {} but the effort is in {}",
                                    rate.value.unit.id(),
                                    e.unit.id()
                                ),
                            );
                        }
                    }
                }
            }
            _ => ctx.error(
                o,
                &[k("id")],
                "give either `amount` (EUR) or `effort` with a `rate`".to_owned(),
            ),
        }
        if let Some(alt) = &c.alternative_of
            && kb.cost_item(alt).is_none()
        {
            ctx.error(
                o,
                &[k("alternative_of")],
                format!("unknown cost item `{alt}`"),
            );
        }
    }
}

fn rates(ctx: &mut Ctx<'_, '_>) {
    for r in &ctx.kb.rates {
        let o = &r.origin;
        ctx.text(o, &[k("name")], &r.name);
        if let Some(n) = &r.note {
            ctx.text(o, &[k("note")], n);
        }
        ctx.estimate(
            o,
            &[k("value")],
            &r.value,
            &[Unit::EurPerDay, Unit::EurPerHour],
        );
    }
}

fn programmes(ctx: &mut Ctx<'_, '_>) {
    for p in &ctx.kb.programmes {
        let o = &p.origin;
        ctx.text(o, &[k("name")], &p.name);
        ctx.text(o, &[k("operator")], &p.operator);
        ctx.text(o, &[k("summary")], &p.summary);
        ctx.sources(o, &[k("src")], &p.src, true);
        for (i, c) in p.conditions.iter().enumerate() {
            ctx.text(o, &[k("conditions"), Seg::Index(i)], c);
        }
        for (i, r) in p.rates.iter().enumerate() {
            ctx.figure(
                o,
                &[k("rates"), Seg::Index(i), k("percent")],
                &r.percent,
                &[Unit::Percent],
            );
            if let Some(c) = &r.condition {
                ctx.text(o, &[k("rates"), Seg::Index(i), k("condition")], c);
            }
        }
        if let Some(c) = &p.cap {
            ctx.figure(o, &[k("cap")], c, &[Unit::Eur]);
        }
        if let Some(c) = &p.day_rate_cap {
            ctx.figure(o, &[k("day_rate_cap")], c, &[Unit::EurPerDay]);
        }
        if let Some(c) = &p.decision_time {
            ctx.figure(o, &[k("decision_time")], c, &[Unit::Weeks]);
        }
        if p.covers.is_empty() {
            ctx.error(
                o,
                &[k("covers")],
                "say which cost categories it covers".to_owned(),
            );
        }
    }
}

fn anchors(ctx: &mut Ctx<'_, '_>) {
    for a in &ctx.kb.anchors {
        let o = &a.origin;
        ctx.text(o, &[k("title")], &a.title);
        ctx.text(o, &[k("summary")], &a.summary);
        ctx.figures += 1;
        ctx.sources(o, &[k("src")], &a.src, true);
        if a.phases.is_empty() {
            ctx.error(o, &[k("phases")], "name at least one phase".to_owned());
        }
        for (i, d) in a.dates.iter().enumerate() {
            ctx.figures += 1;
            ctx.text(o, &[k("dates"), Seg::Index(i), k("event")], &d.event);
            ctx.sources(o, &[k("dates"), Seg::Index(i)], &d.src, true);
            if d.mark == Mark::Unknown {
                ctx.error(
                    o,
                    &[k("dates"), Seg::Index(i)],
                    "a date nobody published does not belong here".to_owned(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::sources::{Severity, check};

    /// Writes `files` into a fresh folder and checks it over the embedded base.
    fn check_overlay(files: &[(&str, &str)]) -> Vec<crate::sources::Problem> {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
        }
        let report = check(Some(dir.path())).unwrap();
        report
            .problems
            .into_iter()
            .map(|mut p| {
                // Report names relative to the temporary folder for readable asserts.
                if let Some(rest) = p.file.strip_prefix(&dir.path().display().to_string()) {
                    p.file = rest.trim_start_matches(['/', '\\']).to_owned();
                }
                p
            })
            .collect()
    }

    fn errors_in<'a>(
        problems: &'a [crate::sources::Problem],
        file: &str,
    ) -> Vec<&'a crate::sources::Problem> {
        problems
            .iter()
            .filter(|p| p.severity == Severity::Error && Path::new(&p.file) == Path::new(file))
            .collect()
    }

    const COSTS: &str = r#"
[[cost_item]]
id = "sample_fee"
category = "ethics"
name = "Sample"
per = "per application"
amount = { unit = "eur", value = 1200, mark = "verified" }

[[cost_item]]
id = "sample_estimate"
category = "legal"
name = "Sample"
per = "per contract"
amount = { unit = "eur", min = 100, likely = 50, max = 300, mark = "estimate", src = ["datenreife_assumption"] }

[[cost_item]]
id = "sample_unknown"
category = "legal"
name = "Sample"
per = "per contract"
amount = { unit = "eur", value = 0, mark = "unknown", src = ["datenreife_assumption"] }

[[cost_item]]
id = "sample_units"
category = "legal"
name = "Sample"
per = "per contract"
effort = { unit = "person_days", value = 3, mark = "estimate", src = ["datenreife_assumption"], basis = "x" }
rate = "lawyer_hour"

[[cost_item]]
id = "sample_range"
category = "legal"
name = "Sample"
per = "per contract"
amount = { unit = "eur", value = -5, mark = "verified", src = ["no_such_reference"] }
"#;

    #[test]
    fn every_figure_problem_is_reported_with_file_and_line() {
        let problems = check_overlay(&[("extra.toml", COSTS)]);
        let errors = errors_in(&problems, "extra.toml");
        let find = |needle: &str| {
            errors
                .iter()
                .find(|p| p.message.contains(needle))
                .unwrap_or_else(|| panic!("no problem with `{needle}` in {errors:#?}"))
        };
        // A figure without a source fails, on the line of the figure.
        let no_src = find("cost_item[1].amount.min: no source");
        assert_eq!(no_src.line, Some(7));
        // An estimate needs its basis; points must be ordered.
        assert_eq!(
            find("cost_item[2].amount.min: an estimate needs a `basis`").line,
            Some(14)
        );
        assert_eq!(find("min ≤ likely ≤ max").line, Some(14));
        // Unknown stays unknown: no value may hide behind the mark.
        let unknown = find("marked \"unknown\" cannot have a value");
        assert_eq!(unknown.line, Some(21));
        // Units must match the rate.
        assert_eq!(find("rate `lawyer_hour` is in eur_per_hour").line, Some(29));
        // Ranges and references.
        assert_eq!(find("-5 is out of range for unit `eur`").line, Some(36));
        assert_eq!(find("unknown reference `no_such_reference`").line, Some(36));
        // All five items are reported, not just the first.
        assert!(errors.len() >= 7, "{errors:#?}");
    }

    #[test]
    fn dates_must_be_real_dates() {
        let problems = check_overlay(&[(
            "refs.toml",
            "[[reference]]\nid = \"x\"\nkind = \"web\"\ntitle = \"X\"\nurl = \"https://example.org\"\ndate = \"2025-02-30\"\n",
        )]);
        let errors = errors_in(&problems, "refs.toml");
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(
            errors[0].message.contains("not a real date"),
            "{}",
            errors[0]
        );
        assert_eq!(errors[0].line, Some(6));
    }

    #[test]
    fn path_files_are_checked_for_templates_and_references() {
        let embedded = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/paths/fdz_gesundheit.toml"),
        )
        .unwrap();
        // Break the override: a cycle between two steps, a fee without a mark and an
        // unknown access mode.
        let broken = embedded
            .replace(
                "after = [\"registration\", \"preparation\"]",
                "after = [\"registration\", \"preparation\", \"review\"]",
            )
            .replace(
                "price = { unit = \"eur\", value = 300, mark = \"verified\", src = [\"datragebv_5_2020\"], basis",
                "price = { unit = \"eur\", value = 300, src = [\"datragebv_5_2020\"], basis",
            )
            .replace("\"remote_execution\",", "\"telepathy\",");
        let problems = check_overlay(&[("paths/fdz_gesundheit.toml", &broken)]);
        let errors = errors_in(&problems, "paths/fdz_gesundheit.toml");
        let messages: Vec<String> = errors.iter().map(|p| p.to_string()).collect();
        let text = messages.join("\n");
        assert!(text.contains("depend on each other in a cycle"), "{text}");
        assert!(text.contains("fee[1].price.min: no mark"), "{text}");
        assert!(text.contains("unknown access mode `telepathy`"), "{text}");
        assert!(errors.iter().all(|p| p.line.is_some()), "{text}");
    }

    #[test]
    fn structural_errors_carry_lines_too() {
        let problems = check_overlay(&[(
            "bad.toml",
            "[[programme]]\nid = \"p\"\nname = \"P\"\nunexpected = 1\n",
        )]);
        let errors = errors_in(&problems, "bad.toml");
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert!(
            errors[0].message.contains("unknown field `unexpected`"),
            "{}",
            errors[0]
        );
        assert!(errors[0].line.is_some());
        let problems = check_overlay(&[("broken.toml", "[[reference]\nid = 1\n")]);
        let errors = errors_in(&problems, "broken.toml");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(1));
    }

    #[test]
    fn the_overlay_replaces_items_by_id() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("rates.toml"),
            r#"[[rate]]
id = "own_staff_day"
name = "Tagessatz"
value = { unit = "eur_per_day", value = 720, mark = "estimate", src = ["datenreife_assumption"], basis = "Unser Satz" }
"#,
        )
        .unwrap();
        let kb = crate::sources::KnowledgeBase::load_overlay(dir.path()).unwrap();
        assert_eq!(
            kb.rate("own_staff_day").unwrap().value.likely.value,
            Some(720.0)
        );
        assert_eq!(
            kb.rates.len(),
            crate::sources::KnowledgeBase::embedded().rates.len()
        );
        // A broken overlay is refused with every error listed.
        std::fs::write(dir.path().join("rates.toml"), COSTS).unwrap();
        match crate::sources::KnowledgeBase::load_overlay(dir.path()) {
            Err(crate::sources::KnowledgeError::Invalid(problems)) => {
                assert!(problems.len() >= 7)
            }
            other => panic!("expected invalid, got {other:?}"),
        }
    }
}
