//! The benefits workbook read back with calamine, and steps exported to CSV and
//! imported again.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use calamine::{Data, Reader, Xlsx, open_workbook};
use opmt::bundled;
use opmt::compare::Comparison;
use opmt::export::table::{self, Cell};
use opmt::export::workbook::{SUMMARY_TABLE_ROW, sheets};
use opmt::export::{WorkbookInfo, workbook_bytes, write_workbook};
use opmt::import;
use opmt::model::Pathway;

fn bundled_pair() -> (Pathway, Pathway, Comparison) {
    let current = bundled::CURRENT_PAPER.load().unwrap().pathway;
    let proposed = bundled::BEST_PRACTICE_ERS.load().unwrap().pathway;
    let c = opmt::compare(&current, &proposed).unwrap();
    (current, proposed, c)
}

fn sheet(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<Data>> {
    let range = book.worksheet_range(name).unwrap();
    assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        other => panic!("not text: {other:?}"),
    }
}

/// Pennies: figures in the workbook are stored unrounded, so they equal the
/// comparison's to far better than a penny.
fn penny(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() < 0.005, "{what}: {a} != {b}");
}

/// Every table cell equals the sheet's cell: numbers to the penny, text exactly.
fn same_table(rows: &[Vec<Data>], table: &table::Table, what: &str) {
    let header: Vec<String> = rows[0]
        .iter()
        .map(|c| match c {
            Data::String(s) => s.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(header, table.header, "{what} header");
    assert_eq!(rows.len(), table.rows.len() + 1, "{what} rows");
    for (sheet_row, row) in rows[1..].iter().zip(&table.rows) {
        for (col, cell) in row.iter().enumerate() {
            let got = sheet_row.get(col).unwrap_or(&Data::Empty);
            match cell {
                Cell::Number(v, _) => penny(number(got), *v, what),
                Cell::Text(t) => assert_eq!(&text(got), t, "{what}"),
                Cell::Empty => assert_eq!(got, &Data::Empty, "{what}"),
            }
        }
    }
}

#[test]
fn workbook_figures_equal_the_comparison() {
    let (current, proposed, c) = bundled_pair();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("benefits.xlsx");
    let started = std::time::Instant::now();
    write_workbook(
        &WorkbookInfo {
            comparison: &c,
            pathways: [&current, &proposed],
            simulation: None,
            options: &[],
            unix_seconds: 1_764_460_800, // 2025-11-30 00:00 UTC
            case: None,
            ranges: None,
            capacity: [None, None],
        },
        &path,
    )
    .unwrap();
    eprintln!("workbook written in {:?}", started.elapsed());
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            sheets::SUMMARY,
            sheets::HEADLINE,
            sheets::BY_STAGE,
            sheets::BY_ROLE,
            sheets::CURRENT_STEPS,
            sheets::PROPOSED_STEPS
        ],
        "no Variability sheet without a simulation"
    );

    // Headline: the list the strip and Present draw, worded the same; the cost per
    // referral as the strip writes it.
    let headline = sheet(&mut book, sheets::HEADLINE);
    let figures = opmt::render::figures::HeadlineFigures::new(&c, &c.classes(), None);
    same_table(&headline, &table::headline_table(&figures), "Headline");
    let cost = headline
        .iter()
        .find(|r| text(&r[0]) == "Cost per referral")
        .unwrap();
    assert_eq!(
        text(&cost[1]),
        format!(
            "{} to {}",
            opmt::numbers::pounds(c.current.cost_per_referral, 2),
            opmt::numbers::pounds(c.proposed.cost_per_referral, 2)
        )
    );

    // Summary: the names, then one row a figure, equal to `compare`'s.
    let summary = sheet(&mut book, sheets::SUMMARY);
    assert_eq!(text(&summary[1][1]), c.current.name);
    assert_eq!(text(&summary[2][1]), c.proposed.name);
    assert_eq!(number(&summary[3][1]), 12_000.0);
    assert_eq!(number(&summary[4][1]), 1545.0);
    assert_eq!(text(&summary[6][1]), env!("CARGO_PKG_VERSION"));
    let find = |label: &str| {
        summary
            .iter()
            .skip(SUMMARY_TABLE_ROW as usize + 1)
            .find(|r| text(&r[0]) == label)
            .unwrap_or_else(|| panic!("no row {label}"))
            .iter()
            .skip(1)
            .take(3)
            .map(number)
            .collect::<Vec<_>>()
    };
    let expect = [
        (
            "Cost per referral",
            [
                c.current.cost_per_referral,
                c.proposed.cost_per_referral,
                c.saving_per_referral,
            ],
        ),
        (
            "Economic value a year (all of the above)",
            [
                c.current.annual_cost,
                c.proposed.annual_cost,
                c.annual_saving,
            ],
        ),
        (
            "Cash-releasing a year (consumables)",
            [
                c.current.cost_split.cash * c.current.annual_referrals,
                c.proposed.cost_split.cash * c.current.annual_referrals,
                c.annual_saving_split().cash,
            ],
        ),
        (
            "Staff minutes per referral",
            [
                c.current.staff_minutes_per_referral,
                c.proposed.staff_minutes_per_referral,
                c.staff_minutes_saved_per_referral,
            ],
        ),
        (
            "Staff hours a year",
            [
                c.current.annual_staff_hours(),
                c.proposed.annual_staff_hours(),
                c.current.annual_staff_hours() - c.proposed.annual_staff_hours(),
            ],
        ),
        (
            "WTE",
            [
                c.current.total_wte(),
                c.proposed.total_wte(),
                c.wte_released(),
            ],
        ),
        (
            "Elapsed days per referral",
            [
                c.current.elapsed_days,
                c.proposed.elapsed_days,
                c.days_saved,
            ],
        ),
    ];
    for (label, values) in expect {
        for (got, want) in find(label).iter().zip(values) {
            penny(*got, want, label);
        }
    }
    // `opmt compare` prints the same figures, rounded to the penny and the pound.
    let printed = opmt::render::comparison_text(&c, None);
    for (label, decimals) in [
        ("Cost per referral", 2),
        ("Economic value a year (all of the above)", 0),
    ] {
        for value in find(label) {
            let shown = opmt::numbers::pounds(value, decimals);
            assert!(
                printed.contains(&shown),
                "{label}: {shown} not in\n{printed}"
            );
        }
    }
    let rows = table::summary_rows(&c);
    assert_eq!(
        summary.len(),
        SUMMARY_TABLE_ROW as usize + 1 + rows.len(),
        "one row per summary figure"
    );

    // By stage and by role: the results screen's tables, every cell.
    same_table(
        &sheet(&mut book, sheets::BY_STAGE),
        &table::stage_table(&c),
        "by stage",
    );
    let by_role = sheet(&mut book, sheets::BY_ROLE);
    same_table(&by_role, &table::role_table(&c), "by role");
    // The GP's hours by hand: 2 min a pass, and 10/3 min reading the advice (5.5%)
    // or the returned referral (5.2%) that grading sends back, 1/0.974 passes,
    // 12,000 referrals: 483.92 h.
    let gp = by_role.iter().find(|r| text(&r[0]) == "GP").unwrap();
    penny(
        number(&gp[1]),
        (2.0 + 0.107 * 10.0 / 3.0) / 0.974 * 12_000.0 / 60.0,
        "GP hours",
    );

    // Steps: the inputs of every step, as the table holds them.
    same_table(
        &sheet(&mut book, sheets::CURRENT_STEPS),
        &table::steps_table(&current, Some(&c.current)),
        "current steps",
    );
    same_table(
        &sheet(&mut book, sheets::PROPOSED_STEPS),
        &table::steps_table(&proposed, Some(&c.proposed)),
        "proposed steps",
    );

    // Three native charts.
    let bytes = std::fs::read(&path).unwrap();
    let charts = (1..=9)
        .filter(|n| contains(&bytes, format!("xl/charts/chart{n}.xml").as_bytes()))
        .count();
    assert_eq!(charts, 3);
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn workbook_steps_import_back_to_the_same_pathway() {
    let (current, proposed, c) = bundled_pair();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("benefits.xlsx");
    write_workbook(
        &WorkbookInfo {
            comparison: &c,
            pathways: [&current, &proposed],
            simulation: None,
            options: &[],
            unix_seconds: 0,
            case: None,
            ranges: None,
            capacity: [None, None],
        },
        &path,
    )
    .unwrap();
    // Import reads the "Current steps" sheet.
    let imported = import::import_path(&path, Some(&current)).unwrap();
    assert_same_steps(&current, &imported.pathway);
}

#[test]
fn variability_sheet_when_simulated() {
    let (current, proposed, c) = bundled_pair();
    let options = opmt::simulate::SimulationOptions {
        referrals: 2000,
        seed: 1,
        threads: 1,
        target_days: 100.0,
    };
    let progress = std::sync::Arc::new(opmt::simulate::Progress::default());
    let mut at_current = proposed.clone();
    at_current.annual_referrals = current.annual_referrals;
    let results = [
        opmt::simulate::simulate(&current, &options, &progress).unwrap(),
        opmt::simulate::simulate(&at_current, &options, &progress).unwrap(),
    ];
    let bytes = workbook_bytes(&WorkbookInfo {
        comparison: &c,
        pathways: [&current, &proposed],
        simulation: Some(&results),
        options: &[],
        unix_seconds: 0,
        case: None,
        ranges: None,
        capacity: [None, None],
    })
    .unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(sheets::VARIABILITY).unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(text(&rows[0][3]), "P90");
    assert_eq!(text(&rows[1][0]), "Current: days");
    penny(number(&rows[1][2]), results[0].elapsed_days.p50, "P50 days");
    penny(
        number(&rows[4][5]),
        results[1].cost_per_referral.p95,
        "P95 cost",
    );
    let within = rows
        .iter()
        .position(|r| r.first() == Some(&Data::String("Pathway".into())))
        .unwrap();
    penny(
        number(&rows[within + 1][2]),
        results[0].within_126_days,
        "within 18 weeks",
    );
}

#[test]
fn options_sheet_holds_every_option_to_the_penny() {
    let load = |m: opmt::bundled::BundledModel| m.load().unwrap().pathway;
    let current = load(opmt::bundled::CURRENT_ERS_AS_IMPLEMENTED);
    let options: Vec<_> = [
        opmt::bundled::BEST_PRACTICE_ERS,
        opmt::bundled::BEST_PRACTICE_ERS_RAS,
    ]
    .map(|m| opmt::compare(&current, &load(m)).unwrap())
    .to_vec();
    let proposed = load(opmt::bundled::BEST_PRACTICE_ERS);
    let bytes = workbook_bytes(&WorkbookInfo {
        comparison: &options[0],
        pathways: [&current, &proposed],
        simulation: None,
        options: &options,
        unix_seconds: 0,
        case: None,
        ranges: None,
        capacity: [None, None],
    })
    .unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range(sheets::OPTIONS).unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(text(&rows[0][1]), format!("Current: {}", current.name));
    assert_eq!(
        text(&rows[0][3]),
        format!("Option 2: {}", options[1].proposed.name)
    );
    let row = |label: &str| {
        rows.iter()
            .find(|r| text(&r[0]) == label)
            .unwrap_or_else(|| panic!("no row {label}"))
    };
    let saving = row("Economic value a year");
    penny(
        number(&saving[2]),
        options[0].annual_saving,
        "option 1 saving",
    );
    penny(
        number(&saving[3]),
        options[1].annual_saving,
        "option 2 saving",
    );
    // Best-practice e-RS saves more a year than the option with a Referral Assessment
    // Service, whose referrals sent straight to a test are now booked for it, their
    // results reviewed and 27% booked into clinic afterwards (£127,902 against
    // £64,021 with the bundled figures).
    assert!(options[0].annual_saving > options[1].annual_saving);
    assert_eq!(text(&saving[4]), options[0].proposed.name, "the best");
    let cost = row("Cost per referral");
    penny(
        number(&cost[1]),
        options[0].current.cost_per_referral,
        "current",
    );
    penny(
        number(&cost[3]),
        options[1].proposed.cost_per_referral,
        "option 2",
    );
    // A single option writes no Options sheet.
    let single = workbook_bytes(&WorkbookInfo {
        comparison: &options[0],
        pathways: [&current, &proposed],
        simulation: None,
        options: &options[..1],
        unix_seconds: 0,
        case: None,
        ranges: None,
        capacity: [None, None],
    })
    .unwrap();
    let book = Xlsx::new(std::io::Cursor::new(single)).unwrap();
    assert!(!book.sheet_names().iter().any(|n| n == sheets::OPTIONS));
}

/// Same steps and the same report (positions aside, which a sheet does not hold).
fn assert_same_steps(original: &Pathway, imported: &Pathway) {
    let strip = |p: &Pathway| {
        let mut p = p.clone();
        for s in &mut p.steps {
            s.pos = None;
        }
        p
    };
    assert_eq!(strip(imported), strip(original));
    assert_eq!(
        opmt::analyse(imported).unwrap(),
        opmt::analyse(original).unwrap()
    );
}

#[test]
fn bundled_steps_round_trip_through_csv() {
    let dir = tempfile::tempdir().unwrap();
    for model in bundled::ALL {
        let pathway = model.load().unwrap().pathway;
        let report = opmt::analyse(&pathway).unwrap();
        let csv = table::steps_table(&pathway, Some(&report)).to_csv();
        let path = dir.path().join("steps.csv");
        std::fs::write(&path, csv).unwrap();
        let imported = import::import_path(&path, Some(&pathway)).unwrap();
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        assert_same_steps(&pathway, &imported.pathway);
    }
}

#[test]
fn the_template_imports_into_the_bundled_paper_model() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/steps-template.csv");
    let base = bundled::CURRENT_PAPER.load().unwrap().pathway;
    let imported = import::import_path(&path, Some(&base)).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let p = &imported.pathway;
    assert_eq!(p.steps.len(), 7);
    assert_eq!(
        p.roles, base.roles,
        "no new roles: the template uses the bundled ids"
    );
    let report = opmt::analyse(p).unwrap();
    // Booking is visited 0.95 / 0.92 times (95% booked, 8% of bookings rebooked).
    let book = report
        .steps
        .iter()
        .find(|s| s.name == "Book appointment")
        .unwrap();
    assert!((book.visits - 0.95 / 0.92).abs() < 1e-12);
}
