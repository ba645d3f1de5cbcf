use super::*;
use crate::plan::{
    AccessPath, CostCategory, Distribution, FundingOption, Mark, PackageKind, Provenance, Rates,
    WorkPackage,
};

fn src(mark: Mark) -> Provenance {
    Provenance {
        source: "https://example.org/schedule".into(),
        as_of: Some("2025-02-04".into()),
        mark,
        note: None,
    }
}

fn rate(eur: f64) -> Rate {
    Rate {
        eur,
        provenance: src(Mark::UserInput),
    }
}

fn item(id: &str, category: CostCategory, amount: CostAmount) -> CostItem {
    CostItem {
        id: id.into(),
        label: Bilingual::same(id),
        category,
        topic: None,
        recurrence: Recurrence::Once,
        amount,
        provenance: src(Mark::Verified),
    }
}

fn euros(eur: ThreePoint) -> CostAmount {
    CostAmount::Euros { eur }
}

#[allow(clippy::too_many_arguments)]
fn package(
    id: &str,
    path: Option<&str>,
    phase: Phase,
    kind: PackageKind,
    weeks: ThreePoint,
    deps: &[&str],
    delivers_data: bool,
    costs: Vec<CostItem>,
) -> WorkPackage {
    WorkPackage {
        id: id.into(),
        name: Bilingual::same(id),
        path: path.map(Into::into),
        phase,
        kind,
        duration_weeks: weeks,
        duration_source: None,
        depends_on: deps.iter().map(|d| (*d).to_owned()).collect(),
        delivers_data,
        costs,
    }
}

fn w(v: f64) -> ThreePoint {
    ThreePoint::exact(v)
}

/// Two access paths with exact (min = likely = max) estimates, so every simulated
/// quantile equals the hand-computed value.
///
/// ```text
/// path A (FDZ, concept):   A1 registration 2w → A2 application 13w → A3 SPE data 1w (data)
///                          A3 → P1 post-market renewal 4w (yearly cost)
/// internal:                R1 document legal basis 3w
/// path B (DIZ, design):    B1 ethics vote 8w → B2 contract 6w (also after R1)
///                          → B3 data delivery 4w (data) → B4 harmonisation 5w
///                          → B5 analysis 3w (also after A3)
/// ```
///
/// Forward pass: A1 0–2, A2 2–15, A3 15–16, P1 16–20, R1 0–3, B1 0–8,
/// B2 max(8, 3) = 8–14, B3 14–18, B4 18–23, B5 max(23, 16) = 23–26. Makespan 26.
/// Backward pass from 26: B5 23–26, B4 18–23, B3 14–18, B2 8–14, B1 0–8 (float 0);
/// R1 must finish by 8 → latest start 5, float 5; P1 LF 26 → LS 22, float 6;
/// A3 must finish before both successors start: min(LS B5 = 23, LS P1 = 22) = 22 →
/// LS 21, A2 LS 8, A1 LS 6 (float 6 on the whole FDZ chain).
/// Critical path: B1 → B2 → B3 → B4 → B5 (26 weeks).
/// Time to data: path A 16 (A3), path B 18 (B3), overall max = 18;
/// concept phase (A-packages) 16, design phase (B-packages) 18.
/// One-off cost: A2 300 + 3 × 1,000 = 3,300; A3 10 days × 1,000 = 10,000;
/// R1 4 staff days × 600 = 2,400; B1 1,500; B2 20 lawyer hours × 250 = 5,000;
/// B3 unknown (asked, not counted); B4 15 staff days × 600 = 9,000.
/// Path A 13,300; path B 15,500; total 13,300 + 15,500 + 2,400 = 31,200.
/// Running cost: P1 2 data years × 1,000 = 2,000 per year.
/// Funding: go-inno 50 % of external services (5,000) = 2,500;
/// ZIM 40 % of internal effort (2,400 + 9,000 = 11,400) = 4,560, capped at 1,000.
fn two_path_input() -> PlanInput {
    use PackageKind::*;
    use Phase::*;
    let mut renewal = item(
        "renewal",
        CostCategory::Fee,
        CostAmount::PerUnit {
            quantity: w(2.0),
            unit: Bilingual::new("Datenjahr", "data year"),
            unit_price_eur: w(1000.0),
        },
    );
    renewal.recurrence = Recurrence::Yearly;
    PlanInput {
        paths: vec![
            AccessPath {
                id: "fdz".into(),
                name: Bilingual::same("FDZ Gesundheit"),
                phases: vec![Concept, PostMarket],
            },
            AccessPath {
                id: "diz".into(),
                name: Bilingual::same("DIZ"),
                phases: vec![Design],
            },
        ],
        packages: vec![
            package(
                "A1",
                Some("fdz"),
                Concept,
                Registration,
                w(2.0),
                &[],
                false,
                vec![],
            ),
            package(
                "A2",
                Some("fdz"),
                Concept,
                Application,
                w(13.0),
                &["A1"],
                false,
                vec![
                    item("base", CostCategory::Fee, euros(w(300.0))),
                    item(
                        "years",
                        CostCategory::Fee,
                        CostAmount::PerUnit {
                            quantity: w(3.0),
                            unit: Bilingual::new("Datenjahr", "data year"),
                            unit_price_eur: w(1000.0),
                        },
                    ),
                ],
            ),
            package(
                "A3",
                Some("fdz"),
                Concept,
                DataDelivery,
                w(1.0),
                &["A2"],
                true,
                vec![item(
                    "spe",
                    CostCategory::Fee,
                    CostAmount::PerUnit {
                        quantity: w(10.0),
                        unit: Bilingual::new("Nutzungstag", "usage day"),
                        unit_price_eur: w(1000.0),
                    },
                )],
            ),
            package(
                "P1",
                Some("fdz"),
                PostMarket,
                RecurringAccess,
                w(4.0),
                &["A3"],
                false,
                vec![renewal],
            ),
            package(
                "R1",
                None,
                Design,
                Readiness,
                w(3.0),
                &[],
                false,
                vec![item(
                    "staff",
                    CostCategory::InternalEffort,
                    CostAmount::Effort {
                        quantity: w(4.0),
                        rate: RateKind::StaffDay,
                    },
                )],
            ),
            package(
                "B1",
                Some("diz"),
                Design,
                EthicsVote,
                w(8.0),
                &[],
                false,
                vec![item("ec", CostCategory::Fee, euros(w(1500.0)))],
            ),
            package(
                "B2",
                Some("diz"),
                Design,
                Contract,
                w(6.0),
                &["B1", "R1"],
                false,
                vec![item(
                    "lawyer",
                    CostCategory::ExternalService,
                    CostAmount::Effort {
                        quantity: w(20.0),
                        rate: RateKind::LawyerHour,
                    },
                )],
            ),
            package(
                "B3",
                Some("diz"),
                Design,
                DataDelivery,
                w(4.0),
                &["B2"],
                true,
                vec![item(
                    "diz_fee",
                    CostCategory::Fee,
                    CostAmount::Unknown {
                        question: Bilingual::new(
                            "Was berechnet das DIZ für die Datenbereitstellung?",
                            "What does the DIZ charge for providing the data?",
                        ),
                    },
                )],
            ),
            package(
                "B4",
                Some("diz"),
                Design,
                Harmonisation,
                w(5.0),
                &["B3"],
                false,
                vec![item(
                    "mapping",
                    CostCategory::InternalEffort,
                    CostAmount::Effort {
                        quantity: w(15.0),
                        rate: RateKind::StaffDay,
                    },
                )],
            ),
            package(
                "B5",
                Some("diz"),
                Design,
                Analysis,
                w(3.0),
                &["B4", "A3"],
                false,
                vec![],
            ),
        ],
        rates: Rates {
            staff_day: Some(rate(600.0)),
            lawyer_hour: Some(rate(250.0)),
            consultant_day: None,
            dpo_hour: None,
        },
        funding: vec![
            FundingOption {
                id: "go_inno".into(),
                name: Bilingual::same("go-inno"),
                rate: Some(0.5),
                cap_eur: None,
                eligible_categories: vec![CostCategory::ExternalService],
                eligible_topics: vec![],
                eligible_phases: vec![],
                conditions: vec![Bilingual::same("< 100 employees")],
                provenance: src(Mark::Verified),
            },
            FundingOption {
                id: "zim".into(),
                name: Bilingual::same("ZIM"),
                rate: Some(0.4),
                cap_eur: Some(1000.0),
                eligible_categories: vec![CostCategory::InternalEffort],
                eligible_topics: vec![],
                eligible_phases: vec![Design],
                conditions: vec![],
                provenance: src(Mark::Secondary),
            },
        ],
    }
}

fn exact(q: Quantiles, value: f64) {
    assert_eq!((q.p10, q.p50, q.p90, q.mean), (value, value, value, value));
}

#[test]
fn two_path_plan_matches_the_hand_computation() {
    let plan = build(&two_path_input(), &SimulationOptions::new(1)).unwrap();

    assert_eq!(plan.critical_path, ["B1", "B2", "B3", "B4", "B5"]);
    assert_eq!(plan.total.expected_duration_weeks, 26.0);
    exact(plan.total.duration_weeks, 26.0);
    exact(plan.total.time_to_data_weeks.unwrap(), 18.0);
    exact(plan.total.cost_once, 31_200.0);
    exact(plan.total.cost_yearly, 2_000.0);

    let sched = |id: &str| {
        let p = plan.package(id).unwrap();
        (
            p.earliest_start,
            p.earliest_finish,
            p.latest_start,
            p.slack_weeks,
            p.critical,
        )
    };
    assert_eq!(sched("A1"), (0.0, 2.0, 6.0, 6.0, false));
    assert_eq!(sched("A2"), (2.0, 15.0, 8.0, 6.0, false));
    assert_eq!(sched("A3"), (15.0, 16.0, 21.0, 6.0, false));
    assert_eq!(sched("P1"), (16.0, 20.0, 22.0, 6.0, false));
    assert_eq!(sched("R1"), (0.0, 3.0, 5.0, 5.0, false));
    assert_eq!(sched("B2"), (8.0, 14.0, 8.0, 0.0, true));
    assert_eq!(sched("B5"), (23.0, 26.0, 23.0, 0.0, true));
    assert_eq!(plan.package("B1").unwrap().criticality, 1.0);
    assert_eq!(plan.package("A2").unwrap().criticality, 0.0);
    exact(plan.package("A3").unwrap().finish_weeks, 16.0);

    let fdz = &plan.paths[0];
    exact(fdz.cost_once, 13_300.0);
    exact(fdz.cost_yearly, 2_000.0);
    exact(fdz.time_to_data_weeks.unwrap(), 16.0);
    assert_eq!((fdz.start_weeks, fdz.finish_weeks), (0.0, 20.0));
    let diz = &plan.paths[1];
    exact(diz.cost_once, 15_500.0);
    exact(diz.time_to_data_weeks.unwrap(), 18.0);
    assert_eq!(diz.unknown_costs, 1);
    assert_eq!(plan.package("B3").unwrap().unknown_costs, 1);
    assert_eq!(plan.package("B2").unwrap().unknown_costs, 0);

    let phases: Vec<Phase> = plan.phases.iter().map(|p| p.phase).collect();
    assert_eq!(phases, [Phase::Concept, Phase::Design, Phase::PostMarket]);
    exact(plan.phases[0].cost_once, 13_300.0);
    exact(plan.phases[0].time_to_data_weeks.unwrap(), 16.0);
    exact(plan.phases[1].cost_once, 17_900.0);
    exact(plan.phases[1].time_to_data_weeks.unwrap(), 18.0);
    assert!(plan.phases[2].time_to_data_weeks.is_none());
    exact(plan.phases[2].cost_yearly, 2_000.0);

    let go_inno = &plan.funding[0];
    exact(go_inno.eligible_cost, 5_000.0);
    exact(go_inno.possible_offset.unwrap(), 2_500.0);
    let zim = &plan.funding[1];
    exact(zim.eligible_cost, 11_400.0);
    exact(zim.possible_offset.unwrap(), 1_000.0);
    // Funding is never subtracted from the totals.
    exact(plan.total.cost_once, 31_200.0);

    let line = &plan.package("A2").unwrap().costs[1];
    assert_eq!(line.eur, Some(w(3000.0)));
    assert_eq!(line.expected_eur, Some(3000.0));
    let lawyer = &plan.package("B2").unwrap().costs[0];
    assert_eq!(lawyer.eur, Some(w(5000.0)));
    assert_eq!(lawyer.rate.as_ref().unwrap().eur, 250.0);
}

#[test]
fn unknown_fees_are_listed_and_never_counted_as_zero() {
    let plan = build(&two_path_input(), &SimulationOptions::new(1)).unwrap();
    assert!(!plan.is_complete());
    assert_eq!(plan.unknown_costs.len(), 1);
    let unknown = &plan.unknown_costs[0];
    assert_eq!(
        (unknown.package_id.as_str(), unknown.item_id.as_str()),
        ("B3", "diz_fee")
    );
    assert_eq!(unknown.reason, UnknownReason::FeeUnknown);
    assert!(unknown.question.de.contains("DIZ"));
    let line = &plan.package("B3").unwrap().costs[0];
    assert_eq!((line.eur, line.expected_eur), (None, None));
    // In JSON the unknown amount carries no number at all.
    let json = serde_json::to_value(line).unwrap();
    assert_eq!(json["amount"]["kind"], "unknown");
    assert!(json["eur"].is_null() && json["expected_eur"].is_null());

    // Answering the question turns it into user input and completes the totals.
    let mut input = two_path_input();
    let b3 = input.packages.iter_mut().find(|p| p.id == "B3").unwrap();
    b3.costs[0].amount = euros(w(2_000.0));
    b3.costs[0].provenance = Provenance::user_input("2026-03-01");
    let plan = build(&input, &SimulationOptions::new(1)).unwrap();
    assert!(plan.is_complete());
    exact(plan.total.cost_once, 33_200.0);
}

#[test]
fn an_unset_rate_makes_effort_unknown_and_asks_for_the_rate() {
    let mut input = two_path_input();
    input.rates.lawyer_hour = None;
    let plan = build(&input, &SimulationOptions::new(1)).unwrap();
    let unknown: Vec<_> = plan
        .unknown_costs
        .iter()
        .map(|u| (u.item_id.as_str(), u.reason))
        .collect();
    assert_eq!(
        unknown,
        [
            (
                "lawyer",
                UnknownReason::RateUnset {
                    rate: RateKind::LawyerHour
                }
            ),
            ("diz_fee", UnknownReason::FeeUnknown)
        ]
    );
    assert!(plan.unknown_costs[0].question.de.contains("Anwalt"));
    assert!(plan.unknown_costs[0].question.en.contains("lawyer"));
    // 31,200 minus the 5,000 lawyer cost that can no longer be priced.
    exact(plan.total.cost_once, 26_200.0);
}

/// Two packages in sequence with PERT durations X (2, 4, 12) and Y (1, 2, 3) weeks and
/// a cost of (1,000, 2,000, 6,000) €.
/// PERT means: X (2 + 16 + 12)/6 = 5, Y (1 + 8 + 3)/6 = 2, so the chain takes 7 weeks on
/// average; the cost (1,000 + 8,000 + 6,000)/6 = 2,500 €.
/// Triangular means: X (2 + 4 + 12)/3 = 6, Y 2, chain 8; cost 9,000/3 = 3,000 €.
fn chain_input() -> PlanInput {
    PlanInput {
        paths: vec![],
        packages: vec![
            package(
                "X",
                None,
                Phase::Design,
                PackageKind::Readiness,
                ThreePoint::new(2.0, 4.0, 12.0),
                &[],
                false,
                vec![item(
                    "c",
                    CostCategory::Other,
                    euros(ThreePoint::new(1000.0, 2000.0, 6000.0)),
                )],
            ),
            package(
                "Y",
                None,
                Phase::Design,
                PackageKind::Analysis,
                ThreePoint::new(1.0, 2.0, 3.0),
                &["X"],
                true,
                vec![],
            ),
        ],
        ..PlanInput::default()
    }
}

#[test]
fn simulated_means_match_the_analytic_means() {
    for (distribution, weeks, eur) in [
        (Distribution::Pert, 7.0, 2500.0),
        (Distribution::Triangular, 8.0, 3000.0),
    ] {
        let options = SimulationOptions {
            seed: 99,
            draws: 10_000,
            distribution,
        };
        let plan = build(&chain_input(), &options).unwrap();
        assert_eq!(plan.total.expected_duration_weeks, weeks);
        let d = plan.total.duration_weeks;
        // Standard deviation of the chain ≈ 1.8 (PERT) / 2.2 (triangular) weeks; the
        // standard error of 10,000 draws is < 0.03, so 0.1 is a safe tolerance.
        assert!((d.mean - weeks).abs() < 0.1, "{distribution:?}: {d:?}");
        assert!(d.p10 < d.p50 && d.p50 < d.p90);
        assert!(d.p10 >= 3.0 && d.p90 <= 15.0);
        let c = plan.total.cost_once;
        assert!((c.mean - eur).abs() / eur < 0.02, "{distribution:?}: {c:?}");
        assert_eq!(plan.critical_path, ["X", "Y"]);
        assert_eq!(plan.total.time_to_data_weeks, Some(d));
    }
}

#[test]
fn parallel_paths_take_the_longer_one_and_uncertainty_widens_it() {
    // Two independent packages of (2, 5, 8) weeks in parallel: the expected schedule
    // takes 5 weeks, but the simulated finish is the maximum of two draws, whose median
    // lies above 5 (merge bias).
    let mut input = chain_input();
    input.packages[0].duration_weeks = ThreePoint::new(2.0, 5.0, 8.0);
    input.packages[1].duration_weeks = ThreePoint::new(2.0, 5.0, 8.0);
    input.packages[1].depends_on.clear();
    let plan = build(&input, &SimulationOptions::new(5)).unwrap();
    assert_eq!(plan.total.expected_duration_weeks, 5.0);
    assert!(plan.total.duration_weeks.p50 > 5.2);
    // Both are critical on expected durations; each is critical in about half the draws.
    assert_eq!(plan.critical_path, ["X"]);
    for p in &plan.packages {
        assert!(p.critical);
        assert!((p.criticality - 0.5).abs() < 0.03, "{}", p.criticality);
    }
}

#[test]
fn same_input_and_seed_give_identical_json() {
    let mut input = two_path_input();
    input.packages[1].duration_weeks = ThreePoint::new(8.0, 13.0, 17.0);
    input.packages[1].costs[0].amount = euros(ThreePoint::new(300.0, 300.0, 600.0));
    let a =
        serde_json::to_string_pretty(&build(&input, &SimulationOptions::new(42)).unwrap()).unwrap();
    let b =
        serde_json::to_string_pretty(&build(&input, &SimulationOptions::new(42)).unwrap()).unwrap();
    assert_eq!(a, b);
    let c =
        serde_json::to_string_pretty(&build(&input, &SimulationOptions::new(43)).unwrap()).unwrap();
    assert_ne!(a, c);
    // The plan round-trips through JSON.
    let back: Plan = serde_json::from_str(&a).unwrap();
    assert_eq!(serde_json::to_string_pretty(&back).unwrap(), a);
}

#[test]
fn invalid_inputs_are_refused_with_a_reason() {
    let mut input = two_path_input();
    input.packages[0].depends_on = vec!["B5".into()];
    input.packages[9].depends_on.push("A1".into());
    match build(&input, &SimulationOptions::new(1)) {
        Err(PlanError::Cycle(ids)) => {
            assert_eq!(ids.first(), ids.last());
            assert!(ids.contains(&"A1".to_owned()) && ids.contains(&"B5".to_owned()));
        }
        other => panic!("expected a cycle, got {other:?}"),
    }

    let mut input = two_path_input();
    input.packages[2].depends_on.push("nope".into());
    assert!(matches!(
        build(&input, &SimulationOptions::new(1)),
        Err(PlanError::UnknownDependency { .. })
    ));

    let mut input = two_path_input();
    input.packages[3].id = "A1".into();
    assert!(matches!(
        build(&input, &SimulationOptions::new(1)),
        Err(PlanError::DuplicatePackage(id)) if id == "A1"
    ));

    let mut input = two_path_input();
    input.packages[0].duration_weeks = ThreePoint::new(5.0, 3.0, 8.0);
    let err = build(&input, &SimulationOptions::new(1)).unwrap_err();
    assert!(err.to_string().contains("duration of A1"), "{err}");

    let mut input = two_path_input();
    input.packages[0].path = Some("ghost".into());
    assert!(matches!(
        build(&input, &SimulationOptions::new(1)),
        Err(PlanError::UnknownPath { .. })
    ));

    let mut input = two_path_input();
    input.funding[0].rate = Some(1.5);
    assert!(matches!(
        build(&input, &SimulationOptions::new(1)),
        Err(PlanError::InvalidAmount(_))
    ));

    let options = SimulationOptions {
        draws: 0,
        ..SimulationOptions::new(1)
    };
    assert!(matches!(
        build(&two_path_input(), &options),
        Err(PlanError::NoDraws)
    ));
}

#[test]
fn a_self_dependency_is_a_cycle() {
    let mut input = chain_input();
    input.packages[0].depends_on = vec!["X".into()];
    match build(&input, &SimulationOptions::new(1)) {
        Err(PlanError::Cycle(ids)) => assert_eq!(ids, ["X", "X"]),
        other => panic!("expected a cycle, got {other:?}"),
    }
}

#[test]
fn an_empty_plan_is_empty_not_an_error() {
    let plan = build(&PlanInput::default(), &SimulationOptions::new(1)).unwrap();
    assert!(plan.packages.is_empty() && plan.critical_path.is_empty());
    exact(plan.total.cost_once, 0.0);
    assert!(plan.total.time_to_data_weeks.is_none());
}

#[test]
fn readiness_work_can_be_put_before_other_packages() {
    let mut input = two_path_input();
    let legal = package(
        "R2",
        None,
        Phase::Design,
        PackageKind::Readiness,
        w(10.0),
        &[],
        false,
        vec![],
    );
    let linked = input.add_prerequisite(legal, |p| p.kind == PackageKind::Contract);
    assert_eq!(linked, 1);
    let plan = build(&input, &SimulationOptions::new(1)).unwrap();
    // B2 (contract) starts at max(B1 8, R1 3, R2 10) = 10, so the DIZ chain ends two
    // weeks later: 10 + 6 + 4 + 5 + 3 = 28. The FDZ chain is unchanged (A2 starts at 2).
    assert_eq!(plan.total.expected_duration_weeks, 28.0);
    assert_eq!(plan.critical_path, ["R2", "B2", "B3", "B4", "B5"]);
    assert_eq!(plan.package("A2").unwrap().earliest_start, 2.0);

    // Putting it before the applications too delays the FDZ chain by 8 weeks as well:
    // A: 10 + 13 + 1 + 4 = 28, B: 28. Both chains are now critical.
    let mut input = two_path_input();
    let legal = package(
        "R2",
        None,
        Phase::Design,
        PackageKind::Readiness,
        w(10.0),
        &[],
        false,
        vec![],
    );
    input.add_prerequisite(legal, |p| {
        matches!(p.kind, PackageKind::Application | PackageKind::Contract)
    });
    let plan = build(&input, &SimulationOptions::new(1)).unwrap();
    assert_eq!(plan.total.expected_duration_weeks, 28.0);
    assert!(
        ["A2", "A3", "P1", "B2", "B5"]
            .iter()
            .all(|id| plan.package(id).unwrap().critical)
    );
}

#[test]
fn funding_topics_select_items_finer_than_categories() {
    let mut legal = item(
        "lawyer",
        CostCategory::ExternalService,
        euros(ThreePoint::exact(1000.0)),
    );
    legal.topic = Some("legal".into());
    let mut mapping = item(
        "omop",
        CostCategory::ExternalService,
        euros(ThreePoint::exact(4000.0)),
    );
    mapping.topic = Some("harmonisation".into());
    let input = PlanInput {
        paths: vec![],
        packages: vec![package(
            "X",
            None,
            Phase::Design,
            PackageKind::Other,
            w(1.0),
            &[],
            false,
            vec![legal, mapping],
        )],
        rates: Rates::default(),
        funding: vec![FundingOption {
            id: "f".into(),
            name: Bilingual::same("F"),
            rate: Some(0.5),
            cap_eur: None,
            eligible_categories: vec![],
            eligible_topics: vec!["harmonisation".into()],
            eligible_phases: vec![],
            conditions: vec![],
            provenance: src(Mark::Verified),
        }],
    };
    let plan = build(&input, &SimulationOptions::new(3)).unwrap();
    // Only the 4,000 € mapping is eligible, not the lawyer of the same category.
    exact(plan.funding[0].eligible_cost, 4000.0);
    exact(plan.funding[0].possible_offset.unwrap(), 2000.0);
}
