//! OMOP Common Data Model tables, recognised by file name and columns.
//!
//! A file is an OMOP CDM table when its columns contain the table's key columns (CDM
//! 5.3/5.4); the file name helps but is not needed (`export_3.csv` with `person_id`,
//! `gender_concept_id`, `year_of_birth` is a `person` table). Clinical tables and the
//! person table hold records about (pseudonymised) study persons.

use super::Table;

/// CDM tables with the columns that identify them (all must be present), and whether
/// their rows are about persons.
const TABLES: &[(&str, &[&str], bool)] = &[
    (
        "person",
        &["person_id", "gender_concept_id", "year_of_birth"],
        true,
    ),
    (
        "observation_period",
        &[
            "observation_period_id",
            "person_id",
            "observation_period_start_date",
        ],
        true,
    ),
    (
        "visit_occurrence",
        &["visit_occurrence_id", "person_id", "visit_concept_id"],
        true,
    ),
    (
        "visit_detail",
        &["visit_detail_id", "person_id", "visit_detail_concept_id"],
        true,
    ),
    (
        "condition_occurrence",
        &[
            "condition_occurrence_id",
            "person_id",
            "condition_concept_id",
        ],
        true,
    ),
    (
        "drug_exposure",
        &["drug_exposure_id", "person_id", "drug_concept_id"],
        true,
    ),
    (
        "procedure_occurrence",
        &[
            "procedure_occurrence_id",
            "person_id",
            "procedure_concept_id",
        ],
        true,
    ),
    (
        "device_exposure",
        &["device_exposure_id", "person_id", "device_concept_id"],
        true,
    ),
    (
        "measurement",
        &["measurement_id", "person_id", "measurement_concept_id"],
        true,
    ),
    (
        "observation",
        &["observation_id", "person_id", "observation_concept_id"],
        true,
    ),
    ("death", &["person_id", "death_date"], true),
    ("note", &["note_id", "person_id", "note_text"], true),
    (
        "note_nlp",
        &["note_nlp_id", "note_id", "lexical_variant"],
        true,
    ),
    (
        "specimen",
        &["specimen_id", "person_id", "specimen_concept_id"],
        true,
    ),
    (
        "payer_plan_period",
        &["payer_plan_period_id", "person_id"],
        true,
    ),
    (
        "cost",
        &["cost_id", "cost_event_id", "cost_domain_id"],
        true,
    ),
    (
        "drug_era",
        &["drug_era_id", "person_id", "drug_concept_id"],
        true,
    ),
    (
        "dose_era",
        &["dose_era_id", "person_id", "drug_concept_id"],
        true,
    ),
    (
        "condition_era",
        &["condition_era_id", "person_id", "condition_concept_id"],
        true,
    ),
    (
        "episode",
        &["episode_id", "person_id", "episode_concept_id"],
        true,
    ),
    (
        "episode_event",
        &["episode_id", "event_id", "episode_event_field_concept_id"],
        true,
    ),
    (
        "fact_relationship",
        &[
            "domain_concept_id_1",
            "fact_id_1",
            "relationship_concept_id",
        ],
        false,
    ),
    ("location", &["location_id", "address_1", "zip"], false),
    (
        "care_site",
        &[
            "care_site_id",
            "care_site_name",
            "place_of_service_concept_id",
        ],
        false,
    ),
    ("provider", &["provider_id", "provider_name", "npi"], false),
    (
        "cdm_source",
        &["cdm_source_name", "cdm_release_date"],
        false,
    ),
    (
        "metadata",
        &["metadata_concept_id", "metadata_type_concept_id"],
        false,
    ),
    (
        "concept",
        &[
            "concept_id",
            "concept_name",
            "vocabulary_id",
            "concept_code",
        ],
        false,
    ),
    (
        "vocabulary",
        &["vocabulary_id", "vocabulary_name", "vocabulary_concept_id"],
        false,
    ),
    (
        "domain",
        &["domain_id", "domain_name", "domain_concept_id"],
        false,
    ),
    (
        "concept_class",
        &[
            "concept_class_id",
            "concept_class_name",
            "concept_class_concept_id",
        ],
        false,
    ),
    (
        "concept_relationship",
        &["concept_id_1", "concept_id_2", "relationship_id"],
        false,
    ),
    (
        "relationship",
        &[
            "relationship_id",
            "relationship_name",
            "reverse_relationship_id",
        ],
        false,
    ),
    (
        "concept_synonym",
        &["concept_id", "concept_synonym_name", "language_concept_id"],
        false,
    ),
    (
        "concept_ancestor",
        &["ancestor_concept_id", "descendant_concept_id"],
        false,
    ),
    (
        "source_to_concept_map",
        &["source_code", "source_vocabulary_id", "target_concept_id"],
        false,
    ),
    (
        "drug_strength",
        &["drug_concept_id", "ingredient_concept_id"],
        false,
    ),
    (
        "cohort",
        &["cohort_definition_id", "subject_id", "cohort_start_date"],
        true,
    ),
    (
        "cohort_definition",
        &["cohort_definition_id", "cohort_definition_name"],
        false,
    ),
];

/// The OMOP CDM table `table` (from a file named `stem`) is, if any. The file name
/// decides between tables with the same key columns (`drug_era` and `dose_era`).
pub(crate) fn recognise(stem: &str, table: &Table) -> Option<&'static str> {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| c.name.trim().to_ascii_lowercase())
        .collect();
    let has = |name: &str| columns.iter().any(|c| c == name);
    let stem = stem.trim().to_ascii_lowercase();
    let matching: Vec<&'static str> = TABLES
        .iter()
        .filter(|(_, keys, _)| keys.iter().all(|k| has(k)))
        .map(|(name, _, _)| *name)
        .collect();
    if let Some(by_name) = matching.iter().find(|name| {
        stem == **name
            || stem.ends_with(&format!("_{name}"))
            || stem.starts_with(&format!("{name}_"))
    }) {
        return Some(by_name);
    }
    // Without the name, the table whose own id column is present wins.
    matching
        .iter()
        .find(|name| has(&format!("{name}_id")))
        .or(matching.first())
        .copied()
}

/// Whether rows of the CDM table are records about persons.
pub(crate) fn is_person_level(table: &str) -> bool {
    TABLES
        .iter()
        .any(|(name, _, person)| *name == table && *person)
}

#[cfg(test)]
mod tests {
    use super::super::{Column, Table};
    use super::*;

    fn table(columns: &[&str]) -> Table {
        Table {
            columns: columns
                .iter()
                .map(|c| Column {
                    name: (*c).to_owned(),
                    ..Column::default()
                })
                .collect(),
            ..Table::default()
        }
    }

    #[test]
    fn tables_by_columns_and_name() {
        let person = table(&[
            "person_id",
            "gender_concept_id",
            "year_of_birth",
            "month_of_birth",
        ]);
        assert_eq!(recognise("person", &person), Some("person"));
        assert_eq!(recognise("export", &person), Some("person"));
        let concept = table(&[
            "concept_id",
            "concept_name",
            "domain_id",
            "vocabulary_id",
            "concept_class_id",
            "concept_code",
        ]);
        assert_eq!(recognise("concept", &concept), Some("concept"));
        let era = table(&["drug_era_id", "dose_era_id", "person_id", "drug_concept_id"]);
        assert_eq!(recognise("dose_era", &era), Some("dose_era"));
        assert_eq!(recognise("kunden", &table(&["Kunden-Nr", "Name"])), None);
        assert!(is_person_level("condition_occurrence"));
        assert!(!is_person_level("concept"));
    }
}
