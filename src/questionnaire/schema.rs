//! JSON Schemas of the questionnaire files, generated from the Rust types.
//!
//! Editors that understand JSON Schema for TOML (e.g. Taplo / "Even Better TOML")
//! pick them up from the `#:schema` comment on the first line of each file. The
//! committed copies in `questionnaires/schema/` are checked against these by a test.

use schemars::schema_for;

use super::model::{QuestionnaireFile, RecommendationsFile, SectionFile};

/// `(file name, schema JSON)` for `questionnaire.toml`, section files and
/// `recommendations.toml`, pretty-printed with a trailing newline.
pub fn schemas() -> Vec<(&'static str, String)> {
    let render = |schema: schemars::Schema| {
        let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
        s.push('\n');
        s
    };
    vec![
        (
            "questionnaire.schema.json",
            render(schema_for!(QuestionnaireFile)),
        ),
        ("section.schema.json", render(schema_for!(SectionFile))),
        (
            "recommendations.schema.json",
            render(schema_for!(RecommendationsFile)),
        ),
    ]
}
