//! The shape of the code, checked: the pure core (everything but `app`, `ui`,
//! `cli` and `main`) uses no user-interface crate, its modules import each other in one
//! direction only (no circle, such as analysis -> validate -> analysis), as do the
//! modules of the app's shell and panels (no circle such as app::command ->
//! ui::help -> app::command), and only
//! the platform layer's native side touches the machine (files, threads, processes,
//! the standard library's clock), so the library builds and runs on the web.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Modules of the app (its shell and its panels) and the command line: allowed to
/// use anything.
const SHELL: [&str; 4] = ["app", "ui", "cli", "main"];
/// Crates the pure core must never use.
const UI_CRATES: [&str; 6] = [
    "egui",
    "eframe",
    "egui_plot",
    "egui_extras",
    "egui_file",
    "rfd",
];

/// The platform's file dialogs, which use rfd (the app's only, built with it).
const DIALOG_FILES: [&str; 2] = ["platform/native/dialogs.rs", "platform/web/"];

/// Where the standard library's file system, threads, processes and clock may be
/// used: the platform's native side, its clock, the command line and `main`.
const MACHINE_EDGE: [&str; 4] = ["platform/native/", "platform/clock.rs", "cli.rs", "main.rs"];

/// The file's path inside `src`, with `/` between folders.
fn rel(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The standard library's ways to touch the machine that `code` names:
/// `std::fs`, `std::thread`, `std::process`, `std::env`, and `Instant`, `SystemTime` or
/// `UNIX_EPOCH` from `std::time`, written out or in a `use std::{..}` group.
fn machine_uses(code: &str) -> BTreeSet<String> {
    const MODULES: [&str; 4] = ["fs", "thread", "process", "env"];
    const CLOCK: [&str; 3] = ["Instant", "SystemTime", "UNIX_EPOCH"];
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let group = |s: &str| -> String {
        let end = s.find('}').unwrap_or(s.len());
        s[..end].to_owned()
    };
    let mut found = BTreeSet::new();
    for (i, _) in code.match_indices("std::") {
        // `mystd::fs` is not the standard library.
        if code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[i + "std::".len()..];
        let mut items: Vec<String> = Vec::new();
        if let Some(list) = rest.strip_prefix('{') {
            // `std::{fs, time::Instant}`: each item with its path.
            items.extend(group(list).split(',').map(|item| item.trim().to_owned()));
        } else {
            items.push(rest.to_owned());
        }
        for item in items {
            let first = ident(&item);
            if MODULES.contains(&first.as_str()) {
                found.insert(format!("std::{first}"));
            } else if first == "time" {
                let after = item["time".len()..].trim_start_matches("::");
                let names = match after.strip_prefix('{') {
                    Some(list) => group(list),
                    None => ident(after),
                };
                for name in CLOCK {
                    if names
                        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .any(|n| n == name)
                    {
                        found.insert(format!("std::time::{name}"));
                    }
                }
            }
        }
    }
    found
}

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, but test files (`tests.rs`, `*/tests/*`).
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "tests") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/format/mod.rs` -> `format`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// The file's code without its in-file test module and without comments (a doc
/// link to another module is not an import).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => &text,
    };
    text.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code names through `crate::` or `use crate::{..}`.
fn crate_modules(code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    prefixed_modules(code, "crate::", known)
}

/// The modules of `known` a piece of code names right after `prefix`
/// (`super::super::`, say), written out or in a `{..}` group. A match inside a
/// longer path (`x::super::`) does not count.
fn prefixed_modules(code: &str, prefix: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (i, _) in code.match_indices(prefix) {
        if code[..i].ends_with("::") {
            continue;
        }
        let rest = &code[i + prefix.len()..];
        if let Some(list) = rest.strip_prefix('{') {
            let end = list.find('}').unwrap_or(list.len());
            for item in list[..end].split(',') {
                let name = item.trim().split("::").next().unwrap_or("").trim();
                if known.contains(name) {
                    found.insert(name.to_owned());
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if known.contains(&name) {
                found.insert(name);
            }
        }
    }
    found
}

fn core_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let known: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let module = module_of(file);
        if SHELL.contains(&module.as_str()) || module == "lib" {
            continue;
        }
        let uses = crate_modules(&code(file), &known);
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(uses.into_iter().filter(|m| *m != module));
    }
    graph
}

/// The modules of the app's shell and panels (`app::X` for `src/app/X.rs` or
/// `src/app/X/`, `ui::X` likewise) and those each names: through `crate::app::` or
/// `crate::ui::`, or `super::` from the right depth (`super::super::` from
/// `src/ui/X/Y.rs`) for its own tree.
fn app_graph() -> BTreeMap<String, BTreeSet<String>> {
    let trees = ["app", "ui"];
    let mut found: Vec<(&str, Vec<String>, PathBuf)> = Vec::new();
    for tree in trees {
        let root = src().join(tree);
        let mut files = Vec::new();
        rust_files(&root, &mut files);
        for file in files {
            let parts: Vec<String> = file
                .strip_prefix(&root)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            found.push((tree, parts, file));
        }
    }
    let known = |tree: &str| -> BTreeSet<String> {
        found
            .iter()
            .filter(|(t, parts, _)| *t == tree && parts[0] != "mod.rs")
            .map(|(_, parts, _)| parts[0].trim_end_matches(".rs").to_owned())
            .collect()
    };
    let known = trees.map(known);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (tree, parts, file) in &found {
        if parts[0] == "mod.rs" {
            continue;
        }
        let module = format!("{tree}::{}", parts[0].trim_end_matches(".rs"));
        // Folders below `src/TREE/X/` a file is in: `super::` that many times and
        // once more reaches the tree's root.
        let depth = parts.len() - 1 - usize::from(parts.last().is_some_and(|p| p == "mod.rs"));
        let text = code(file);
        let mut uses = BTreeSet::new();
        for (k, other) in trees.iter().enumerate() {
            let named = prefixed_modules(&text, &format!("crate::{other}::"), &known[k]);
            uses.extend(named.into_iter().map(|m| format!("{other}::{m}")));
            if other == tree {
                let own = prefixed_modules(&text, &"super::".repeat(depth + 1), &known[k]);
                uses.extend(own.into_iter().map(|m| format!("{other}::{m}")));
            }
        }
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(uses.into_iter().filter(|m| *m != module));
    }
    graph
}

/// A circle in `graph`, if there is one, as the modules around it.
fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut circle = path[start..].to_vec();
            circle.push(node.to_owned());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(circle) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(circle);
        }
    }
    None
}

#[test]
fn core_modules_import_each_other_in_one_direction() {
    let graph = core_graph();
    assert!(graph.contains_key("analysis") && graph.contains_key("validate"));
    if let Some(circle) = find_circle(&graph) {
        panic!(
            "the core modules import in a circle: {}",
            circle.join(" -> ")
        );
    }
}

#[test]
fn app_modules_import_each_other_in_one_direction() {
    let graph = app_graph();
    // The scan sees both trees and the way between them: the workspace names the
    // options' view, the dispatcher the commands, a panel its chart buttons and
    // the actions it pushes.
    assert!(graph["app::workspace"].contains("ui::options"), "{graph:?}");
    assert!(graph["app::dispatch"].contains("app::command"), "{graph:?}");
    assert!(
        graph["ui::variability"].contains("ui::chart_frame"),
        "{graph:?}"
    );
    assert!(
        graph["ui::variability"].contains("app::context"),
        "{graph:?}"
    );
    if let Some(circle) = find_circle(&graph) {
        panic!(
            "the app's modules import in a circle: {}",
            circle.join(" -> ")
        );
    }
}

#[test]
fn the_circle_check_finds_a_circle() {
    // The check itself: a made-up graph with a -> b -> c -> a.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        graph.entry(from.into()).or_default().insert(to.into());
    }
    let circle = find_circle(&graph).unwrap();
    assert_eq!(circle, vec!["a", "b", "c", "a"]);
    graph.get_mut("c").unwrap().remove("a");
    assert_eq!(find_circle(&graph), None);
}

#[test]
fn the_module_scan_reads_grouped_imports() {
    let known: BTreeSet<String> = ["model", "graph", "format"].map(String::from).into();
    let found = crate_modules(
        "use crate::{graph::successors, model::Pathway};\nlet x = crate::format::load_str(t);",
        &known,
    );
    assert_eq!(found, known);
    // From a file two folders down, only `super::super::` reaches the app.
    let app: BTreeSet<String> = ["command", "help"].map(String::from).into();
    let code = "use super::super::command::Which;\nuse super::help::X;\nlet a = super::super::super::help::Y;";
    assert_eq!(
        prefixed_modules(code, "super::super::", &app),
        ["command".to_owned()].into()
    );
}

#[test]
fn the_pure_core_uses_no_user_interface_crate() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for file in files {
        let module = module_of(&file);
        if SHELL.contains(&module.as_str())
            || DIALOG_FILES.iter().any(|d| rel(&file).starts_with(d))
        {
            continue;
        }
        let text = code(&file);
        for krate in UI_CRATES {
            assert!(
                !text.contains(&format!("{krate}::")) && !text.contains(&format!("use {krate}")),
                "{} uses {krate}, but the core must build without a user interface",
                file.display()
            );
        }
    }
}

#[test]
fn only_the_platform_layer_touches_the_machine() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut offences = Vec::new();
    let mut edge_uses = 0;
    for file in files {
        let uses = machine_uses(&code(&file));
        if MACHINE_EDGE.iter().any(|edge| rel(&file).starts_with(edge)) {
            edge_uses += uses.len();
        } else if !uses.is_empty() {
            let list: Vec<_> = uses.into_iter().collect();
            offences.push(format!("{}: {}", rel(&file), list.join(", ")));
        }
    }
    assert!(
        offences.is_empty(),
        "outside src/platform/native (and the clock, cli.rs and main.rs), these touch the machine directly; go through crate::platform instead:\n{}",
        offences.join("\n")
    );
    // The scan sees what the platform layer itself uses.
    assert!(edge_uses >= 5, "{edge_uses}");
}

#[test]
fn the_machine_scan_reads_paths_and_groups() {
    let found = |code: &str| machine_uses(code).into_iter().collect::<Vec<_>>();
    assert_eq!(found("let f = std::fs::read(p);"), ["std::fs"]);
    assert_eq!(
        found("use std::time::{Duration, Instant};"),
        ["std::time::Instant"]
    );
    assert_eq!(
        found("use std::{process, time::SystemTime};"),
        ["std::process", "std::time::SystemTime"]
    );
    assert_eq!(found("std::thread::spawn(f)"), ["std::thread"]);
    assert_eq!(found("std::env::var_os(NAME)"), ["std::env"]);
    assert!(
        found("use std::time::Duration; use std::sync::Arc; let t = clock::Instant::now();")
            .is_empty()
    );
    assert!(found("use mystd::fs;").is_empty());
}
