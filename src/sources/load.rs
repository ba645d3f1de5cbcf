//! Reading knowledge files: the embedded set, a folder, or a folder over the embedded
//! set. Each item is deserialised on its own so one broken item does not hide the
//! problems of the others; every problem carries file and line.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::model::{Origin, Seg};
use super::{KnowledgeBase, KnowledgeError, Problem, Severity};

/// The knowledge files built into the binary, by path relative to `knowledge/`.
pub(crate) const EMBEDDED: &[(&str, &str)] = &[
    (
        "access-modes.toml",
        include_str!("../../knowledge/access-modes.toml"),
    ),
    ("funding.toml", include_str!("../../knowledge/funding.toml")),
    ("phases.toml", include_str!("../../knowledge/phases.toml")),
    ("rates.toml", include_str!("../../knowledge/rates.toml")),
    (
        "references.toml",
        include_str!("../../knowledge/references.toml"),
    ),
    (
        "regulation.toml",
        include_str!("../../knowledge/regulation.toml"),
    ),
    (
        "transaction-costs.toml",
        include_str!("../../knowledge/transaction-costs.toml"),
    ),
    (
        "paths/catena_x_manufacturing_x.toml",
        include_str!("../../knowledge/paths/catena_x_manufacturing_x.toml"),
    ),
    (
        "paths/daco_bfarm.toml",
        include_str!("../../knowledge/paths/daco_bfarm.toml"),
    ),
    (
        "paths/data_act_b2b.toml",
        include_str!("../../knowledge/paths/data_act_b2b.toml"),
    ),
    (
        "paths/data_europa_eu.toml",
        include_str!("../../knowledge/paths/data_europa_eu.toml"),
    ),
    (
        "paths/destatis_genesis.toml",
        include_str!("../../knowledge/paths/destatis_genesis.toml"),
    ),
    (
        "paths/dga_intermediaries_public_reuse.toml",
        include_str!("../../knowledge/paths/dga_intermediaries_public_reuse.toml"),
    ),
    (
        "paths/ehds_hdab.toml",
        include_str!("../../knowledge/paths/ehds_hdab.toml"),
    ),
    (
        "paths/fdpg_mii.toml",
        include_str!("../../knowledge/paths/fdpg_mii.toml"),
    ),
    (
        "paths/fdz_gesundheit.toml",
        include_str!("../../knowledge/paths/fdz_gesundheit.toml"),
    ),
    (
        "paths/fdz_statistische_aemter.toml",
        include_str!("../../knowledge/paths/fdz_statistische_aemter.toml"),
    ),
    (
        "paths/gaiax_health_projects.toml",
        include_str!("../../knowledge/paths/gaiax_health_projects.toml"),
    ),
    (
        "paths/gdng_para6_care_institutions.toml",
        include_str!("../../knowledge/paths/gdng_para6_care_institutions.toml"),
    ),
    (
        "paths/govdata.toml",
        include_str!("../../knowledge/paths/govdata.toml"),
    ),
    (
        "paths/honic.toml",
        include_str!("../../knowledge/paths/honic.toml"),
    ),
    (
        "paths/implantateregister_ird.toml",
        include_str!("../../knowledge/paths/implantateregister_ird.toml"),
    ),
    (
        "paths/landeskrebsregister.toml",
        include_str!("../../knowledge/paths/landeskrebsregister.toml"),
    ),
    (
        "paths/nako.toml",
        include_str!("../../knowledge/paths/nako.toml"),
    ),
    (
        "paths/own_clinical_investigation.toml",
        include_str!("../../knowledge/paths/own_clinical_investigation.toml"),
    ),
    (
        "paths/own_pms_vigilance.toml",
        include_str!("../../knowledge/paths/own_pms_vigilance.toml"),
    ),
    (
        "paths/quality_registries.toml",
        include_str!("../../knowledge/paths/quality_registries.toml"),
    ),
    (
        "paths/sphinx.toml",
        include_str!("../../knowledge/paths/sphinx.toml"),
    ),
    (
        "paths/zfkd_rki.toml",
        include_str!("../../knowledge/paths/zfkd_rki.toml"),
    ),
    (
        "paths/zi_outpatient.toml",
        include_str!("../../knowledge/paths/zi_outpatient.toml"),
    ),
];

/// Prefix of embedded file names in problem reports.
pub(crate) const BUILT_IN: &str = "<built-in>";

/// One knowledge file's name (as shown in reports) and text.
#[derive(Clone, Debug)]
pub(crate) struct SourceFile {
    pub name: String,
    /// Path relative to the knowledge folder, `/`-separated; decides the file's role.
    pub relative: String,
    pub text: String,
}

/// The embedded files.
pub(crate) fn embedded_files() -> Vec<SourceFile> {
    EMBEDDED
        .iter()
        .map(|(rel, text)| SourceFile {
            name: format!("{BUILT_IN}/{rel}"),
            relative: (*rel).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}

/// All `*.toml` files under `dir`, sorted, with names relative to it.
pub(crate) fn read_dir(dir: &Path) -> Result<Vec<SourceFile>, KnowledgeError> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) -> Result<(), KnowledgeError> {
        let entries = std::fs::read_dir(dir).map_err(|source| KnowledgeError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if path.extension().is_some_and(|e| e == "toml") {
                let text =
                    std::fs::read_to_string(&path).map_err(|source| KnowledgeError::Read {
                        path: path.clone(),
                        source,
                    })?;
                let relative = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push(SourceFile {
                    name: path.display().to_string(),
                    relative,
                    text,
                });
            }
        }
        Ok(())
    }
    if !dir.is_dir() {
        return Err(KnowledgeError::Read {
            path: dir.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
        });
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    Ok(out)
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Parses files into a knowledge base (unchecked) and the problems found on the way.
pub(crate) fn parse(files: &[SourceFile]) -> (KnowledgeBase, Vec<Problem>) {
    let mut kb = KnowledgeBase::default();
    let mut problems = Vec::new();
    for file in files {
        parse_file(file, &mut kb, &mut problems);
    }
    (kb, problems)
}

fn problem(file: &SourceFile, span: Option<std::ops::Range<usize>>, message: String) -> Problem {
    Problem {
        file: file.name.clone(),
        line: span.map(|s| line_of(&file.text, s.start)),
        severity: Severity::Error,
        message,
    }
}

fn deserialize<T: DeserializeOwned>(
    file: &SourceFile,
    value: Spanned<DeValue<'_>>,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(problem(file, e.span(), e.message().to_owned()));
            None
        }
    }
}

fn parse_file(file: &SourceFile, kb: &mut KnowledgeBase, problems: &mut Vec<Problem>) {
    let root = match DeTable::parse(&file.text) {
        Ok(root) => root,
        Err(e) => {
            problems.push(problem(file, e.span(), e.message().to_owned()));
            return;
        }
    };
    let origin = |prefix: Vec<Seg>| Origin {
        file: file.name.clone(),
        prefix,
    };
    if file.relative.starts_with("paths/") {
        let span = root.span();
        let value = Spanned::new(span, DeValue::Table(root.into_inner()));
        if let Some(mut path) = deserialize::<super::AccessPath>(file, value, problems) {
            path.origin = origin(Vec::new());
            kb.paths.push(path);
        }
        return;
    }
    for (key, value) in root.into_inner() {
        let key_span = key.span();
        let key = key.into_inner().into_owned();
        let items: Vec<Spanned<DeValue<'_>>> = {
            let span = value.span();
            match value.into_inner() {
                DeValue::Array(array) => array.into_iter().collect(),
                _ => {
                    problems.push(problem(
                        file,
                        Some(span),
                        format!("`{key}` must be an array of tables ([[{key}]])"),
                    ));
                    continue;
                }
            }
        };
        for (index, item) in items.into_iter().enumerate() {
            let prefix = vec![Seg::Key(key.clone()), Seg::Index(index)];
            macro_rules! take {
                ($ty:ty, $field:ident) => {
                    if let Some(mut v) = deserialize::<$ty>(file, item, problems) {
                        v.origin = origin(prefix);
                        kb.$field.push(v);
                    }
                };
            }
            match key.as_str() {
                "reference" => take!(super::Reference, references),
                "phase" => take!(super::PhaseInfo, phases),
                "mode" => take!(super::AccessMode, modes),
                "cost_item" => take!(super::CostItem, cost_items),
                "rate" => take!(super::Rate, rates),
                "programme" => take!(super::Programme, programmes),
                "anchor" => take!(super::Anchor, anchors),
                _ => {
                    problems.push(problem(
                        file,
                        Some(key_span.clone()),
                        format!(
                            "unknown section `{key}`; expected reference, phase, mode, cost_item, rate, programme or anchor (access paths go into paths/*.toml)"
                        ),
                    ));
                    break;
                }
            }
        }
    }
}

/// Replaces items of `base` by items of `over` with the same id and adds new ones.
pub(crate) fn overlay(base: &mut KnowledgeBase, over: KnowledgeBase) {
    fn merge<T>(base: &mut Vec<T>, over: Vec<T>, id: impl Fn(&T) -> String) {
        for item in over {
            let key = id(&item);
            match base.iter().position(|b| id(b) == key) {
                Some(i) => base[i] = item,
                None => base.push(item),
            }
        }
    }
    merge(&mut base.references, over.references, |r| r.id.clone());
    merge(&mut base.phases, over.phases, |p| p.id.id().to_owned());
    merge(&mut base.modes, over.modes, |m| m.id.clone());
    merge(&mut base.paths, over.paths, |p| p.id.clone());
    merge(&mut base.cost_items, over.cost_items, |c| c.id.clone());
    merge(&mut base.rates, over.rates, |r| r.id.clone());
    merge(&mut base.programmes, over.programmes, |p| p.id.clone());
    merge(&mut base.anchors, over.anchors, |a| a.id.clone());
}

/// Finds lines of key paths in the files the knowledge base was read from.
pub(crate) struct Locator<'a> {
    texts: HashMap<&'a str, &'a str>,
    parsed: BTreeMap<String, Option<Spanned<DeTable<'a>>>>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(files: &'a [SourceFile]) -> Self {
        Locator {
            texts: files
                .iter()
                .map(|f| (f.name.as_str(), f.text.as_str()))
                .collect(),
            parsed: BTreeMap::new(),
        }
    }

    /// The line of the deepest existing node along `path` in `file`.
    pub(crate) fn line(&mut self, file: &str, path: &[Seg]) -> Option<usize> {
        let text = *self.texts.get(file)?;
        let root = self
            .parsed
            .entry(file.to_owned())
            .or_insert_with(|| DeTable::parse(text).ok())
            .as_ref()?;
        let mut span = root.span();
        let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
        let mut array: Option<&toml::de::DeArray<'_>> = None;
        for seg in path {
            let next: Option<&Spanned<DeValue<'_>>> = match seg {
                Seg::Key(k) => {
                    let Some(t) = table else { break };
                    match t.get_key_value(k.as_str()) {
                        Some((key, value)) => {
                            // Point at the key: for `[table]` headers and `a = …` alike
                            // this is the line people look for.
                            span = key.span();
                            Some(value)
                        }
                        None => None,
                    }
                }
                Seg::Index(i) => {
                    let Some(a) = array else { break };
                    let v = a.get(*i);
                    if let Some(v) = v {
                        span = v.span();
                    }
                    v
                }
            };
            let Some(next) = next else { break };
            table = next.get_ref().as_table();
            array = next.get_ref().as_array();
        }
        Some(line_of(text, span.start))
    }
}
