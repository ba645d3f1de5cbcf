//! Reading and validating a questionnaire folder.
//!
//! Loading runs in two stages. First every file is parsed; if any file is not valid
//! TOML or does not fit the format, only those problems are reported (checking
//! references against a half-read questionnaire would only produce follow-on noise).
//! Then the validator checks what the types cannot: unique ids, references to answer
//! sets and questions, conditions, gates, weights, levels, tags and time boxes. Every
//! problem carries file, line and, where there is one, the question id.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use toml::Spanned;

use super::model::{
    AnswerOption, Condition, FORMAT, ProfileField, Question, QuestionKind, QuestionnaireFile,
    RecommendationsFile, SectionFile,
};
use super::{Origin, Problem, Questionnaire, QuestionnaireError, Section};

/// A file's relative path and its text (or why it is not text).
type FileContent = (String, Result<String, String>);

/// The files of one questionnaire folder, by path relative to the folder.
#[derive(Clone, Debug)]
pub(crate) struct SourceFiles {
    /// How the folder is named in messages (a path, or `questionnaires/<id>` for the
    /// embedded ones).
    pub(crate) label: String,
    /// `(relative path, content)`; content is `Err` when the file is not UTF-8 text.
    pub(crate) files: Vec<FileContent>,
    pub(crate) origin: Origin,
}

impl SourceFiles {
    /// Reads `questionnaire.toml`, `recommendations.toml` and `sections/*.toml`.
    pub(crate) fn read_dir(dir: &Path) -> Result<SourceFiles, QuestionnaireError> {
        let read = |rel: &str| -> Result<Option<FileContent>, QuestionnaireError> {
            let path = dir.join(rel);
            match std::fs::read(&path) {
                Ok(bytes) => Ok(Some((
                    rel.to_owned(),
                    String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_owned()),
                ))),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(source) => Err(QuestionnaireError::Read { path, source }),
            }
        };
        let mut files = Vec::new();
        files.extend(read("questionnaire.toml")?);
        files.extend(read("recommendations.toml")?);
        let sections = dir.join("sections");
        if sections.is_dir() {
            let entries =
                std::fs::read_dir(&sections).map_err(|source| QuestionnaireError::Read {
                    path: sections.clone(),
                    source,
                })?;
            let mut names = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|source| QuestionnaireError::Read {
                    path: sections.clone(),
                    source,
                })?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".toml") {
                    names.push(name);
                }
            }
            names.sort();
            for name in names {
                files.extend(read(&format!("sections/{name}"))?);
            }
        }
        Ok(SourceFiles {
            label: dir.display().to_string(),
            files,
            origin: Origin::Directory(dir.to_owned()),
        })
    }

    /// The files of an embedded questionnaire folder.
    pub(crate) fn embedded(dir: &include_dir::Dir<'_>) -> SourceFiles {
        let base = dir.path();
        let mut files = Vec::new();
        collect_embedded(dir, base, &mut files);
        files.sort_by(|a, b| a.0.cmp(&b.0));
        SourceFiles {
            label: format!("questionnaires/{}", base.display()),
            files,
            origin: Origin::Embedded,
        }
    }
}

fn collect_embedded(dir: &include_dir::Dir<'_>, base: &Path, out: &mut Vec<FileContent>) {
    for file in dir.files() {
        let rel = file
            .path()
            .strip_prefix(base)
            .unwrap_or(file.path())
            .to_string_lossy()
            .replace('\\', "/");
        let wanted = rel == "questionnaire.toml"
            || rel == "recommendations.toml"
            || (rel.starts_with("sections/") && rel.ends_with(".toml"));
        if wanted {
            out.push((
                rel,
                file.contents_utf8()
                    .map(str::to_owned)
                    .ok_or_else(|| "the file is not UTF-8 text".to_owned()),
            ));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, base, out);
    }
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

struct Parsed {
    meta: (String, QuestionnaireFile),
    sections: Vec<(String, SectionFile)>,
    recommendations: Option<(String, RecommendationsFile)>,
    texts: HashMap<String, String>,
}

/// Parses and validates the files; all problems are collected.
pub(crate) fn load(source: SourceFiles) -> Result<Questionnaire, QuestionnaireError> {
    let mut problems = Vec::new();
    let parsed = parse(&source, &mut problems);
    let Some(parsed) = parsed else {
        return Err(QuestionnaireError::Invalid {
            location: source.label,
            problems,
        });
    };
    let questionnaire = validate(parsed, source.origin, &mut problems);
    if problems.is_empty() {
        Ok(questionnaire)
    } else {
        Err(QuestionnaireError::Invalid {
            location: source.label,
            problems,
        })
    }
}

fn parse_one<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(Problem {
                file: file.to_owned(),
                line: e.span().map(|s| line_of(text, s.start)),
                question: None,
                message: e.message().trim().to_owned(),
            });
            None
        }
    }
}

fn parse(source: &SourceFiles, problems: &mut Vec<Problem>) -> Option<Parsed> {
    let mut meta = None;
    let mut sections = Vec::new();
    let mut recommendations = None;
    let mut texts = HashMap::new();
    let mut failed = false;
    for (file, content) in &source.files {
        let text = match content {
            Ok(t) => t,
            Err(why) => {
                problems.push(Problem::file(file, why.clone()));
                failed = true;
                continue;
            }
        };
        texts.insert(file.clone(), text.clone());
        if file == "questionnaire.toml" {
            match parse_one::<QuestionnaireFile>(file, text, problems) {
                Some(m) => meta = Some((file.clone(), m)),
                None => failed = true,
            }
        } else if file == "recommendations.toml" {
            match parse_one::<RecommendationsFile>(file, text, problems) {
                Some(r) => recommendations = Some((file.clone(), r)),
                None => failed = true,
            }
        } else {
            match parse_one::<SectionFile>(file, text, problems) {
                Some(s) => sections.push((file.clone(), s)),
                None => failed = true,
            }
        }
    }
    if !source.files.iter().any(|(f, _)| f == "questionnaire.toml") {
        problems.push(Problem::file(
            "questionnaire.toml",
            "the folder has no questionnaire.toml".into(),
        ));
        failed = true;
    }
    if !failed && sections.is_empty() {
        problems.push(Problem::file(
            "sections",
            "the folder has no section files (sections/*.toml)".into(),
        ));
        failed = true;
    }
    if failed {
        return None;
    }
    Some(Parsed {
        meta: meta?,
        sections,
        recommendations,
        texts,
    })
}

/// Where questions are, for reference checks.
struct QuestionInfo {
    order: usize,
    kind: QuestionKind,
    options: Option<Vec<String>>,
}

struct Validator<'a> {
    problems: &'a mut Vec<Problem>,
    texts: &'a HashMap<String, String>,
}

impl Validator<'_> {
    fn line<T>(&self, file: &str, spanned: &Spanned<T>) -> Option<usize> {
        self.texts
            .get(file)
            .map(|t| line_of(t, spanned.span().start))
    }

    fn push(&mut self, file: &str, line: Option<usize>, question: Option<&str>, message: String) {
        self.problems.push(Problem {
            file: file.to_owned(),
            line,
            question: question.map(str::to_owned),
            message,
        });
    }

    fn text(
        &mut self,
        file: &str,
        line: Option<usize>,
        q: Option<&str>,
        what: &str,
        t: &super::Text,
    ) {
        if t.de.trim().is_empty() || t.en.trim().is_empty() {
            let missing = if t.de.trim().is_empty() { "de" } else { "en" };
            self.push(
                file,
                line,
                q,
                format!("{what} has an empty `{missing}` text"),
            );
        }
    }
}

fn valid_option_set(
    v: &mut Validator<'_>,
    file: &str,
    line: Option<usize>,
    q: Option<&str>,
    what: &str,
    options: &[AnswerOption],
) -> bool {
    let mut ok = true;
    if options.is_empty() {
        v.push(file, line, q, format!("{what} has no options"));
        return false;
    }
    let mut seen = HashSet::new();
    let relevance = options.iter().filter(|o| o.relevance.is_some()).count();
    if relevance > 0 && relevance != options.len() {
        v.push(
            file,
            line,
            q,
            format!("{what} mixes relevance options with other options"),
        );
        ok = false;
    }
    let mut scored = 0;
    for o in options {
        let oline = v.line(file, &o.id);
        let id = o.id.get_ref();
        if !seen.insert(id.clone()) {
            v.push(file, oline, q, format!("{what} has option `{id}` twice"));
            ok = false;
        }
        let roles = usize::from(o.score.is_some())
            + usize::from(o.unknown)
            + usize::from(o.na)
            + usize::from(o.relevance.is_some());
        if roles != 1 {
            v.push(
                file,
                oline,
                q,
                format!(
                    "option `{id}` of {what} must have exactly one of `score`, `unknown = true`, `na = true` or `relevance`"
                ),
            );
            ok = false;
        }
        if let Some(s) = o.score.or(o.relevance)
            && !(0.0..=1.0).contains(&s)
        {
            v.push(
                file,
                oline,
                q,
                format!("option `{id}` of {what} has a value {s} outside 0..1"),
            );
            ok = false;
        }
        if o.unknown && id != "unknown" {
            v.push(
                file,
                oline,
                q,
                format!("the \"don't know\" option of {what} must have the id `unknown`"),
            );
            ok = false;
        }
        if o.na && id != "na" {
            v.push(
                file,
                oline,
                q,
                format!("the \"not applicable\" option of {what} must have the id `na`"),
            );
            ok = false;
        }
        if !o.unknown && !o.na && (id == "unknown" || id == "na") {
            v.push(
                file,
                oline,
                q,
                format!(
                    "option id `{id}` of {what} is reserved for \"don't know\"/\"not applicable\""
                ),
            );
            ok = false;
        }
        v.text(
            file,
            oline,
            q,
            &format!("option `{id}` of {what}"),
            &o.label,
        );
        if o.score.is_some() {
            scored += 1;
        }
    }
    if relevance == 0 && scored == 0 {
        v.push(file, line, q, format!("{what} has no scored option"));
        ok = false;
    }
    if relevance == 0 && !options.iter().any(|o| o.unknown) {
        v.push(
            file,
            line,
            q,
            format!("{what} has no \"don't know\" option (`id = \"unknown\"`, `unknown = true`)"),
        );
        ok = false;
    }
    ok
}

fn version_key(version: &str) -> Option<Vec<u64>> {
    version.split('.').map(|p| p.parse().ok()).collect()
}

/// Compares dotted versions numerically (`1.10` after `1.9`); unparsable parts compare
/// as text.
pub(crate) fn compare_versions(a: &str, b: &str) -> std::cmp::Ordering {
    match (version_key(a), version_key(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

fn validate(parsed: Parsed, origin: Origin, problems: &mut Vec<Problem>) -> Questionnaire {
    let Parsed {
        meta: (meta_file, meta),
        mut sections,
        recommendations,
        texts,
    } = parsed;
    let mut v = Validator {
        problems,
        texts: &texts,
    };
    let mf = meta_file.as_str();
    let id_line = v.line(mf, &meta.id);

    // Metadata.
    if meta.format != FORMAT {
        v.push(
            mf,
            Some(1),
            None,
            format!("`format` must be \"{FORMAT}\", not \"{}\"", meta.format),
        );
    }
    let id = meta.id.get_ref();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        v.push(
            mf,
            id_line,
            None,
            format!("questionnaire id `{id}` may contain only a-z, 0-9 and `-`"),
        );
    }
    if version_key(&meta.version).is_none() {
        v.push(
            mf,
            id_line,
            None,
            format!(
                "version `{}` must be numbers separated by dots (`1.0.0`)",
                meta.version
            ),
        );
    }
    for lang in ["de", "en"] {
        if !meta.languages.iter().any(|l| l == lang) {
            v.push(mf, None, None, format!("`languages` must contain `{lang}`"));
        }
    }
    if meta.licence.trim().is_empty() {
        v.push(mf, None, None, "`licence` is empty".into());
    }
    if meta.authors.is_empty() {
        v.push(mf, None, None, "`authors` is empty".into());
    }
    v.text(mf, None, None, "`title`", &meta.title);
    v.text(mf, None, None, "`description`", &meta.description);
    if meta.duration.min == 0 || meta.duration.min > meta.duration.max {
        v.push(mf, None, None, "`duration` needs 0 < min ≤ max".into());
    }
    let s = &meta.scoring;
    if !(0.0..=1.0).contains(&s.min_coverage) || !(0.0..=1.0).contains(&s.disagreement_threshold) {
        v.push(
            mf,
            None,
            None,
            "`scoring.min_coverage` and `scoring.disagreement_threshold` must lie in 0..1".into(),
        );
    }
    if s.min_group_size < 2 {
        v.push(
            mf,
            None,
            None,
            "`scoring.min_group_size` must be at least 2 so no single company is shown".into(),
        );
    }
    if meta.levels.is_empty() {
        v.push(mf, None, None, "at least one `[[level]]` is needed".into());
    } else {
        if meta.levels[0].from != 0.0 {
            v.push(
                mf,
                None,
                None,
                "the first level must start at `from = 0`".into(),
            );
        }
        for w in meta.levels.windows(2) {
            if w[1].from <= w[0].from {
                v.push(
                    mf,
                    None,
                    None,
                    format!("level `{}` must start above level `{}`", w[1].id, w[0].id),
                );
            }
        }
        for l in &meta.levels {
            if !(0.0..=100.0).contains(&l.from) {
                v.push(
                    mf,
                    None,
                    None,
                    format!("level `{}` starts outside 0..100", l.id),
                );
            }
            v.text(mf, None, None, &format!("level `{}`", l.id), &l.label);
        }
    }
    let mut good_sets = HashSet::new();
    for (set_id, set) in &meta.answer_sets {
        let line = set.options.first().and_then(|o| v.line(mf, &o.id));
        if valid_option_set(
            &mut v,
            mf,
            line,
            None,
            &format!("answer set `{set_id}`"),
            &set.options,
        ) {
            good_sets.insert(set_id.clone());
        }
    }
    let is_relevance_set = |id: &str| {
        meta.answer_sets
            .get(id)
            .is_some_and(|s| s.options.iter().all(|o| o.relevance.is_some()))
    };
    for (prefix, name) in &meta.tag_vocabularies {
        v.text(mf, None, None, &format!("tag vocabulary `{prefix}`"), name);
    }
    if let Some(t) = meta.chart.target
        && !(0.0..=100.0).contains(&t)
    {
        v.push(mf, None, None, "`chart.target` must lie in 0..100".into());
    }

    // Sections and questions: ids and order first.
    sections.sort_by(|a, b| {
        a.1.section
            .order
            .cmp(&b.1.section.order)
            .then(a.0.cmp(&b.0))
    });
    let mut section_ids: HashMap<String, String> = HashMap::new();
    let mut questions: HashMap<String, QuestionInfo> = HashMap::new();
    let mut first_seen: HashMap<String, (String, Option<usize>)> = HashMap::new();
    let mut order = 0;
    let mut time = 0;
    for (file, sf) in &sections {
        let h = &sf.section;
        let sline = v.line(file, &h.id);
        let sid = h.id.get_ref();
        if sid.len() < 2 || sid.len() > 5 || !sid.chars().all(|c| c.is_ascii_uppercase()) {
            v.push(
                file,
                sline,
                None,
                format!("section id `{sid}` must be 2 to 5 upper-case letters"),
            );
        }
        if let Some(other) = section_ids.insert(sid.clone(), file.clone()) {
            v.push(
                file,
                sline,
                None,
                format!("section id `{sid}` is already used in {other}"),
            );
        }
        if h.weight <= 0.0 || !h.weight.is_finite() {
            v.push(
                file,
                sline,
                None,
                format!("section `{sid}` needs a weight above 0"),
            );
        }
        if h.time_box_minutes == 0 {
            v.push(
                file,
                sline,
                None,
                format!("section `{sid}` needs a time box above 0 minutes"),
            );
        }
        time += h.time_box_minutes;
        v.text(file, sline, None, "the section title", &h.title);
        if sf.questions.is_empty() {
            v.push(
                file,
                sline,
                None,
                format!("section `{sid}` has no questions"),
            );
        }
        for q in &sf.questions {
            let qid = q.id.get_ref();
            let qline = v.line(file, &q.id);
            if let Some((other_file, other_line)) = first_seen.get(qid) {
                let at = match other_line {
                    Some(l) => format!("{other_file}:{l}"),
                    None => other_file.clone(),
                };
                v.push(
                    file,
                    qline,
                    Some(qid),
                    format!("duplicate question id (first defined at {at})"),
                );
                continue;
            }
            first_seen.insert(qid.clone(), (file.clone(), qline));
            let pattern_ok = qid.split_once('.').is_some_and(|(prefix, rest)| {
                prefix == sid
                    && rest.len() >= 2
                    && rest.chars().take(2).all(|c| c.is_ascii_digit())
                    && rest.chars().skip(2).all(|c| c.is_ascii_lowercase())
                    && rest.len() <= 3
            });
            if !pattern_ok {
                v.push(
                    file,
                    qline,
                    Some(qid),
                    format!(
                        "question id must be the section id, a dot and two digits (`{sid}.01`)"
                    ),
                );
            }
            let options = question_options(q, &meta.answer_sets);
            questions.insert(
                qid.clone(),
                QuestionInfo {
                    order,
                    kind: q.kind,
                    options: options.map(|o| o.iter().map(|o| o.id.get_ref().clone()).collect()),
                },
            );
            order += 1;
        }
    }
    if !(meta.duration.min..=meta.duration.max).contains(&time) {
        v.push(
            mf,
            None,
            None,
            format!(
                "the section time boxes add up to {time} minutes, outside the stated duration {}–{} minutes",
                meta.duration.min, meta.duration.max
            ),
        );
    }

    // Questions: everything else.
    for (file, sf) in &sections {
        if let Some(c) = &sf.section.show_if {
            let sline = v.line(file, &sf.section.id);
            check_condition(
                &mut v,
                file,
                sline,
                None,
                c,
                &questions,
                &section_ids,
                Scope::Section,
            );
        }
        for q in &sf.questions {
            let qid = q.id.get_ref().as_str();
            let qline = v.line(file, &q.id);
            let Some(info) = questions.get(qid) else {
                continue;
            };
            if first_seen
                .get(qid)
                .is_some_and(|(f, l)| f != file || *l != qline)
            {
                continue; // a duplicate, already reported
            }
            check_question(
                &mut v,
                file,
                qline,
                q,
                info,
                &meta,
                &good_sets,
                &is_relevance_set,
                &questions,
                &section_ids,
            );
        }
    }

    // Recommendations.
    let mut recs = Vec::new();
    if let Some((rf, file)) = recommendations {
        let mut seen = HashSet::new();
        for r in &file.recommendations {
            let rline = v.line(&rf, &r.id);
            let rid = r.id.get_ref();
            if !seen.insert(rid.clone()) {
                v.push(
                    &rf,
                    rline,
                    None,
                    format!("recommendation id `{rid}` is used twice"),
                );
            }
            v.text(
                &rf,
                rline,
                None,
                &format!("recommendation `{rid}` title"),
                &r.title,
            );
            v.text(
                &rf,
                rline,
                None,
                &format!("recommendation `{rid}` body"),
                &r.body,
            );
            check_condition(
                &mut v,
                &rf,
                rline,
                None,
                &r.when,
                &questions,
                &section_ids,
                Scope::Recommendation,
            );
            if let Some(u) = &r.unless {
                check_condition(
                    &mut v,
                    &rf,
                    rline,
                    None,
                    u,
                    &questions,
                    &section_ids,
                    Scope::Recommendation,
                );
            }
            if let Some(p) = r.priority
                && !(0.0..=1.0).contains(&p)
            {
                v.push(
                    &rf,
                    rline,
                    None,
                    format!("recommendation `{rid}` has a priority outside 0..1"),
                );
            }
            check_tags(&mut v, &rf, rline, None, &r.tags, &meta.tag_vocabularies);
        }
        recs = file.recommendations;
    }

    // Version history (only with sound ids, so a broken id does not echo here).
    let ids_sound = v.problems.is_empty();
    for pv in &meta.previous_versions {
        if version_key(&pv.version).is_none() {
            v.push(
                mf,
                None,
                None,
                format!(
                    "previous version `{}` must be numbers separated by dots",
                    pv.version
                ),
            );
        } else if compare_versions(&pv.version, &meta.version) != std::cmp::Ordering::Less {
            v.push(
                mf,
                None,
                None,
                format!(
                    "previous version `{}` is not older than `{}`",
                    pv.version, meta.version
                ),
            );
        }
    }
    let mut mapped: BTreeMap<String, String> = BTreeMap::new();
    let mut history = meta.previous_versions.clone();
    history.sort_by(|a, b| compare_versions(&a.version, &b.version));
    for pv in history.iter().rev() {
        for (old, new) in &pv.renamed {
            let target = mapped.get(new).cloned().unwrap_or_else(|| new.clone());
            let removed_later = history.iter().any(|h| {
                compare_versions(&h.version, &pv.version) == std::cmp::Ordering::Greater
                    && h.removed.contains(&target)
            });
            if ids_sound && !questions.contains_key(&target) && !removed_later {
                v.push(
                    mf,
                    None,
                    Some(old),
                    format!(
                        "version {} renames it to `{new}`, which this version does not have",
                        pv.version
                    ),
                );
            }
            mapped.insert(old.clone(), target);
        }
    }

    let sections = sections
        .into_iter()
        .map(|(file, sf)| Section {
            file,
            header: sf.section,
            questions: sf.questions,
        })
        .collect();
    Questionnaire::new(meta, sections, recs, origin)
}

/// The options of a question: its own, or those of its answer set.
pub(crate) fn question_options<'a>(
    q: &'a Question,
    sets: &'a BTreeMap<String, super::model::AnswerSet>,
) -> Option<&'a [AnswerOption]> {
    if let Some(o) = &q.options {
        return Some(o);
    }
    q.answer_set
        .as_ref()
        .and_then(|s| sets.get(s.get_ref()))
        .map(|s| s.options.as_slice())
}

fn check_tags(
    v: &mut Validator<'_>,
    file: &str,
    line: Option<usize>,
    q: Option<&str>,
    tags: &[String],
    vocab: &BTreeMap<String, super::Text>,
) {
    for tag in tags {
        match tag.split_once(':') {
            Some((prefix, term)) if vocab.contains_key(prefix) && !term.is_empty() => {}
            _ => v.push(file, line, q, format!("tag `{tag}` does not start with a declared vocabulary (`prefix:term`, prefixes in `tag_vocabularies`)")),
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn check_question(
    v: &mut Validator<'_>,
    file: &str,
    line: Option<usize>,
    q: &Question,
    info: &QuestionInfo,
    meta: &QuestionnaireFile,
    good_sets: &HashSet<String>,
    is_relevance_set: &dyn Fn(&str) -> bool,
    questions: &HashMap<String, QuestionInfo>,
    section_ids: &HashMap<String, String>,
) {
    let qid = q.id.get_ref().as_str();
    let id = Some(qid);
    v.text(file, line, id, "the question text", &q.text);
    for (what, t) in [
        ("help", &q.help),
        ("why", &q.why),
        ("evidence", &q.evidence),
        ("facilitator", &q.facilitator),
    ] {
        if let Some(t) = t {
            v.text(file, line, id, &format!("`{what}`"), t);
        }
    }
    let needs_options = matches!(
        q.kind,
        QuestionKind::Single | QuestionKind::Likert | QuestionKind::Gate | QuestionKind::Multi
    );
    let mut options_ok = true;
    if let Some(set) = &q.answer_set {
        let sline = v.line(file, set);
        if !needs_options {
            v.push(
                file,
                sline,
                id,
                format!("a {} question takes no answer set", kind_name(q.kind)),
            );
            options_ok = false;
        } else if q.options.is_some() {
            v.push(
                file,
                sline,
                id,
                "give either `answer_set` or `options`, not both".into(),
            );
            options_ok = false;
        } else if !meta.answer_sets.contains_key(set.get_ref()) {
            v.push(
                file,
                sline,
                id,
                format!("unknown answer set `{}`", set.get_ref()),
            );
            options_ok = false;
        } else if !good_sets.contains(set.get_ref()) {
            options_ok = false; // reported with the set
        } else if is_relevance_set(set.get_ref()) {
            v.push(
                file,
                sline,
                id,
                format!(
                    "answer set `{}` is a relevance scale, not an answer set",
                    set.get_ref()
                ),
            );
            options_ok = false;
        }
    } else if let Some(opts) = &q.options {
        if !needs_options {
            v.push(
                file,
                line,
                id,
                format!("a {} question takes no options", kind_name(q.kind)),
            );
            options_ok = false;
        } else if !valid_option_set(v, file, line, id, "the question's options", opts) {
            options_ok = false;
        }
    } else if needs_options {
        v.push(
            file,
            line,
            id,
            format!(
                "a {} question needs `answer_set` or `options`",
                kind_name(q.kind)
            ),
        );
        options_ok = false;
    }
    let opts = if options_ok {
        question_options(q, &meta.answer_sets)
    } else {
        None
    };
    if let Some(opts) = opts {
        let scored: Vec<f64> = opts.iter().filter_map(|o| o.score).collect();
        match q.kind {
            QuestionKind::Likert if scored.len() < 3 => {
                v.push(
                    file,
                    line,
                    id,
                    "a likert question needs at least three scored steps".into(),
                );
            }
            QuestionKind::Multi if scored.iter().sum::<f64>() < 1.0 - 1e-9 => {
                v.push(file, line, id, "the option scores of a multi question must add up to at least 1, so the best answer scores 1".into());
            }
            QuestionKind::Single | QuestionKind::Likert | QuestionKind::Gate
                if q.weight > 0.0 && !scored.iter().any(|s| (*s - 1.0).abs() < 1e-9) =>
            {
                v.push(
                    file,
                    line,
                    id,
                    "no option scores 1, so the question can never be fully met".into(),
                );
            }
            _ => {}
        }
    }
    if !(q.weight >= 0.0 && q.weight.is_finite()) {
        v.push(file, line, id, "the weight must be 0 or more".into());
    }
    if !(0.0..=1.0).contains(&q.relevance_default) {
        v.push(
            file,
            line,
            id,
            "`relevance_default` must lie in 0..1".into(),
        );
    }
    if let Some(r) = &q.relevance {
        let rline = v.line(file, r);
        if !meta.answer_sets.contains_key(r.get_ref()) {
            v.push(
                file,
                rline,
                id,
                format!("unknown relevance set `{}`", r.get_ref()),
            );
        } else if !is_relevance_set(r.get_ref()) {
            v.push(
                file,
                rline,
                id,
                format!(
                    "answer set `{}` is not a relevance scale (its options need `relevance`)",
                    r.get_ref()
                ),
            );
        }
    }
    check_tags(v, file, line, id, &q.tags, &meta.tag_vocabularies);
    match (q.kind, &q.gate) {
        (QuestionKind::Gate, None) => v.push(
            file,
            line,
            id,
            "a gate question needs a `gate` table".into(),
        ),
        (QuestionKind::Gate, Some(g)) => {
            if g.follow_ups.is_empty() {
                v.push(file, line, id, "the gate has no follow-up questions".into());
            }
            for f in &g.follow_ups {
                let fline = v.line(file, f);
                match questions.get(f.get_ref()) {
                    None => v.push(
                        file,
                        fline,
                        id,
                        format!("follow-up `{}` does not exist", f.get_ref()),
                    ),
                    Some(fi) if fi.order <= info.order => v.push(
                        file,
                        fline,
                        id,
                        format!("follow-up `{}` must come after the gate", f.get_ref()),
                    ),
                    _ => {}
                }
            }
            if let Some(opts) = opts {
                for c in &g.closed_by {
                    if !opts.iter().any(|o| o.id.get_ref() == c) {
                        v.push(
                            file,
                            line,
                            id,
                            format!("`closed_by` names `{c}`, which is not an option of the gate"),
                        );
                    }
                }
            }
            if g.closed_by.is_empty() {
                v.push(
                    file,
                    line,
                    id,
                    "`closed_by` is empty, so the gate never closes".into(),
                );
            }
        }
        (_, Some(_)) => v.push(
            file,
            line,
            id,
            "only gate questions take a `gate` table".into(),
        ),
        _ => {}
    }
    match (q.kind, &q.number) {
        (QuestionKind::Number, None) => v.push(
            file,
            line,
            id,
            "a number question needs a `number` table".into(),
        ),
        (QuestionKind::Number, Some(n)) => {
            if n.min > n.max {
                v.push(file, line, id, "`number.min` is above `number.max`".into());
            }
            for w in n.bands.windows(2) {
                if w[1].from <= w[0].from {
                    v.push(file, line, id, "number bands must ascend by `from`".into());
                }
            }
            if n.bands.iter().any(|b| !(0.0..=1.0).contains(&b.score)) {
                v.push(file, line, id, "number band scores must lie in 0..1".into());
            }
        }
        (_, Some(_)) => v.push(
            file,
            line,
            id,
            "only number questions take a `number` table".into(),
        ),
        _ => {}
    }
    if q.kind == QuestionKind::Text && q.weight > 0.0 && q.weight != 1.0 {
        v.push(
            file,
            line,
            id,
            "text questions are never scored; drop the weight".into(),
        );
    }
    if let Some(c) = &q.show_if {
        check_condition(
            v,
            file,
            line,
            Some(info.order),
            c,
            questions,
            section_ids,
            Scope::Question(qid),
        );
    }
}

fn kind_name(k: QuestionKind) -> &'static str {
    match k {
        QuestionKind::Single => "single",
        QuestionKind::Multi => "multi",
        QuestionKind::Likert => "likert",
        QuestionKind::Number => "number",
        QuestionKind::Text => "text",
        QuestionKind::Gate => "gate",
    }
}

#[derive(Clone, Copy)]
enum Scope<'a> {
    Section,
    Question(&'a str),
    Recommendation,
}

const SECTORS: &[&str] = &["medtech", "manufacturing", "services", "software", "other"];
const PHASES: &[&str] = &["concept", "design", "validation", "approval", "post_market"];
const RISK_CLASSES: &[&str] = &[
    "mdr_i", "mdr_iia", "mdr_iib", "mdr_iii", "ivdr_a", "ivdr_b", "ivdr_c", "ivdr_d",
];
const SIZES: &[&str] = &["micro", "small", "medium", "large"];

/// Allowed values of a profile field with `any_of`.
pub(crate) fn profile_values(field: ProfileField) -> &'static [&'static str] {
    match field {
        ProfileField::Sector => SECTORS,
        ProfileField::Phases => PHASES,
        ProfileField::RiskClass => RISK_CLASSES,
        ProfileField::Size => SIZES,
        ProfileField::UsesAi => &[],
    }
}

#[allow(clippy::too_many_arguments)]
fn check_condition(
    v: &mut Validator<'_>,
    file: &str,
    line: Option<usize>,
    before: Option<usize>,
    c: &Condition,
    questions: &HashMap<String, QuestionInfo>,
    section_ids: &HashMap<String, String>,
    scope: Scope<'_>,
) {
    let owner = match scope {
        Scope::Question(q) => Some(q),
        _ => None,
    };
    let forms = usize::from(c.all.is_some())
        + usize::from(c.any.is_some())
        + usize::from(c.not.is_some())
        + usize::from(c.q.is_some())
        + usize::from(c.section.is_some())
        + usize::from(c.profile.is_some());
    if forms != 1 {
        v.push(
            file,
            line,
            owner,
            "a condition needs exactly one of `all`, `any`, `not`, `q`, `section` or `profile`"
                .into(),
        );
        return;
    }
    let tests = usize::from(c.any_of.is_some())
        + usize::from(c.score_below.is_some())
        + usize::from(c.score_at_least.is_some())
        + usize::from(c.is.is_some());
    for list in [&c.all, &c.any].into_iter().flatten() {
        if tests > 0 {
            v.push(
                file,
                line,
                owner,
                "`all`/`any` conditions take no tests of their own".into(),
            );
        }
        if list.is_empty() {
            v.push(file, line, owner, "an empty `all`/`any` condition".into());
        }
        for sub in list {
            check_condition(v, file, line, before, sub, questions, section_ids, scope);
        }
    }
    if let Some(sub) = &c.not {
        check_condition(v, file, line, before, sub, questions, section_ids, scope);
    }
    if let Some(q) = &c.q {
        let qline = v.line(file, q).or(line);
        let target = q.get_ref();
        let Some(info) = questions.get(target) else {
            v.push(
                file,
                qline,
                owner,
                format!("the condition refers to question `{target}`, which does not exist"),
            );
            return;
        };
        if let Some(before) = before
            && info.order >= before
        {
            v.push(
                file,
                qline,
                owner,
                format!("the condition refers to question `{target}`, which is not asked earlier"),
            );
        }
        if tests != 1 || c.is.is_some() {
            v.push(file, qline, owner, format!("a condition on `{target}` needs exactly one of `any_of`, `score_below` or `score_at_least`"));
        }
        if let Some(list) = &c.any_of {
            let aline = v.line(file, list).or(qline);
            match (&info.options, info.kind) {
                (Some(opts), _) => {
                    for value in list.get_ref() {
                        if !opts.contains(value) {
                            v.push(
                                file,
                                aline,
                                owner,
                                format!("`{value}` is not an option of `{target}`"),
                            );
                        }
                    }
                }
                (None, QuestionKind::Number | QuestionKind::Text) => {
                    for value in list.get_ref() {
                        if value != "unknown" && value != "na" {
                            v.push(file, aline, owner, format!("`{target}` has no options; only `unknown` and `na` can be tested"));
                        }
                    }
                }
                _ => {}
            }
        }
        for s in [c.score_below, c.score_at_least].into_iter().flatten() {
            if !(0.0..=1.0).contains(&s) {
                v.push(
                    file,
                    qline,
                    owner,
                    format!("question scores lie in 0..1; {s} is outside"),
                );
            }
        }
    }
    if let Some(s) = &c.section {
        let sline = v.line(file, s).or(line);
        if !matches!(scope, Scope::Recommendation) {
            v.push(
                file,
                sline,
                owner,
                "conditions on section scores are allowed only in recommendations".into(),
            );
        } else if !section_ids.contains_key(s.get_ref()) {
            v.push(
                file,
                sline,
                owner,
                format!(
                    "the condition refers to section `{}`, which does not exist",
                    s.get_ref()
                ),
            );
        }
        if c.any_of.is_some() || c.is.is_some() || tests != 1 {
            v.push(
                file,
                sline,
                owner,
                "a section condition needs exactly one of `score_below` or `score_at_least`".into(),
            );
        }
        for s in [c.score_below, c.score_at_least].into_iter().flatten() {
            if !(0.0..=100.0).contains(&s) {
                v.push(
                    file,
                    sline,
                    owner,
                    format!("section scores lie in 0..100; {s} is outside"),
                );
            }
        }
    }
    if let Some(field) = c.profile {
        let aline = c.any_of.as_ref().and_then(|a| v.line(file, a)).or(line);
        if field == ProfileField::UsesAi {
            if c.is.is_none() || tests != 1 {
                v.push(
                    file,
                    aline,
                    owner,
                    "`profile = \"uses_ai\"` needs `is = true` or `is = false` and nothing else"
                        .into(),
                );
            }
        } else {
            match &c.any_of {
                Some(list) if tests == 1 => {
                    let allowed = profile_values(field);
                    for value in list.get_ref() {
                        if !allowed.contains(&value.as_str()) {
                            v.push(
                                file,
                                aline,
                                owner,
                                format!(
                                    "`{value}` is not a valid value here; use one of {}",
                                    allowed.join(", ")
                                ),
                            );
                        }
                    }
                }
                _ => v.push(
                    file,
                    aline,
                    owner,
                    "a profile condition needs `any_of` and nothing else".into(),
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(section: &str) -> SourceFiles {
        let meta = r#"format = "datenreife-questionnaire/1"
id = "t"
version = "1.0"
title = { de = "T", en = "T" }
description = { de = "T", en = "T" }
languages = ["de", "en"]
licence = "CC0-1.0"
authors = ["T"]
duration = { min = 1, max = 10 }
level = [{ id = "L1", from = 0, label = { de = "A", en = "A" } }]
[answer_sets.yn]
options = [
  { id = "yes", score = 1.0, label = { de = "Ja", en = "Yes" } },
  { id = "no", score = 0.0, label = { de = "Nein", en = "No" } },
  { id = "unknown", unknown = true, label = { de = "?", en = "?" } },
]
[answer_sets.rel]
options = [{ id = "high", relevance = 1.0, label = { de = "Hoch", en = "High" } }]
"#;
        SourceFiles {
            label: "t".into(),
            files: vec![
                ("questionnaire.toml".into(), Ok(meta.into())),
                ("sections/a.toml".into(), Ok(section.into())),
            ],
            origin: Origin::Embedded,
        }
    }

    fn problems(questions: &str) -> Vec<String> {
        let section = format!(
            "[section]\nid = \"AA\"\norder = 1\ntitle = {{ de = \"A\", en = \"A\" }}\ntime_box_minutes = 5\n{questions}"
        );
        match load(source(&section)) {
            Ok(_) => Vec::new(),
            Err(e) => e.problems().iter().map(|p| p.message.clone()).collect(),
        }
    }

    const Q1: &str = "[[question]]\nid = \"AA.01\"\nkind = \"single\"\nanswer_set = \"yn\"\ntext = { de = \"F\", en = \"Q\" }\n";

    #[test]
    fn a_valid_section_loads() {
        assert_eq!(problems(Q1), Vec::<String>::new());
    }

    #[test]
    fn gates_must_point_forward_and_close_on_real_options() {
        let gate = "[[question]]\nid = \"AA.02\"\nkind = \"gate\"\nanswer_set = \"yn\"\ntext = { de = \"F\", en = \"Q\" }\ngate = { follow_ups = [\"AA.01\"], closed_by = [\"nein\"], skipped = \"zero\" }\n";
        assert_eq!(
            problems(&format!("{Q1}{gate}")),
            [
                "follow-up `AA.01` must come after the gate",
                "`closed_by` names `nein`, which is not an option of the gate"
            ]
        );
    }

    #[test]
    fn conditions_are_checked_against_the_profile_and_scope() {
        let q2 = "[[question]]\nid = \"AA.02\"\nkind = \"single\"\nanswer_set = \"yn\"\ntext = { de = \"F\", en = \"Q\" }\nshow_if = { any = [{ profile = \"sector\", any_of = [\"medtek\"] }, { section = \"AA\", score_below = 50 }, { q = \"AA.01\", any_of = [\"vielleicht\"] }] }\n";
        assert_eq!(
            problems(&format!("{Q1}{q2}")),
            [
                "`medtek` is not a valid value here; use one of medtech, manufacturing, services, software, other",
                "conditions on section scores are allowed only in recommendations",
                "`vielleicht` is not an option of `AA.01`"
            ]
        );
    }

    #[test]
    fn relevance_scales_and_answer_sets_are_not_interchangeable() {
        let q = "[[question]]\nid = \"AA.01\"\nkind = \"single\"\nanswer_set = \"rel\"\nrelevance = \"yn\"\ntext = { de = \"F\", en = \"Q\" }\n";
        assert_eq!(
            problems(q),
            [
                "answer set `rel` is a relevance scale, not an answer set",
                "answer set `yn` is not a relevance scale (its options need `relevance`)"
            ]
        );
    }

    #[test]
    fn ids_follow_the_section_and_texts_are_bilingual() {
        let q = "[[question]]\nid = \"BB.1\"\nkind = \"text\"\ntext = { de = \"F\", en = \" \" }\n";
        assert_eq!(
            problems(q),
            [
                "question id must be the section id, a dot and two digits (`AA.01`)",
                "the question text has an empty `en` text"
            ]
        );
    }

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(compare_versions("1.10", "1.9"), std::cmp::Ordering::Greater);
        assert_eq!(
            compare_versions("1.0.0", "1.0.0"),
            std::cmp::Ordering::Equal
        );
        assert_eq!(line_of("a\nb\nc", 2), 2);
    }
}
