//! The plan as workbook sheets, in the catalogue's house style, so they can sit next
//! to the catalogue sheets in one file.

use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::{
    CostAmount, CostLine, Plan, Quantiles, ScheduledPackage, ThreePoint, format_eur,
    format_quantity,
};
use crate::catalog::export::{Styles, sheet_header};
use crate::company::Phase;
use crate::i18n::{Lang, t, tf};

/// Longest schedule shown week by week (five years); later weeks are cut off.
const MAX_WEEKS: u16 = 260;

/// Adds the plan sheets to `book`: work packages, costs (every item with its range
/// and source), totals per phase and path, a week-by-week schedule and funding.
///
/// # Errors
/// [`XlsxError`] when a sheet cannot be written (e.g. a sheet name already in use).
pub fn add_sheets(book: &mut Workbook, plan: &Plan, lang: Lang) -> Result<(), XlsxError> {
    let styles = Styles::new();
    let extra = Extra::new();
    packages_sheet(book.add_worksheet(), plan, lang, &styles, &extra)?;
    costs_sheet(book.add_worksheet(), plan, lang, &styles, &extra)?;
    totals_sheet(book.add_worksheet(), plan, lang, &styles, &extra)?;
    schedule_sheet(book.add_worksheet(), plan, lang, &styles)?;
    funding_sheet(book.add_worksheet(), plan, lang, &styles, &extra)?;
    Ok(())
}

/// Formats the plan needs beyond the shared [`Styles`].
struct Extra {
    money: Format,
    weeks: Format,
    percent: Format,
    bold: Format,
    bold_money: Format,
}

impl Extra {
    fn new() -> Extra {
        Extra {
            money: Format::new().set_num_format("#,##0 \"€\""),
            weeks: Format::new().set_num_format("0.0"),
            percent: Format::new().set_num_format("0%"),
            bold: Format::new().set_bold(),
            bold_money: Format::new().set_bold().set_num_format("#,##0 \"€\""),
        }
    }
}

fn headers(lang: Lang, columns: &[(&str, f64)]) -> Vec<(String, f64)> {
    columns
        .iter()
        .map(|(key, width)| (t(lang, &format!("plan.{key}")), *width))
        .collect()
}

fn phase_name(lang: Lang, phase: Phase) -> String {
    t(lang, &format!("plan.phase_{}", phase.id()))
}

fn path_name(plan: &Plan, lang: Lang, package: &ScheduledPackage) -> String {
    match &package.path {
        Some(id) => plan
            .paths
            .iter()
            .find(|p| &p.id == id)
            .map_or_else(|| id.clone(), |p| p.name.get(lang).to_owned()),
        None => t(lang, "plan.internal"),
    }
}

fn packages_sheet(
    sheet: &mut Worksheet,
    plan: &Plan,
    lang: Lang,
    styles: &Styles,
    extra: &Extra,
) -> Result<(), XlsxError> {
    sheet.set_name(t(lang, "plan.sheet_packages"))?;
    let columns = headers(
        lang,
        &[
            ("col_id", 16.0),
            ("col_package", 40.0),
            ("col_path", 24.0),
            ("col_phase", 18.0),
            ("col_kind", 18.0),
            ("col_depends_on", 20.0),
            ("col_duration_min", 11.0),
            ("col_duration_likely", 11.0),
            ("col_duration_max", 11.0),
            ("col_expected_weeks", 11.0),
            ("col_start", 11.0),
            ("col_finish", 11.0),
            ("col_slack", 10.0),
            ("col_critical", 10.0),
            ("col_criticality", 12.0),
            ("col_finish_p50", 11.0),
            ("col_finish_p90", 11.0),
            ("col_delivers_data", 10.0),
            ("col_cost_p10", 13.0),
            ("col_cost_p50", 13.0),
            ("col_cost_p90", 13.0),
            ("col_yearly_p50", 13.0),
        ],
    );
    sheet_header(sheet, styles, &columns, plan.packages.len() as u32)?;
    let yes_no = |b: bool| t(lang, if b { "plan.yes" } else { "plan.no" });
    for (i, p) in plan.packages.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &p.id)?;
        sheet.write_string_with_format(r, 1, p.name.get(lang), &styles.wrap)?;
        sheet.write_string(r, 2, path_name(plan, lang, p))?;
        sheet.write_string(r, 3, phase_name(lang, p.phase))?;
        sheet.write_string(r, 4, t(lang, &format!("plan.kind_{}", p.kind.id())))?;
        sheet.write_string(r, 5, p.depends_on.join(", "))?;
        sheet.write_number_with_format(r, 6, p.duration_weeks.min, &extra.weeks)?;
        sheet.write_number_with_format(r, 7, p.duration_weeks.likely, &extra.weeks)?;
        sheet.write_number_with_format(r, 8, p.duration_weeks.max, &extra.weeks)?;
        sheet.write_number_with_format(r, 9, p.expected_weeks, &extra.weeks)?;
        sheet.write_number_with_format(r, 10, p.earliest_start, &extra.weeks)?;
        sheet.write_number_with_format(r, 11, p.earliest_finish, &extra.weeks)?;
        sheet.write_number_with_format(r, 12, p.slack_weeks, &extra.weeks)?;
        if p.critical {
            sheet.write_string_with_format(r, 13, yes_no(true), &extra.bold)?;
        } else {
            sheet.write_string(r, 13, yes_no(false))?;
        }
        sheet.write_number_with_format(r, 14, p.criticality, &extra.percent)?;
        sheet.write_number_with_format(r, 15, p.finish_weeks.p50, &extra.weeks)?;
        sheet.write_number_with_format(r, 16, p.finish_weeks.p90, &extra.weeks)?;
        sheet.write_string(r, 17, yes_no(p.delivers_data))?;
        sheet.write_number_with_format(r, 18, p.cost_once.p10, &extra.money)?;
        sheet.write_number_with_format(r, 19, p.cost_once.p50, &extra.money)?;
        sheet.write_number_with_format(r, 20, p.cost_once.p90, &extra.money)?;
        sheet.write_number_with_format(r, 21, p.cost_yearly.p50, &extra.money)?;
    }
    Ok(())
}

/// How an amount was computed, for people (`3 × 1.000 € je Datenjahr`).
pub(crate) fn basis_text(lang: Lang, line: &CostLine) -> String {
    let q = |e: &ThreePoint| e.format(|v| format_quantity(lang, v));
    match &line.amount {
        CostAmount::Euros { .. } | CostAmount::Unknown { .. } => String::new(),
        CostAmount::PerUnit {
            quantity,
            unit,
            unit_price_eur,
        } => tf(
            lang,
            "plan.basis_per_unit",
            &[
                ("quantity", &q(quantity)),
                ("price", &unit_price_eur.format(|v| format_eur(lang, v))),
                ("unit", unit.get(lang)),
            ],
        ),
        CostAmount::Effort { quantity, rate } => {
            let name = t(lang, &format!("plan.rate_{}", rate.id()));
            let unit = t(
                lang,
                if rate.is_hourly() {
                    "plan.unit_hours"
                } else {
                    "plan.unit_days"
                },
            );
            match &line.rate {
                Some(r) => tf(
                    lang,
                    "plan.basis_effort",
                    &[
                        ("quantity", &q(quantity)),
                        ("unit", &unit),
                        ("rate", &format_eur(lang, r.eur)),
                    ],
                ),
                None => tf(
                    lang,
                    "plan.basis_effort_unset",
                    &[("quantity", &q(quantity)), ("unit", &unit), ("name", &name)],
                ),
            }
        }
    }
}

fn costs_sheet(
    sheet: &mut Worksheet,
    plan: &Plan,
    lang: Lang,
    styles: &Styles,
    extra: &Extra,
) -> Result<(), XlsxError> {
    sheet.set_name(t(lang, "plan.sheet_costs"))?;
    let columns = headers(
        lang,
        &[
            ("col_package", 32.0),
            ("col_item", 36.0),
            ("col_category", 16.0),
            ("col_recurrence", 11.0),
            ("col_basis", 34.0),
            ("col_min", 12.0),
            ("col_likely", 12.0),
            ("col_max", 12.0),
            ("col_expected", 12.0),
            ("col_source", 44.0),
            ("col_as_of", 12.0),
            ("col_mark", 15.0),
            ("col_note", 50.0),
        ],
    );
    let rows: u32 = plan.packages.iter().map(|p| p.costs.len() as u32).sum();
    sheet_header(sheet, styles, &columns, rows)?;
    let mut r = 0u32;
    for p in &plan.packages {
        for line in &p.costs {
            r += 1;
            sheet.write_string_with_format(r, 0, p.name.get(lang), &styles.wrap)?;
            sheet.write_string_with_format(r, 1, line.label.get(lang), &styles.wrap)?;
            sheet.write_string(
                r,
                2,
                t(lang, &format!("plan.category_{}", line.category.id())),
            )?;
            sheet.write_string(
                r,
                3,
                t(lang, &format!("plan.recurrence_{}", line.recurrence.id())),
            )?;
            sheet.write_string_with_format(r, 4, basis_text(lang, line), &styles.wrap)?;
            match (line.eur, line.expected_eur) {
                (Some(eur), Some(expected)) => {
                    sheet.write_number_with_format(r, 5, eur.min, &extra.money)?;
                    sheet.write_number_with_format(r, 6, eur.likely, &extra.money)?;
                    sheet.write_number_with_format(r, 7, eur.max, &extra.money)?;
                    sheet.write_number_with_format(r, 8, expected, &extra.money)?;
                }
                _ => {
                    sheet.write_string_with_format(
                        r,
                        5,
                        t(lang, "plan.unknown"),
                        &styles.warning,
                    )?;
                }
            }
            sheet.write_string_with_format(r, 9, &line.provenance.source, &styles.wrap)?;
            sheet.write_string(r, 10, line.provenance.as_of.as_deref().unwrap_or(""))?;
            sheet.write_string(
                r,
                11,
                t(lang, &format!("plan.mark_{}", line.provenance.mark.id())),
            )?;
            let note = match &line.amount {
                CostAmount::Unknown { question } => Some(question.get(lang).to_owned()),
                _ => line.provenance.note.clone(),
            };
            if let Some(note) = note {
                let format = if line.eur.is_none() {
                    &styles.warning
                } else {
                    &styles.wrap
                };
                sheet.write_string_with_format(r, 12, note, format)?;
            }
        }
    }
    // Unset rates make effort unknown; say which question answers it.
    for u in &plan.unknown_costs {
        if let Some(row) = row_of(plan, &u.package_id, &u.item_id) {
            sheet.write_string_with_format(row, 12, u.question.get(lang), &styles.warning)?;
        }
    }
    Ok(())
}

fn row_of(plan: &Plan, package: &str, item: &str) -> Option<u32> {
    let mut r = 0u32;
    for p in &plan.packages {
        for line in &p.costs {
            r += 1;
            if p.id == package && line.id == item {
                return Some(r);
            }
        }
    }
    None
}

fn totals_sheet(
    sheet: &mut Worksheet,
    plan: &Plan,
    lang: Lang,
    styles: &Styles,
    extra: &Extra,
) -> Result<(), XlsxError> {
    sheet.set_name(t(lang, "plan.sheet_totals"))?;
    let columns = headers(
        lang,
        &[
            ("col_scope", 36.0),
            ("col_cost_p10", 14.0),
            ("col_cost_p50", 14.0),
            ("col_cost_p90", 14.0),
            ("col_yearly_p10", 14.0),
            ("col_yearly_p50", 14.0),
            ("col_yearly_p90", 14.0),
            ("col_ttd_p10", 13.0),
            ("col_ttd_p50", 13.0),
            ("col_ttd_p90", 13.0),
            ("col_unknown", 11.0),
        ],
    );
    let rows = 1 + plan.phases.len() + plan.paths.len();
    sheet_header(sheet, styles, &columns, rows as u32)?;
    let mut r = 0u32;
    let mut write = |sheet: &mut Worksheet,
                     label: String,
                     once: &Quantiles,
                     yearly: &Quantiles,
                     ttd: Option<&Quantiles>,
                     unknown: usize,
                     bold: bool|
     -> Result<(), XlsxError> {
        r += 1;
        let money = if bold {
            &extra.bold_money
        } else {
            &extra.money
        };
        if bold {
            sheet.write_string_with_format(r, 0, label, &extra.bold)?;
        } else {
            sheet.write_string(r, 0, label)?;
        }
        for (c, v) in [
            once.p10, once.p50, once.p90, yearly.p10, yearly.p50, yearly.p90,
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_number_with_format(r, c as u16 + 1, v, money)?;
        }
        if let Some(q) = ttd {
            for (c, v) in [q.p10, q.p50, q.p90].into_iter().enumerate() {
                sheet.write_number_with_format(r, c as u16 + 7, v, &extra.weeks)?;
            }
        }
        sheet.write_number(r, 10, unknown as f64)?;
        Ok(())
    };
    write(
        sheet,
        t(lang, "plan.overall"),
        &plan.total.cost_once,
        &plan.total.cost_yearly,
        plan.total.time_to_data_weeks.as_ref(),
        plan.unknown_costs.len(),
        true,
    )?;
    for phase in &plan.phases {
        write(
            sheet,
            format!(
                "{}: {}",
                t(lang, "plan.col_phase"),
                phase_name(lang, phase.phase)
            ),
            &phase.cost_once,
            &phase.cost_yearly,
            phase.time_to_data_weeks.as_ref(),
            phase.unknown_costs,
            false,
        )?;
    }
    for path in &plan.paths {
        write(
            sheet,
            format!("{}: {}", t(lang, "plan.col_path"), path.name.get(lang)),
            &path.cost_once,
            &path.cost_yearly,
            path.time_to_data_weeks.as_ref(),
            path.unknown_costs,
            false,
        )?;
    }
    Ok(())
}

fn schedule_sheet(
    sheet: &mut Worksheet,
    plan: &Plan,
    lang: Lang,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(t(lang, "plan.sheet_schedule"))?;
    let weeks = (plan.total.expected_duration_weeks.ceil() as u16).clamp(1, MAX_WEEKS);
    let mut columns = headers(lang, &[("col_package", 40.0), ("col_path", 22.0)]);
    for w in 1..=weeks {
        columns.push((tf(lang, "plan.col_week", &[("n", &w.to_string())]), 4.5));
    }
    sheet_header(sheet, styles, &columns, plan.packages.len() as u32)?;
    let critical = Format::new().set_background_color(Color::RGB(0x1F4E79));
    let normal = Format::new().set_background_color(Color::RGB(0x9BB7D4));
    for (i, p) in plan.packages.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, p.name.get(lang))?;
        sheet.write_string(r, 1, path_name(plan, lang, p))?;
        let fill = if p.critical { &critical } else { &normal };
        for w in 1..=weeks {
            // Week w covers [w − 1, w) from the start.
            let (from, to) = (f64::from(w - 1), f64::from(w));
            if p.earliest_start < to && p.earliest_finish > from {
                sheet.write_blank(r, w + 1, fill)?;
            }
        }
    }
    let note_row = plan.packages.len() as u32 + 2;
    sheet.write_string_with_format(
        note_row,
        0,
        t(lang, "plan.schedule_note"),
        &Format::new().set_italic().set_align(FormatAlign::Left),
    )?;
    Ok(())
}

fn funding_sheet(
    sheet: &mut Worksheet,
    plan: &Plan,
    lang: Lang,
    styles: &Styles,
    extra: &Extra,
) -> Result<(), XlsxError> {
    sheet.set_name(t(lang, "plan.sheet_funding"))?;
    let columns = headers(
        lang,
        &[
            ("col_programme", 36.0),
            ("col_rate", 11.0),
            ("col_cap", 13.0),
            ("col_eligible_p50", 14.0),
            ("col_offset_p10", 14.0),
            ("col_offset_p50", 14.0),
            ("col_offset_p90", 14.0),
            ("col_conditions", 50.0),
            ("col_source", 44.0),
            ("col_as_of", 12.0),
            ("col_mark", 15.0),
        ],
    );
    sheet_header(sheet, styles, &columns, plan.funding.len() as u32)?;
    for (i, f) in plan.funding.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string_with_format(r, 0, f.name.get(lang), &styles.wrap)?;
        match f.rate {
            Some(rate) => sheet.write_number_with_format(r, 1, rate, &extra.percent)?,
            None => sheet.write_string_with_format(
                r,
                1,
                t(lang, "plan.funding_not_share"),
                &styles.wrap,
            )?,
        };
        if let Some(cap) = f.cap_eur {
            sheet.write_number_with_format(r, 2, cap, &extra.money)?;
        }
        sheet.write_number_with_format(r, 3, f.eligible_cost.p50, &extra.money)?;
        if let Some(q) = &f.possible_offset {
            for (c, v) in [q.p10, q.p50, q.p90].into_iter().enumerate() {
                sheet.write_number_with_format(r, c as u16 + 4, v, &extra.money)?;
            }
        }
        let conditions: Vec<&str> = f.conditions.iter().map(|c| c.get(lang)).collect();
        sheet.write_string_with_format(r, 7, conditions.join("\n"), &styles.wrap)?;
        sheet.write_string_with_format(r, 8, &f.provenance.source, &styles.wrap)?;
        sheet.write_string(r, 9, f.provenance.as_of.as_deref().unwrap_or(""))?;
        sheet.write_string(
            r,
            10,
            t(lang, &format!("plan.mark_{}", f.provenance.mark.id())),
        )?;
    }
    let note_row = plan.funding.len() as u32 + 2;
    sheet.write_string_with_format(
        note_row,
        0,
        t(lang, "plan.funding_note"),
        &Format::new().set_italic(),
    )?;
    Ok(())
}
