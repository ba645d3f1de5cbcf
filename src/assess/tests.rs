//! Unit tests of the assessment: expansion of knowledge into plan input, defaults,
//! determinism.

use super::*;
use crate::catalog::CatalogFile;
use crate::plan::{CostAmount, Mark, PackageKind, RateKind, ThreePoint};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
}

fn file(path: &str, format: &str) -> CatalogFile {
    CatalogFile {
        path: path.into(),
        format: format.into(),
        size: 1000,
        readable: true,
        ..CatalogFile::default()
    }
}

/// A share with clinic data in health formats and no README there.
fn clinic_catalog() -> Catalog {
    Catalog {
        roots: vec!["/share".into()],
        files: vec![
            file("Klinik/FHIR/a.json", "fhir-json"),
            file("Klinik/HL7/b.hl7", "hl7v2"),
            file("Vertrieb/kunden.csv", "csv"),
        ],
        ..Catalog::default()
    }
}

fn profile(phases: &[Phase]) -> CompanyProfile {
    CompanyProfile {
        name: "Muster GmbH".into(),
        sector: Sector::Medtech,
        phases: phases.to_vec(),
        ..CompanyProfile::default()
    }
}

fn options(sources: &[&str]) -> AssessOptions {
    let mut o = AssessOptions::new(day(), Lang::De);
    o.sources = Some(sources.iter().map(|s| (*s).to_owned()).collect());
    o
}

fn run(sources: &[&str], settings: Settings, phases: &[Phase]) -> Result<Assessment, AssessError> {
    let mut o = options(sources);
    o.settings = settings;
    let catalog = Catalog {
        roots: vec!["/share".into()],
        files: vec![file("Vertrieb/kunden.csv", "csv")],
        ..Catalog::default()
    };
    assess(
        KnowledgeBase::embedded(),
        &catalog,
        Some(profile(phases)),
        &o,
    )
}

fn item<'a>(plan: &'a Plan, package: &str, item: &str) -> &'a crate::plan::CostLine {
    plan.package(package)
        .unwrap_or_else(|| panic!("no package {package}"))
        .costs
        .iter()
        .find(|c| c.id == item)
        .unwrap_or_else(|| panic!("no item {item} in {package}"))
}

#[test]
fn fdz_expands_into_its_template_with_the_ordinance_fees() {
    let a = run(&["fdz_gesundheit"], Settings::default(), &[Phase::Concept]).unwrap();
    let plan = a.plan.unwrap();
    let ids: Vec<&str> = plan.packages.iter().map(|p| p.id.as_str()).collect();
    // The yearly follow-up stays out: no post-market phase, no AI.
    assert_eq!(
        ids,
        [
            "fdz_gesundheit.registration",
            "fdz_gesundheit.preparation",
            "fdz_gesundheit.application",
            "fdz_gesundheit.review",
            "fdz_gesundheit.training",
            "fdz_gesundheit.data_access",
            "fdz_gesundheit.analysis_window",
            "fdz_gesundheit.output_check",
        ]
    );
    // DaTraGebV § 5: 300 € once, at the application.
    let base = item(&plan, "fdz_gesundheit.application", "fee.base");
    assert_eq!(base.eur, Some(ThreePoint::exact(300.0)));
    assert_eq!(base.provenance.mark, Mark::Verified);
    // § 6: 1,000 € per data year, 1 / 3 / 10 years assumed, due when data arrive.
    let years = item(&plan, "fdz_gesundheit.data_access", "fee.data_year");
    assert_eq!(years.eur, Some(ThreePoint::new(1000.0, 3000.0, 10_000.0)));
    assert!(
        years
            .provenance
            .note
            .as_deref()
            .unwrap()
            .contains("Verdopplung"),
        "the possible doubling is named: {:?}",
        years.provenance.note
    );
    // Transaction costs priced at the own-staff rate (600 € likely, an estimate).
    let prep = item(
        &plan,
        "fdz_gesundheit.application",
        "application_preparation",
    );
    assert!(matches!(
        prep.amount,
        CostAmount::Effort {
            rate: RateKind::StaffDay,
            ..
        }
    ));
    assert_eq!(prep.eur, Some(ThreePoint::new(1800.0, 3000.0, 6000.0)));
    assert_eq!(plan.rates.staff_day.as_ref().unwrap().eur, 600.0);
    assert!(plan.is_complete(), "{:?}", plan.unknown_costs);

    // Schedule on PERT means (min + 4 likely + max) / 6, computed by hand:
    // registration 13/6 = 2.17, preparation 26/6 = 4.33 → application starts at
    // 4.33 and takes 7/6 = 1.17 → 5.5; review 73/6 = 12.17 → 17.67; training 1.0
    // → 6.5; data access after review and training, 1.0 → 18.67.
    let access = plan.package("fdz_gesundheit.data_access").unwrap();
    assert!(
        (access.earliest_finish - 18.67).abs() < 0.01,
        "{}",
        access.earliest_finish
    );
    assert!(access.delivers_data);
    assert_eq!(
        &plan.critical_path[..4],
        [
            "fdz_gesundheit.preparation",
            "fdz_gesundheit.application",
            "fdz_gesundheit.review",
            "fdz_gesundheit.data_access",
        ]
    );
}

#[test]
fn fee_rules_double_only_what_the_ordinance_says_and_refuse_the_rest() {
    let mut settings = Settings::default();
    settings
        .plan
        .fee_rules
        .insert("fdz_gesundheit".into(), vec!["double".into()]);
    let a = run(&["fdz_gesundheit"], settings, &[Phase::Concept]).unwrap();
    let plan = a.plan.unwrap();
    assert_eq!(
        item(&plan, "fdz_gesundheit.application", "fee.base").eur,
        Some(ThreePoint::exact(600.0))
    );
    // Consulting (§ 7) is not doubled.
    let consulting = item(&plan, "fdz_gesundheit.review", "fee.consulting");
    assert_eq!(consulting.eur.unwrap().max, 3000.0);
    assert_eq!(
        a.fee_rules,
        [("fdz_gesundheit".to_owned(), "double".to_owned())]
    );

    for (rule, tenth) in [("tenth", true), ("triple", false)] {
        let mut settings = Settings::default();
        settings
            .plan
            .fee_rules
            .insert("fdz_gesundheit".into(), vec![rule.into()]);
        let err = run(&["fdz_gesundheit"], settings, &[Phase::Concept]).unwrap_err();
        assert_eq!(
            matches!(err, AssessError::FeeRuleNotApplicable { .. }),
            tenth,
            "{err}"
        );
        assert!(err.is_usage());
    }
}

#[test]
fn an_unpublished_fee_is_a_question_until_the_user_answers_it() {
    let a = run(&["fdpg_mii"], Settings::default(), &[Phase::Design]).unwrap();
    let plan = a.plan.unwrap();
    let open: Vec<String> = plan
        .unknown_costs
        .iter()
        .map(|u| format!("{}.{}", u.package_id, u.item_id))
        .collect();
    assert_eq!(open, ["fdpg_mii.data_access.fee"]);
    assert!(
        plan.unknown_costs[0]
            .question
            .de
            .contains("Kein Gebührenmodell gefunden")
    );

    let mut settings = Settings::default();
    settings.plan.costs.insert(
        "fdpg_mii.data_access.fee".into(),
        settings::Amount::Range {
            min: 2000.0,
            likely: 5000.0,
            max: 12_000.0,
        },
    );
    let answered = run(&["fdpg_mii"], settings, &[Phase::Design])
        .unwrap()
        .plan
        .unwrap();
    assert!(answered.is_complete());
    let fee = item(&answered, "fdpg_mii.data_access", "fee");
    assert_eq!(fee.eur, Some(ThreePoint::new(2000.0, 5000.0, 12_000.0)));
    assert_eq!(fee.provenance.mark, Mark::UserInput);
    assert_eq!(fee.provenance.as_of.as_deref(), Some("2026-03-02"));
}

#[test]
fn a_mistyped_answer_is_an_error_not_silence() {
    let mut settings = Settings::default();
    settings.plan.costs.insert(
        "fdpg_mii.data_acess.fee".into(),
        settings::Amount::Exact(1.0),
    );
    let err = run(&["fdpg_mii"], settings, &[Phase::Design]).unwrap_err();
    assert!(matches!(err, AssessError::UnknownAnswer(ref k) if k == "fdpg_mii.data_acess.fee"));
}

#[test]
fn unknown_durations_get_a_marked_assumption_or_the_users_answer() {
    let a = run(&["zfkd_rki"], Settings::default(), &[Phase::Concept]).unwrap();
    let assumed: Vec<&str> = a
        .assumed_durations
        .iter()
        .map(|d| d.package_id.as_str())
        .collect();
    assert_eq!(assumed, ["zfkd_rki.review", "zfkd_rki.data_access"]);
    let plan = a.plan.as_ref().unwrap();
    let review = plan.package("zfkd_rki.review").unwrap();
    assert_eq!(review.duration_weeks, ThreePoint::new(4.0, 12.0, 26.0));
    let source = review.duration_source.as_ref().unwrap();
    assert_eq!(source.mark, Mark::Estimate);
    assert!(
        source
            .note
            .as_deref()
            .unwrap()
            .contains("Keine veröffentlichte Dauer")
    );

    let mut settings = Settings::default();
    settings.plan.durations.insert(
        "zfkd_rki.review".into(),
        settings::Amount::Range {
            min: 3.0,
            likely: 6.0,
            max: 10.0,
        },
    );
    let a = run(&["zfkd_rki"], settings, &[Phase::Concept]).unwrap();
    assert_eq!(a.assumed_durations.len(), 1);
    let review = a.plan.as_ref().unwrap().package("zfkd_rki.review").unwrap();
    assert_eq!(review.duration_weeks, ThreePoint::new(3.0, 6.0, 10.0));
    assert_eq!(
        review.duration_source.as_ref().unwrap().mark,
        Mark::UserInput
    );
}

#[test]
fn a_cooperation_partner_removes_the_partner_search_and_keeps_the_order() {
    let without = run(
        &["gdng_para6_care_institutions"],
        Settings::default(),
        &[Phase::Design],
    )
    .unwrap();
    let mut settings = Settings::default();
    settings.needs.clinical_partners = 1;
    let with = run(
        &["gdng_para6_care_institutions"],
        settings,
        &[Phase::Design],
    )
    .unwrap();
    let ids = |a: &Assessment| -> Vec<String> {
        a.plan
            .as_ref()
            .unwrap()
            .packages
            .iter()
            .map(|p| p.id.clone())
            .collect()
    };
    let dropped: Vec<String> = ids(&without)
        .into_iter()
        .filter(|id| !ids(&with).contains(id))
        .collect();
    let kb = KnowledgeBase::embedded();
    let path = kb.path("gdng_para6_care_institutions").unwrap();
    let skippable: Vec<String> = path
        .steps
        .iter()
        .filter(|s| s.skip_if_partner)
        .map(|s| format!("{}.{}", path.id, s.id))
        .collect();
    assert_eq!(dropped, skippable);
    // Nothing depends on a package that is no longer there.
    let plan = with.plan.unwrap();
    for p in &plan.packages {
        for d in &p.depends_on {
            assert!(plan.package(d).is_some(), "{} depends on missing {d}", p.id);
        }
    }
    // And data arrive sooner: the search (12 weeks likely) is gone.
    let ttd = |a: &Plan| a.total.time_to_data_weeks.unwrap().p50;
    assert!(ttd(&plan) + 8.0 < ttd(without.plan.as_ref().unwrap()));
}

#[test]
fn undocumented_health_data_gate_every_application_and_contract() {
    let a = assess(
        KnowledgeBase::embedded(),
        &clinic_catalog(),
        Some(profile(&[Phase::Design])),
        &options(&["fdpg_mii"]),
    )
    .unwrap();
    let works: Vec<ReadinessWork> = a.readiness.iter().map(|r| r.work).collect();
    assert_eq!(
        works,
        [ReadinessWork::LegalBasis, ReadinessWork::Documentation]
    );
    let plan = a.plan.unwrap();
    assert_eq!(plan.packages[0].id, "ready.legal_basis");
    assert_eq!(plan.packages[1].id, "ready.documentation");
    for p in &plan.packages {
        let gated = matches!(
            p.kind,
            PackageKind::Application | PackageKind::Contract | PackageKind::EthicsVote
        );
        assert_eq!(
            p.depends_on.contains(&"ready.legal_basis".to_owned()),
            gated,
            "{}",
            p.id
        );
        if p.kind == PackageKind::Harmonisation {
            assert!(p.depends_on.contains(&"ready.documentation".to_owned()));
        }
    }
    let legal = plan.package("ready.legal_basis").unwrap();
    assert_eq!(legal.kind, PackageKind::Readiness);
    assert!(
        legal
            .costs
            .iter()
            .any(|c| c.id == "legal_basis_documentation")
    );
    assert!(legal.costs.iter().any(|c| c.id == "dpo_review"));
}

#[test]
fn funding_follows_size_sector_and_what_the_plan_pays_for() {
    let a = run(&["fdpg_mii"], Settings::default(), &[Phase::Design]).unwrap();
    let plan = a.plan.unwrap();
    let zim = plan
        .funding
        .iter()
        .find(|f| f.id == "zim")
        .expect("ZIM fits");
    // 40 % for a small company; the other rate becomes a condition.
    assert_eq!(zim.rate, Some(0.4));
    assert!(zim.conditions.iter().any(|c| c.de.contains("45 %")));
    // The 690,000 € are eligible costs, not a cap of the grant.
    assert_eq!(zim.cap_eur, None);
    let offset = zim.possible_offset.unwrap();
    assert!(offset.p50 > 0.0 && offset.p50 < plan.total.cost_once.p50);
    // Ended programmes never appear.
    assert!(plan.funding.iter().all(|f| f.id != "go_digital"));

    let mut settings = Settings::default();
    let mut large = profile(&[Phase::Design]);
    large.size = crate::company::CompanySize::Large;
    settings.company = Some(large);
    let a = run(&["fdpg_mii"], settings, &[Phase::Design]).unwrap();
    assert!(a.plan.unwrap().funding.iter().all(|f| f.id != "zim"));
}

#[test]
fn without_a_profile_the_defaults_are_named_and_the_guide_chooses() {
    let catalog = clinic_catalog();
    let a = assess(
        KnowledgeBase::embedded(),
        &catalog,
        None,
        &AssessOptions::new(day(), Lang::De),
    )
    .unwrap();
    assert_eq!(a.profile_source, ProfileSource::Default);
    assert_eq!(a.company.sector, Sector::Medtech);
    assert!(a.phases_assumed);
    assert_eq!(a.plan_phases, DEFAULT_PHASES);
    let mut expected: Vec<String> = Vec::new();
    for phase in &a.guide.phases {
        if DEFAULT_PHASES.contains(&phase.phase)
            && let Some(c) = &phase.combination
        {
            for id in &c.paths {
                if !expected.contains(id) {
                    expected.push(id.clone());
                }
            }
        }
    }
    let chosen: Vec<String> = a.sources.iter().map(|s| s.id.clone()).collect();
    assert_eq!(chosen, expected);
    assert!(!chosen.is_empty());
    assert!(a.sources.iter().all(|s| s.chosen_by == ChoiceOrigin::Guide));
    let plan = a.plan.as_ref().unwrap();
    assert_eq!(plan.simulation.seed, DEFAULT_SEED);

    // A share without health data is not MedTech.
    let office = Catalog {
        files: vec![file("Vertrieb/kunden.csv", "csv")],
        ..Catalog::default()
    };
    let a = assess(
        KnowledgeBase::embedded(),
        &office,
        None,
        &AssessOptions::new(day(), Lang::En),
    )
    .unwrap();
    assert_eq!(a.company.sector, Sector::Other);
    assert_eq!(a.domain, Domain::Industry);
}

#[test]
fn same_inputs_and_seed_give_the_same_json_and_another_seed_does_not() {
    let catalog = clinic_catalog();
    let kb = KnowledgeBase::embedded();
    let json = |seed: Option<u64>| {
        let mut o = AssessOptions::new(day(), Lang::De);
        o.seed = seed;
        serde_json::to_string(&assess(kb, &catalog, None, &o).unwrap()).unwrap()
    };
    assert_eq!(json(None), json(None));
    assert_eq!(json(Some(7)), json(Some(7)));
    assert_ne!(json(Some(7)), json(Some(8)));
}

#[test]
fn unknown_or_unplannable_paths_are_usage_errors() {
    let err = run(&["fdz_mars"], Settings::default(), &[Phase::Concept]).unwrap_err();
    assert!(matches!(err, AssessError::UnknownSource(_)) && err.is_usage());
    let kb = KnowledgeBase::embedded();
    let empty = kb
        .paths
        .iter()
        .find(|p| p.steps.is_empty())
        .expect("a path without template");
    let err = run(&[empty.id.as_str()], Settings::default(), &[Phase::Concept]).unwrap_err();
    assert!(matches!(err, AssessError::NotPlannable(_)) && err.is_usage());
}

#[test]
fn yearly_steps_become_running_costs_in_the_post_market_phase() {
    let mut settings = Settings::default();
    settings.plan.recurring = Some(true);
    let a = run(&["fdz_gesundheit"], settings, &[Phase::Concept]).unwrap();
    let plan = a.plan.unwrap();
    let follow = plan.package("fdz_gesundheit.follow_up").unwrap();
    assert_eq!(follow.kind, PackageKind::RecurringAccess);
    assert_eq!(follow.phase, Phase::PostMarket);
    assert!(
        follow
            .costs
            .iter()
            .all(|c| c.recurrence == crate::plan::Recurrence::Yearly)
    );
    assert_eq!(follow.cost_once.p90, 0.0);
    assert!(
        plan.total.cost_yearly.p50 > 10_000.0,
        "{:?}",
        plan.total.cost_yearly
    );
    let fdz = plan
        .paths
        .iter()
        .find(|p| p.id == "fdz_gesundheit")
        .unwrap();
    assert!(fdz.phases.contains(&Phase::PostMarket));
}
