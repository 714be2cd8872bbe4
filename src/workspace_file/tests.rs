use super::*;

const EXAMPLE: &str = r#"OpmtWorkspace(
    format: 1,
    name: "Orthopaedics options",
    current: "current-ers-as-implemented.ron",
    options: [
        "best-practice-ers.ron",
        "best-practice-ers-ras.ron",
    ],
)
"#;

const BUNDLED_MODEL: &str = include_str!("../../models/best-practice-ers.ron");

/// Copies a bundled model into `dir` under `name`.
fn copy_model(model: &str, dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("models")
            .join(model),
        &to,
    )
    .unwrap();
    to
}

#[test]
fn reads_the_example() {
    let file = read_workspace_str(EXAMPLE).unwrap();
    assert_eq!(
        file,
        WorkspaceFile {
            format: 1,
            name: "Orthopaedics options".into(),
            current: "current-ers-as-implemented.ron".into(),
            options: vec![
                "best-practice-ers.ron".into(),
                "best-practice-ers-ras.ron".into()
            ],
        }
    );
}

#[test]
fn tells_a_workspace_from_a_pathway() {
    assert!(looks_like_workspace(EXAMPLE));
    assert!(looks_like_workspace(&format!(
        "// Orthopaedics, for the board\n{EXAMPLE}"
    )));
    assert!(looks_like_workspace(&format!(
        "\u{feff}/* a /* nested */ note */\n\n  {EXAMPLE}"
    )));
    assert!(looks_like_workspace(
        "#![enable(implicit_some)]\nOpmtWorkspace("
    ));
    assert!(!looks_like_workspace(BUNDLED_MODEL));
    assert!(!looks_like_workspace("OpmtWorkspaces(format: 1)"));
    assert!(!looks_like_workspace("// OpmtWorkspace(\n(format: 1)"));
    assert!(!looks_like_workspace(""));
}

#[test]
fn a_pathway_file_is_not_a_workspace() {
    let e = read_workspace_str(BUNDLED_MODEL).unwrap_err();
    let WorkspaceError::NotWorkspace { line, col } = e else {
        panic!("{e:?}");
    };
    // The model's comment fills the first six lines; its `(` starts line 7.
    assert_eq!((line, col), (7, 1));
    assert!(e.to_string().contains("not an opmt workspace file"), "{e}");
}

#[test]
fn a_syntax_error_has_its_line_and_column() {
    let text = EXAMPLE.replace("\"best-practice-ers.ron\",", "best-practice-ers.ron,");
    let e = read_workspace_str(&text).unwrap_err();
    let WorkspaceError::Syntax { line, col, .. } = &e else {
        panic!("{e:?}");
    };
    assert_eq!((*line, *col), (6, 9), "{e}");
    assert!(e.to_string().starts_with("line 6, column 9: "), "{e}");
}

#[test]
fn a_newer_format_is_refused_plainly() {
    let text = EXAMPLE.replace("format: 1", "format: 2");
    let e = read_workspace_str(&text).unwrap_err();
    assert_eq!(
        e.to_string(),
        "this workspace file is format 2; this version of opmt reads format 1: update opmt"
    );
    // Refused by its number even when it has fields this version does not know.
    let text = text.replace("options:", "budget: 3.0, options:");
    let e = read_workspace_str(&text).unwrap_err();
    assert!(
        matches!(e, WorkspaceError::NewerFormat { found: 2 }),
        "{e:?}"
    );
}

#[test]
fn format_zero_is_refused() {
    let e = read_workspace_str(&EXAMPLE.replace("format: 1", "format: 0")).unwrap_err();
    assert!(
        matches!(e, WorkspaceError::UnknownFormat { found: 0 }),
        "{e:?}"
    );
}

#[test]
fn an_empty_current_or_option_is_refused() {
    let text = EXAMPLE.replace("\"current-ers-as-implemented.ron\"", "\"  \"");
    let e = read_workspace_str(&text).unwrap_err();
    assert!(matches!(e, WorkspaceError::NoCurrent), "{e:?}");
    assert!(e.to_string().contains("current:"), "{e}");

    let text = EXAMPLE.replace("\"best-practice-ers-ras.ron\"", "\"\"");
    let e = read_workspace_str(&text).unwrap_err();
    assert!(
        matches!(e, WorkspaceError::EmptyOption { number: 2 }),
        "{e:?}"
    );
}

#[test]
fn options_may_be_left_out() {
    let text = "OpmtWorkspace(format: 1, name: \"Just now\", current: \"now.ron\")";
    let file = read_workspace_str(text).unwrap();
    assert!(file.options.is_empty());
}

#[test]
fn backslashes_are_read_as_separators() {
    let folder = Path::new("ws");
    assert_eq!(
        WorkspaceFile::resolve(folder, "models\\a.ron"),
        Path::new("ws").join("models").join("a.ron")
    );
    assert_eq!(
        WorkspaceFile::resolve(folder, "../shared/b.ron"),
        Path::new("ws").join("..").join("shared").join("b.ron")
    );
}

#[test]
fn saves_then_loads_with_two_options() {
    let dir = tempfile::tempdir().unwrap();
    let current = copy_model("current-ers-as-implemented.ron", dir.path(), "now.ron");
    let ers = copy_model("best-practice-ers.ron", dir.path(), "ers.ron");
    let ras = copy_model("best-practice-ers-ras.ron", dir.path(), "ras.ron");
    let workspace = dir.path().join("ortho.ron");

    save_workspace(
        &workspace,
        "Orthopaedics options",
        &current,
        &[ers.clone(), ras.clone()],
    )
    .unwrap();

    let text = std::fs::read_to_string(&workspace).unwrap();
    assert_eq!(
        text,
        "OpmtWorkspace(\n    format: 1,\n    name: \"Orthopaedics options\",\n    current: \"now.ron\",\n    options: [\n        \"ers.ron\",\n        \"ras.ron\",\n    ],\n)\n"
    );
    assert!(looks_like_workspace(&text));

    let loaded = load_workspace(&workspace).unwrap();
    assert_eq!(loaded.name, "Orthopaedics options");
    assert!(loaded.all_loaded(), "{:?}", loaded.problem_lines());
    assert!(loaded.problem_lines().is_empty());
    assert_eq!(loaded.current.path, current);
    let paths: Vec<&Path> = loaded.options.iter().map(|m| m.path.as_path()).collect();
    assert_eq!(paths, [ers.as_path(), ras.as_path()]);
    let names: Vec<String> = loaded
        .members()
        .map(|m| m.loaded.as_ref().unwrap().pathway.name.clone())
        .collect();
    let expected: Vec<String> = [
        "current-ers-as-implemented.ron",
        "best-practice-ers.ron",
        "best-practice-ers-ras.ron",
    ]
    .iter()
    .map(|m| {
        crate::format::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("models").join(m))
            .unwrap()
            .pathway
            .name
    })
    .collect();
    assert_eq!(names, expected);
}

#[test]
fn writes_relative_paths_with_slashes_and_dots() {
    let dir = tempfile::tempdir().unwrap();
    let ws_folder = dir.path().join("appraisal");
    let models = ws_folder.join("models");
    let shared = dir.path().join("shared").join("trust");
    std::fs::create_dir_all(&models).unwrap();
    std::fs::create_dir_all(&shared).unwrap();
    let current = copy_model("current-paper.ron", &models, "now.ron");
    let option = copy_model("best-practice-ers.ron", &shared, "ers.ron");
    let workspace = ws_folder.join("options.ron");

    save_workspace(
        &workspace,
        "Sibling",
        &current,
        std::slice::from_ref(&option),
    )
    .unwrap();

    let file = read_workspace_str(&std::fs::read_to_string(&workspace).unwrap()).unwrap();
    assert_eq!(file.current, "models/now.ron");
    assert_eq!(file.options, ["../shared/trust/ers.ron"]);
    let loaded = load_workspace(&workspace).unwrap();
    assert!(loaded.all_loaded(), "{:?}", loaded.problem_lines());
}

#[test]
fn relative_paths_by_their_parts() {
    let rel = |from: &str, to: &str| relative_path(Path::new(from), Path::new(to));
    assert_eq!(rel("/a/b", "/a/b/c.ron"), Some(PathBuf::from("c.ron")));
    assert_eq!(rel("/a/b", "/a/b/m/c.ron"), Some(PathBuf::from("m/c.ron")));
    assert_eq!(rel("/a/b", "/a/x/c.ron"), Some(PathBuf::from("../x/c.ron")));
    assert_eq!(
        rel("/a/b/c", "/z.ron"),
        Some(PathBuf::from("../../../z.ron"))
    );
    assert_eq!(rel("/a/b", "/a/b"), None);
    assert_eq!(
        normalise(Path::new("/a/./b/../c/d.ron")),
        PathBuf::from("/a/c/d.ron")
    );
    assert_eq!(normalise(Path::new("/../a")), PathBuf::from("/a"));
}

#[test]
fn a_missing_pathway_file_is_reported_and_the_others_load() {
    let dir = tempfile::tempdir().unwrap();
    copy_model(
        "current-ers-as-implemented.ron",
        dir.path(),
        "current-ers-as-implemented.ron",
    );
    copy_model("best-practice-ers.ron", dir.path(), "best-practice-ers.ron");
    let workspace = dir.path().join("ortho.ron");
    std::fs::write(&workspace, EXAMPLE).unwrap();

    let loaded = load_workspace(&workspace).unwrap();
    assert!(loaded.current.loaded.is_ok());
    assert!(loaded.options[0].loaded.is_ok());
    assert!(loaded.options[1].loaded.is_err());
    assert!(!loaded.all_loaded());
    let lines = loaded.problem_lines();
    let missing = dir.path().join("best-practice-ers-ras.ron");
    assert_eq!(
        lines,
        [format!(
            "best-practice-ers-ras.ron: the file is not there ({}). Put the file back beside the workspace file, or remove it from the workspace.",
            missing.display()
        )]
    );
}

#[test]
fn a_broken_pathway_file_is_reported_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    copy_model(
        "current-ers-as-implemented.ron",
        dir.path(),
        "current-ers-as-implemented.ron",
    );
    copy_model(
        "best-practice-ers-ras.ron",
        dir.path(),
        "best-practice-ers-ras.ron",
    );
    std::fs::write(
        dir.path().join("best-practice-ers.ron"),
        "(\n    format: 1,\n    name: Best practice,\n)\n",
    )
    .unwrap();
    let workspace = dir.path().join("ortho.ron");
    std::fs::write(&workspace, EXAMPLE).unwrap();

    let loaded = load_workspace(&workspace).unwrap();
    let broken = &loaded.options[0];
    let Err(e) = &broken.loaded else {
        panic!("the broken file loaded");
    };
    assert_eq!(e.path, dir.path().join("best-practice-ers.ron"));
    assert!(matches!(e.error, LoadError::Syntax(_)), "{e:?}");
    let lines = loaded.problem_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        // The pathway loader's own position: where the RON reader stopped, just
        // before the unquoted name.
        lines[0].starts_with("best-practice-ers.ron: line 3, column 10: "),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].ends_with("or remove it from the workspace."),
        "{}",
        lines[0]
    );
}

#[test]
fn a_broken_workspace_file_names_itself_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path().join("ortho.ron");
    std::fs::write(&workspace, EXAMPLE.replace("name:", "name =")).unwrap();
    let e = load_workspace(&workspace).unwrap_err();
    assert_eq!(e.path, workspace);
    assert!(
        matches!(e.error, WorkspaceError::Syntax { line: 3, .. }),
        "{e:?}"
    );
    let message = e.to_string();
    assert!(message.starts_with("line 3, column "), "{message}");
    assert!(
        message.ends_with(&format!("({})", workspace.display())),
        "{message}"
    );

    let missing = dir.path().join("nowhere.ron");
    let e = load_workspace(&missing).unwrap_err();
    assert!(matches!(e.error, WorkspaceError::Io(_)), "{e:?}");
}

#[test]
fn offsets_and_positions_agree() {
    let text = "ab\nc€d\n\nef";
    for offset in [0, 1, 3, 4, 7, 9, 10, 12] {
        let (line, col) = position_of(text, offset);
        assert_eq!(offset_of(text, line, col), offset, "{line}:{col}");
    }
    assert_eq!(offset_of(text, 2, 99), 8);
    assert_eq!(offset_of(text, 99, 1), text.len());
}

#[cfg(unix)]
#[test]
fn a_workspace_naming_a_device_or_a_pipe_reports_them_without_reading_them() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let workspace = dir.path().join("ortho.ron");
    std::fs::write(
        &workspace,
        "OpmtWorkspace(\n    format: 1,\n    name: \"Ortho\",\n    current: \"/dev/zero\",\n    options: [\"pipe.ron\"],\n)\n",
    )
    .unwrap();
    let loaded = load_workspace(&workspace).unwrap();
    assert!(!loaded.all_loaded());
    let lines = loaded.problem_lines().join("\n");
    assert!(lines.contains("a device"), "{lines}");
    assert!(lines.contains("a pipe"), "{lines}");
    // The workspace file itself must be a file too.
    let error = load_workspace(Path::new("/dev/zero")).unwrap_err();
    assert!(error.to_string().contains("a device"), "{error}");
}
