//! Rights: what was found in the data against what is documented.

use std::collections::BTreeSet;

use super::{Collector, Dimension, ScoreBasis, ScoreContext, ScoreInput, Severity, name_list};
use crate::catalog::annotation::{AnnotationKey, LegalBasis, Origin};
use crate::detect::DetectionKind;
use crate::i18n::{t, tf};

const D: Dimension = Dimension::Rights;

/// Person fields of health files that identify a person directly.
const DIRECT_PERSON_FIELDS: [&str; 6] = [
    "name",
    "address",
    "phone",
    "email",
    "insurance_number",
    "birth_date",
];

/// What the scan found about people in a dataset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Sensitivity {
    /// Personal data.
    pub personal: bool,
    /// Health data about persons.
    pub special: bool,
    /// Columns that identify people directly.
    pub direct_columns: Vec<String>,
    /// Health files that carry direct person fields and are not de-identified.
    pub identified_files: Vec<String>,
    /// Those person fields.
    pub identified_fields: BTreeSet<String>,
    /// Files with personal data.
    pub personal_files: Vec<String>,
    /// Health-format files not profiled yet, treated as health data until they are.
    pub presumed_files: Vec<String>,
}

pub(crate) fn sensitivity(input: &ScoreInput<'_>, min_ratio: f64) -> Sensitivity {
    let mut s = Sensitivity::default();
    let mut direct = BTreeSet::new();
    let mut direct_order = Vec::new();
    for f in &input.files {
        let mut personal = f.personal_data;
        s.special |= f.special_category;
        for t in &f.tables {
            for c in &t.columns {
                personal |= c.personal;
                // Only a column the profiler judged personal identifies people: a
                // supplier's order address or switchboard number does not. A surname
                // column names the person as plainly as a full-name column.
                let is_direct = c.personal
                    && c.detections.iter().any(|d| {
                        (d.kind.is_direct_identifier() || d.kind == DetectionKind::LastName)
                            && d.ratio >= min_ratio
                    });
                if is_direct && direct.insert(c.name.trim().to_owned()) {
                    direct_order.push(c.name.trim().to_owned());
                }
            }
        }
        if let Some(h) = &f.health {
            if !h.person_fields.is_empty() {
                personal = true;
            }
            let fields: Vec<&String> = h
                .person_fields
                .iter()
                .filter(|p| DIRECT_PERSON_FIELDS.contains(&p.as_str()))
                .collect();
            if !fields.is_empty() && h.de_identified != Some(true) {
                s.identified_files.push(f.path.clone());
                s.identified_fields.extend(fields.into_iter().cloned());
            }
        }
        // A health message (FHIR, HL7, DICOM, GDT, CDA) not looked into yet is treated
        // as health data about persons until profiling says otherwise.
        let presumed = crate::score::is_health_format(&f.format)
            && f.readable
            && f.health.is_none()
            && f.tables.is_empty()
            && !f.special_category;
        if presumed {
            s.presumed_files.push(f.path.clone());
            s.special = true;
            personal = true;
        }
        if personal || f.special_category {
            s.personal_files.push(f.path.clone());
        }
        s.personal |= personal;
    }
    s.personal |= s.special;
    s.direct_columns = direct_order;
    s
}

/// The keys a dataset must document, given what was found and what is documented.
pub(crate) fn required_keys(
    s: &Sensitivity,
    a: &crate::catalog::annotation::Annotations,
) -> Vec<AnnotationKey> {
    let mut keys = vec![
        AnnotationKey::Owner,
        AnnotationKey::Origin,
        AnnotationKey::Purpose,
        AnnotationKey::Access,
    ];
    if a.origin() != Some(Origin::Own) {
        keys.push(AnnotationKey::Licence);
        keys.push(AnnotationKey::ThirdPartyRights);
    }
    if s.personal {
        keys.push(AnnotationKey::Retention);
    }
    if a.legal_basis() == Some(LegalBasis::Consent) {
        keys.push(AnnotationKey::ConsentScope);
    }
    keys
}

pub(super) fn score(input: &ScoreInput<'_>, ctx: &ScoreContext<'_>, out: &mut Collector<'_>) {
    let cfg = &ctx.config.rights;
    let lang = ctx.lang;
    let a = input.annotations;
    let s = sensitivity(input, cfg.identifiability.min_ratio);

    let base = if s.special {
        cfg.base.special_category
    } else if s.personal {
        cfg.base.personal
    } else {
        cfg.base.none
    };
    if !s.presumed_files.is_empty() {
        out.finding(
            D,
            "health_presumed",
            "health_presumed",
            Severity::Info,
            &[("n", &s.presumed_files.len().to_string())],
            Vec::new(),
            s.presumed_files.clone(),
        );
    }
    if s.personal {
        let key = if s.special {
            "sensitive_health"
        } else {
            "sensitive_personal"
        };
        out.finding(
            D,
            "sensitive_content",
            key,
            Severity::Info,
            &[
                ("n", &s.personal_files.len().to_string()),
                ("base", &lang.number(base, 0)),
            ],
            Vec::new(),
            s.personal_files.clone(),
        );
    }

    // Documentation of the required keys.
    let required = required_keys(&s, a);
    let weight_of = |k: AnnotationKey| {
        cfg.documentation
            .key_weights
            .get(k.id())
            .copied()
            .unwrap_or(1.0)
    };
    let total: f64 = required.iter().map(|k| weight_of(*k)).sum();
    let done: f64 = required
        .iter()
        .filter(|k| a.has(**k))
        .map(|k| weight_of(*k))
        .sum();
    for k in required.iter().filter(|k| !a.has(**k)) {
        let severity = cfg
            .missing_severity
            .get(k.id())
            .copied()
            .unwrap_or(Severity::Info);
        let key = match k {
            AnnotationKey::Licence if a.origin().is_some() => "missing_licence_external",
            _ => match k {
                AnnotationKey::Owner => "missing_owner",
                AnnotationKey::Origin => "missing_origin",
                AnnotationKey::Purpose => "missing_purpose",
                AnnotationKey::Access => "missing_access",
                AnnotationKey::Licence => "missing_licence",
                AnnotationKey::ThirdPartyRights => "missing_third_party_rights",
                AnnotationKey::Retention => "missing_retention",
                _ => "missing_consent_scope",
            },
        };
        let code = format!("missing_{}", k.id());
        out.finding(
            D,
            &code,
            key,
            severity,
            &[("id", input.id)],
            Vec::new(),
            Vec::new(),
        );
        out.with_annotate_command(k.id());
    }
    let documented = required.iter().filter(|k| a.has(**k)).count();
    out.metric(
        D,
        "documentation",
        super::config::Scale {
            weight: cfg.documentation.weight,
            target: cfg.documentation.target,
            floor: cfg.documentation.floor,
        },
        (total > 0.0).then(|| done / total),
        tf(
            lang,
            "score.detail_documented",
            &[
                ("n", &documented.to_string()),
                ("total", &required.len().to_string()),
            ],
        ),
    );

    // Legal basis (personal data only).
    let lb = &cfg.legal_basis;
    let mut cap = None;
    let mut note = None;
    let basis = a.legal_basis();
    let value = if !s.personal {
        None
    } else {
        Some(match basis {
            None => {
                let key = if s.special {
                    "legal_basis_missing_health"
                } else {
                    "legal_basis_missing"
                };
                out.finding(
                    D,
                    "legal_basis_missing",
                    key,
                    Severity::Critical,
                    &[("id", input.id)],
                    Vec::new(),
                    Vec::new(),
                );
                out.with_annotate_command("legal_basis");
                let c = if s.special {
                    ctx.config.rights.caps.special_without_legal_basis
                } else {
                    ctx.config.rights.caps.personal_without_legal_basis
                };
                cap = Some(c);
                note = Some(tf(
                    lang,
                    if s.special {
                        "score.cap_health"
                    } else {
                        "score.cap_personal"
                    },
                    &[("cap", &lang.number(c, 0))],
                ));
                0.0
            }
            Some(LegalBasis::None) => {
                out.finding(
                    D,
                    "legal_basis_none",
                    "legal_basis_none",
                    Severity::Critical,
                    &[],
                    Vec::new(),
                    Vec::new(),
                );
                let c = ctx.config.rights.caps.legal_basis_none;
                cap = Some(c);
                note = Some(tf(lang, "score.cap_none", &[("cap", &lang.number(c, 0))]));
                0.0
            }
            Some(b) if s.special && !b.covers_special_category() => {
                out.finding(
                    D,
                    "legal_basis_art6_only",
                    "legal_basis_art6_only",
                    Severity::Warning,
                    &[(
                        "basis",
                        &t(lang, &format!("dataset.legal_basis_{}_short", b.id())),
                    )],
                    Vec::new(),
                    Vec::new(),
                );
                lb.art6_only_for_health
            }
            Some(_) => 1.0,
        })
    };
    out.metric(
        D,
        "legal_basis",
        super::config::Scale {
            weight: lb.weight,
            target: lb.target,
            floor: lb.floor,
        },
        value,
        match (s.personal, basis) {
            (false, _) => String::new(),
            (true, Some(b)) => t(lang, &format!("dataset.legal_basis_{}_short", b.id())),
            (true, None) => t(lang, "score.detail_no_legal_basis"),
        },
    );

    // Identifiability (personal data only).
    let id = &cfg.identifiability;
    let identified = !s.direct_columns.is_empty() || !s.identified_files.is_empty();
    if !s.direct_columns.is_empty() {
        out.finding(
            D,
            "direct_identifiers",
            "direct_identifiers",
            Severity::Warning,
            &[("columns", &name_list(lang, &s.direct_columns, 6))],
            s.direct_columns.clone(),
            Vec::new(),
        );
    }
    if !s.identified_files.is_empty() {
        let fields: Vec<String> = s
            .identified_fields
            .iter()
            .map(|f| t(lang, &format!("score.person_field_{f}")))
            .collect();
        let names: Vec<String> = s
            .identified_files
            .iter()
            .map(|p| super::file_name(p))
            .collect();
        out.finding(
            D,
            "identified_health_files",
            "identified_health_files",
            Severity::Warning,
            &[
                ("n", &s.identified_files.len().to_string()),
                ("fields", &fields.join(", ")),
                ("files", &name_list(lang, &names, 4)),
            ],
            Vec::new(),
            s.identified_files.clone(),
        );
    }
    out.metric(
        D,
        "identifiability",
        super::config::Scale {
            weight: id.weight,
            target: id.target,
            floor: id.floor,
        },
        s.personal.then_some(if identified {
            id.direct_identifier_value
        } else {
            1.0
        }),
        if !s.personal {
            String::new()
        } else if identified {
            t(lang, "score.detail_identified")
        } else {
            t(lang, "score.detail_pseudonymous")
        },
    );

    out.basis.insert(
        D,
        ScoreBasis {
            base: Some(base),
            cap,
            note,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CatalogFile;
    use crate::catalog::annotation::Annotations;
    use crate::company::CompanyProfile;
    use crate::profile::{Column, Detection, Table};

    fn column(name: &str, kind: DetectionKind, personal: bool) -> Column {
        Column {
            name: name.into(),
            personal,
            detections: vec![Detection { kind, ratio: 1.0 }],
            ..Column::default()
        }
    }

    fn direct_columns(columns: Vec<Column>, personal_data: bool) -> Vec<String> {
        let file = CatalogFile {
            path: "a.csv".into(),
            format: "csv".into(),
            readable: true,
            personal_data,
            tables: vec![Table {
                name: "a".into(),
                rows: 10,
                columns,
                ..Table::default()
            }],
            ..CatalogFile::default()
        };
        let annotations = Annotations::default();
        let company = CompanyProfile::default();
        let input = ScoreInput {
            id: "a",
            name: "a",
            documents_only: false,
            files: vec![&file],
            duplicates: Vec::new(),
            documentation: Vec::new(),
            folder: "",
            series: None,
            annotations: &annotations,
            company: &company,
        };
        sensitivity(&input, 0.5).direct_columns
    }

    #[test]
    fn company_contact_columns_do_not_identify_people() {
        // A supplier list: the e-mail, phone and street columns match their patterns
        // but the profiler judged them not personal (role addresses, switchboards).
        let suppliers = vec![
            column("E-Mail", DetectionKind::Email, false),
            column("Telefon", DetectionKind::Phone, false),
            column("Straße", DetectionKind::Address, false),
        ];
        assert!(direct_columns(suppliers, false).is_empty());
    }

    #[test]
    fn personal_contact_and_surname_columns_identify_people() {
        let contacts = vec![
            column("Vorname", DetectionKind::FirstName, true),
            column("Nachname", DetectionKind::LastName, true),
            column("E-Mail", DetectionKind::Email, true),
            column("Geburtsdatum", DetectionKind::BirthDate, true),
        ];
        assert_eq!(direct_columns(contacts, true), ["Nachname", "E-Mail"]);
    }
}
