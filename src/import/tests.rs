use super::*;

fn sheet(text: &str) -> Vec<Vec<Raw>> {
    csv_rows(text.as_bytes()).unwrap()
}

fn base() -> Pathway {
    let mut p = Pathway::new("Base");
    p.annual_referrals = 1000.0;
    p.roles = vec![
        Role::new("gp", "GP", 120.0),
        Role::new("band3", "Booking clerk", 30.0),
    ];
    p
}

fn import(text: &str) -> Result<Imported, Vec<CellProblem>> {
    import_rows(&sheet(text), Some(&base()), "test")
}

fn messages(problems: &[CellProblem]) -> Vec<String> {
    problems.iter().map(|p| p.with_file("s.csv")).collect()
}

/// Three rows, no Next column: each runs on to the following one.
/// Cost by hand: GP 3 min at £120/h = £6 + 87p stamp; clerk 12 min at £30/h = £6.
/// Days: 2 + 10 = 12.
#[test]
fn linear_rows_run_on_to_the_next() {
    let imported = import(
        "Name,Stage,Role,Touch minutes,Wait days,Unit cost £,Outcome\n\
         GP refers,Referral,gp,3,2,£0.87,\n\
         Book,booking,Booking clerk,12,10,,\n\
         Seen,Attendance,,,,,Appointment\n",
    )
    .unwrap();
    let p = &imported.pathway;
    assert_eq!(p.name, "Base");
    let ids: Vec<&str> = p.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["gp_refers", "book", "seen"]);
    assert_eq!(
        p.steps[0].next,
        [Link {
            to: "book".into(),
            share: 1.0
        }]
    );
    assert_eq!(p.steps[1].role.as_deref(), Some("band3"));
    assert!(p.steps[2].next.is_empty());
    assert!(p.steps.iter().all(|s| s.pos.is_some()), "laid out");
    let r = crate::analyse(p).unwrap();
    assert!((r.cost_per_referral - (6.0 + 0.87 + 6.0)).abs() < 1e-12);
    assert!((r.elapsed_days - 12.0).abs() < 1e-12);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
}

/// A branch with shares: 5% of triaged referrals are returned.
/// Cost: triage 6 min at £120/h = £12; booking 95% × 12 min at £30/h = £5.70.
#[test]
fn branches_take_their_shares() {
    let imported = import(
        "Step,Stage,Who,Minutes,Next,Outcome\n\
         Triage,Triage,GP,6,Book 95%; Return to GP 5%,\n\
         Book,Booking,band3,12,Seen,\n\
         Seen,Attendance,,,,Appointment\n\
         Return to GP,Triage,,,,Returned\n",
    )
    .unwrap();
    let p = &imported.pathway;
    assert_eq!(
        p.steps[0].next,
        [
            Link {
                to: "book".into(),
                share: 0.95
            },
            Link {
                to: "return_to_gp".into(),
                share: 0.05
            },
        ]
    );
    let r = crate::analyse(p).unwrap();
    assert!((r.cost_per_referral - (12.0 + 0.95 * 6.0)).abs() < 1e-12);
    assert!((r.outcome_probability(Outcome::Returned) - 0.05).abs() < 1e-12);
}

/// Rebooking loop: 8% of bookings are rebooked, so booking is visited 1/0.92 times;
/// ranges are read as low / likely / high (mean 6 min), one share left to fill.
#[test]
fn loops_ranges_and_a_missing_share() {
    let imported = import(
        "Id,Name,Stage,Role,Minutes low,Minutes,Minutes high,Next,Counts as\n\
         book,Book,Booking,band3,4,5,9,seen 92%; book,Call\n\
         seen,Seen,Attendance,,,,,End,\n",
    )
    .unwrap();
    let p = &imported.pathway;
    assert_eq!(p.steps[0].touch_minutes, Estimate::range(4.0, 5.0, 9.0));
    assert!((p.steps[0].next[1].share - 0.08).abs() < 1e-12);
    assert_eq!(p.steps[0].counts_as, [Counter::Call]);
    assert_eq!(p.steps[1].outcome, None);
    let r = crate::analyse(p).unwrap();
    assert!((r.steps[0].visits - 1.0 / 0.92).abs() < 1e-9);
    assert!((r.cost_per_referral - 6.0 / 60.0 * 30.0 / 0.92).abs() < 1e-9);
}

#[test]
fn missing_columns_are_named() {
    let problems = import("Name,Role,Minutes\nBook,gp,3\n").unwrap_err();
    assert_eq!(
        messages(&problems),
        ["s.csv:1: the sheet has no \"Stage\" column; add it to the headings"]
    );
    let problems = import("").unwrap_err();
    assert!(problems[0].message.contains("empty"));
    let problems = import("Name,Stage\n\n").unwrap_err();
    assert_eq!(
        messages(&problems),
        ["s.csv:1: there are no steps under the headings"]
    );
}

#[test]
fn every_bad_cell_is_reported_at_once() {
    let problems = import(
        "Id,Name,Stage,Role,Minutes,Wait days low,Wait days,Unit cost,Next,Outcome,Counts as\n\
         a,First,Referal,gp,ten,,,-1,Second 50%; Nowhere 50%,,Letter\n\
         b,Second,Booking,gp,2,9,3,,Third 150%,,Letters; Postcard\n\
         b,Third,Attendance,,,,,,Second,Seen,\n\
         ,,Other,,,,,,First; Second,,\n\
         e,Dup,Other,,,,,,,Other,\n\
         f,Dup,Other,,,,,,Dup,,\n",
    )
    .unwrap_err();
    assert_eq!(
        messages(&problems),
        [
            "s.csv:2:C: \"Referal\" is not a stage: use Referral, Receipt, Triage, Booking, Communication, Attendance or Other",
            "s.csv:2:E: \"ten\" is not a number of minutes",
            "s.csv:2:H: pounds is -1; it must be 0 or more",
            "s.csv:2:I: there is no step called \"Nowhere\" (name or id)",
            "s.csv:3:G: Wait days must be low 9 <= most likely 3 <= high 3",
            "s.csv:3:I: the share \"150%\" of \"Third\" must be a percentage above 0% and at most 100%",
            "s.csv:3:K: \"Postcard\" is not something a step counts as: use Letter, Call, Text, Chase, Rejected, SlotIssue, Rebooking or Dna",
            "s.csv:4:A: the id \"b\" is already used by another step",
            "s.csv:4:J: \"Seen\" is not an outcome: use Appointment, Advice, Returned, Test or Other",
            "s.csv:5:B: the step has no name",
            "s.csv:5:I: give each branch its share, e.g. \"Book appointment 92%; Rebook 8%\"",
            "s.csv:7:I: 2 steps are called \"Dup\": give them ids in an Id column and name the id here",
        ]
    );
}

#[test]
fn outcome_with_next_and_unshared_branches_are_errors() {
    let problems = import(
        "Name,Stage,Next,Outcome\n\
         A,Triage,B; C,\n\
         B,Booking,C,Appointment\n\
         C,Attendance,,Appointment\n",
    )
    .unwrap_err();
    assert_eq!(
        messages(&problems),
        [
            "s.csv:2:C: give each branch its share, e.g. \"Book appointment 92%; Rebook 8%\"",
            "s.csv:3:D: a row with an outcome ends the pathway: clear its Next, or its Outcome",
        ]
    );
}

#[test]
fn shares_that_do_not_add_up_are_located_at_next() {
    let problems = import(
        "Name,Stage,Next,Outcome\n\
         A,Triage,B 60%; C 30%,\n\
         B,Booking,,Appointment\n\
         C,Attendance,,Returned\n",
    )
    .unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!((problems[0].row, problems[0].column), (Some(2), Some(2)));
    assert!(
        problems[0].message.contains("share"),
        "{}",
        problems[0].message
    );
}

#[test]
fn unknown_roles_become_new_roles_with_a_warning() {
    let imported = import(
        "Name,Stage,Role,Minutes,Outcome\n\
         Scan notes,Receipt,Medical records clerk,5,\n\
         Seen,Attendance,,,Appointment\n",
    )
    .unwrap();
    let p = &imported.pathway;
    let role = p.role("medical_records_clerk").unwrap();
    assert_eq!(role.hourly_cost, 0.0);
    assert_eq!(p.roles.len(), 3);
    assert_eq!(
        messages(&imported.warnings),
        [
            "s.csv:2:C: \"Medical records clerk\" is a new role with an hourly cost of £0: set its hourly cost in Roles and settings"
        ]
    );
}

#[test]
fn unknown_columns_are_left_out_with_a_warning() {
    let imported = import(
        "Name,Stage,Colour,Expected visits\n\
         Seen,Attendance,red,1\n",
    )
    .unwrap();
    assert_eq!(
        messages(&imported.warnings),
        ["s.csv:1:C: the column \"Colour\" is not one opmt reads; it was left out"]
    );
}

#[test]
fn without_a_base_the_pathway_is_named_after_the_file() {
    let imported = import_rows(
        &sheet("Name,Stage,Role\nBook,Booking,Clerk\n"),
        None,
        "derm",
    )
    .unwrap();
    assert_eq!(imported.pathway.name, "derm");
    assert_eq!(imported.pathway.roles[0].name, "Clerk");
    assert_eq!(imported.warnings.len(), 2);
}

#[test]
fn headings_and_values_match_loosely() {
    for heading in [
        "Touch minutes",
        "MINUTES",
        "touch_minutes",
        "Touch time (minutes)",
    ] {
        assert_eq!(
            field_of(heading),
            Some(Field::Estimate(Quantity::Minutes, Part::Likely)),
            "{heading}"
        );
    }
    assert_eq!(
        field_of("Wait days (high)"),
        Some(Field::Estimate(Quantity::WaitDays, Part::High))
    );
    assert_eq!(parse_stage("comms"), Some(Stage::Communication));
    assert_eq!(parse_counter("DNAs"), Some(Counter::Dna));
    assert_eq!(parse_number(&Raw::text("£1,234.5"), "pounds"), Ok(1234.5));
    assert_eq!(
        split_share("Book appointment (92%)"),
        Some(("Book appointment", "92%"))
    );
    assert_eq!(split_share("Rebook: 0.08"), Some(("Rebook", "0.08")));
    assert_eq!(split_share("Reminder"), None);
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(27), "AB");
}

#[test]
fn semicolons_and_tabs_separate_cells_too() {
    // Where semicolons separate cells, a comma is the decimal point.
    let rows = csv_rows("Name;Stage;Minutes\nBook;Booking;2,5\n".as_bytes()).unwrap();
    assert_eq!(
        rows[1],
        [Raw::text("Book"), Raw::text("Booking"), Raw::text("2.5")]
    );
    let rows = csv_rows("Name\tStage\tMinutes\nBook\tBooking\t1,250\n".as_bytes()).unwrap();
    assert_eq!(
        rows[1],
        [Raw::text("Book"), Raw::text("Booking"), Raw::text("1,250")]
    );
    // The table copied from the app (tab-separated) imports back.
    let p = base();
    let mut seen = Step::new("seen", "Seen", Stage::Attendance);
    seen.outcome = Some(Outcome::Appointment);
    let mut with_step = p.clone();
    with_step.steps.push(seen);
    let tsv = crate::export::table::steps_table(&with_step, None).to_tsv();
    let imported = import_rows(&csv_rows(tsv.as_bytes()).unwrap(), Some(&p), "t").unwrap();
    assert_eq!(
        imported.pathway.steps[0].outcome,
        Some(Outcome::Appointment)
    );
}

/// The builders of the hostile spreadsheets, shared with the integration tests.
#[path = "../../tests/hostile/sheets.rs"]
pub(crate) mod sheets;

/// 9,999 rows of one name (quadratic before: over a minute for 10,000): ids numbered
/// in order, and a Next naming the repeated name is an error naming the count.
#[test]
fn many_rows_of_one_name_get_numbered_ids() {
    let mut text = String::from("Name,Stage\n");
    for _ in 0..9_998 {
        text.push_str("Book,Booking\n");
    }
    text.push_str("Seen,Attendance\n");
    let imported = import_rows(&sheet(&text), Some(&base()), "t");
    let pathway = imported.unwrap().pathway;
    assert_eq!(pathway.steps[9_997].id, "book_9998");
    let problems = import("Name,Stage,Next\nA,Other,B\nB,Other,\nB,Other,\n").unwrap_err();
    assert_eq!(
        messages(&problems),
        ["s.csv:2:C: 2 steps are called \"B\": give them ids in an Id column and name the id here"]
    );
}

#[test]
fn sheets_beyond_the_bounds_are_refused_by_cell() {
    let mut text = String::from("Name,Stage\n");
    for i in 0..MAX_ROWS {
        text.push_str(&format!("S{i},Other\n"));
    }
    let message = csv_rows(text.as_bytes()).unwrap_err();
    assert!(
        message.starts_with("there is a cell at A10001, beyond the 10,000 rows"),
        "{message}"
    );
    let wide = format!("Name,Stage{}x\n", ",".repeat(MAX_COLUMNS - 1));
    let message = csv_rows(wide.as_bytes()).unwrap_err();
    assert!(message.contains("at GS1"), "{message}");
    // Empty cells past the last column, and blank lines past the last row, are fine.
    let trailing = format!(
        "Name,Stage{}\nA,Other\n{}",
        ",".repeat(500),
        "\n".repeat(MAX_ROWS)
    );
    assert_eq!(csv_rows(trailing.as_bytes()).unwrap()[0].len(), 2);
    let message = csv_rows(",".repeat(20_000).as_bytes()).unwrap_err();
    assert!(message.contains("separators"), "{message}");
}

#[test]
fn protected_text_reads_back_unprotected() {
    let rows = csv_rows("Name,Stage\n'=HYPERLINK(\"x\"),Other\n'ok,Other\n".as_bytes()).unwrap();
    assert_eq!(rows[1][0], Raw::text("=HYPERLINK(\"x\")"));
    assert_eq!(rows[2][0], Raw::text("'ok"));
}

/// A date where days belong, and a formula without a value, are errors at their
/// cells; a date where text belongs is its text.
#[test]
fn dates_in_number_columns_and_formulas_without_values_are_errors() {
    let rows = vec![
        vec![
            Raw::text("Name"),
            Raw::text("Stage"),
            Raw::text("Minutes"),
            Raw::text("Wait days"),
        ],
        vec![
            Raw::Date("2024-01-05".into()),
            Raw::text("Other"),
            Raw::Formula("=B2*2".into()),
            Raw::Date("2024-01-05".into()),
        ],
    ];
    let problems = import_rows(&rows, Some(&base()), "t").unwrap_err();
    assert_eq!(
        messages(&problems),
        [
            "s.csv:2:C: the formula =B2*2 has no saved value (the program that wrote the file did not calculate it): open the file in Excel or LibreOffice, save it and import again, or type the value",
            "s.csv:2:D: \"2024-01-05\" is a date or time, not a number of days: format the cell as a number and type the days",
        ]
    );
}
