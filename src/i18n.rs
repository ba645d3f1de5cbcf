//! User-facing texts in German and English.
//!
//! Texts live in `templates/i18n/<module>.toml`, one table per key with a `de` and an
//! `en` entry, so both languages stay side by side and a translator sees what is
//! missing. Placeholders are written `{name}` and filled by [`Texts::format`].
//! The files are embedded at build time; [`Texts::get`] looks keys up as
//! `module.key`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// A language the product speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// German, the default.
    #[default]
    De,
    /// English.
    En,
}

impl Lang {
    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// Parses `de` or `en` (case-insensitive).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.to_ascii_lowercase().as_str() {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Formats a number with the language's separators (`1.234,5` / `1,234.5`).
    pub fn number(self, value: f64, decimals: usize) -> String {
        let raw = format!("{:.*}", decimals, value.abs());
        let (int, frac) = raw.split_once('.').unwrap_or((&raw, ""));
        let (group, point) = match self {
            Lang::De => ('.', ','),
            Lang::En => (',', '.'),
        };
        let mut out = String::new();
        if value < 0.0 && raw.chars().any(|c| c != '0' && c != '.') {
            out.push('-');
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(point);
            out.push_str(frac);
        }
        out
    }

    /// Formats a byte count for people (`1,5 MB`).
    pub fn bytes(self, bytes: u64) -> String {
        const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
        let mut value = bytes as f64;
        let mut unit = 0;
        while value >= 1000.0 && unit < UNITS.len() - 1 {
            value /= 1000.0;
            unit += 1;
        }
        let decimals = if unit == 0 || value >= 100.0 { 0 } else { 1 };
        format!("{} {}", self.number(value, decimals), UNITS[unit])
    }
}

/// The embedded text files, one per module.
const FILES: &[(&str, &str)] = &[
    ("assess", include_str!("../templates/i18n/assess.toml")),
    ("app", include_str!("../templates/i18n/app.toml")),
    ("catalog", include_str!("../templates/i18n/catalog.toml")),
    ("cli", include_str!("../templates/i18n/cli.toml")),
    ("dataset", include_str!("../templates/i18n/dataset.toml")),
    ("issue", include_str!("../templates/i18n/issue.toml")),
    ("note", include_str!("../templates/i18n/note.toml")),
    (
        "questionnaire",
        include_str!("../templates/i18n/questionnaire.toml"),
    ),
    ("plan", include_str!("../templates/i18n/plan.toml")),
    ("report", include_str!("../templates/i18n/report.toml")),
    ("scan", include_str!("../templates/i18n/scan.toml")),
    ("score", include_str!("../templates/i18n/score.toml")),
    ("sources", include_str!("../templates/i18n/sources.toml")),
];

#[derive(Deserialize)]
struct Entry {
    de: String,
    en: String,
}

/// All texts, loaded once.
pub struct Texts {
    entries: HashMap<String, Entry>,
}

static TEXTS: OnceLock<Texts> = OnceLock::new();

impl Texts {
    /// The embedded texts. Panics only if an embedded file is malformed, which the
    /// unit tests rule out.
    pub fn embedded() -> &'static Texts {
        TEXTS.get_or_init(|| {
            let mut entries = HashMap::new();
            for (module, source) in FILES {
                let table: HashMap<String, Entry> = toml::from_str(source)
                    .unwrap_or_else(|e| panic!("templates/i18n/{module}.toml: {e}"));
                for (key, entry) in table {
                    entries.insert(format!("{module}.{key}"), entry);
                }
            }
            Texts { entries }
        })
    }

    /// The text for `key` in `lang`; the key itself when it is unknown, so a missing
    /// text is visible instead of silently empty.
    pub fn get<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        match self.entries.get(key) {
            Some(e) => match lang {
                Lang::De => &e.de,
                Lang::En => &e.en,
            },
            None => key,
        }
    }

    /// The text for `key` with `{name}` placeholders replaced.
    pub fn format(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(lang, key), args)
    }
}

/// The sentence for a stable code of a module (`issue.zip_truncated`,
/// `note.ragged_rows`) with its `{detail}`; an unknown code (e.g. written by a newer
/// version) is shown as `code: detail`.
pub fn coded(lang: Lang, module: &str, code: &str, detail: Option<&str>) -> String {
    let key = format!("{module}.{code}");
    let texts = Texts::embedded();
    let template = texts.get(lang, &key);
    if template == key {
        return match detail {
            Some(d) => format!("{code}: {d}"),
            None => code.to_owned(),
        };
    }
    fill(template, &[("detail", detail.unwrap_or(""))])
}

/// Replaces `{name}` placeholders in `template`.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Shorthand for [`Texts::get`] on the embedded texts.
pub fn t(lang: Lang, key: &str) -> String {
    Texts::embedded().get(lang, key).to_owned()
}

/// Shorthand for [`Texts::format`] on the embedded texts.
pub fn tf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    Texts::embedded().format(lang, key, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<String> {
        let mut names: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn every_text_has_both_languages_with_the_same_placeholders() {
        let texts = Texts::embedded();
        assert!(!texts.entries.is_empty());
        for (key, entry) in &texts.entries {
            assert!(!entry.de.trim().is_empty(), "{key}: German text is empty");
            assert!(!entry.en.trim().is_empty(), "{key}: English text is empty");
            assert_eq!(
                placeholders(&entry.de),
                placeholders(&entry.en),
                "{key}: placeholders differ"
            );
        }
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(Lang::De.number(1234.56, 2), "1.234,56");
        assert_eq!(Lang::En.number(1234.56, 2), "1,234.56");
        assert_eq!(Lang::De.number(-1234567.0, 0), "-1.234.567");
        assert_eq!(Lang::De.number(-0.0001, 1), "0,0");
        assert_eq!(Lang::De.bytes(1_500_000), "1,5 MB");
        assert_eq!(Lang::En.bytes(999), "999 B");
    }

    #[test]
    fn unknown_keys_are_visible() {
        assert_eq!(
            Texts::embedded().get(Lang::De, "nope.missing"),
            "nope.missing"
        );
        assert_eq!(tf(Lang::En, "nope.{x}", &[("x", "1")]), "nope.1");
    }
}
