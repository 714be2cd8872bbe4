//! Spreadsheets through the import as files: hostile ones (built by
//! `tests/hostile/sheets.rs`) through the real binary under a memory and a time limit,
//! honest-import cases through the library, and formula-like names through export and
//! import.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

#[path = "../hostile/sheets.rs"]
mod sheets;

use std::path::Path;

use opmt::export::table;
use opmt::import::{self, ImportError};
use opmt::model::{Outcome, Pathway, Stage, Step};

/// Every hostile spreadsheet ends `opmt import` by itself, with the exit status and
/// the message expected, under `ulimit -v` (1 GiB) and `timeout` (60 s, generous for a
/// debug build on a busy machine): the limits are the harness's, not a clock in here.
#[cfg(unix)]
#[test]
fn hostile_spreadsheets_end_with_a_message_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let paths = sheets::write_all(dir.path()).unwrap();
    let mut failures = Vec::new();
    for (hostile, path) in sheets::ALL.iter().zip(&paths) {
        let output = dir.path().join("out.ron");
        let script = "ulimit -v 1048576; exec timeout -s KILL 60 \"$@\"";
        let run = std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("sh")
            .arg(env!("CARGO_BIN_EXE_opmt"))
            .arg("import")
            .arg(path)
            .arg("-o")
            .arg(&output)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        let want = match hostile.expect {
            sheets::Expect::Refused => 1,
            sheets::Expect::Imported => 0,
        };
        if run.status.code() != Some(want)
            || !stderr.contains(hostile.message)
            || (want == 1 && stderr.trim().is_empty())
            || stderr.contains("panicked")
        {
            failures.push(format!(
                "{} ({}): {:?}, stderr: {}",
                hostile.name,
                hostile.tries,
                run.status,
                stderr.chars().take(600).collect::<String>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn import_bytes(bytes: &[u8], name: &str) -> Result<import::Imported, ImportError> {
    import::import_bytes(bytes, Path::new(name), None)
}

fn lines(e: &ImportError) -> String {
    e.lines().join("\n")
}

#[test]
fn a_date_in_wait_days_is_an_error_at_its_cell() {
    let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="B1" t="inlineStr"><is><t>Stage</t></is></c><c r="C1" t="inlineStr"><is><t>Wait days</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Wait</t></is></c><c r="B2" t="inlineStr"><is><t>Other</t></is></c><c r="C2" s="1"><v>45296</v></c></row>"#;
    let book = sheets::xlsx(&[("Steps", "visible", sheets::sheet_xml(None, rows))], None);
    let e = import_bytes(&book, "d.xlsx").unwrap_err();
    assert_eq!(
        lines(&e),
        "d.xlsx:2:C: \"2024-01-05\" is a date or time, not a number of days: format the cell as a number and type the days"
    );
}

#[test]
fn a_formula_without_a_value_is_an_error_and_one_with_a_value_is_read() {
    let rows = |minutes: &str| {
        format!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="B1" t="inlineStr"><is><t>Stage</t></is></c><c r="C1" t="inlineStr"><is><t>Unit cost</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Triage</t></is></c><c r="B2" t="inlineStr"><is><t>Triage</t></is></c>{minutes}</row>"#
        )
    };
    let book = |minutes: &str| {
        sheets::xlsx(
            &[("Steps", "visible", sheets::sheet_xml(None, &rows(minutes)))],
            None,
        )
    };
    let e = import_bytes(&book(r#"<c r="C2"><f>B2*2</f></c>"#), "f.xlsx").unwrap_err();
    assert!(
        lines(&e).starts_with("f.xlsx:2:C: the formula =B2*2 has no saved value"),
        "{}",
        lines(&e)
    );
    let imported = import_bytes(&book(r#"<c r="C2"><f>2*3</f><v>6</v></c>"#), "f.xlsx").unwrap();
    assert_eq!(imported.pathway.steps[0].unit_cost.likely, 6.0);
}

#[test]
fn the_visible_sheet_is_read_and_the_hidden_one_named() {
    let rows = |name: &str| {
        format!(
            r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="B1" t="inlineStr"><is><t>Stage</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>{name}</t></is></c><c r="B2" t="inlineStr"><is><t>Other</t></is></c></row>"#
        )
    };
    let book = sheets::xlsx(
        &[
            ("Old", "hidden", sheets::sheet_xml(None, &rows("Old step"))),
            ("New", "visible", sheets::sheet_xml(None, &rows("New step"))),
        ],
        None,
    );
    let imported = import_bytes(&book, "h.xlsx").unwrap();
    assert_eq!(imported.pathway.steps[0].name, "New step");
    assert_eq!(
        imported.warnings[0].warning_with_file("h.xlsx"),
        "h.xlsx: warning: the hidden sheet \"Old\" was not read; the steps come from the sheet \"New\""
    );
    // A visible sheet called Steps wins over the first visible sheet.
    let book = sheets::xlsx(
        &[
            ("Notes", "visible", sheets::sheet_xml(None, &rows("A note"))),
            ("Steps", "visible", sheets::sheet_xml(None, &rows("A step"))),
        ],
        None,
    );
    assert_eq!(
        import_bytes(&book, "s.xlsx").unwrap().pathway.steps[0].name,
        "A step"
    );
}

#[test]
fn ods_and_xls_sheets_import_too() {
    let ods = sheets::ods(
        r#"<table:table table:name="Steps"><table:table-row><table:table-cell office:value-type="string"><text:p>Name</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Stage</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Unit cost</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>Book</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Booking</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="4"><text:p>4</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#,
    );
    let imported = import_bytes(&ods, "o.ods").unwrap();
    assert_eq!(imported.pathway.steps[0].unit_cost.likely, 4.0);
    let e = import_bytes(&sheets::xls(&[sheets::xls_number(0, 0)]), "x.xls").unwrap_err();
    // One number and no headings: read, then refused for its headings.
    assert!(lines(&e).contains("\"Name\""), "{}", lines(&e));
}

/// Steps named like formulas leave as text (a leading apostrophe) and come back as
/// they were; numbers, even negative ones, are not touched.
#[test]
fn formula_like_names_round_trip_through_csv() {
    let mut pathway = Pathway::new("Injection");
    pathway.annual_referrals = 100.0;
    let names = [
        "=HYPERLINK(\"x\")",
        "+cmd|' /C calc'!A0",
        "-1",
        "@SUM(A1)",
        "'=x",
    ];
    for (i, name) in names.iter().enumerate() {
        let mut step = Step::new(format!("s{i}"), *name, Stage::Other);
        step.unit_cost = opmt::Estimate::fixed(0.1 * 6.0);
        pathway.steps.push(step);
    }
    if let Some(last) = pathway.steps.last_mut() {
        last.outcome = Some(Outcome::Other);
    }
    let csv = table::steps_table(&pathway, None).to_csv();
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    assert!(csv.contains("'+cmd|' /C calc'!A0"), "{csv}");
    assert!(csv.contains(",0.6,"), "numbers at their precision: {csv}");
    for line in csv.lines().skip(1) {
        assert!(!line.starts_with(['=', '+', '-', '@']), "{line}");
    }
    let imported =
        import::import_bytes(csv.as_bytes(), Path::new("i.csv"), Some(&pathway)).unwrap();
    let got: Vec<&str> = imported
        .pathway
        .steps
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(got, names);
    assert_eq!(imported.pathway.steps[0].unit_cost.likely, 0.6);
    // The clipboard's tab-separated text too.
    let tsv = table::steps_table(&pathway, None).to_tsv();
    let rows = import::csv_rows(tsv.as_bytes()).unwrap();
    assert_eq!(rows[1][1], import::Raw::text(names[0]));
}

#[test]
fn files_that_are_not_files_are_refused_unread() {
    #[cfg(unix)]
    {
        let e = import::import_path(Path::new("/dev/zero.csv"), None);
        assert!(e.is_err());
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.csv");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let e = import::import_path(&link, None).unwrap_err();
        assert!(lines(&e).contains("a device"), "{}", lines(&e));
    }
}

/// Writes the hostile spreadsheets into the folder `OPMT_HOSTILE_DIR` names, to run
/// the binary on them by hand: `OPMT_HOSTILE_DIR=/tmp/h cargo test --test import_files
/// -- --ignored write_the_hostile_spreadsheets`.
#[test]
#[ignore = "writes files where OPMT_HOSTILE_DIR says"]
fn write_the_hostile_spreadsheets() {
    let dir = std::env::var_os("OPMT_HOSTILE_DIR").expect("set OPMT_HOSTILE_DIR");
    std::fs::create_dir_all(&dir).unwrap();
    for path in sheets::write_all(Path::new(&dir)).unwrap() {
        eprintln!("{}", path.display());
    }
}

/// Found by the `import` fuzz target: a damaged .xls (a compound file whose workbook
/// stream ends early) makes calamine 0.38 panic reading two bytes that are not there.
/// The import catches it: a message naming the file, exit 1, and no "panicked" line.
#[test]
fn a_damaged_xls_that_panics_the_reader_is_a_message() {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_opmt"))
        .args(["import", "tests/fixtures/calamine-xls-short-read.xls", "-o"])
        .arg(tempfile::tempdir().unwrap().path().join("out.ron"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("calamine-xls-short-read.xls"), "{stderr}");
    assert!(stderr.contains("is the file damaged?"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
