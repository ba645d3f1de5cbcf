//! A realistic, fictitious assessment: Kardiolytix GmbH, a MedTech KMU building
//! AI-supported ECG analysis software (MDR class IIa).
//!
//! Figures of the plan come from `../shared/domain/` (fee schedules with their sources);
//! where no figure is published the cost is an explicit unknown or a marked estimate.

use chrono::NaiveDate;
use datenreife::company::{CompanyProfile, CompanySize, Phase, RiskClass, Sector};
use datenreife::i18n::Lang;
use datenreife::plan::*;
use datenreife::report::*;

/// Raw sample of the cooperation clinic's lab export, as it sits on the share.
/// The planted values must never appear in any report.
pub(super) const RAW_LAB_SAMPLE: &str = "\
Patient;Geburtsdatum;Versichertennummer;IBAN;E-Mail;Laborcode;Wert;Einheit;Diagnose
Hildegard Quirinius-Sommerfeld;1941-07-23;A123456780;DE89370400440532013000;h.quirinius@beispiel-mail.de;K-0815;4.9;mmol/l;I48.0
Bartholomäus Zwingenberger;1956-02-11;B987654321;DE02120300000000202051;b.zwingenberger@beispiel-mail.de;K-0815;5.3;mmol/l;I10.90
";

/// Values planted in [`RAW_LAB_SAMPLE`] that a report must never contain.
pub(super) const PLANTED: [&str; 8] = [
    "Quirinius",
    "Zwingenberger",
    "1941-07-23",
    "A123456780",
    "DE89370400440532013000",
    "DE02120300000000202051",
    "beispiel-mail.de",
    "B987654321",
];

/// Header names that mark personal data in this sample (a stand-in for the
/// detectors; only the verdict leaves this function).
const PERSONAL_HEADERS: [&str; 5] = [
    "patient",
    "geburtsdatum",
    "versichertennummer",
    "iban",
    "e-mail",
];

/// Turns a raw CSV sample into the catalogue summary of a dataset. Only counts and
/// verdicts leave: [`DatasetSummary`] has no field that could carry a value.
pub(super) fn summarise(name: &str, raw: &str, lang: Lang) -> DatasetSummary {
    let mut lines = raw.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .unwrap_or_default()
        .split(';')
        .map(|h| h.trim().to_lowercase())
        .collect();
    let rows = lines.count() as u64;
    let personal: Vec<&String> = header
        .iter()
        .filter(|h| PERSONAL_HEADERS.contains(&h.as_str()))
        .collect();
    let health = header.iter().any(|h| h == "diagnose" || h == "laborcode");
    let de = lang == Lang::De;
    let mut findings = vec![Finding {
        code: "rights.legal_basis_missing".into(),
        severity: Severity::Critical,
        message: if de {
            format!(
                "Gesundheitsdaten mit {} direkt identifizierenden Spalten, aber keine Rechtsgrundlage dokumentiert. Rechtsgrundlage und Einwilligungsumfang erfassen.",
                personal.len()
            )
        } else {
            format!(
                "Health data with {} directly identifying columns, but no legal basis documented. Record the legal basis and consent scope.",
                personal.len()
            )
        },
    }];
    findings.push(Finding {
        code: "interop.local_lab_codes".into(),
        severity: Severity::Warning,
        message: if de {
            "Laborwerte mit hauseigenen Codes statt LOINC; für die Zusammenführung mit Klinikdaten auf LOINC abbilden.".into()
        } else {
            "Lab values use in-house codes instead of LOINC; map them to LOINC before joining clinic data.".into()
        },
    });
    findings.push(Finding {
        code: "quality.units_mixed".into(),
        severity: Severity::Info,
        message: if de {
            "Einheiten sind je Zeile angegeben; eine Spalte pro Einheit erleichtert die Prüfung."
                .into()
        } else {
            "Units are given per row; one column per unit makes checks easier.".into()
        },
    });
    DatasetSummary {
        name: name.into(),
        files: 12,
        rows: Some(rows * 24_100),
        quality: 64,
        rights: 31,
        interoperability: 41,
        personal_data: !personal.is_empty(),
        special_category: health && !personal.is_empty(),
        code_systems: vec!["ICD-10-GM".into()],
        findings,
    }
}

fn src(url: &str, as_of: Option<&str>, mark: Mark, note: Option<&str>) -> Provenance {
    Provenance {
        source: url.into(),
        as_of: as_of.map(Into::into),
        mark,
        note: note.map(Into::into),
    }
}

fn estimate(note: &str) -> Provenance {
    src("Datenreife", None, Mark::Estimate, Some(note))
}

fn b(de: &str, en: &str) -> Bilingual {
    Bilingual::new(de, en)
}

fn tp(min: f64, likely: f64, max: f64) -> ThreePoint {
    ThreePoint::new(min, likely, max)
}

fn cost(
    id: &str,
    label: Bilingual,
    category: CostCategory,
    amount: CostAmount,
    provenance: Provenance,
) -> CostItem {
    CostItem {
        id: id.into(),
        label,
        category,
        topic: None,
        recurrence: Recurrence::Once,
        amount,
        provenance,
    }
}

fn staff(id: &str, days: ThreePoint, note: &str) -> CostItem {
    cost(
        id,
        b("Eigenleistung", "Own staff"),
        CostCategory::InternalEffort,
        CostAmount::Effort {
            quantity: days,
            rate: RateKind::StaffDay,
        },
        estimate(note),
    )
}

#[allow(clippy::too_many_arguments)]
fn wp(
    id: &str,
    name: Bilingual,
    path: Option<&str>,
    phase: Phase,
    kind: PackageKind,
    weeks: ThreePoint,
    deps: &[&str],
    delivers: bool,
    costs: Vec<CostItem>,
) -> WorkPackage {
    WorkPackage {
        id: id.into(),
        name,
        path: path.map(Into::into),
        phase,
        kind,
        duration_weeks: weeks,
        duration_source: None,
        depends_on: deps.iter().map(|d| (*d).into()).collect(),
        delivers_data: delivers,
        costs,
    }
}

/// The consultant's logo: shapes only, so it needs no font.
const LOGO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">
<rect x="0" y="0" width="80" height="80" rx="16" fill="#0E6B5C"/>
<polyline points="8,44 26,44 34,22 44,62 52,36 58,44 72,44" fill="none" stroke="#FFFFFF" stroke-width="6" stroke-linejoin="round" stroke-linecap="round"/>
<rect x="94" y="20" width="130" height="14" rx="7" fill="#0E6B5C"/>
<rect x="94" y="46" width="90" height="14" rx="7" fill="#7FB7AC"/>
</svg>"##;

const FDZ_FEES: &str = "https://www.gesetze-im-internet.de/datragebv/__6.html";
const FDZ_FAQ: &str = "https://www.forschungsdatenzentrum-gesundheit.de/faq/wie-wird-die-nutzung-des-analyseraums-abgerechnet-und-was-zaehlt-als-nutzungstag";

/// The plan input: FDPG/DIZ for model training, FDZ Gesundheit for post-market
/// monitoring, and internal readiness work from the catalogue findings.
pub(super) fn plan_input() -> PlanInput {
    use PackageKind::*;
    use Phase::*;
    let mut yearly_fdz = vec![
        cost(
            "base",
            b(
                "Grundgebühr Folgeantrag",
                "Base fee of the follow-up application",
            ),
            CostCategory::Fee,
            CostAmount::Euros {
                eur: ThreePoint::exact(300.0),
            },
            src(
                "https://buzer.de/gesetz/11159/a187535.htm?setmobile=1",
                Some("2020"),
                Mark::Estimate,
                Some(
                    "DaTraGebV § 5: 300 € seit 2020; ob die Änderung vom 04.02.2025 ihn ändert, ist nicht belegt.",
                ),
            ),
        ),
        cost(
            "year",
            b("Neuer Datenjahrgang", "New data year"),
            CostCategory::Fee,
            CostAmount::PerUnit {
                quantity: ThreePoint::exact(1.0),
                unit: b("Jahrgang", "data year"),
                unit_price_eur: ThreePoint::exact(1000.0),
            },
            src(FDZ_FEES, Some("2025-02-04"), Mark::Verified, None),
        ),
        cost(
            "spe",
            b("Nutzungstage Analyseraum", "Analysis-room usage days"),
            CostCategory::Fee,
            CostAmount::PerUnit {
                quantity: tp(3.0, 5.0, 10.0),
                unit: b("Nutzungstag", "usage day"),
                unit_price_eur: ThreePoint::exact(1000.0),
            },
            src(FDZ_FAQ, None, Mark::Verified, None),
        ),
    ];
    for c in &mut yearly_fdz {
        c.recurrence = Recurrence::Yearly;
    }
    PlanInput {
        paths: vec![
            AccessPath {
                id: "fdpg_mii".into(),
                name: b(
                    "FDPG / Datenintegrationszentren",
                    "FDPG / data integration centres",
                ),
                phases: vec![Design, Validation],
            },
            AccessPath {
                id: "fdz_gesundheit".into(),
                name: Bilingual::same("FDZ Gesundheit"),
                phases: vec![PostMarket],
            },
        ],
        packages: vec![
            // Internal readiness from the catalogue findings.
            wp(
                "ready.legal_basis",
                b(
                    "Rechtsgrundlage der Labordaten dokumentieren",
                    "Document the legal basis of the lab data",
                ),
                None,
                Design,
                Readiness,
                tp(2.0, 3.0, 6.0),
                &[],
                false,
                vec![
                    staff(
                        "staff",
                        tp(2.0, 3.0, 5.0),
                        "Annahme: Sichtung der Kooperationsverträge und Einwilligungen.",
                    ),
                    cost(
                        "dpo",
                        b(
                            "Prüfung durch Datenschutzbeauftragten",
                            "Review by the data-protection officer",
                        ),
                        CostCategory::ExternalService,
                        CostAmount::Effort {
                            quantity: tp(4.0, 8.0, 12.0),
                            rate: RateKind::DpoHour,
                        },
                        estimate("Stundenzahl geschätzt; Stundensatz bitte angeben."),
                    ),
                ],
            ),
            wp(
                "ready.dpia",
                b(
                    "Datenschutz-Folgenabschätzung für das KI-Training",
                    "Data-protection impact assessment for AI training",
                ),
                None,
                Design,
                Dpia,
                tp(3.0, 4.0, 8.0),
                &["ready.legal_basis"],
                false,
                vec![cost(
                    "dsfa",
                    b("Externe Unterstützung DSFA", "External DPIA support"),
                    CostCategory::ExternalService,
                    CostAmount::Euros {
                        eur: tp(1000.0, 2500.0, 5000.0),
                    },
                    src(
                        "https://www.globeriadatenschutz.de/doks/welche-kosten-sind-mit-der-bestellung-eines-externen-datenschutzbeauftragten-verbunden/",
                        None,
                        Mark::Secondary,
                        Some(
                            "Anbieterangabe für eine Erstanalyse; kein neutraler DSFA-Preis veröffentlicht.",
                        ),
                    ),
                )],
            ),
            wp(
                "ready.loinc",
                b(
                    "Hauseigene Laborcodes auf LOINC abbilden",
                    "Map in-house lab codes to LOINC",
                ),
                None,
                Design,
                Readiness,
                tp(3.0, 5.0, 8.0),
                &[],
                false,
                vec![staff(
                    "staff",
                    tp(8.0, 12.0, 20.0),
                    "Annahme: rund 150 Laborcodes, davon 80 % automatisch zuordenbar.",
                )],
            ),
            // FDPG / DIZ.
            wp(
                "fdpg.register",
                b(
                    "Registrierung im Forschungsdatenportal",
                    "Registration at the research data portal",
                ),
                Some("fdpg_mii"),
                Design,
                Registration,
                tp(1.0, 2.0, 4.0),
                &[],
                false,
                vec![staff("staff", tp(0.5, 1.0, 2.0), "Annahme.")],
            ),
            wp(
                "fdpg.ethics",
                b(
                    "Ethikvotum (berufsrechtliche Beratung)",
                    "Ethics vote (professional-law review)",
                ),
                Some("fdpg_mii"),
                Design,
                EthicsVote,
                tp(6.0, 8.0, 12.0),
                &["ready.legal_basis"],
                false,
                vec![
                    cost(
                        "fee",
                        b("Gebühr Ethikkommission", "Ethics committee fee"),
                        CostCategory::Fee,
                        CostAmount::Euros {
                            eur: tp(1200.0, 2000.0, 2000.0),
                        },
                        src(
                            "https://www.mhh.de/en/ethics-committee-1/fees",
                            Some("2025-04-01"),
                            Mark::Verified,
                            Some("MHH: § 15 BO monozentrisch 1.200 €, multizentrisch 2.000 €."),
                        ),
                    ),
                    staff(
                        "staff",
                        tp(2.0, 3.0, 5.0),
                        "Annahme: Antrag und Studienprotokoll.",
                    ),
                ],
            ),
            wp(
                "fdpg.application",
                b(
                    "Antrag und Entscheid der Standorte",
                    "Application and site decisions",
                ),
                Some("fdpg_mii"),
                Design,
                Application,
                tp(4.0, 6.0, 8.0),
                &["fdpg.register", "fdpg.ethics"],
                false,
                vec![staff("staff", tp(3.0, 5.0, 8.0), "Annahme.")],
            ),
            wp(
                "fdpg.contract",
                b(
                    "Datennutzungsvertrag mit den Standorten",
                    "Data-use agreement with the sites",
                ),
                Some("fdpg_mii"),
                Design,
                Contract,
                tp(4.0, 6.0, 10.0),
                &["fdpg.application", "ready.dpia"],
                false,
                vec![cost(
                    "lawyer",
                    b("Anwaltliche Prüfung", "Legal review"),
                    CostCategory::ExternalService,
                    CostAmount::Effort {
                        quantity: tp(8.0, 12.0, 20.0),
                        rate: RateKind::LawyerHour,
                    },
                    estimate("Keine veröffentlichten Zahlen; Stunden geschätzt."),
                )],
            ),
            wp(
                "fdpg.delivery",
                b(
                    "Datenbereitstellung durch die DIZ",
                    "Data delivery by the DIZ",
                ),
                Some("fdpg_mii"),
                Design,
                DataDelivery,
                tp(6.0, 10.0, 16.0),
                &["fdpg.contract"],
                true,
                vec![cost(
                    "fee",
                    b("Entgelt der Standorte", "Charge of the sites"),
                    CostCategory::Fee,
                    CostAmount::Unknown {
                        question: b(
                            "Welches Entgelt verlangen die Standorte für die Datenbereitstellung?",
                            "What do the sites charge for providing the data?",
                        ),
                    },
                    src(
                        "https://forschen-fuer-gesundheit.de/menu_antrag.php",
                        None,
                        Mark::Estimate,
                        Some("Kein Gebührenmodell der MII veröffentlicht."),
                    ),
                )],
            ),
            wp(
                "fdpg.harmonisation",
                b(
                    "FHIR-Daten nach OMOP überführen",
                    "Convert FHIR data to OMOP",
                ),
                Some("fdpg_mii"),
                Design,
                Harmonisation,
                tp(6.0, 8.0, 12.0),
                &["fdpg.delivery"],
                false,
                vec![staff(
                    "staff",
                    tp(15.0, 25.0, 40.0),
                    "Keine Personentage veröffentlicht; EHDEN-Obergrenze 100.000 € je Datenquelle als Obergrenze.",
                )],
            ),
            wp(
                "fdpg.training",
                b(
                    "Modelltraining und Validierung",
                    "Model training and validation",
                ),
                Some("fdpg_mii"),
                Validation,
                Analysis,
                tp(4.0, 6.0, 10.0),
                &["fdpg.harmonisation", "ready.loinc"],
                false,
                vec![staff("staff", tp(10.0, 15.0, 25.0), "Annahme.")],
            ),
            // FDZ Gesundheit.
            wp(
                "fdz.register",
                b(
                    "Institutsregistrierung mit eID",
                    "Institution registration with eID",
                ),
                Some("fdz_gesundheit"),
                PostMarket,
                Registration,
                tp(1.0, 2.0, 4.0),
                &[],
                false,
                vec![staff("staff", tp(0.5, 1.0, 1.0), "Annahme.")],
            ),
            wp(
                "fdz.scripts",
                b(
                    "Auswerteskripte am Public Use File entwickeln",
                    "Develop analysis scripts on the public use file",
                ),
                Some("fdz_gesundheit"),
                PostMarket,
                Analysis,
                tp(2.0, 3.0, 5.0),
                &[],
                false,
                vec![staff(
                    "staff",
                    tp(5.0, 8.0, 12.0),
                    "Spart Nutzungstage im Analyseraum.",
                )],
            ),
            wp(
                "fdz.application",
                b(
                    "Antrag beim FDZ Gesundheit",
                    "Application to FDZ Gesundheit",
                ),
                Some("fdz_gesundheit"),
                PostMarket,
                Application,
                tp(4.0, 13.0, 17.0),
                &["fdz.register", "fdz.scripts"],
                false,
                vec![
                    cost(
                        "base",
                        b("Grundgebühr", "Base fee"),
                        CostCategory::Fee,
                        CostAmount::Euros {
                            eur: ThreePoint::exact(300.0),
                        },
                        src(
                            "https://buzer.de/gesetz/11159/a187535.htm?setmobile=1",
                            Some("2020"),
                            Mark::Estimate,
                            Some("300 € seit 2020; Stand 2025 nicht belegt."),
                        ),
                    ),
                    cost(
                        "years",
                        b("Datenjahrgänge", "Data years"),
                        CostCategory::Fee,
                        CostAmount::PerUnit {
                            quantity: tp(2.0, 3.0, 5.0),
                            unit: b("Jahrgang", "data year"),
                            unit_price_eur: ThreePoint::exact(1000.0),
                        },
                        src(FDZ_FEES, Some("2025-02-04"), Mark::Verified, None),
                    ),
                    cost(
                        "advice",
                        b(
                            "Beratung und Vorabauswertung",
                            "Advice and preliminary analysis",
                        ),
                        CostCategory::Fee,
                        CostAmount::Euros {
                            eur: tp(100.0, 500.0, 3000.0),
                        },
                        src(
                            "https://buzer.de/gesetz/11159/al0-99593.htm",
                            Some("2025-02-04"),
                            Mark::Verified,
                            Some("Spanne 100–3.000 € belegt; wahrscheinlicher Wert geschätzt."),
                        ),
                    ),
                ],
            ),
            wp(
                "fdz.training",
                b(
                    "Schulung für den Analyseraum",
                    "Training for the analysis room",
                ),
                Some("fdz_gesundheit"),
                PostMarket,
                Training,
                tp(1.0, 1.0, 2.0),
                &["fdz.application"],
                false,
                vec![cost(
                    "fee",
                    b("Schulungsgebühr", "Training fee"),
                    CostCategory::Fee,
                    CostAmount::Euros {
                        eur: ThreePoint::exact(600.0),
                    },
                    src(
                        "http://www.gesetze-im-internet.de/datragebv/__10.html",
                        Some("2025-02-04"),
                        Mark::Verified,
                        None,
                    ),
                )],
            ),
            wp(
                "fdz.spe",
                b("Auswertung im Analyseraum", "Analysis in the analysis room"),
                Some("fdz_gesundheit"),
                PostMarket,
                DataDelivery,
                tp(3.0, 4.0, 5.0),
                &["fdz.training"],
                true,
                vec![cost(
                    "days",
                    b("Nutzungstage Analyseraum", "Analysis-room usage days"),
                    CostCategory::Fee,
                    CostAmount::PerUnit {
                        quantity: tp(5.0, 10.0, 20.0),
                        unit: b("Nutzungstag", "usage day"),
                        unit_price_eur: ThreePoint::exact(1000.0),
                    },
                    src(
                        FDZ_FAQ,
                        None,
                        Mark::Verified,
                        Some("1.000 € je Nutzungstag, ohne Ermäßigung."),
                    ),
                )],
            ),
            wp(
                "fdz.yearly",
                b(
                    "Jährliche Folgeauswertung für die Marktüberwachung",
                    "Yearly follow-up analysis for post-market surveillance",
                ),
                Some("fdz_gesundheit"),
                PostMarket,
                RecurringAccess,
                tp(6.0, 8.0, 13.0),
                &["fdz.spe"],
                false,
                yearly_fdz,
            ),
        ],
        rates: Rates {
            staff_day: Some(Rate {
                eur: 560.0,
                provenance: Provenance::user_input("2026-03-02"),
            }),
            lawyer_hour: Some(Rate {
                eur: 240.0,
                provenance: Provenance::user_input("2026-03-02"),
            }),
            consultant_day: Some(Rate {
                eur: 1100.0,
                provenance: src(
                    "https://www.innovation-beratung-foerderung.de/INNO/Navigation/DE/go-inno/FAQ/faq.html",
                    Some("2021-03-12"),
                    Mark::Estimate,
                    Some("go-inno-Höchstsatz als Richtwert."),
                ),
            }),
            dpo_hour: None,
        },
        funding: vec![
            FundingOption {
                id: "zim".into(),
                name: b(
                    "ZIM – Zentrales Innovationsprogramm Mittelstand",
                    "ZIM – Central Innovation Programme for SMEs",
                ),
                rate: Some(0.4),
                cap_eur: None,
                eligible_categories: vec![
                    CostCategory::InternalEffort,
                    CostCategory::ExternalService,
                ],
                eligible_topics: vec![],
                eligible_phases: vec![Design, Validation],
                conditions: vec![
                    b(
                        "FuE-Projekt mit technischem Risiko; förderfähige Kosten bis 690.000 € (Einzelprojekt)",
                        "R&D project with technical risk; eligible costs up to €690,000 (single project)",
                    ),
                    b(
                        "Förderquote 40 % für kleine Unternehmen (frühere Richtlinie)",
                        "Funding rate 40 % for small companies (previous guideline)",
                    ),
                    b(
                        "Entscheidung typischerweise nach etwa drei Monaten",
                        "Decision typically after about three months",
                    ),
                ],
                provenance: src(
                    "https://www.ihk.de/gera/innovation-umwelt/foerderung-finanzierung/innovationsfoerderung/zim-antragsstopp-aufgehoben2-5619498",
                    Some("2025-01-01"),
                    Mark::Secondary,
                    None,
                ),
            },
            FundingOption {
                id: "go_inno".into(),
                name: Bilingual::same("go-inno"),
                rate: Some(0.5),
                cap_eur: None,
                eligible_categories: vec![CostCategory::ExternalService],
                eligible_topics: vec![],
                eligible_phases: vec![],
                conditions: vec![
                    b(
                        "Weniger als 100 Beschäftigte, höchstens 20 Mio. € Umsatz",
                        "Fewer than 100 employees, at most €20 m turnover",
                    ),
                    b(
                        "Höchstens 1.100 € je Beratertag, nur autorisierte Beratungsunternehmen",
                        "At most €1,100 per consultant day, authorised consultancies only",
                    ),
                ],
                provenance: src(
                    "https://www.innovation-beratung-foerderung.de/INNO/Navigation/DE/go-inno/FAQ/faq.html",
                    Some("2021-03-12"),
                    Mark::Verified,
                    None,
                ),
            },
            FundingOption {
                id: "tef_health".into(),
                name: Bilingual::same("TEF-Health"),
                rate: None,
                cap_eur: None,
                eligible_categories: vec![],
                eligible_topics: vec![],
                eligible_phases: vec![Validation],
                conditions: vec![
                    b(
                        "KMU aus EU/EWR mit Reifegrad TRL ≥ 6",
                        "SMEs from the EU/EEA at TRL ≥ 6",
                    ),
                    b(
                        "Vergünstigte Test- und Validierungsleistungen als De-minimis-Beihilfe",
                        "Discounted testing and validation services as de-minimis aid",
                    ),
                ],
                provenance: src(
                    "https://tef-prod-w001.charite.de/calls/2",
                    None,
                    Mark::Verified,
                    None,
                ),
            },
        ],
    }
}

/// The whole report data in `lang`.
pub(super) fn report_data(lang: Lang) -> ReportData {
    let de = lang == Lang::De;
    let tx = |d: &str, e: &str| if de { d.to_owned() } else { e.to_owned() };
    let plan = build(&plan_input(), &SimulationOptions::new(20260302)).expect("sample plan builds");
    ReportData {
        company: CompanyProfile {
            name: "Kardiolytix GmbH".into(),
            sector: Sector::Medtech,
            size: CompanySize::Small,
            product: tx(
                "KardioScan – KI-gestützte EKG-Auswertung",
                "KardioScan – AI-supported ECG analysis",
            ),
            phases: vec![Phase::Design, Phase::Validation],
            risk_class: Some(RiskClass::MdrIia),
            uses_ai: true,
            assessor: "Dr. Jana Vogt".into(),
        },
        assessed_on: NaiveDate::from_ymd_opt(2026, 3, 2),
        branding: Branding {
            consultant: Some("Vogt Datenberatung".into()),
            logo: Some(Logo {
                bytes: LOGO_SVG.as_bytes().to_vec(),
            }),
            accent: Some("#0E6B5C".into()),
        },
        readiness: vec![
            DimensionScore {
                name: tx("Datenqualität", "Data quality"),
                score: Some(68.0),
                benchmark: Some(61.0),
            },
            DimensionScore {
                name: tx("Rechte und Einwilligungen", "Rights and consent"),
                score: Some(34.0),
                benchmark: Some(47.0),
            },
            DimensionScore {
                name: tx("Interoperabilität", "Interoperability"),
                score: Some(51.0),
                benchmark: Some(44.0),
            },
            DimensionScore {
                name: tx("Organisation und Strategie", "Organisation and strategy"),
                score: Some(58.0),
                benchmark: Some(52.0),
            },
            DimensionScore {
                name: tx("Daten teilen und nutzen", "Sharing and using data"),
                score: None,
                benchmark: Some(39.0),
            },
        ],
        actions: vec![
            Action {
                title: tx(
                    "Rechtsgrundlage der Labordaten klären",
                    "Clarify the legal basis of the lab data",
                ),
                detail: tx(
                    "Die Laborwerte der Kooperationsklinik enthalten Gesundheitsdaten ohne dokumentierte Rechtsgrundlage. Vertrag und Einwilligungen sichten und im Katalog vermerken.",
                    "The cooperation clinic's lab values hold health data without a documented legal basis. Review the contract and consents and record them in the catalogue.",
                ),
                priority: Priority::High,
            },
            Action {
                title: tx(
                    "Antrag beim Forschungsdatenportal vorbereiten",
                    "Prepare the application at the research data portal",
                ),
                detail: tx(
                    "Der Datenzugang über die DIZ liegt auf dem kritischen Pfad; Ethikvotum und Registrierung jetzt anstoßen.",
                    "Data access through the DIZ is on the critical path; start the ethics vote and registration now.",
                ),
                priority: Priority::High,
            },
            Action {
                title: tx(
                    "Datenschutz-Folgenabschätzung erstellen",
                    "Carry out the data-protection impact assessment",
                ),
                detail: tx(
                    "Für das Training mit Gesundheitsdaten ist eine DSFA Pflicht; sie muss vor dem Datennutzungsvertrag stehen.",
                    "A DPIA is mandatory for training on health data; it must be done before the data-use agreement.",
                ),
                priority: Priority::High,
            },
            Action {
                title: tx("Laborcodes auf LOINC abbilden", "Map lab codes to LOINC"),
                detail: tx(
                    "Hauseigene Codes verhindern das Zusammenführen mit Klinikdaten.",
                    "In-house codes prevent joining with clinic data.",
                ),
                priority: Priority::Medium,
            },
            Action {
                title: tx(
                    "Stundensatz des Datenschutzbeauftragten angeben",
                    "Enter the data-protection officer's hourly rate",
                ),
                detail: tx(
                    "Ohne ihn bleibt ein Kostenposten offen.",
                    "Without it one cost item stays open.",
                ),
                priority: Priority::Medium,
            },
            Action {
                title: tx("Servicetickets bereinigen", "Clean up service tickets"),
                detail: tx(
                    "Doppelte Tickets erschweren Auswertungen.",
                    "Duplicate tickets make analyses harder.",
                ),
                priority: Priority::Low,
            },
        ],
        catalogue: CatalogueSummary {
            files: 2_417,
            bytes: 18_342_000_000,
            unreadable_files: 9,
            personal_files: 1_296,
            special_category_files: 1_252,
            health_files: 1_252,
            duplicate_files: 37,
            duplicate_bytes: 412_000_000,
            formats: Vec::new(),
            areas: Vec::new(),
            findings: Vec::new(),
            datasets: vec![
                DatasetSummary {
                    name: tx(
                        "EKG-Aufzeichnungen Pilotstudie 2023",
                        "ECG recordings pilot study 2023",
                    ),
                    files: 1_240,
                    rows: Some(1_240),
                    quality: 71,
                    rights: 38,
                    interoperability: 55,
                    personal_data: true,
                    special_category: true,
                    code_systems: vec!["SNOMED CT".into()],
                    findings: vec![Finding {
                        code: "rights.consent_scope".into(),
                        severity: Severity::Warning,
                        message: tx(
                            "Einwilligung deckt die Studie, nicht aber das Training eines Produkts; Umfang prüfen.",
                            "Consent covers the study but not training a product; check its scope.",
                        ),
                    }],
                },
                summarise(
                    &tx(
                        "Laborwerte Kooperationsklinik",
                        "Lab values cooperation clinic",
                    ),
                    RAW_LAB_SAMPLE,
                    lang,
                ),
                DatasetSummary {
                    name: tx("Servicetickets Vertrieb", "Sales service tickets"),
                    files: 3,
                    rows: Some(9_812),
                    quality: 82,
                    rights: 70,
                    interoperability: 60,
                    personal_data: true,
                    special_category: false,
                    code_systems: vec![],
                    findings: vec![Finding {
                        code: "quality.duplicates".into(),
                        severity: Severity::Info,
                        message: tx("4 % doppelte Tickets.", "4 % duplicate tickets."),
                    }],
                },
                DatasetSummary {
                    name: tx("Prüfprotokolle Fertigung", "Production test records"),
                    files: 96,
                    rows: Some(211_430),
                    quality: 90,
                    rights: 95,
                    interoperability: 72,
                    personal_data: false,
                    special_category: false,
                    code_systems: vec![],
                    findings: vec![],
                },
            ],
        },
        questionnaire: Some(QuestionnaireSummary {
            title: tx(
                "Datenreife-Fragebogen 1.0",
                "Data readiness questionnaire 1.0",
            ),
            respondents: 3,
            group_size: Some(7),
            sections: vec![
                SectionResult {
                    title: tx(
                        "Datenstrategie und Governance",
                        "Data strategy and governance",
                    ),
                    score: Some(58.0),
                    benchmark: Some(Benchmark {
                        p25: 40.0,
                        median: 52.0,
                        p75: 66.0,
                    }),
                    questions: 8,
                    answered: 7,
                    dont_know: 1,
                    not_applicable: 0,
                    gaps: vec![
                        Gap {
                            question_id: "DG.03".into(),
                            question: tx(
                                "Gibt es eine verantwortliche Person für jeden Datenbestand?",
                                "Is there an owner for every data asset?",
                            ),
                            priority: 0.42,
                            recommendation: Some(tx(
                                "Datenverantwortliche benennen und im Katalog eintragen.",
                                "Name data owners and record them in the catalogue.",
                            )),
                        },
                        Gap {
                            question_id: "DG.05".into(),
                            question: tx(
                                "Werden Zweck und Rechtsgrundlage bei der Erhebung dokumentiert?",
                                "Are purpose and legal basis documented at collection?",
                            ),
                            priority: 0.38,
                            recommendation: None,
                        },
                    ],
                },
                SectionResult {
                    title: tx("Datenqualität und Standards", "Data quality and standards"),
                    score: Some(41.0),
                    benchmark: Some(Benchmark {
                        p25: 35.0,
                        median: 48.0,
                        p75: 60.0,
                    }),
                    questions: 9,
                    answered: 8,
                    dont_know: 0,
                    not_applicable: 1,
                    gaps: vec![Gap {
                        question_id: "DQ.02".into(),
                        question: tx(
                            "Werden Labor- und Diagnosecodes nach Standards (LOINC, ICD-10-GM) erfasst?",
                            "Are lab and diagnosis codes recorded in standards (LOINC, ICD-10-GM)?",
                        ),
                        priority: 0.51,
                        recommendation: Some(tx(
                            "Mapping-Tabelle für Laborcodes anlegen.",
                            "Create a mapping table for lab codes.",
                        )),
                    }],
                },
            ],
        }),
        external_data: vec![
            PhaseRecommendations {
                phase: Phase::Design,
                purpose: None,
                notices: Vec::new(),
                recommendations: vec![
                    Recommendation {
                        path_id: "fdpg_mii".into(),
                        name: tx(
                            "FDPG / Datenintegrationszentren",
                            "FDPG / data integration centres",
                        ),
                        fit: 3,
                        reasons: vec![
                            tx(
                                "Strukturierte Routinedaten mit Labor, Diagnosen und Medikation aus Universitätskliniken",
                                "Structured routine data with labs, diagnoses and medication from university hospitals",
                            ),
                            tx(
                                "Kostenlose Machbarkeitsabfrage vorab",
                                "Free feasibility query beforehand",
                            ),
                        ],
                        blockers: vec![
                            tx(
                                "Mindestens fünf Monate bis zu den Daten",
                                "At least five months until data",
                            ),
                            tx(
                                "Zugang für Unternehmen nicht ausdrücklich geregelt",
                                "Company access not explicitly regulated",
                            ),
                            tx("Ethikvotum erforderlich", "Ethics vote required"),
                        ],
                        lead_time: Some(LeadTime {
                            weeks: ThreePoint::new(22.0, 26.0, 40.0),
                            provenance: src(
                                "https://forschen-fuer-gesundheit.de/menu_antrag.php",
                                None,
                                Mark::Estimate,
                                Some(
                                    "TMF: mindestens fünf Monate (belegt); wahrscheinlich und maximal geschätzt.",
                                ),
                            ),
                        }),
                        fees: None,
                        fees_note: None,
                        access_modes: Vec::new(),
                        in_plan: true,
                    },
                    Recommendation {
                        path_id: "nako".into(),
                        name: tx("NAKO Gesundheitsstudie", "NAKO health study"),
                        fit: 2,
                        reasons: vec![tx(
                            "Tiefe Phänotypisierung mit Untersuchungsdaten als Referenz",
                            "Deep phenotyping with examination data as a reference",
                        )],
                        blockers: vec![
                            tx(
                                "Sichere Analyseumgebung für Unternehmen erst im Pilotbetrieb",
                                "Secure research environment for companies only in pilot",
                            ),
                            tx(
                                "Keine Gebührenordnung veröffentlicht",
                                "No published fee schedule",
                            ),
                            tx(
                                "Bevölkerungskohorte, keine Patientenpopulation",
                                "Population cohort, not a patient population",
                            ),
                        ],
                        lead_time: Some(LeadTime {
                            weeks: ThreePoint::new(17.0, 21.0, 26.0),
                            provenance: src(
                                "https://transfer.nako.de/transfer/faq",
                                None,
                                Mark::Verified,
                                Some("4–6 Monate für Qualitätssicherungsanträge."),
                            ),
                        }),
                        fees: None,
                        fees_note: None,
                        access_modes: Vec::new(),
                        in_plan: false,
                    },
                ],
            },
            PhaseRecommendations {
                phase: Phase::PostMarket,
                purpose: None,
                notices: Vec::new(),
                recommendations: vec![Recommendation {
                    path_id: "fdz_gesundheit".into(),
                    name: "FDZ Gesundheit".into(),
                    fit: 2,
                    reasons: vec![tx(
                        "Abrechnungsdaten von rund 74 Mio. gesetzlich Versicherten für Ergebnisse nach Markteinführung",
                        "Claims data of about 74 m insured people for post-market outcomes",
                    )],
                    blockers: vec![
                        tx(
                            "Nur in der sicheren Verarbeitungsumgebung; 1.000 € je Nutzungstag",
                            "Only inside the secure processing environment; €1,000 per usage day",
                        ),
                        tx(
                            "Etwa zwei Jahre Verzug der Daten",
                            "About two years of data lag",
                        ),
                        tx(
                            "Kein Werbe- oder Vertriebszweck zulässig",
                            "No advertising or sales purpose allowed",
                        ),
                    ],
                    lead_time: Some(LeadTime {
                        weeks: ThreePoint::new(4.0, 13.0, 17.0),
                        provenance: src(
                            "https://www.forschungsdatenzentrum-gesundheit.de/forschung-digitalisierung/antragspriorisierung",
                            None,
                            Mark::Verified,
                            Some("Drei Monate gesetzliches Ziel; Minimum und Maximum geschätzt."),
                        ),
                    }),
                    fees: None,
                    fees_note: None,
                    access_modes: Vec::new(),
                    in_plan: true,
                }],
            },
        ],
        plan: Some(plan),
        glossary: vec![GlossaryEntry {
            term: "KardioScan".into(),
            definition: tx(
                "Produkt der Kardiolytix GmbH, Gegenstand dieser Bewertung.",
                "Product of Kardiolytix GmbH, subject of this assessment.",
            ),
        }],
        notices: Vec::new(),
        assumptions: Vec::new(),
        profile_assumed: false,
    }
}
