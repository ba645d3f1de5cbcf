//! DCAT-AP 3.0 / HealthDCAT-AP descriptions of the datasets, as JSON-LD.
//!
//! Every value comes from the scan (formats, sizes, record counts, temporal coverage,
//! code systems, personal-data verdicts, variables), the annotations or the company
//! profile. Nothing is invented: a property the data cannot fill is left out, listed
//! in the dataset's `datenreife:missingProperties` and reported as a finding
//! (`interoperability.metadata_*`), so the draft can be completed before publishing.
//!
//! Mandatory in DCAT-AP 3.0 for a `dcat:Dataset`: `dct:title`, `dct:description`
//! (SEMIC SHACL shapes); for a `dcat:Catalog`: title, description, publisher.
//! HealthDCAT-AP additionally requires (for health datasets) identifier, keyword,
//! theme, type, access rights, applicable legislation, publisher, contact point,
//! health data access body, provenance, purpose, health category and theme, spatial
//! coverage, a distribution and a sample.
//!
//! The document is self-contained (an inline `@context`, no remote context), so it
//! can be read offline.

use serde_json::{Map, Value, json};

use super::{Catalog, CatalogFile, Dataset};
use crate::catalog::annotation::{AnnotationKey, LegalBasis};
use crate::company::CompanyProfile;
use crate::i18n::{Lang, t, tf};
use crate::score::ScoreInput;

/// Namespaces of the JSON-LD context.
pub const CONTEXT: [(&str, &str); 17] = [
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("dcatap", "http://data.europa.eu/r5r/"),
    ("healthdcatap", "http://healthdataportal.eu/ns/health#"),
    ("dpv", "https://w3id.org/dpv#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("adms", "http://www.w3.org/ns/adms#"),
    ("csvw", "http://www.w3.org/ns/csvw#"),
    ("dqv", "http://www.w3.org/ns/dqv#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    (
        "eu-theme",
        "http://publications.europa.eu/resource/authority/data-theme/",
    ),
    (
        "eu-filetype",
        "http://publications.europa.eu/resource/authority/file-type/",
    ),
    ("datenreife", "urn:datenreife:vocab#"),
];

/// Base of dataset and catalogue identifiers.
pub const ID_BASE: &str = "urn:datenreife:dataset:";

/// GDPR (Regulation (EU) 2016/679) as an ELI.
pub const GDPR_ELI: &str = "http://data.europa.eu/eli/reg/2016/679/oj";
/// EHDS (Regulation (EU) 2025/327) as an ELI.
pub const EHDS_ELI: &str = "http://data.europa.eu/eli/reg/2025/327/oj";

/// One property of the checklist and whether the data fills it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PropertyCheck {
    /// Compact IRI (`dct:publisher`).
    pub property: &'static str,
    /// Text key for the label (`dcat_publisher`).
    pub key: &'static str,
    /// Mandatory (DCAT-AP 3.0, or HealthDCAT-AP for health data).
    pub mandatory: bool,
    /// Whether it counts in the metadata metric (the user can fill it).
    pub counts: bool,
    /// Whether the scan, the annotations or the company profile fill it.
    pub filled: bool,
}

impl PropertyCheck {
    /// Label with the way to fill it (`Kontaktstelle (dcat:contactPoint) – Annotation owner`).
    pub fn label(&self, lang: Lang) -> String {
        tf(
            lang,
            &format!("score.{}", self.key),
            &[("property", self.property)],
        )
    }
}

fn has_temporal(files: &[&CatalogFile]) -> bool {
    files.iter().any(|f| f.temporal.is_some())
}

/// The properties of a dataset description and whether they can be filled now.
pub fn checklist(input: &ScoreInput<'_>, health: bool) -> Vec<PropertyCheck> {
    let a = input.annotations;
    let company = !input.company.name.trim().is_empty();
    let check = |property, key, mandatory, counts, filled| PropertyCheck {
        property,
        key,
        mandatory,
        counts,
        filled,
    };
    let mut out = vec![
        check(
            "dct:title",
            "dcat_title",
            true,
            true,
            !input.name.trim().is_empty(),
        ),
        check("dct:description", "dcat_description", true, true, true),
        check(
            "dcat:distribution",
            "dcat_distribution",
            health,
            true,
            !input.files.is_empty(),
        ),
        check("dcat:keyword", "dcat_keyword", health, true, true),
        check("dct:publisher", "dcat_publisher", health, true, company),
        check(
            "dcat:contactPoint",
            "dcat_contact_point",
            health,
            true,
            a.has(AnnotationKey::Owner),
        ),
        check(
            "dct:temporal",
            "dcat_temporal",
            false,
            has_temporal(&input.files),
            has_temporal(&input.files),
        ),
        check("dcat:theme", "dcat_theme", health, health, health),
        check("dct:spatial", "dcat_spatial", health, false, false),
    ];
    if health {
        out.extend([
            check("dct:identifier", "dcat_identifier", true, true, true),
            check(
                "dct:accessRights",
                "dcat_access_rights",
                true,
                true,
                a.has(AnnotationKey::Access),
            ),
            check(
                "dcatap:applicableLegislation",
                "dcat_legislation",
                true,
                true,
                true,
            ),
            check(
                "dct:provenance",
                "dcat_provenance",
                true,
                true,
                a.has(AnnotationKey::Origin),
            ),
            check(
                "dpv:hasPurpose",
                "dcat_purpose",
                true,
                true,
                a.has(AnnotationKey::Purpose),
            ),
            check("dct:type", "dcat_type", true, false, false),
            check("healthdcatap:hdab", "dcat_hdab", true, false, false),
            check(
                "healthdcatap:healthCategory",
                "dcat_health_category",
                true,
                false,
                false,
            ),
            check(
                "healthdcatap:healthTheme",
                "dcat_health_theme",
                true,
                false,
                false,
            ),
            check("adms:sample", "dcat_sample", true, false, false),
        ]);
    }
    out
}

fn lit(value: &str, lang: Lang) -> Value {
    json!({ "@value": value, "@language": lang.code() })
}

fn typed(value: impl ToString, datatype: &str) -> Value {
    json!({ "@value": value.to_string(), "@type": datatype })
}

/// EU file-type authority code of a format, where one exists.
fn file_type(format: &str) -> Option<&'static str> {
    Some(match format {
        "csv" => "CSV",
        "tsv" => "TSV",
        "xlsx" => "XLSX",
        "xls" => "XLS",
        "ods" => "ODS",
        "json" | "fhir-json" => "JSON",
        "ndjson" => "JSON_LINES",
        "xml" | "fhir-xml" | "cda" => "XML",
        "pdf" => "PDF",
        "text" => "TXT",
        "archive" => "ZIP",
        "parquet" => "PARQUET",
        _ => return None,
    })
}

/// IANA media type of a format, where one exists.
fn media_type(format: &str) -> Option<&'static str> {
    Some(match format {
        "csv" => "text/csv",
        "tsv" => "text/tab-separated-values",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xls" => "application/vnd.ms-excel",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "json" => "application/json",
        "fhir-json" => "application/fhir+json",
        "fhir-xml" => "application/fhir+xml",
        "ndjson" => "application/x-ndjson",
        "xml" | "cda" => "application/xml",
        "hl7v2" => "application/hl7-v2",
        "dicom" => "application/dicom",
        "pdf" => "application/pdf",
        "text" => "text/plain",
        "archive" => "application/zip",
        _ => return None,
    })
}

/// Canonical URI of a code system (the FHIR code-system URLs).
pub fn code_system_uri(name: &str) -> Option<&'static str> {
    Some(match name {
        "ICD-10-GM" => "http://fhir.de/CodeSystem/bfarm/icd-10-gm",
        "OPS" => "http://fhir.de/CodeSystem/bfarm/ops",
        "LOINC" => "http://loinc.org",
        "SNOMED CT" => "http://snomed.info/sct",
        "ATC" => "http://fhir.de/CodeSystem/bfarm/atc",
        "PZN" => "http://fhir.de/CodeSystem/ifa/pzn",
        "UCUM" => "http://unitsofmeasure.org",
        "OMOP" => "https://ohdsi.github.io/CommonDataModel/",
        _ => return None,
    })
}

fn legal_basis_iri(b: LegalBasis, special: bool) -> Option<&'static str> {
    Some(match (b, special) {
        (LegalBasis::Consent, false) => "https://w3id.org/dpv/legal/eu/gdpr#A6-1-a",
        (LegalBasis::Consent, true) => "https://w3id.org/dpv/legal/eu/gdpr#A9-2-a",
        (LegalBasis::Contract, _) => "https://w3id.org/dpv/legal/eu/gdpr#A6-1-b",
        (LegalBasis::LegalObligation, _) => "https://w3id.org/dpv/legal/eu/gdpr#A6-1-c",
        (LegalBasis::LegitimateInterest, _) => "https://w3id.org/dpv/legal/eu/gdpr#A6-1-f",
        (LegalBasis::Research, _) => "https://w3id.org/dpv/legal/eu/gdpr#A9-2-j",
        _ => return None,
    })
}

fn xsd_type(kind: &str) -> &'static str {
    match kind {
        "integer" => "integer",
        "decimal" => "decimal",
        "date" => "date",
        "datetime" => "dateTime",
        "time" => "time",
        "boolean" => "boolean",
        _ => "string",
    }
}

fn file_uri(root: &str, folder: &str) -> String {
    let mut path = root.replace('\\', "/");
    if !folder.is_empty() {
        if !path.ends_with('/') {
            path.push('/');
        }
        path.push_str(folder);
    }
    let encoded: String = path
        .chars()
        .flat_map(|c| {
            if c.is_ascii_alphanumeric() || "/-_.~:".contains(c) {
                vec![c.to_string()]
            } else {
                let mut buf = [0u8; 4];
                c.encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
        })
        .collect();
    if encoded.starts_with("//") {
        format!("file:{encoded}")
    } else if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        format!("file:///{encoded}")
    }
}

/// The description of one dataset (a `dcat:Dataset` node).
pub fn dataset_node(catalog: &Catalog, d: &Dataset, lang: Lang) -> Value {
    let files: Vec<&CatalogFile> = d.file_indices.iter().map(|&i| &catalog.files[i]).collect();
    let health = files.iter().any(|f| {
        f.special_category || crate::score::is_health_format(&f.format) || f.omop_table.is_some()
    });
    let a = &d.annotations;
    let mut node = Map::new();
    node.insert("@id".into(), json!(format!("{ID_BASE}{}", d.id)));
    node.insert("@type".into(), json!("dcat:Dataset"));
    node.insert("dct:identifier".into(), json!(d.id));
    node.insert("dct:title".into(), lit(&d.name, lang));
    let description = a
        .get(AnnotationKey::Description)
        .map(str::to_owned)
        .unwrap_or_else(|| generated_description(catalog, d, lang));
    node.insert("dct:description".into(), lit(&description, lang));

    // Keywords from the name, formats and code systems.
    let mut keywords: Vec<String> = d
        .name
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_owned)
        .collect();
    for f in &d.formats {
        keywords.push(crate::score::format_label_for(lang, f));
    }
    keywords.extend(d.code_systems.iter().cloned());
    let mut seen = std::collections::BTreeSet::new();
    keywords.retain(|k| seen.insert(k.to_lowercase()));
    node.insert(
        "dcat:keyword".into(),
        Value::Array(keywords.iter().map(|k| lit(k, lang)).collect()),
    );
    if health {
        node.insert("dcat:theme".into(), json!({ "@id": "eu-theme:HEAL" }));
    }
    if let Some(t) = &d.temporal {
        node.insert(
            "dct:temporal".into(),
            json!({
                "@type": "dct:PeriodOfTime",
                "dcat:startDate": typed(&t.min, "xsd:date"),
                "dcat:endDate": typed(&t.max, "xsd:date"),
            }),
        );
    }
    if let Some(s) = &d.series {
        let freq = match s.periodicity {
            super::period::Periodicity::Daily => "DAILY",
            super::period::Periodicity::Weekly => "WEEKLY",
            super::period::Periodicity::Monthly => "MONTHLY",
            super::period::Periodicity::Quarterly => "QUARTERLY",
            super::period::Periodicity::Yearly => "ANNUAL",
        };
        node.insert(
            "dct:accrualPeriodicity".into(),
            json!({ "@id": format!("http://publications.europa.eu/resource/authority/frequency/{freq}") }),
        );
    }
    if !catalog.company.name.trim().is_empty() {
        node.insert(
            "dct:publisher".into(),
            json!({ "@type": "foaf:Agent", "foaf:name": catalog.company.name.trim() }),
        );
    }
    if let Some(owner) = a.get(AnnotationKey::Owner) {
        node.insert(
            "dcat:contactPoint".into(),
            json!({ "@type": "vcard:Kind", "vcard:fn": owner }),
        );
    }
    if let Some(access) = a.get(AnnotationKey::Access) {
        node.insert(
            "dct:accessRights".into(),
            json!({ "@type": "dct:RightsStatement", "rdfs:label": lit(access, lang) }),
        );
    }
    if let Some(origin) = a.display(AnnotationKey::Origin, lang) {
        node.insert(
            "dct:provenance".into(),
            json!({ "@type": "dct:ProvenanceStatement", "rdfs:label": lit(&origin, lang) }),
        );
    }
    if let Some(purpose) = a.get(AnnotationKey::Purpose) {
        node.insert(
            "dpv:hasPurpose".into(),
            json!({ "@type": "dpv:Purpose", "rdfs:label": lit(purpose, lang) }),
        );
    }
    let mut legislation = Vec::new();
    if d.personal_data {
        legislation.push(json!({ "@id": GDPR_ELI }));
    }
    if health {
        legislation.push(json!({ "@id": EHDS_ELI }));
    }
    if !legislation.is_empty() {
        node.insert(
            "dcatap:applicableLegislation".into(),
            Value::Array(legislation),
        );
    }
    if let Some(b) = a.legal_basis() {
        match legal_basis_iri(b, d.special_category) {
            Some(iri) => node.insert("dpv:hasLegalBasis".into(), json!({ "@id": iri })),
            None => node.insert(
                "dpv:hasLegalBasis".into(),
                json!({ "@type": "dpv:LegalBasis", "rdfs:label": lit(&crate::catalog::annotation::value_label(AnnotationKey::LegalBasis, b.id(), lang), lang) }),
            ),
        };
    }
    if let Some(r) = a.get(AnnotationKey::Retention) {
        node.insert("healthdcatap:retentionPeriod".into(), lit(r, lang));
    }
    if d.rows > 0 {
        node.insert(
            "healthdcatap:numberOfRecords".into(),
            typed(d.rows, "xsd:nonNegativeInteger"),
        );
    }
    let codes: Vec<Value> = d
        .code_systems
        .iter()
        .map(|c| match code_system_uri(c) {
            Some(uri) => json!({ "@id": uri, "@type": "dct:Standard", "dct:title": c }),
            None => json!({ "@type": "dct:Standard", "dct:title": c }),
        })
        .collect();
    if !codes.is_empty() {
        node.insert("healthdcatap:hasCodingSystem".into(), Value::Array(codes));
    }
    if d.personal_data {
        let mut categories = std::collections::BTreeSet::new();
        for f in &files {
            for tb in &f.tables {
                for c in &tb.columns {
                    for det in &c.detections {
                        if det.kind.is_personal() && det.ratio >= 0.5 {
                            categories.insert(det.kind.id());
                        }
                    }
                }
            }
            if let Some(h) = &f.health {
                for p in &h.person_fields {
                    categories.insert(p.as_str());
                }
            }
        }
        if d.special_category {
            categories.insert("health");
        }
        let list: Vec<Value> = categories
            .iter()
            .map(|c| json!({ "@type": "dpv:PersonalData", "rdfs:label": c }))
            .collect();
        node.insert(
            "dpv:hasPersonalData".into(),
            if list.is_empty() {
                json!([{ "@type": "dpv:PersonalData" }])
            } else {
                Value::Array(list)
            },
        );
    }
    // Variables: one CSVW table per profiled table, columns with their types; never
    // values.
    let tables: Vec<Value> = files
        .iter()
        .flat_map(|f| {
            f.tables.iter().map(move |tb| {
                json!({
                    "@type": "csvw:Table",
                    "csvw:url": f.path,
                    "dct:title": tb.name,
                    "csvw:tableSchema": {
                        "@type": "csvw:Schema",
                        "csvw:column": tb.columns.iter().map(|c| {
                            let mut col = json!({
                                "@type": "csvw:Column",
                                "csvw:name": c.name,
                                "csvw:datatype": { "@id": format!("xsd:{}", xsd_type(&c.kind)) },
                            });
                            if let Some(u) = &c.unit {
                                col["csvw:unit"] = json!(u);
                            }
                            col
                        }).collect::<Vec<_>>(),
                    },
                })
            })
        })
        .collect();
    if !tables.is_empty() {
        node.insert(
            "healthdcatap:hasVariables".into(),
            json!({ "@type": "csvw:TableGroup", "csvw:table": tables }),
        );
    }

    // Distributions: one per format, pointing at the folder the files are in.
    let root = catalog.roots.get(d.root).map(String::as_str).unwrap_or("");
    let access = file_uri(root, &d.folder);
    let mut by_format: std::collections::BTreeMap<&str, (usize, u64)> = Default::default();
    for f in &files {
        let e = by_format.entry(f.format.as_str()).or_default();
        e.0 += 1;
        e.1 += f.size;
    }
    let distributions: Vec<Value> = by_format
        .iter()
        .map(|(format, (n, bytes))| {
            let label = crate::score::format_label_for(lang, format);
            let mut dist = json!({
                "@type": "dcat:Distribution",
                "dct:title": lit(&tf(lang, "dataset.dcat_distribution_title", &[("n", &n.to_string()), ("format", &label)]), lang),
                "dcat:accessURL": { "@id": access },
                "dcat:byteSize": typed(bytes, "xsd:nonNegativeInteger"),
            });
            match file_type(format) {
                Some(code) => dist["dct:format"] = json!({ "@id": format!("eu-filetype:{code}") }),
                None => dist["dct:format"] = json!({ "@type": "dct:MediaTypeOrExtent", "rdfs:label": label }),
            }
            if let Some(m) = media_type(format) {
                dist["dcat:mediaType"] = json!({ "@id": format!("http://www.iana.org/assignments/media-types/{m}") });
            }
            if let Some(l) = a.get(AnnotationKey::Licence) {
                dist["dct:license"] = json!({ "@type": "dct:LicenseDocument", "rdfs:label": l });
            }
            if let Some(r) = a.get(AnnotationKey::ThirdPartyRights) {
                dist["dct:rights"] = json!({ "@type": "dct:RightsStatement", "rdfs:label": lit(r, lang) });
            }
            if d.personal_data {
                dist["dcatap:applicableLegislation"] = json!({ "@id": GDPR_ELI });
            }
            dist
        })
        .collect();
    if !distributions.is_empty() {
        node.insert("dcat:distribution".into(), Value::Array(distributions));
    }
    // Documentation next to the data.
    if !d.documentation.is_empty() {
        node.insert(
            "foaf:page".into(),
            Value::Array(
                d.documentation
                    .iter()
                    .map(|p| json!({ "@id": file_uri(root, p) }))
                    .collect(),
            ),
        );
    }
    // The scores as quality annotations.
    node.insert(
        "dqv:hasQualityMeasurement".into(),
        Value::Array(
            crate::score::Dimension::ALL
                .iter()
                .map(|dim| {
                    json!({
                        "@type": "dqv:QualityMeasurement",
                        "dqv:isMeasurementOf": { "@id": format!("urn:datenreife:metric:{}", dim.id()) },
                        "dqv:value": typed(d.scores.get(*dim), "xsd:integer"),
                    })
                })
                .collect(),
        ),
    );
    node.insert(
        "datenreife:missingProperties".into(),
        Value::Array(d.dcat_missing.iter().map(|p| json!(p)).collect()),
    );
    Value::Object(node)
}

/// A factual description from the scan, for datasets nobody described yet.
pub fn generated_description(catalog: &Catalog, d: &Dataset, lang: Lang) -> String {
    let mut parts = vec![tf(
        lang,
        "dataset.dcat_generated",
        &[
            ("files", &lang.number(d.files.len() as f64, 0)),
            (
                "formats",
                &d.formats
                    .iter()
                    .map(|f| crate::score::format_label_for(lang, f))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ("bytes", &lang.bytes(d.bytes)),
            ("folder", if d.folder.is_empty() { "/" } else { &d.folder }),
        ],
    )];
    if d.rows > 0 {
        parts.push(tf(
            lang,
            "dataset.dcat_generated_rows",
            &[
                ("rows", &lang.number(d.rows as f64, 0)),
                ("tables", &d.tables.to_string()),
            ],
        ));
    }
    if let Some(t) = &d.temporal {
        parts.push(tf(
            lang,
            "dataset.dcat_generated_period",
            &[("min", &t.min), ("max", &t.max)],
        ));
    }
    if d.special_category {
        parts.push(t(lang, "dataset.dcat_generated_health"));
    } else if d.personal_data {
        parts.push(t(lang, "dataset.dcat_generated_personal"));
    }
    let _ = catalog;
    parts.join(" ")
}

/// The whole catalogue as one JSON-LD document: a `dcat:Catalog` with every dataset.
pub fn document(catalog: &Catalog, lang: Lang) -> Value {
    let mut context = Map::new();
    for (prefix, iri) in CONTEXT {
        context.insert(prefix.into(), json!(iri));
    }
    let company: &CompanyProfile = &catalog.company;
    let mut cat = Map::new();
    cat.insert("@id".into(), json!("urn:datenreife:catalog"));
    cat.insert("@type".into(), json!("dcat:Catalog"));
    let title = if company.name.trim().is_empty() {
        t(lang, "dataset.dcat_catalog_title_anonymous")
    } else {
        tf(
            lang,
            "dataset.dcat_catalog_title",
            &[("company", company.name.trim())],
        )
    };
    cat.insert("dct:title".into(), lit(&title, lang));
    cat.insert(
        "dct:description".into(),
        lit(
            &tf(
                lang,
                "dataset.dcat_catalog_description",
                &[
                    ("n", &catalog.datasets.len().to_string()),
                    ("date", catalog.as_of.as_deref().unwrap_or("")),
                ],
            ),
            lang,
        ),
    );
    if !company.name.trim().is_empty() {
        cat.insert(
            "dct:publisher".into(),
            json!({ "@type": "foaf:Agent", "foaf:name": company.name.trim() }),
        );
    }
    if let Some(date) = &catalog.as_of {
        cat.insert("dct:modified".into(), typed(date, "xsd:date"));
    }
    cat.insert(
        "dcat:dataset".into(),
        Value::Array(
            catalog
                .datasets
                .iter()
                .map(|d| dataset_node(catalog, d, lang))
                .collect(),
        ),
    );
    json!({
        "@context": Value::Object(context),
        "@graph": [Value::Object(cat)],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_are_percent_encoded() {
        assert_eq!(
            file_uri("/mnt/share", "02_Qualität/Reklamationen"),
            "file:///mnt/share/02_Qualit%C3%A4t/Reklamationen"
        );
        assert_eq!(
            file_uri("\\\\server\\share", "a b"),
            "file://server/share/a%20b"
        );
        assert_eq!(file_uri("C:\\Daten", ""), "file:///C:/Daten");
    }
}
