//! `datenreife sources`, `datenreife sources show ID` and `datenreife knowledge check`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use anyhow::Context;

use super::{Failure, KnowledgeCheckArgs, SourcesArgs, SourcesShowArgs};
use crate::company::{Phase, Sector};
use crate::i18n::{Lang, t, tf};
use crate::sources::guide::{self, Guide, GuideOptions, GuideRequest, Severity};
use crate::sources::{
    self, AccessPath, Domain, Estimate3, Figure, KnowledgeBase, KnowledgeError, Point,
};

pub(super) fn knowledge(dir: Option<&Path>, lang: Lang) -> Result<KnowledgeBase, Failure> {
    KnowledgeBase::resolve(dir).map_err(|e| match e {
        KnowledgeError::Invalid(problems) => {
            let mut msg = t(lang, "sources.cli_knowledge_invalid");
            for p in problems.iter().take(20) {
                msg.push_str(&format!("\n  {p}"));
            }
            Failure::Work(anyhow::anyhow!(msg))
        }
        e => Failure::Work(e.into()),
    })
}

fn write_out(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

fn read_request(path: &Path, lang: Lang) -> Result<GuideRequest, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
    let parsed = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        toml::from_str(&text).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| {
        Failure::Usage(tf(
            lang,
            "sources.cli_profile_invalid",
            &[("path", &path.display().to_string()), ("error", e.trim())],
        ))
    })
}

/// `datenreife sources [--domain] [--phase] [--profile] [--json]`.
pub(super) fn run(args: SourcesArgs, lang: Lang) -> Result<(), Failure> {
    if let Some(super::SourcesCommand::Show(show_args)) = args.command {
        return show(show_args, args.knowledge.as_deref(), lang);
    }
    let kb = knowledge(args.knowledge.as_deref(), lang)?;
    let mut request = match &args.profile {
        Some(path) => read_request(path, lang)?,
        None => GuideRequest::default(),
    };
    let domain = args.domain.map(Domain::from);
    if args.profile.is_none() && domain == Some(Domain::Industry) {
        request.company.sector = Sector::Manufacturing;
    }
    let today = match &args.today {
        Some(s) => sources::parse_day(s)
            .ok_or_else(|| Failure::Usage(tf(lang, "sources.cli_bad_date", &[("date", s)])))?,
        None => chrono::Local::now().date_naive(),
    };
    let options = GuideOptions {
        phases: args.phase.iter().map(|p| Phase::from(*p)).collect(),
        domain,
        today,
        lang,
    };
    let guide = guide::build(&kb, &request, &options);
    if args.json {
        return write_out(&format!("{}\n", serde_json::to_string_pretty(&guide)?));
    }
    write_out(&render_guide(&kb, &guide, lang, args.profile.is_some()))
}

fn severity_mark(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "✖",
        Severity::Warning => "⚠",
        Severity::Info => "ℹ",
    }
}

fn span_label(lang: Lang, span: &sources::Span3, unit: sources::Unit) -> String {
    let unknown = t(lang, "sources.value_unknown");
    let num = |v: Option<f64>| match v {
        Some(v) => lang.number(v, if v.fract().abs() < 1e-9 { 0 } else { 1 }),
        None => unknown.clone(),
    };
    if span.min.is_none() && span.likely.is_none() && span.max.is_none() {
        return unknown;
    }
    tf(
        lang,
        &format!("sources.unit_{}", unit.id()),
        &[(
            "n",
            &format!(
                "{} / {} / {}",
                num(span.min),
                num(span.likely),
                num(span.max)
            ),
        )],
    )
}

/// Number of recommendations shown in full; the rest get one line each.
const DETAILED: usize = 5;

fn render_guide(kb: &KnowledgeBase, guide: &Guide, lang: Lang, personal: bool) -> String {
    let mut out = String::new();
    let domain = t(
        lang,
        &format!("sources.cli_domain_{}", domain_id(guide.domain)),
    );
    let _ = writeln!(
        out,
        "{}",
        tf(
            lang,
            "sources.cli_title",
            &[
                ("domain", &domain),
                ("date", &crate::sources::Date(guide.today).label(lang))
            ]
        )
    );
    if !personal {
        let _ = writeln!(out, "{}", t(lang, "sources.cli_no_profile"));
    }
    for phase in &guide.phases {
        let _ = writeln!(out, "\n== {} ==", phase.name);
        if !phase.purpose.is_empty() {
            let _ = writeln!(out, "{}", phase.purpose);
        }
        if !phase.needed.is_empty() {
            let kinds: Vec<String> = phase.needed.iter().map(|k| k.label(lang)).collect();
            let _ = writeln!(
                out,
                "{}: {}",
                t(lang, "sources.cli_needed"),
                kinds.join(", ")
            );
        }
        for n in &phase.notices {
            let _ = writeln!(out, "{} {}", severity_mark(n.severity), n.text);
        }
        if phase.recommendations.is_empty() {
            let _ = writeln!(out, "{}", t(lang, "sources.cli_no_fit"));
            continue;
        }
        let _ = writeln!(out);
        for r in &phase.recommendations {
            let short = kb
                .path(&r.path)
                .map(|p| p.short.get(lang).to_owned())
                .unwrap_or_else(|| r.path.clone());
            if r.rank > DETAILED {
                let first = r
                    .blockers
                    .iter()
                    .find(|b| b.severity != Severity::Info)
                    .map(|b| format!(" — {} {}", severity_mark(b.severity), b.text))
                    .unwrap_or_default();
                let _ = writeln!(out, "{:>2}. {} ({}/100){}", r.rank, short, r.score, first);
                continue;
            }
            let _ = writeln!(
                out,
                "{:>2}. {} — {}/100  [{}]",
                r.rank, r.name, r.score, r.path
            );
            let _ = writeln!(
                out,
                "    {}: {} · {}: {}",
                t(lang, "sources.cli_time_to_data"),
                span_label(lang, &r.time_to_data_weeks, sources::Unit::Weeks),
                t(lang, "sources.cli_fees"),
                span_label(lang, &r.fees_eur, sources::Unit::Eur),
            );
            for reason in &r.reasons {
                let sign = if reason.points >= 0 { "+" } else { "−" };
                let _ = writeln!(out, "    {sign}{:>2}  {}", reason.points.abs(), reason.text);
            }
            for b in &r.blockers {
                let _ = writeln!(out, "    {} {}", severity_mark(b.severity), b.text);
            }
            if !r.access_modes.is_empty() {
                let modes: Vec<String> = r
                    .access_modes
                    .iter()
                    .take(3)
                    .map(|m| format!("{} ({})", m.name, m.why))
                    .collect();
                let _ = writeln!(
                    out,
                    "    {}: {}",
                    t(lang, "sources.cli_modes"),
                    modes.join("; ")
                );
            }
        }
        if let Some(c) = &phase.combination {
            let names: Vec<String> = c
                .paths
                .iter()
                .map(|id| {
                    kb.path(id)
                        .map(|p| p.short.get(lang).to_owned())
                        .unwrap_or_else(|| id.clone())
                })
                .collect();
            let _ = writeln!(
                out,
                "\n{}: {}",
                t(lang, "sources.cli_combination"),
                names.join(" + ")
            );
            let h = &c.hurdles;
            for (key, text) in [
                ("cli_fragmentation", &h.fragmentation.text),
                ("cli_long_procedures", &h.long_procedures.text),
                ("cli_cost", &h.cost_predictability.text),
                ("cli_lifecycle", &h.lifecycle.text),
            ] {
                let _ = writeln!(out, "  {}: {}", t(lang, &format!("sources.{key}")), text);
            }
            if !c.missing.is_empty() {
                let kinds: Vec<String> = c.missing.iter().map(|k| k.label(lang)).collect();
                let _ = writeln!(
                    out,
                    "  {}: {}",
                    t(lang, "sources.cli_missing"),
                    kinds.join(", ")
                );
            }
        } else {
            let _ = writeln!(out, "\n{}", t(lang, "sources.cli_no_combination"));
        }
    }
    out
}

fn domain_id(d: Domain) -> &'static str {
    match d {
        Domain::Health => "health",
        Domain::Industry => "industry",
        Domain::General => "general",
    }
}

fn refs(p: &Point) -> String {
    if p.sources.is_empty() {
        String::new()
    } else {
        format!(" [{}]", p.sources.join(", "))
    }
}

fn point_label(lang: Lang, unit: sources::Unit, p: &Point) -> String {
    let value = match p.value {
        Some(v) => unit.format(lang, v),
        None => t(lang, "sources.value_unknown"),
    };
    format!("{value} ({}){}", p.mark.label(lang), refs(p))
}

fn figure_label(lang: Lang, f: &Figure) -> String {
    point_label(lang, f.unit, &f.point)
}

fn estimate_lines(out: &mut String, lang: Lang, indent: &str, e: &Estimate3) {
    // Three equal points are one figure; a basis shared by the points is shown once.
    if e.min == e.likely && e.likely == e.max {
        let _ = writeln!(out, "{indent}{}", point_label(lang, e.unit, &e.min));
        if let Some(b) = &e.min.basis {
            let _ = writeln!(out, "{indent}  {}", b.get(lang));
        }
        return;
    }
    let mut last_basis = None;
    for (key, p) in [("min", &e.min), ("likely", &e.likely), ("max", &e.max)] {
        let _ = writeln!(
            out,
            "{indent}{}: {}",
            t(lang, &format!("sources.cli_{key}")),
            point_label(lang, e.unit, p)
        );
        if let Some(b) = &p.basis
            && last_basis != Some(b)
        {
            let _ = writeln!(out, "{indent}  {}", b.get(lang));
            last_basis = Some(b);
        }
    }
}

/// `datenreife sources show ID`.
fn show(args: SourcesShowArgs, knowledge_dir: Option<&Path>, lang: Lang) -> Result<(), Failure> {
    let dir = args.knowledge.as_deref().or(knowledge_dir);
    let kb = knowledge(dir, lang)?;
    let Some(path) = kb.path(&args.id) else {
        let ids: Vec<&str> = kb.paths.iter().map(|p| p.id.as_str()).collect();
        return Err(Failure::Usage(tf(
            lang,
            "sources.cli_unknown_path",
            &[("id", &args.id), ("ids", &ids.join(", "))],
        )));
    };
    if args.json {
        let cited: Vec<&sources::Reference> = cited_references(&kb, path);
        let doc = serde_json::json!({
            "path": path,
            "fee_range": path.fee_range(),
            "time_to_data": path.time_to_data(),
            "references": cited,
        });
        return write_out(&format!("{}\n", serde_json::to_string_pretty(&doc)?));
    }
    write_out(&render_path(&kb, path, lang))
}

fn cited_references<'a>(kb: &'a KnowledgeBase, path: &AccessPath) -> Vec<&'a sources::Reference> {
    let json = serde_json::to_string(path).unwrap_or_default();
    let mut cited: Vec<&sources::Reference> = kb
        .references
        .iter()
        .filter(|r| json.contains(&format!("\"{}\"", r.id)))
        .collect();
    cited.sort_by(|a, b| a.id.cmp(&b.id));
    cited
}

fn render_path(kb: &KnowledgeBase, p: &AccessPath, lang: Lang) -> String {
    let mut out = String::new();
    let l = |key: &str| t(lang, &format!("sources.cli_{key}"));
    let _ = writeln!(out, "{}  [{}]", p.name.get(lang), p.id);
    let _ = writeln!(out, "{}: {}", l("operator"), p.operator.get(lang));
    let _ = writeln!(out, "\n{}", p.summary.get(lang));
    let mut status = t(lang, &format!("sources.status_{}", p.status.id()));
    if let Some(d) = p.status_since {
        status.push_str(&format!(" ({} {})", l("since"), d.label(lang)));
    }
    if let Some(d) = p.available_from {
        status.push_str(&format!(" ({} {})", l("from"), d.label(lang)));
    }
    let _ = writeln!(out, "\n{}: {}", l("status"), status);
    if let Some(n) = &p.status_note {
        let _ = writeln!(out, "  {}", n.get(lang));
    }
    let kinds: Vec<String> = p.data_kinds.iter().map(|k| k.label(lang)).collect();
    let _ = writeln!(out, "{}: {}", l("data_kinds"), kinds.join(", "));
    let modes: Vec<String> = p
        .access_modes
        .iter()
        .map(|m| {
            kb.mode(m)
                .map(|m| m.name.get(lang).to_owned())
                .unwrap_or_else(|| m.clone())
        })
        .collect();
    if !modes.is_empty() {
        let _ = writeln!(out, "{}: {}", l("modes"), modes.join("; "));
    }
    let _ = writeln!(
        out,
        "{}: {}",
        l("clinical_depth"),
        figure_label(lang, &p.clinical_depth)
    );
    let _ = writeln!(
        out,
        "{}: {}",
        l("population_coverage"),
        figure_label(lang, &p.population_coverage)
    );
    let fit: Vec<String> = Phase::ALL
        .iter()
        .map(|ph| {
            let name = kb
                .phase(*ph)
                .map(|i| i.name.get(lang).to_owned())
                .unwrap_or_else(|| ph.id().to_owned());
            format!("{name} {}", p.phase_fit.get(*ph))
        })
        .collect();
    let _ = writeln!(
        out,
        "{}: {} ({})",
        l("phase_fit"),
        fit.join(", "),
        p.phase_fit.mark.label(lang)
    );
    for (key, value, mark, note) in [
        (
            "eligibility",
            t(
                lang,
                &format!("sources.eligibility_{}", serde_id(&p.eligibility.value)),
            ),
            p.eligibility.mark,
            &p.eligibility.note,
        ),
        (
            "iterative",
            t(
                lang,
                &format!("sources.iterative_{}", serde_id(&p.iterative.value)),
            ),
            p.iterative.mark,
            &p.iterative.note,
        ),
        (
            "lifecycle",
            t(
                lang,
                &format!("sources.lifecycle_{}", serde_id(&p.lifecycle.value)),
            ),
            p.lifecycle.mark,
            &p.lifecycle.note,
        ),
        (
            "representativeness",
            t(
                lang,
                &format!(
                    "sources.representativeness_{}",
                    serde_id(&p.representativeness.value)
                ),
            ),
            p.representativeness.mark,
            &p.representativeness.note,
        ),
    ] {
        let _ = writeln!(out, "{}: {} ({})", l(key), value, mark.label(lang));
        if let Some(n) = note {
            let _ = writeln!(out, "  {}", n.get(lang));
        }
    }
    let _ = writeln!(
        out,
        "{}: {}",
        l("secure_environment"),
        t(
            lang,
            if p.secure_environment {
                "sources.cli_yes"
            } else {
                "sources.cli_no"
            }
        )
    );
    if let Some(limits) = &p.analysis_limits {
        let _ = writeln!(
            out,
            "{}: {} / {}",
            l("analysis_limits"),
            figure_label(lang, &limits.window_days),
            figure_label(lang, &limits.usage_days)
        );
    }
    if let Some(lag) = &p.data_lag {
        let _ = writeln!(out, "{}: {}", l("data_lag"), figure_label(lang, lag));
    }
    let _ = writeln!(out, "\n{}:", l("lead_time"));
    estimate_lines(&mut out, lang, "  ", &p.lead_time);
    let ttd = p.time_to_data();
    let _ = writeln!(
        out,
        "{}: {}",
        l("time_to_data"),
        span_label(lang, &ttd.weeks, sources::Unit::Weeks)
    );
    if !ttd.critical_path.is_empty() {
        let _ = writeln!(
            out,
            "  {}: {}",
            l("critical_path"),
            ttd.critical_path.join(" → ")
        );
    }
    let _ = writeln!(out, "\n{}:", l("fees"));
    if p.fees.is_empty() {
        if let Some(n) = &p.fees_note {
            let _ = writeln!(out, "  {}", n.get(lang));
        }
    } else {
        for fee in &p.fees {
            let _ = writeln!(out, "  {}", fee.name.get(lang));
            let _ = writeln!(out, "    {}:", l("price"));
            estimate_lines(&mut out, lang, "      ", &fee.price);
            let _ = writeln!(out, "    {}:", l("quantity"));
            estimate_lines(&mut out, lang, "      ", &fee.quantity);
        }
        let range = p.fee_range();
        let span = sources::Span3 {
            min: range.min,
            likely: range.likely,
            max: range.max,
            mark: None,
        };
        let _ = writeln!(
            out,
            "  {}: {}",
            l("fee_total"),
            span_label(lang, &span, sources::Unit::Eur)
        );
        for rule in &p.fee_rules {
            let who = if rule.companies {
                String::new()
            } else {
                format!(" {}", l("not_for_companies"))
            };
            let _ = writeln!(
                out,
                "  {} — {}{} {}",
                rule.name.get(lang),
                figure_label(lang, &rule.factor),
                who,
                rule.condition.get(lang)
            );
        }
        if let Some(n) = &p.fees_note {
            let _ = writeln!(out, "  {}", n.get(lang));
        }
    }
    if !p.steps.is_empty() {
        let _ = writeln!(out, "\n{}:", l("steps"));
        for s in &p.steps {
            let mut extra = String::new();
            if !s.after.is_empty() {
                extra.push_str(&format!(" ({} {})", l("after"), s.after.join(", ")));
            }
            if s.recurs == sources::Recurrence::Yearly {
                extra.push_str(&format!(" [{}]", l("yearly")));
            }
            let _ = writeln!(
                out,
                "  {} — {}: {}{}",
                s.id,
                s.name.get(lang),
                s.duration.label(lang),
                extra
            );
        }
    }
    if !p.legal_basis.is_empty() {
        let _ = writeln!(out, "\n{}:", l("legal_basis"));
        for lb in &p.legal_basis {
            let _ = writeln!(out, "  {} [{}]", lb.text.get(lang), lb.src.join(", "));
        }
    }
    for (key, list) in [("helps", &p.helps), ("hurts", &p.hurts)] {
        if !list.is_empty() {
            let _ = writeln!(out, "\n{}:", l(key));
            for t in list {
                let _ = writeln!(out, "  • {}", t.get(lang));
            }
        }
    }
    let _ = writeln!(out, "\n{}:", l("references"));
    for r in cited_references(kb, p) {
        let _ = writeln!(
            out,
            "  [{}] {} — {} ({})",
            r.id,
            r.title,
            r.url
                .as_deref()
                .or(r.publisher.as_deref())
                .unwrap_or_default(),
            r.date.label(lang)
        );
    }
    out
}

fn serde_id<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `datenreife knowledge check [DIR]`.
#[allow(clippy::print_stderr)]
pub(super) fn check(args: KnowledgeCheckArgs, lang: Lang) -> Result<(), Failure> {
    let report = match (&args.dir, args.standalone) {
        (Some(dir), true) => sources::check_standalone(dir),
        (None, true) => {
            return Err(Failure::Usage(t(lang, "sources.cli_standalone_needs_dir")));
        }
        (dir, false) => sources::check(dir.as_deref()),
    }
    .with_context(|| t(lang, "sources.cli_check_failed"))?;
    if args.json {
        write_out(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        let mut out = String::new();
        for p in &report.problems {
            let _ = writeln!(out, "{p}");
        }
        let errors = report
            .problems
            .iter()
            .filter(|p| p.severity == sources::Severity::Error)
            .count();
        let warnings = report.problems.len() - errors;
        let _ = writeln!(
            out,
            "{}",
            tf(
                lang,
                "sources.cli_check_summary",
                &[
                    ("files", &report.files.to_string()),
                    ("paths", &report.paths.to_string()),
                    ("figures", &report.figures.to_string()),
                    ("references", &report.references.to_string()),
                    ("errors", &errors.to_string()),
                    ("warnings", &warnings.to_string()),
                ]
            )
        );
        write_out(&out)?;
    }
    if report.has_errors() {
        return Err(Failure::Work(anyhow::anyhow!(t(
            lang,
            "sources.cli_check_has_errors"
        ))));
    }
    Ok(())
}
