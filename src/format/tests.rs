use super::*;
use crate::model::{Estimate, Outcome, Stage};

const ISSUE_EXAMPLE: &str = r#"(
    format: 1,
    name: "Dermatology, current process",
    notes: "Walked through with the booking team, March",   // optional
    annual_referrals: 12000.0,
    wte_hours: 1545.0,                                       // optional, default 1545
    roles: [
        (id: "gp", name: "GP", hourly_cost: 171.0, source: "PSSRU 2025"),   // source optional
        (id: "band3", name: "Booking clerk (AfC Band 3)", hourly_cost: 22.0),
    ],
    steps: [
        (
            id: "letter",
            name: "GP writes referral letter",
            stage: Referral,
            role: "gp",
            touch_minutes: (low: 1.0, likely: 2.0, high: 6.0),
            wait_days: 3.0,
            unit_cost: 0.87,
            next: [(to: "book", share: 1.0)],
            pos: (x: 40.0, y: 120.0),                        // optional canvas position
            source: "Patterson 2010",                        // optional
        ),
        (
            id: "book", name: "Book appointment", stage: Booking, role: "band3",
            touch_minutes: 13.0, wait_days: 20.0,
            next: [(to: "seen", share: 0.92), (to: "book", share: 0.08)],
        ),
        (id: "seen", name: "First appointment", stage: Attendance, outcome: Appointment),
    ],
)"#;

fn errors_of(text: &str) -> Vec<Diagnostic> {
    match load_str(text) {
        Err(LoadError::Invalid(ds)) => ds
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect(),
        other => panic!("expected validation errors, got {other:?}"),
    }
}

/// The issue's example with one textual substitution.
fn example_with(from: &str, to: &str) -> String {
    assert!(ISSUE_EXAMPLE.contains(from), "{from}");
    ISSUE_EXAMPLE.replacen(from, to, 1)
}

#[test]
fn reads_the_hand_written_example() {
    let loaded = load_str(ISSUE_EXAMPLE).unwrap();
    let p = loaded.pathway;
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    assert_eq!(p.name, "Dermatology, current process");
    assert_eq!(p.roles[0].source.as_deref(), Some("PSSRU 2025"));
    assert_eq!(p.roles[1].source, None);
    assert_eq!(p.steps[0].touch_minutes, Estimate::range(1.0, 2.0, 6.0));
    assert_eq!(p.steps[0].pos, Some(CanvasPosForTest::new(40.0, 120.0)));
    assert_eq!(p.steps[1].stage, Stage::Booking);
    assert_eq!(p.steps[1].unit_cost, Estimate::fixed(0.0));
    assert_eq!(p.steps[2].outcome, Some(Outcome::Appointment));
    assert_eq!(p.steps[2].role, None);
}

type CanvasPosForTest = crate::model::CanvasPos;
impl CanvasPosForTest {
    fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }
}

#[test]
fn wte_hours_defaults_to_1545() {
    let text = example_with("    wte_hours: 1545.0,", "");
    assert_eq!(load_str(&text).unwrap().pathway.wte_hours, 1545.0);
}

#[test]
fn writes_what_it_reads() {
    let p = load_str(ISSUE_EXAMPLE).unwrap().pathway;
    let text = to_ron_string(&p);
    assert!(
        text.contains("touch_minutes: (low: 1.0, likely: 2.0, high: 6.0)"),
        "{text}"
    );
    assert!(
        text.contains("role: \"gp\""),
        "optional values are written plainly:\n{text}"
    );
    assert!(!text.contains("Some("), "{text}");
    assert_eq!(load_str(&text).unwrap().pathway, p);
}

#[test]
fn syntax_error_names_line_and_column() {
    let text = example_with("wait_days: 20.0,", "wait_days: 20.0 oops,");
    let Err(LoadError::Syntax(d)) = load_str(&text) else {
        panic!("expected a syntax error")
    };
    assert_eq!(d.position.map(|p| p.line), Some(26), "{d}");
    assert_eq!(d.with_file("m.ron").split(':').next(), Some("m.ron"));
}

#[test]
fn unknown_field_names_the_field_and_the_expected_ones() {
    let text = example_with("touch_minutes: 13.0", "tuch_minutes: 13.0");
    let Err(LoadError::Syntax(d)) = load_str(&text) else {
        panic!("expected an error")
    };
    assert!(d.message.contains("tuch_minutes"), "{}", d.message);
    assert!(d.message.contains("touch_minutes"), "{}", d.message);
    assert_eq!(d.position.map(|p| p.line), Some(26));
}

#[test]
fn newer_format_is_refused_by_version() {
    let text = example_with("format: 1", "format: 2")
        .replace("wait_days: 3.0", "wait_days: 3.0, new_thing: 1");
    let err = load_str(&text).unwrap_err();
    assert!(
        matches!(err, LoadError::NewerFormat { found: 2 }),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer version"));
}

#[test]
fn format_zero_is_refused() {
    let text = example_with("format: 1", "format: 0");
    assert!(
        load_str(&text)
            .unwrap_err()
            .to_string()
            .contains("format 0")
    );
}

#[test]
fn every_validation_error_is_reported_with_its_step_position() {
    let text = example_with("role: \"band3\"", "role: \"band9\"")
        .replace("(to: \"seen\", share: 0.92)", "(to: \"sen\", share: 0.90)")
        .replace("wait_days: 3.0", "wait_days: -3.0");
    let errors = errors_of(&text);
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown role \"band9\"")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("unknown step \"sen\"")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("add up to 98%")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("wait_days is negative")),
        "{messages:?}"
    );
    let book = errors.iter().find(|d| d.message.contains("band9")).unwrap();
    assert_eq!(book.position, Some(Position { line: 24, col: 9 }));
    let letter = errors
        .iter()
        .find(|d| d.message.contains("negative"))
        .unwrap();
    assert_eq!(letter.position, Some(Position { line: 12, col: 9 }));
}

#[test]
fn duplicate_ids_are_errors() {
    let text =
        example_with("id: \"book\"", "id: \"letter\"").replace("id: \"band3\"", "id: \"gp\"");
    let errors = errors_of(&text);
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("has the id \"letter\" of another step"))
    );
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("has the id \"gp\" of another role"))
    );
}

#[test]
fn range_order_is_checked() {
    let text = example_with(
        "(low: 1.0, likely: 2.0, high: 6.0)",
        "(low: 3.0, likely: 2.0, high: 6.0)",
    );
    assert!(
        errors_of(&text)[0]
            .message
            .contains("low 3 greater than likely 2")
    );
    let text = example_with(
        "(low: 1.0, likely: 2.0, high: 6.0)",
        "(low: 1.0, likely: 7.0, high: 6.0)",
    );
    assert!(
        errors_of(&text)[0]
            .message
            .contains("likely 7 greater than high 6")
    );
}

#[test]
fn touch_minutes_need_a_role() {
    let text = example_with("role: \"gp\",", "");
    assert!(
        errors_of(&text)[0]
            .message
            .contains("staff minutes without a role")
    );
}

#[test]
fn no_steps_is_an_error() {
    let text = r#"(format: 1, name: "x", annual_referrals: 1.0, steps: [])"#;
    assert!(errors_of(text)[0].message.contains("no steps"));
}

#[test]
fn a_loop_with_no_way_out_is_an_error() {
    let text = example_with(
        "(to: \"seen\", share: 0.92), (to: \"book\", share: 0.08)",
        "(to: \"book\", share: 1.0)",
    );
    let errors = errors_of(&text);
    assert!(
        errors.iter().any(|d| d
            .message
            .contains("no referral reaching it can ever reach an end")),
        "{errors:?}"
    );
}

#[test]
fn unreachable_steps_and_outcomes_on_links_are_warnings() {
    let text = example_with(
        "(id: \"seen\", name: \"First appointment\", stage: Attendance, outcome: Appointment),",
        "(id: \"seen\", name: \"First appointment\", stage: Attendance, outcome: Appointment),\n        (id: \"orphan\", name: \"Orphan\", stage: Other, next: [(to: \"seen\", share: 1.0)], outcome: Other),",
    );
    let loaded = load_str(&text).unwrap();
    let warnings: Vec<&str> = loaded.warnings.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings.iter().any(|m| m.contains("unreachable")));
    assert!(
        warnings
            .iter()
            .any(|m| m.contains("outcome Other is ignored"))
    );
}

#[test]
fn shares_must_be_in_range() {
    let text = example_with(
        "(to: \"seen\", share: 0.92), (to: \"book\", share: 0.08)",
        "(to: \"seen\", share: 1.5), (to: \"book\", share: -0.5)",
    );
    let errors = errors_of(&text);
    assert!(
        errors
            .iter()
            .filter(|d| d.message.contains("a share must be more than 0%"))
            .count()
            == 2,
        "{errors:?}"
    );
}

#[test]
fn malformed_input_never_panics() {
    let deep = "(".repeat(100_000);
    for text in [
        "",
        "(",
        "\"unterminated",
        &deep,
        "(format: 1, name: \"x\", annual_referrals: 1e999, steps: [])",
        "(format: 99999999999999999999999, name: \"x\")",
        "[1, 2, 3]",
        "(format: 1, name: \"x\", annual_referrals: 1.0, steps: [(id: \"a\", name: \"a\", stage: Nowhere)])",
    ] {
        assert!(load_str(text).is_err(), "{text:.40}");
    }
}

#[test]
fn oversized_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_FILE_BYTES + 1).unwrap();
    let err = load_path(&path).unwrap_err();
    assert!(matches!(err.error, LoadError::TooLarge { .. }), "{err}");
    assert!(err.lines()[0].starts_with(&path.display().to_string()));
}

#[test]
fn save_is_atomic_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.ron");
    let p = load_str(ISSUE_EXAMPLE).unwrap().pathway;
    std::fs::write(&path, "old contents").unwrap();
    save_path(&p, &path).unwrap();
    assert_eq!(load_path(&path).unwrap().pathway, p);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        1,
        "no temporary file is left behind: {names:?}"
    );
}

#[test]
fn save_into_missing_folder_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no such folder").join("model.ron");
    let p = load_str(ISSUE_EXAMPLE).unwrap().pathway;
    let err = save_path(&p, &path).unwrap_err();
    assert!(err.to_string().contains("model.ron"), "{err}");
}

#[test]
fn byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.ron");
    std::fs::write(&path, format!("\u{feff}{ISSUE_EXAMPLE}")).unwrap();
    assert!(load_path(&path).is_ok());
}

#[test]
fn save_failures_are_explained_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let p = load_str(ISSUE_EXAMPLE).unwrap().pathway;

    let missing = dir.path().join("no such folder").join("model.ron");
    let err = save_path(&p, &missing).unwrap_err();
    assert_eq!(err.source.kind(), std::io::ErrorKind::NotFound);
    assert!(
        err.reason().starts_with("the folder does not exist"),
        "{}",
        err.reason()
    );

    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "not a folder").unwrap();
    let err = save_path(&p, &file.join("model.ron")).unwrap_err();
    assert_eq!(
        err.reason(),
        "part of the folder's path is a file, not a folder"
    );
    assert!(!dir.path().join("model.ron").exists());

    let reason = |kind| save_failure_reason(&std::io::Error::from(kind));
    assert!(reason(std::io::ErrorKind::StorageFull).starts_with("the disk is full"));
    assert!(reason(std::io::ErrorKind::PermissionDenied).contains("read-only"));
    assert_eq!(
        reason(std::io::ErrorKind::TimedOut),
        "the system said: timed out"
    );
}

/// The example's Band 3 role with the optional cost fields.
fn example_with_role_fields(fields: &str) -> String {
    example_with(
        "hourly_cost: 22.0),",
        &format!("hourly_cost: 39.0, {fields}),"),
    )
}

#[test]
fn roles_read_and_write_organisation_direct_rate_and_cost_basis() {
    let text = example_with_role_fields(
        "organisation: Provider, direct_hourly_cost: 21.5, cost_basis: \"salary + on-costs x 1.8\"",
    );
    let loaded = load_str(&text).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let role = &loaded.pathway.roles[1];
    assert_eq!(
        role.organisation,
        Some(crate::model::Organisation::Provider)
    );
    assert_eq!(role.direct_hourly_cost, Some(21.5));
    assert_eq!(role.cost_basis.as_deref(), Some("salary + on-costs x 1.8"));
    // Files without them still load, with nothing set.
    let gp = &loaded.pathway.roles[0];
    assert_eq!((gp.organisation, gp.direct_hourly_cost), (None, None));
    let written = to_ron_string(&loaded.pathway);
    assert!(written.contains("organisation: Provider"), "{written}");
    assert!(written.contains("direct_hourly_cost: 21.5"), "{written}");
    assert!(!written.contains("organisation: None"), "{written}");
    assert_eq!(load_str(&written).unwrap().pathway, loaded.pathway);
}

#[test]
fn bad_role_cost_fields_are_located() {
    let errors = errors_of(&example_with_role_fields("direct_hourly_cost: -2.0"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].message.contains("direct hourly cost is -2"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].position, Some(Position { line: 9, col: 9 }));

    let loaded = load_str(&example_with_role_fields("direct_hourly_cost: 50.0")).unwrap();
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(
        loaded.warnings[0]
            .message
            .contains("more than the hourly cost")
    );
    assert_eq!(
        loaded.warnings[0].position,
        Some(Position { line: 9, col: 9 })
    );

    let Err(LoadError::Syntax(d)) = load_str(&example_with_role_fields("organization: Provider"))
    else {
        panic!("expected an unknown-field error")
    };
    assert!(d.message.contains("organisation"), "{}", d.message);
    assert_eq!(d.position.map(|p| p.line), Some(9));

    let Err(LoadError::Syntax(d)) = load_str(&example_with_role_fields("organisation: Hospital"))
    else {
        panic!("expected an unknown-variant error")
    };
    assert!(d.message.contains("Hospital"), "{}", d.message);
    assert_eq!(d.position.map(|p| p.line), Some(9));
}
