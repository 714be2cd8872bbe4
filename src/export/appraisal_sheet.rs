//! The workbook's Appraisal sheet: the inputs of the appraisal in cells a finance
//! analyst can change (discount rate, optimism bias, benefits, each cost, each year's
//! ramp), and every figure after them a live Excel formula over those cells, so the
//! net present value follows a change of rate in Excel. Each formula also stores the
//! value opmt worked out, for a reader that does not recalculate. Then the saving by kind of
//! money and the 90% ranges of the uncertainty run, as values.

use rust_xlsxwriter::{Format, Formula, Worksheet, XlsxError};

use crate::business::BusinessCase;
use crate::classes::TOTAL_CAPTION;
use crate::model::CostItem;
use crate::uncertainty::Uncertainty;

/// The sheet's name.
pub const NAME: &str = "Appraisal";

/// Row (from 0) of the discount-rate cell, in column B.
pub const RATE_ROW: u32 = 2;

/// Row (from 0) of the year-by-year table's heading.
pub const YEARS_HEADER_ROW: u32 = 9;

const POUNDS: &str = "£#,##0;-£#,##0";
const PERCENT: &str = "0.0%";

/// The row (from 0) of the net present value cell (in column B) for a period of
/// `years` years.
pub fn npv_row(years: u32) -> u32 {
    YEARS_HEADER_ROW + years + 3
}

/// What an input row's cell holds: a value typed in, or a formula over the cost rows
/// (with the value opmt worked out).
enum InputCell {
    Value(f64),
    Formula(String, f64),
}

/// An A1 reference of row `row` (from 0) in column `col` (a letter).
fn at(col: char, row: u32) -> String {
    format!("{col}{}", row + 1)
}

/// Writes the Appraisal sheet of `case`, the option `option` against `current`, with
/// `ranges`, the case's ranges, when they were worked out for it (else a line says
/// they were not ready).
pub fn appraisal_sheet(
    ws: &mut Worksheet,
    case: &BusinessCase,
    ranges: Option<&Uncertainty>,
    option: &str,
    current: &str,
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let pounds = Format::new().set_num_format(POUNDS);
    let percent = Format::new().set_num_format(PERCENT);
    let input = Format::new()
        .set_num_format(POUNDS)
        .set_background_color("#FFF2CC");
    let input_percent = Format::new()
        .set_num_format(PERCENT)
        .set_background_color("#FFF2CC");
    let inv = &case.investment;
    ws.set_name(NAME)?;
    ws.write_string_with_format(
        0,
        0,
        format!("Appraisal of {option} against {current}"),
        &bold.clone().set_font_size(14),
    )?;
    ws.write_string(
        1,
        0,
        "Yellow cells are inputs: change them and every figure below follows (year 0 undiscounted; year t divided by (1 + rate)^t).",
    )?;
    let first_year = YEARS_HEADER_ROW + 1;
    let last_year = first_year + inv.years;
    let costs_top = npv_row(inv.years) + 6;
    let (n_one_off, n_recurring) = (inv.one_off.len() as u32, inv.recurring.len() as u32);
    let one_off_rows = (costs_top + 1, costs_top + n_one_off);
    let recurring_rows = (
        costs_top + 1 + n_one_off,
        costs_top + n_one_off + n_recurring,
    );
    let sum_of = |(from, to): (u32, u32), n: usize| {
        if n == 0 {
            "=0".to_owned()
        } else {
            format!("=SUM({}:{})", at('E', from), at('E', to))
        }
    };
    let likely = |items: &[CostItem]| items.iter().map(|i| i.cost.likely).sum::<f64>();
    let (one_off_likely, recurring_likely) = (likely(&inv.one_off), likely(&inv.recurring));
    let inputs: [(&str, InputCell, &Format); 6] = [
        (
            "Discount rate (real, a year)",
            InputCell::Value(inv.discount_rate),
            &input_percent,
        ),
        (
            "Optimism bias on costs",
            InputCell::Value(inv.optimism_bias),
            &input_percent,
        ),
        (
            "Cash-releasing benefit a year, at full benefit",
            InputCell::Value(case.classes.cash),
            &input,
        ),
        (
            "Non-cash benefit a year (staff time and capacity), at full benefit",
            InputCell::Value(case.classes.non_cash()),
            &input,
        ),
        (
            "One-off costs, likely, before optimism bias",
            InputCell::Formula(sum_of(one_off_rows, inv.one_off.len()), one_off_likely),
            &pounds,
        ),
        (
            "Recurring costs a year, likely, before optimism bias",
            InputCell::Formula(
                sum_of(recurring_rows, inv.recurring.len()),
                recurring_likely,
            ),
            &pounds,
        ),
    ];
    for (i, (label, cell, format)) in inputs.iter().enumerate() {
        let row = RATE_ROW + i as u32;
        ws.write_string(row, 0, *label)?;
        match cell {
            InputCell::Value(v) => ws.write_number_with_format(row, 1, *v, format)?,
            InputCell::Formula(f, v) => {
                ws.write_formula_with_format(row, 1, cached(f, *v), format)?
            }
        };
    }
    let cell = |row: u32| format!("$B${}", RATE_ROW + row + 1);
    let (rate, bias, cash, non_cash, one_off, recurring) =
        (cell(0), cell(1), cell(2), cell(3), cell(4), cell(5));

    for (col, title) in [
        "Year",
        "Benefit ramp",
        "Costs",
        "Cash benefit",
        "Non-cash benefit",
        "Net",
        "Discount factor",
        "Discounted net",
        "Cumulative discounted",
        "Paid back",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(YEARS_HEADER_ROW, col as u16, *title, &bold)?;
    }
    for year in 0..=inv.years {
        let row = first_year + year;
        let r = row + 1;
        let ramp = if year == 0 { 0.0 } else { inv.ramp_in(year) };
        ws.write_number(row, 0, f64::from(year))?;
        ws.write_number_with_format(row, 1, ramp, &input_percent)?;
        let costs = if year == 0 { &one_off } else { &recurring };
        let cumulative = if year == 0 {
            format!("=H{r}")
        } else {
            format!("=I{}+H{r}", r - 1)
        };
        let y = &case.appraisal.years[year as usize];
        let paid_back = if y.cumulative_discounted >= 0.0 {
            f64::from(year).to_string()
        } else {
            String::new()
        };
        let formulas = [
            (format!("={costs}*(1+{bias})"), y.costs.to_string()),
            (format!("=B{r}*{cash}"), y.cash_benefit.to_string()),
            (format!("=B{r}*{non_cash}"), y.non_cash_benefit.to_string()),
            (format!("=D{r}+E{r}-C{r}"), y.net.to_string()),
            (format!("=1/(1+{rate})^A{r}"), y.discount_factor.to_string()),
            (format!("=F{r}*G{r}"), y.discounted_net.to_string()),
            (cumulative, y.cumulative_discounted.to_string()),
            (format!("=IF(I{r}>=0,A{r},\"\")"), paid_back),
        ];
        for (k, (f, value)) in formulas.iter().enumerate() {
            let format = if k == 4 {
                Format::new().set_num_format("0.0000")
            } else if k == 7 {
                Format::new()
            } else {
                pounds.clone()
            };
            let formula = Formula::new(f).set_result(value);
            ws.write_formula_with_format(row, 2 + k as u16, formula, &format)?;
        }
    }
    let range = |col: char| format!("{}:{}", at(col, first_year), at(col, last_year));
    let npv = npv_row(inv.years);
    let a = &case.appraisal;
    let results = [
        (
            "Net present value (all benefits less costs)",
            format!("=SUM({})", range('H')),
            a.npv.to_string(),
            &pounds,
        ),
        (
            "NPV of cash alone",
            format!("=SUMPRODUCT({}-{},{})", range('D'), range('C'), range('G')),
            a.npv_cash.to_string(),
            &pounds,
        ),
        (
            "Benefit-cost ratio",
            format!(
                "=IF(SUMPRODUCT({c},{g})=0,\"no costs\",SUMPRODUCT({d}+{e},{g})/SUMPRODUCT({c},{g}))",
                c = range('C'),
                d = range('D'),
                e = range('E'),
                g = range('G')
            ),
            a.benefit_cost_ratio
                .map_or("no costs".to_owned(), |r| r.to_string()),
            &Format::new().set_num_format("0.00"),
        ),
        (
            "Discounted payback year",
            format!(
                "=IF(COUNT({j})=0,\"not within the period\",MIN({j}))",
                j = range('J')
            ),
            a.payback_year
                .map_or("not within the period".to_owned(), |y| {
                    f64::from(y).to_string()
                }),
            &Format::new(),
        ),
    ];
    for (i, (label, formula, value, format)) in results.iter().enumerate() {
        let row = npv + i as u32;
        ws.write_string_with_format(row, 0, *label, &bold)?;
        ws.write_formula_with_format(row, 1, Formula::new(formula).set_result(value), format)?;
    }

    // The costs, each an input.
    for (col, title) in ["Cost", "Kind", "Paid by", "Low", "Likely", "High", "Source"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(costs_top, col as u16, *title, &bold)?;
    }
    let items = inv
        .one_off
        .iter()
        .map(|i| ("one-off (year 0)", i))
        .chain(inv.recurring.iter().map(|i| ("a year", i)));
    for (k, (kind, item)) in items.enumerate() {
        cost_row(ws, costs_top + 1 + k as u32, kind, item, &pounds, &input)?;
    }
    let mut row = costs_top + 2 + (inv.one_off.len() + inv.recurring.len()) as u32;
    if inv.one_off.is_empty() && inv.recurring.is_empty() {
        ws.write_string(
            costs_top + 1,
            0,
            "The option's file has no investment: no costs are counted.",
        )?;
        row += 1;
    }

    ws.write_string_with_format(row, 0, "Saving a year by kind of money", &bold)?;
    for line in case.classes.lines() {
        row += 1;
        ws.write_string(row, 0, &line.label)?;
        ws.write_number_with_format(row, 1, line.amount, &pounds)?;
        ws.write_string(row, 2, &line.note)?;
    }
    row += 1;
    ws.write_string_with_format(row, 0, TOTAL_CAPTION, &bold)?;
    ws.write_number_with_format(row, 1, case.classes.economic_value(), &pounds)?;

    row += 2;
    let Some(u) = ranges else {
        ws.write_string_with_format(
            row,
            0,
            "90% ranges: still being worked out when this workbook was written; export again for them",
            &bold,
        )?;
        return column_widths(ws);
    };
    ws.write_string_with_format(
        row,
        0,
        format!(
            "90% ranges: {} draws of {} uncertain inputs",
            u.draws, u.inputs
        ),
        &bold,
    )?;
    for (col, title) in ["P5", "P50", "P95"].iter().enumerate() {
        ws.write_string_with_format(row, 1 + col as u16, *title, &bold)?;
    }
    let spreads = [
        (
            "Saving per referral",
            Some(u.saving_per_referral),
            "£#,##0.00;-£#,##0.00",
        ),
        ("Economic value a year", Some(u.annual_saving), POUNDS),
        ("Cash-releasing a year", Some(u.cash_annual), POUNDS),
        ("Net present value", u.npv, POUNDS),
        ("NPV of cash alone", u.npv_cash, POUNDS),
    ];
    for (label, spread, format) in spreads {
        let Some(s) = spread else { continue };
        row += 1;
        let format = Format::new().set_num_format(format);
        ws.write_string(row, 0, label)?;
        for (col, v) in [s.p5, s.p50, s.p95].iter().enumerate() {
            ws.write_number_with_format(row, 1 + col as u16, *v, &format)?;
        }
    }
    row += 1;
    ws.write_string(row, 0, "Probability the option saves at all")?;
    ws.write_number_with_format(row, 1, u.probability_saves, &percent)?;
    column_widths(ws)
}

fn column_widths(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_column_width(0, 52)?;
    for col in 1..=9 {
        ws.set_column_width(col, 19)?;
    }
    Ok(())
}

/// A formula with the value opmt worked out stored beside it, for a reader that shows
/// stored values without working formulas out (Excel works them out on opening).
fn cached(formula: &str, value: f64) -> Formula {
    Formula::new(formula).set_result(value.to_string())
}

fn cost_row(
    ws: &mut Worksheet,
    row: u32,
    kind: &str,
    item: &CostItem,
    pounds: &Format,
    input: &Format,
) -> Result<(), XlsxError> {
    ws.write_string(row, 0, &item.name)?;
    ws.write_string(row, 1, kind)?;
    ws.write_string(
        row,
        2,
        crate::classes::organisation_label(item.organisation),
    )?;
    ws.write_number_with_format(row, 3, item.cost.low, pounds)?;
    ws.write_number_with_format(row, 4, item.cost.likely, input)?;
    ws.write_number_with_format(row, 5, item.cost.high, pounds)?;
    if let Some(source) = &item.source {
        ws.write_string(row, 6, source)?;
    }
    Ok(())
}
