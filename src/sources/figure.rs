//! Figures with provenance: the value types every number in the knowledge base uses.
//!
//! A figure is a value with a unit, a mark (how sure we are) and the references it
//! comes from. A value that nobody published is `unknown`: it has no number, so a
//! consumer has to ask the user for it instead of silently using 0.
//!
//! In TOML a single figure is a table
//! `{ value = 300, unit = "eur", mark = "verified", src = ["datragebv_5"] }` and a
//! three-point estimate a table with `unit`, group defaults (`mark`, `src`, `basis`)
//! and `min`/`likely`/`max`, each a bare number, the word `"unknown"`, or a table
//! that overrides the defaults. `value = …` instead of the three points sets all three.

use std::fmt;

use chrono::NaiveDate;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// How sure a figure is, after the legend of the domain facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// The statement is in the cited primary text (legend V).
    Verified,
    /// The figure is quoted from a secondary source only (legend V2).
    Secondary,
    /// Derived or judged by the knowledge-base authors; the basis says how (legend E).
    Estimate,
    /// No source states it (legend U): the figure has no value and must be asked for.
    Unknown,
}

impl Mark {
    /// The identifier used in data files and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Mark::Verified => "verified",
            Mark::Secondary => "secondary",
            Mark::Estimate => "estimate",
            Mark::Unknown => "unknown",
        }
    }

    /// A short label for people.
    pub fn label(self, lang: Lang) -> String {
        crate::i18n::t(lang, &format!("sources.mark_{}", self.id()))
    }

    /// The less certain of two marks (for sums of figures).
    pub fn weaker(self, other: Mark) -> Mark {
        fn rank(m: Mark) -> u8 {
            match m {
                Mark::Verified => 0,
                Mark::Secondary => 1,
                Mark::Estimate => 2,
                Mark::Unknown => 3,
            }
        }
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// The unit of a figure; [`Unit::range`] gives the values that make sense for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Euro.
    Eur,
    /// Euro per day (day rates).
    EurPerDay,
    /// Euro per hour.
    EurPerHour,
    /// Calendar weeks.
    Weeks,
    /// Calendar days.
    Days,
    /// Months.
    Months,
    /// Working hours.
    Hours,
    /// Person-days of work.
    PersonDays,
    /// A count of things (data years, usage days, sites, people).
    Count,
    /// Percent, 0 to 100.
    Percent,
    /// A multiplier applied to fees (2 = doubled, 0.5 = halved).
    Factor,
    /// A level on the knowledge base's 0–3 judgement scales.
    Level,
}

impl Unit {
    /// The identifier used in data files.
    pub fn id(self) -> &'static str {
        match self {
            Unit::Eur => "eur",
            Unit::EurPerDay => "eur_per_day",
            Unit::EurPerHour => "eur_per_hour",
            Unit::Weeks => "weeks",
            Unit::Days => "days",
            Unit::Months => "months",
            Unit::Hours => "hours",
            Unit::PersonDays => "person_days",
            Unit::Count => "count",
            Unit::Percent => "percent",
            Unit::Factor => "factor",
            Unit::Level => "level",
        }
    }

    /// The plausible range of values, inclusive. Values outside are data-entry errors
    /// (a lead time of 5,000 weeks, a negative fee, a level of 7).
    pub fn range(self) -> (f64, f64) {
        match self {
            Unit::Eur => (0.0, 10_000_000.0),
            Unit::EurPerDay => (0.0, 10_000.0),
            Unit::EurPerHour => (0.0, 2_000.0),
            Unit::Weeks => (0.0, 520.0),
            Unit::Days => (0.0, 3_650.0),
            Unit::Months => (0.0, 120.0),
            Unit::Hours => (0.0, 10_000.0),
            Unit::PersonDays => (0.0, 2_000.0),
            Unit::Count => (0.0, 1_000_000_000.0),
            Unit::Percent => (0.0, 100.0),
            Unit::Factor => (0.0, 10.0),
            Unit::Level => (0.0, 3.0),
        }
    }

    /// Whether only whole numbers make sense.
    pub fn integral(self) -> bool {
        matches!(self, Unit::Count | Unit::Level)
    }

    /// Formats a value with its unit for people (`1.000 €`, `13 Wochen`).
    pub fn format(self, lang: Lang, value: f64) -> String {
        let decimals = if value.fract().abs() < 1e-9 { 0 } else { 1 };
        let number = lang.number(value, decimals);
        crate::i18n::tf(
            lang,
            &format!("sources.unit_{}", self.id()),
            &[("n", &number)],
        )
    }
}

/// A value that is either a number or explicitly unknown.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum FigValue {
    Known(f64),
    Unknown,
}

impl<'de> Deserialize<'de> for FigValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FigValueVisitor)
    }
}

struct FigValueVisitor;

impl<'de> Visitor<'de> for FigValueVisitor {
    type Value = FigValue;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or \"unknown\"")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<FigValue, E> {
        Ok(FigValue::Known(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<FigValue, E> {
        Ok(FigValue::Known(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<FigValue, E> {
        Ok(FigValue::Known(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<FigValue, E> {
        if v == "unknown" {
            Ok(FigValue::Unknown)
        } else {
            Err(E::custom(format!(
                "`{v}` is not a number; write a number or \"unknown\""
            )))
        }
    }
}

/// A text in German and English. In TOML either `{ de = "…", en = "…" }` or one plain
/// string for names that are the same in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    /// German.
    pub de: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Both {
            de: String,
            en: String,
        }
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a table { de = \"…\", en = \"…\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text {
                    de: v.to_owned(),
                    en: v.to_owned(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                let both = Both::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Text {
                    de: both.de,
                    en: both.en,
                })
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

/// The date of a source: a real calendar date, or unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceDate {
    /// A calendar date.
    Known(NaiveDate),
    /// The source gives no date.
    Unknown,
}

impl SourceDate {
    /// `YYYY-MM-DD` or `unknown`.
    pub fn id(&self) -> String {
        match self {
            SourceDate::Known(d) => d.format("%Y-%m-%d").to_string(),
            SourceDate::Unknown => "unknown".to_owned(),
        }
    }

    /// The date for people (`04.02.2025` / `2025-02-04`, or "unknown").
    pub fn label(&self, lang: Lang) -> String {
        match (self, lang) {
            (SourceDate::Known(d), Lang::De) => d.format("%d.%m.%Y").to_string(),
            (SourceDate::Known(d), Lang::En) => d.format("%Y-%m-%d").to_string(),
            (SourceDate::Unknown, _) => crate::i18n::t(lang, "sources.date_unknown"),
        }
    }
}

impl Serialize for SourceDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id())
    }
}

/// Parses `YYYY-MM-DD` strictly (a real calendar date).
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn date_from_value<E: de::Error>(value: toml::Value, allow_unknown: bool) -> Result<SourceDate, E> {
    let text = match value {
        toml::Value::String(s) => s,
        toml::Value::Datetime(dt) => {
            if dt.time.is_some() || dt.offset.is_some() || dt.date.is_none() {
                return Err(E::custom(format!(
                    "`{dt}` is not a plain date; write YYYY-MM-DD"
                )));
            }
            dt.to_string()
        }
        other => {
            return Err(E::custom(format!(
                "expected a date (YYYY-MM-DD), found {}",
                other.type_str()
            )));
        }
    };
    if allow_unknown && text == "unknown" {
        return Ok(SourceDate::Unknown);
    }
    parse_date(&text).map(SourceDate::Known).ok_or_else(|| {
        E::custom(format!(
            "`{text}` is not a real date; write YYYY-MM-DD{}",
            if allow_unknown { " or \"unknown\"" } else { "" }
        ))
    })
}

impl<'de> Deserialize<'de> for SourceDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = toml::Value::deserialize(d)?;
        date_from_value(value, true)
    }
}

/// A calendar date that must be known (status dates, regulatory deadlines).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = toml::Value::deserialize(d)?;
        match date_from_value::<D::Error>(value, false)? {
            SourceDate::Known(date) => Ok(Date(date)),
            SourceDate::Unknown => Err(de::Error::custom("a date is required here")),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.format("%Y-%m-%d").to_string())
    }
}

impl Date {
    /// The date for people.
    pub fn label(&self, lang: Lang) -> String {
        SourceDate::Known(self.0).label(lang)
    }
}

/// One cited value: a number (or unknown) with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    /// The value; `None` when no source states it.
    pub value: Option<f64>,
    /// How sure the value is.
    pub mark: Mark,
    /// Reference ids (see [`super::Reference`]) the value comes from.
    #[serde(rename = "src")]
    pub sources: Vec<String>,
    /// For estimates: how the value was derived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Text>,
    /// Whether the data file gave a mark at all (a value without one is invalid).
    #[serde(skip)]
    pub(crate) marked: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PointTable {
    value: Option<FigValue>,
    mark: Option<Mark>,
    #[serde(default)]
    src: Vec<String>,
    basis: Option<Text>,
}

/// A point as written: a bare value or a table.
enum PointRaw {
    Bare(FigValue),
    Table(PointTable),
}

impl<'de> Deserialize<'de> for PointRaw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = PointRaw;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, \"unknown\" or a table { value, mark, src, basis }")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PointRaw, E> {
                FigValueVisitor.visit_i64(v).map(PointRaw::Bare)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PointRaw, E> {
                FigValueVisitor.visit_u64(v).map(PointRaw::Bare)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<PointRaw, E> {
                FigValueVisitor.visit_f64(v).map(PointRaw::Bare)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PointRaw, E> {
                FigValueVisitor.visit_str(v).map(PointRaw::Bare)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PointRaw, A::Error> {
                PointTable::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(PointRaw::Table)
            }
        }
        d.deserialize_any(V)
    }
}

/// Group defaults that points inherit.
struct Defaults<'a> {
    mark: Option<Mark>,
    src: &'a [String],
    basis: Option<&'a Text>,
}

fn resolve(raw: PointRaw, defaults: &Defaults<'_>) -> Point {
    let (value, mark, src, basis) = match raw {
        PointRaw::Bare(v) => (v, None, Vec::new(), None),
        PointRaw::Table(t) => (t.value.unwrap_or(FigValue::Unknown), t.mark, t.src, t.basis),
    };
    let mark = mark.or(defaults.mark);
    let sources = if src.is_empty() {
        defaults.src.to_vec()
    } else {
        src
    };
    let basis = basis.or_else(|| defaults.basis.cloned());
    match value {
        FigValue::Known(v) => Point {
            value: Some(v),
            mark: mark.unwrap_or(Mark::Unknown),
            sources,
            basis,
            marked: mark.is_some(),
        },
        FigValue::Unknown => Point {
            value: None,
            // An unknown value is unknown whatever mark the group carries; a
            // contradicting explicit mark is reported by the checker.
            mark: Mark::Unknown,
            sources,
            basis,
            marked: mark.is_none_or(|m| m == Mark::Unknown),
        },
    }
}

/// A single cited figure with its unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    /// The unit of the value.
    pub unit: Unit,
    /// The value and its provenance.
    #[serde(flatten)]
    pub point: Point,
}

impl Figure {
    /// The value, if known.
    pub fn value(&self) -> Option<f64> {
        self.point.value
    }

    /// The value with unit for people, or "unknown".
    pub fn label(&self, lang: Lang) -> String {
        match self.point.value {
            Some(v) => self.unit.format(lang, v),
            None => crate::i18n::t(lang, "sources.value_unknown"),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FigureRaw {
    value: Option<FigValue>,
    unit: Unit,
    mark: Option<Mark>,
    #[serde(default)]
    src: Vec<String>,
    basis: Option<Text>,
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = FigureRaw::deserialize(d)?;
        let point = resolve(
            PointRaw::Table(PointTable {
                value: Some(raw.value.unwrap_or(FigValue::Unknown)),
                mark: raw.mark,
                src: raw.src,
                basis: raw.basis,
            }),
            &Defaults {
                mark: None,
                src: &[],
                basis: None,
            },
        );
        Ok(Figure {
            unit: raw.unit,
            point,
        })
    }
}

/// A three-point estimate (minimum, most likely, maximum) with a unit; each point
/// carries its own provenance, because a verified likely value often sits between
/// estimated bounds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate3 {
    /// The unit of all three points.
    pub unit: Unit,
    /// Best case.
    pub min: Point,
    /// Most likely.
    pub likely: Point,
    /// Worst case.
    pub max: Point,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Estimate3Raw {
    unit: Unit,
    mark: Option<Mark>,
    #[serde(default)]
    src: Vec<String>,
    basis: Option<Text>,
    value: Option<PointRaw>,
    min: Option<PointRaw>,
    likely: Option<PointRaw>,
    max: Option<PointRaw>,
}

impl<'de> Deserialize<'de> for Estimate3 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Estimate3Raw::deserialize(d)?;
        let defaults = Defaults {
            mark: raw.mark,
            src: &raw.src,
            basis: raw.basis.as_ref(),
        };
        let has_points = raw.min.is_some() || raw.likely.is_some() || raw.max.is_some();
        let (min, likely, max) = match raw.value {
            Some(_) if has_points => {
                return Err(de::Error::custom(
                    "give either `value` or `min`/`likely`/`max`, not both",
                ));
            }
            Some(v) => {
                let p = resolve(v, &defaults);
                (p.clone(), p.clone(), p)
            }
            None => {
                let (Some(min), Some(likely), Some(max)) = (raw.min, raw.likely, raw.max) else {
                    return Err(de::Error::custom(
                        "a three-point estimate needs `min`, `likely` and `max` (or one `value`); write \"unknown\" for a point nobody published",
                    ));
                };
                (
                    resolve(min, &defaults),
                    resolve(likely, &defaults),
                    resolve(max, &defaults),
                )
            }
        };
        Ok(Estimate3 {
            unit: raw.unit,
            min,
            likely,
            max,
        })
    }
}

impl Estimate3 {
    /// The three points in order.
    pub fn points(&self) -> [&Point; 3] {
        [&self.min, &self.likely, &self.max]
    }

    /// The three values; `None` where unknown.
    pub fn values(&self) -> [Option<f64>; 3] {
        [self.min.value, self.likely.value, self.max.value]
    }

    /// Whether all three values are known.
    pub fn is_known(&self) -> bool {
        self.values().iter().all(Option::is_some)
    }

    /// The weakest mark of the three points.
    pub fn mark(&self) -> Mark {
        self.min.mark.weaker(self.likely.mark).weaker(self.max.mark)
    }

    /// `min–likely–max unit` for people; unknown points read "unknown".
    pub fn label(&self, lang: Lang) -> String {
        let unknown = crate::i18n::t(lang, "sources.value_unknown");
        let [a, b, c] = self.values();
        if a.is_none() && b.is_none() && c.is_none() {
            return unknown;
        }
        let num = |v: Option<f64>| match v {
            Some(v) => lang.number(v, if v.fract().abs() < 1e-9 { 0 } else { 1 }),
            None => unknown.clone(),
        };
        if a == b && b == c {
            return self.unit.format(lang, a.unwrap_or_default());
        }
        crate::i18n::tf(
            lang,
            &format!("sources.unit_{}", self.unit.id()),
            &[("n", &format!("{} / {} / {}", num(a), num(b), num(c)))],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        e: Estimate3,
    }

    #[test]
    fn points_inherit_group_defaults_and_keep_unknowns() {
        let doc: Doc = toml::from_str(
            r#"
            [e]
            unit = "weeks"
            mark = "estimate"
            src = ["a"]
            basis = "why"
            min = 4
            likely = { value = 13, mark = "verified", src = ["b"] }
            max = "unknown"
            "#,
        )
        .unwrap();
        assert_eq!(doc.e.min.value, Some(4.0));
        assert_eq!(doc.e.min.mark, Mark::Estimate);
        assert_eq!(doc.e.min.sources, ["a"]);
        assert_eq!(doc.e.likely.mark, Mark::Verified);
        assert_eq!(doc.e.likely.sources, ["b"]);
        assert_eq!(doc.e.max.value, None);
        assert_eq!(doc.e.max.mark, Mark::Unknown);
        assert_eq!(doc.e.mark(), Mark::Unknown);
    }

    #[test]
    fn a_value_without_a_mark_is_flagged_not_guessed() {
        let doc: Doc = toml::from_str("[e]\nunit = \"eur\"\nvalue = 300\n").unwrap();
        assert_eq!(doc.e.min.value, Some(300.0));
        assert!(!doc.e.min.marked);
    }

    #[test]
    fn shape_errors_are_reported() {
        let err = toml::from_str::<Doc>("[e]\nunit = \"eur\"\nmin = 1\n")
            .err()
            .unwrap();
        assert!(err.message().contains("needs `min`, `likely` and `max`"));
        let err = toml::from_str::<Doc>("[e]\nunit = \"eur\"\nvalue = \"zero\"\n")
            .err()
            .unwrap();
        assert!(err.message().contains("not a number"), "{}", err.message());
    }

    #[test]
    fn dates_must_be_real() {
        #[derive(Deserialize)]
        struct D {
            d: SourceDate,
        }
        assert_eq!(
            toml::from_str::<D>("d = 2025-02-04").unwrap().d.id(),
            "2025-02-04"
        );
        assert_eq!(
            toml::from_str::<D>("d = \"2025-02-04\"").unwrap().d.id(),
            "2025-02-04"
        );
        assert_eq!(
            toml::from_str::<D>("d = \"unknown\"").unwrap().d,
            SourceDate::Unknown
        );
        assert!(toml::from_str::<D>("d = \"2025-02-30\"").is_err());
        assert!(toml::from_str::<D>("d = \"Feb 2025\"").is_err());
        assert!(toml::from_str::<D>("d = 2025-02-04T10:00:00").is_err());
    }
}
