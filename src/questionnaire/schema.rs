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

#[cfg(test)]
mod tests {
    /// The committed schemas must match the types; run with
    /// `DATENREIFE_BLESS=1 cargo test committed_schemas` to rewrite them.
    #[test]
    fn committed_schemas_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("questionnaires/schema");
        let bless = std::env::var_os("DATENREIFE_BLESS").is_some();
        for (name, json) in super::schemas() {
            let path = dir.join(name);
            if bless {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &json).unwrap();
                continue;
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == json,
                "{} is stale: run `DATENREIFE_BLESS=1 cargo test committed_schemas` and commit it",
                path.display()
            );
        }
    }
}
