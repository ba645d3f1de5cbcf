//! The phase guide and the knowledge base: table tests over company profiles, the
//! FDZ Gesundheit fee ordinance, and the `sources` / `knowledge` commands.

use assert_cmd::Command;
use chrono::NaiveDate;
use datenreife::company::{CompanyProfile, CompanySize, Phase, RiskClass, Sector};
use datenreife::i18n::Lang;
use datenreife::sources::guide::{
    self, Guide, GuideOptions, GuideRequest, Needs, OwnData, PhaseGuide, Recommendation, Severity,
};
use datenreife::sources::{DataKind, Domain, KnowledgeBase, Lifecycle};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn run(request: &GuideRequest, lang: Lang) -> Guide {
    guide::build(
        KnowledgeBase::embedded(),
        request,
        &GuideOptions {
            phases: Vec::new(),
            domain: None,
            today: today(),
            lang,
        },
    )
}

fn phase(guide: &Guide, phase: Phase) -> &PhaseGuide {
    guide
        .phases
        .iter()
        .find(|p| p.phase == phase)
        .unwrap_or_else(|| panic!("no phase {phase:?}"))
}

fn rec<'a>(phase: &'a PhaseGuide, path: &str) -> &'a Recommendation {
    phase
        .recommendations
        .iter()
        .find(|r| r.path == path)
        .unwrap_or_else(|| panic!("{path} not recommended in {:?}", phase.phase))
}

fn top(phase: &PhaseGuide) -> &str {
    &phase.recommendations[0].path
}

fn has_blocker(r: &Recommendation, code: &str, severity: Severity) -> bool {
    r.blockers
        .iter()
        .any(|b| b.code == code && b.severity == severity)
}

fn medtech(phases: &[Phase], class: RiskClass, ai: bool) -> CompanyProfile {
    CompanyProfile {
        name: "Test GmbH".into(),
        sector: Sector::Medtech,
        size: CompanySize::Small,
        product: "Produkt".into(),
        phases: phases.to_vec(),
        risk_class: Some(class),
        uses_ai: ai,
        assessor: String::new(),
    }
}

/// A concept-phase start-up without clinical partners, six months and 20 k€.
fn concept_startup() -> GuideRequest {
    GuideRequest {
        company: medtech(&[Phase::Concept], RiskClass::MdrIia, true),
        needs: Needs {
            time_budget_months: Some(6.0),
            money_budget_eur: Some(20_000.0),
            ..Needs::default()
        },
        own_data: OwnData::default(),
    }
}

/// A class III implant maker before approval, with two clinical partners.
fn implant_maker() -> GuideRequest {
    GuideRequest {
        company: medtech(
            &[Phase::Validation, Phase::Approval],
            RiskClass::MdrIii,
            false,
        ),
        needs: Needs {
            implantable: true,
            clinical_partners: 2,
            time_budget_months: Some(18.0),
            money_budget_eur: Some(150_000.0),
            ..Needs::default()
        },
        own_data: OwnData {
            data_kinds: vec![DataKind::ImplantData],
            ..OwnData::default()
        },
    }
}

/// A post-market AI product that has to watch for drift.
fn post_market_ai() -> GuideRequest {
    GuideRequest {
        company: medtech(&[Phase::PostMarket], RiskClass::MdrIia, true),
        needs: Needs {
            data_kinds: vec![DataKind::Lab, DataKind::Diagnoses, DataKind::Outcomes],
            drift_monitoring: true,
            iterative: true,
            clinical_partners: 1,
            time_budget_months: Some(12.0),
            money_budget_eur: Some(60_000.0),
            ..Needs::default()
        },
        own_data: OwnData {
            data_kinds: vec![DataKind::DeviceUsage, DataKind::Vigilance],
            ..OwnData::default()
        },
    }
}

/// A manufacturing KMU without health data that wants AI on machine data.
fn manufacturer() -> GuideRequest {
    GuideRequest {
        company: CompanyProfile {
            name: "Maschinenbau GmbH".into(),
            sector: Sector::Manufacturing,
            size: CompanySize::Medium,
            phases: vec![Phase::Design],
            uses_ai: true,
            ..CompanyProfile::default()
        },
        needs: Needs {
            data_kinds: vec![DataKind::MachineData, DataKind::ProductData],
            iterative: true,
            time_budget_months: Some(9.0),
            money_budget_eur: Some(50_000.0),
            ..Needs::default()
        },
        own_data: OwnData::default(),
    }
}

/// The issue's example: design, class IIa software with AI, lab values and
/// diagnoses, iterative access, six months, 40 k€; own lab data without LOINC.
fn design_ai_iia() -> GuideRequest {
    GuideRequest {
        company: medtech(&[Phase::Design], RiskClass::MdrIia, true),
        needs: Needs {
            data_kinds: vec![DataKind::Lab, DataKind::Diagnoses],
            iterative: true,
            clinical_depth: Some(2),
            clinical_partners: 1,
            time_budget_months: Some(6.0),
            money_budget_eur: Some(40_000.0),
            ..Needs::default()
        },
        own_data: OwnData {
            data_kinds: vec![DataKind::Lab],
            code_systems: vec!["ICD-10-GM".into()],
            lab_without_loinc: true,
            ..OwnData::default()
        },
    }
}

#[test]
fn concept_startup_without_partners() {
    let guide = run(&concept_startup(), Lang::De);
    assert_eq!(guide.domain, Domain::Health);
    let concept = phase(&guide, Phase::Concept);
    // Claims data give prevalence and care pathways: the FDZ leads the concept phase.
    assert_eq!(top(concept), "fdz_gesundheit");
    let fdz = rec(concept, "fdz_gesundheit");
    assert!(
        fdz.reasons
            .iter()
            .any(|r| r.code == "phase_fit" && r.points == 40)
    );
    assert!(
        fdz.reasons[0].text.contains("Hauptquelle"),
        "{}",
        fdz.reasons[0].text
    );
    assert!(has_blocker(fdz, "analysis_day_limit", Severity::Info));
    assert!(
        fdz.blockers
            .iter()
            .any(|b| b.code == "analysis_day_limit" && b.text.contains("1.000 €"))
    );
    // The worst case of the fees exceeds the 20 k€ budget – said, not hidden.
    assert!(has_blocker(fdz, "money_budget", Severity::Info));
    // Without a partner hospital the bilateral route is blocked …
    let coop = rec(concept, "gdng_para6_care_institutions");
    assert!(has_blocker(coop, "needs_partner", Severity::Warning));
    assert!(coop.score < fdz.score);
    // … the EHDS is not there yet …
    let ehds = rec(concept, "ehds_hdab");
    assert!(has_blocker(ehds, "status_planned", Severity::Critical));
    assert!(ehds.blockers[0].text.contains("26.03.2029"));
    // … and cancer registries only help oncology products.
    let zfkd = rec(concept, "zfkd_rki");
    assert!(zfkd.reasons.iter().any(|r| r.code == "indication_other"));
    // Open statistics are free and immediate.
    let genesis = rec(concept, "destatis_genesis");
    assert_eq!(genesis.fees_eur.max, Some(0.0));
    let combination = concept.combination.as_ref().unwrap();
    assert_eq!(combination.paths[0], "fdz_gesundheit");
    assert!(!combination.paths.contains(&"ehds_hdab".to_owned()));
    let h = &combination.hurdles;
    assert!(h.fragmentation.procedures >= 2);
    // Paths run in parallel: the slowest path of the combination sets the pace.
    let critical = h.long_procedures.critical_path.clone().unwrap();
    assert!(combination.paths.contains(&critical));
    let slowest = combination
        .paths
        .iter()
        .filter_map(|p| rec(concept, p).time_to_data_weeks.likely)
        .fold(0.0_f64, f64::max);
    assert_eq!(h.long_procedures.weeks.likely, Some(slowest));
    assert!(slowest >= 19.0);
    assert_eq!(h.long_procedures.exceeds_budget, Some(false));
    let spread = h.cost_predictability.spread.unwrap();
    assert!(spread > 3.0, "{spread}");
}

#[test]
fn class_three_implant_maker_needs_a_clinical_investigation() {
    let guide = run(&implant_maker(), Lang::En);
    let approval = phase(&guide, Phase::Approval);
    let notice = approval
        .notices
        .iter()
        .find(|n| n.code == "clinical_investigation_required")
        .expect("the MDR Art. 61(4) notice");
    assert_eq!(notice.severity, Severity::Critical);
    assert_eq!(notice.refers_to.as_deref(), Some("mdr_art61_4"));
    assert!(notice.text.contains("Art. 61(4)"));
    assert!(notice.text.contains("not enough"));
    assert_eq!(top(approval), "own_clinical_investigation");
    let ci = rec(approval, "own_clinical_investigation");
    assert!(
        ci.reasons
            .iter()
            .any(|r| r.code == "mdr_art61_4" && r.points == 30)
    );
    // Every secondary source is only supportive for this class.
    for r in approval.recommendations.iter().skip(1) {
        assert!(
            r.path == "own_pms_vigilance"
                || has_blocker(r, "retrospective_not_enough", Severity::Warning),
            "{} lacks the supportive-only blocker",
            r.path
        );
    }
    // The implant registry is recognised as the manufacturer's own registry.
    let ird = rec(approval, "implantateregister_ird");
    assert!(ird.reasons.iter().any(|r| r.code == "indication_match"));
    // In validation the investigation has to be prepared already.
    let validation = phase(&guide, Phase::Validation);
    assert!(validation
        .notices
        .iter()
        .any(|n| n.code == "clinical_investigation_required" && n.severity == Severity::Warning));
    assert!(
        validation
            .recommendations
            .iter()
            .any(|r| r.path == "own_clinical_investigation")
    );
    // The same profile as class IIa: no investigation is forced.
    let mut iia = implant_maker();
    iia.company.risk_class = Some(RiskClass::MdrIia);
    iia.needs.implantable = false;
    let iia_guide = run(&iia, Lang::En);
    let iia_approval = phase(&iia_guide, Phase::Approval);
    assert!(
        !iia_approval
            .notices
            .iter()
            .any(|n| n.code == "clinical_investigation_required")
    );
    assert_ne!(top(iia_approval), "own_clinical_investigation");
}

#[test]
fn post_market_ai_with_drift_monitoring() {
    let guide = run(&post_market_ai(), Lang::En);
    let pm = phase(&guide, Phase::PostMarket);
    assert!(pm.notices.iter().any(|n| n.code == "drift_monitoring"));
    assert!(pm.notices.iter().any(|n| n.code == "pms_obligation"));
    // The own field data are the only continuous source.
    assert_eq!(top(pm), "own_pms_vigilance");
    let own = rec(pm, "own_pms_vigilance");
    assert!(own.reasons.iter().any(|r| r.code == "own_data_present"));
    assert!(own.reasons.iter().any(|r| r.code == "lifecycle"));
    // Claims data arrive two years late: useless for drift, fine for outcomes.
    let fdz = rec(pm, "fdz_gesundheit");
    assert!(has_blocker(fdz, "data_lag", Severity::Warning));
    assert!(fdz.blockers.iter().any(|b| b.text.contains("24 months")));
    // One-off project access does not serve a life cycle.
    let fdpg = rec(pm, "fdpg_mii");
    assert!(has_blocker(fdpg, "no_repeated_access", Severity::Warning));
    assert!(has_blocker(fdpg, "no_iterative_access", Severity::Warning));
    // The hospital partner brings the clinical data the model reads.
    let coop = rec(pm, "gdng_para6_care_institutions");
    assert!(coop.reasons.iter().any(|r| r.code == "partner"));
    let combination = pm.combination.as_ref().unwrap();
    assert_eq!(combination.paths[0], "own_pms_vigilance");
    assert!(combination.paths.len() >= 2, "{:?}", combination.paths);
    let life = &combination.hurdles.lifecycle;
    assert!(
        life.per_path
            .iter()
            .any(|(p, l)| p == "own_pms_vigilance" && *l == Lifecycle::Yes)
    );
    assert!(life.recurring_steps >= 2);
    assert!(
        life.text.contains("Own PMS data") || life.support == Lifecycle::Yes,
        "{}",
        life.text
    );
}

#[test]
fn manufacturer_without_health_data() {
    let guide = run(&manufacturer(), Lang::De);
    assert_eq!(guide.domain, Domain::Industry);
    let design = phase(&guide, Phase::Design);
    let kb = KnowledgeBase::embedded();
    for r in &design.recommendations {
        assert_ne!(
            kb.path(&r.path).unwrap().domain,
            Domain::Health,
            "{}",
            r.path
        );
    }
    assert_eq!(top(design), "data_act_b2b");
    let catena = rec(design, "catena_x_manufacturing_x");
    assert_eq!(design.recommendations[1].path, "catena_x_manufacturing_x");
    assert!(has_blocker(catena, "fees_unknown", Severity::Info));
    assert!(has_blocker(catena, "lead_time_unknown", Severity::Info));
    // No MedTech notices for a machine builder.
    assert!(design.notices.iter().all(|n| n.code != "ai_act_art10"));
    let dat = rec(design, "data_act_b2b");
    assert!(
        dat.reasons
            .iter()
            .any(|r| r.code == "coverage" && r.points == 25)
    );
    assert!(!design.purpose.contains("Patient"), "{}", design.purpose);
    let combination = design.combination.as_ref().unwrap();
    assert_eq!(combination.paths[0], "data_act_b2b");
    assert!(combination.missing.is_empty());
}

#[test]
fn the_issue_example_design_with_ai_and_own_lab_data() {
    let guide = run(&design_ai_iia(), Lang::De);
    let design = phase(&guide, Phase::Design);
    let codes: Vec<&str> = design.notices.iter().map(|n| n.code.as_str()).collect();
    assert!(codes.contains(&"ai_act_art10"), "{codes:?}");
    assert!(codes.contains(&"map_lab_to_loinc"), "{codes:?}");
    // Own lab data do not make representative training data: lab is still searched.
    assert!(design.needed.contains(&DataKind::Lab));
    // The partner hospital gives iterative, clinically deep data, with a
    // single-site caveat and federated learning as the way out.
    let coop = rec(design, "gdng_para6_care_institutions");
    assert_eq!(top(design), "gdng_para6_care_institutions");
    assert!(has_blocker(coop, "single_site_bias", Severity::Warning));
    assert_eq!(coop.access_modes[0].id, "federated_learning");
    // The FDPG is multi-centre but not iterative, and five months away.
    let fdpg = rec(design, "fdpg_mii");
    assert!(has_blocker(fdpg, "no_iterative_access", Severity::Warning));
    assert!(has_blocker(fdpg, "lead_time", Severity::Warning));
    assert!(has_blocker(fdpg, "harmonisation_loinc", Severity::Info));
    // Claims data are too shallow for lab-based training.
    let fdz = rec(design, "fdz_gesundheit");
    assert!(fdz.reasons.iter().any(|r| r.code == "depth_low"));
    assert!(has_blocker(fdz, "analysis_day_limit", Severity::Warning));
    // The combination adds a multi-site source to the single partner.
    let combination = design.combination.as_ref().unwrap();
    assert_eq!(combination.paths[0], "gdng_para6_care_institutions");
    assert!(combination.paths.len() >= 2, "{:?}", combination.paths);
}

#[test]
fn the_guide_is_deterministic_and_bilingual() {
    let a = serde_json::to_string(&run(&post_market_ai(), Lang::De)).unwrap();
    let b = serde_json::to_string(&run(&post_market_ai(), Lang::De)).unwrap();
    assert_eq!(a, b);
    let de = run(&implant_maker(), Lang::De);
    let en = run(&implant_maker(), Lang::En);
    let ranks = |g: &Guide| -> Vec<(String, u8)> {
        g.phases
            .iter()
            .flat_map(|p| p.recommendations.iter().map(|r| (r.path.clone(), r.score)))
            .collect()
    };
    assert_eq!(ranks(&de), ranks(&en));
    for r in phase(&de, Phase::Approval).recommendations.iter() {
        for reason in &r.reasons {
            assert!(
                !reason.text.starts_with("sources."),
                "missing text {}",
                reason.text
            );
        }
    }
}

fn cli() -> Command {
    let mut cmd = Command::cargo_bin("datenreife").unwrap();
    cmd.env_remove("DATENREIFE_KNOWLEDGE")
        .env_remove("DATENREIFE_LANG");
    cmd
}

#[test]
fn knowledge_check_passes_on_the_built_in_base() {
    let out = cli()
        .args(["--lang", "en", "knowledge", "check"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
    // The folder in the repository is complete on its own.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge");
    cli()
        .args(["knowledge", "check", "--standalone", dir])
        .assert()
        .success();
}

#[test]
fn knowledge_check_fails_on_a_figure_without_source() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("costs.toml"),
        "[[cost_item]]\nid = \"x\"\ncategory = \"legal\"\nname = \"X\"\nper = \"X\"\namount = { unit = \"eur\", value = 100, mark = \"verified\" }\n",
    )
    .unwrap();
    let out = cli()
        .args(["--lang", "en", "knowledge", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("costs.toml:6: error: cost_item[1].amount.min: no source"),
        "{text}"
    );
    assert!(
        text.contains("1 errors") || text.contains("errors"),
        "{text}"
    );
}

#[test]
fn sources_show_prints_fees_with_their_sources() {
    let out = cli()
        .args(["--lang", "en", "sources", "show", "fdz_gesundheit"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("EUR 2,300 / 13,400 / 43,900"), "{text}");
    assert!(text.contains("EUR 1,000 (verified) [datragebv_6"), "{text}");
    assert!(
        text.contains("https://www.gesetze-im-internet.de/datragebv/__6.html (2025-02-04)"),
        "{text}"
    );
    assert!(text.contains("(not for companies)"), "{text}");
    let json = cli()
        .args(["sources", "show", "fdpg_mii", "--json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["path"]["id"], "fdpg_mii");
    // Unknown stays unknown: no fee schedule, no invented total.
    assert!(doc["fee_range"]["likely"].is_null());
    assert_eq!(doc["path"]["lead_time"]["min"]["value"], 22.0);
    assert!(doc["path"]["lead_time"]["likely"]["value"].is_null());
    cli()
        .args(["sources", "show", "no_such_path"])
        .assert()
        .code(2);
}

#[test]
fn sources_command_ranks_for_a_profile_file() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profil.toml");
    std::fs::write(
        &profile,
        r#"
[company]
sector = "medtech"
phases = ["approval"]
risk_class = "mdr_iii"

[needs]
implantable = true
"#,
    )
    .unwrap();
    let out = cli()
        .args(["sources", "--json", "--today", "2026-11-25", "--profile"])
        .arg(&profile)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["phases"][0]["phase"], "approval");
    assert_eq!(
        doc["phases"][0]["recommendations"][0]["path"],
        "own_clinical_investigation"
    );
    // Text output in German by default.
    let out = cli()
        .args(["sources", "--today", "2026-11-25", "--profile"])
        .arg(&profile)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Empfohlene Kombination"), "{text}");
    assert!(text.contains("Art. 61 Abs. 4"), "{text}");
    // A broken profile is a usage error.
    std::fs::write(&profile, "[company]\nsector = \"bakery\"\n").unwrap();
    cli()
        .args(["sources", "--profile"])
        .arg(&profile)
        .assert()
        .code(2);
}

#[test]
fn sources_without_profile_filter_by_domain_and_phase() {
    let out = cli()
        .args([
            "sources",
            "--domain",
            "industry",
            "--phase",
            "post_market",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["domain"], "industry");
    let phases = doc["phases"].as_array().unwrap();
    assert_eq!(phases.len(), 1);
    assert_eq!(phases[0]["phase"], "post_market");
    let paths: Vec<&str> = phases[0]["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"catena_x_manufacturing_x"), "{paths:?}");
    assert!(!paths.contains(&"fdz_gesundheit"), "{paths:?}");
}

#[test]
fn the_knowledge_variable_overlays_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("paths")).unwrap();
    let fdz = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/knowledge/paths/fdz_gesundheit.toml"
    ))
    .unwrap()
    .replace(
        "quantity = { unit = \"count\", min = 1, likely = 10, max = 30,",
        "quantity = { unit = \"count\", min = 1, likely = 5, max = 30,",
    );
    std::fs::write(dir.path().join("paths/fdz_gesundheit.toml"), fdz).unwrap();
    let out = cli()
        .env("DATENREIFE_KNOWLEDGE", dir.path())
        .args(["--lang", "en", "sources", "show", "fdz_gesundheit"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // 300 + 3 × 1,000 + 5 × 1,000 + 100 = 8,400 likely.
    assert!(text.contains("EUR 2,300 / 8,400 / 43,900"), "{text}");
}
