//! The layers of both crates, read from the sources: no top-level module uses one that
//! stands above it in `docs/ARCHITECTURE.md`'s order, so no two modules can form a circle.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The top-level modules of one crate, lowest first, as `docs/ARCHITECTURE.md` lists them
/// under the heading that names `crate_dir`.
fn documented_order(crate_dir: &str) -> Vec<String> {
    let doc = std::fs::read_to_string(root().join("docs/ARCHITECTURE.md")).unwrap();
    let mut order = Vec::new();
    let mut inside = false;
    for line in doc.lines() {
        if line.starts_with('#') {
            inside = line.starts_with("### ") && line.contains(&format!("`{crate_dir}`"));
            continue;
        }
        if !inside {
            continue;
        }
        // "1. `name` — purpose"
        let Some((number, rest)) = line.split_once(". `") else {
            continue;
        };
        if number.trim().parse::<u32>().is_err() {
            continue;
        }
        let Some((name, _)) = rest.split_once('`') else {
            continue;
        };
        order.push(name.to_owned());
    }
    assert!(
        !order.is_empty(),
        "docs/ARCHITECTURE.md lists no modules under a heading naming `{crate_dir}`"
    );
    order
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The top-level modules `lib.rs` declares.
fn declared_modules(src: &Path) -> Vec<String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    lib.lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod "))
        .filter_map(|rest| rest.strip_suffix(';'))
        .map(str::to_owned)
        .collect()
}

/// Every Rust file of a top-level module (`name.rs` or the folder `name/`).
fn files_of(src: &Path, module: &str) -> Vec<PathBuf> {
    let file = src.join(format!("{module}.rs"));
    let mut files = Vec::new();
    if file.exists() {
        files.push(file);
    }
    files.extend(rust_files(vec![src.join(module)]));
    files
}

/// Every Rust file below the folders.
fn rust_files(mut stack: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.map(|e| e.unwrap().path()) {
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

/// The top-level modules a source names through `crate::…` (also in `use crate::{a, b}`),
/// comments left out. `crate::t!` is the catalogue's macro.
fn crate_references(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue; // `lernstadt_core::…` and the like.
            }
            if let Some(group) = rest.strip_prefix('{') {
                // Top-level names of the group, up to its closing brace.
                let mut depth = 0;
                let mut name = String::new();
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            found.push((index + 1, std::mem::take(&mut name)));
                        }
                        c if depth == 0 && (c.is_alphanumeric() || c == '_') => name.push(c),
                        ':' if depth == 0 && !name.is_empty() => {
                            found.push((index + 1, std::mem::take(&mut name)));
                            depth = 100; // Skip the path's remainder up to the next comma.
                        }
                        _ => {}
                    }
                    if depth == 100 && c == ',' {
                        depth = 0;
                    }
                }
                if !name.is_empty() {
                    found.push((index + 1, name));
                }
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push((index + 1, name));
        }
    }
    found.retain(|(_, name)| !name.is_empty() && name != "self");
    found
}

/// Checks one crate; returns the violations as lines.
fn violations(crate_dir: &str) -> Vec<String> {
    let src = root().join(crate_dir).join("src");
    let order = documented_order(crate_dir);
    let declared = declared_modules(&src);
    let mut problems = Vec::new();
    for module in &declared {
        if !order.contains(module) {
            problems.push(format!(
                "{crate_dir}: module `{module}` is not in docs/ARCHITECTURE.md's order"
            ));
        }
    }
    for module in &order {
        if !declared.contains(module) {
            problems.push(format!(
                "{crate_dir}: docs/ARCHITECTURE.md lists `{module}`, which lib.rs does not declare"
            ));
        }
    }
    let rank: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    for (position, module) in order.iter().enumerate() {
        for file in files_of(&src, module) {
            let source = std::fs::read_to_string(&file).unwrap();
            for (line, name) in crate_references(&source) {
                let name = if name == "t" { "i18n".to_owned() } else { name };
                let Some(&used) = rank.get(name.as_str()) else {
                    continue; // An item of lib.rs itself.
                };
                if used > position {
                    problems.push(format!(
                        "{}:{line}: `{module}` uses `{name}`, which stands above it",
                        file.strip_prefix(root()).unwrap_or(&file).display()
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn the_core_crate_is_layered() {
    let problems = violations("crates/core");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_window_crate_is_layered() {
    let problems = violations(".");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_core_crate_has_no_window_dependency() {
    let manifest = std::fs::read_to_string(root().join("crates/core/Cargo.toml")).unwrap();
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    for name in ["egui", "eframe", "egui_plot", "egui_extras", "rfd", "clap"] {
        assert!(
            !dependencies
                .lines()
                .any(|line| line.trim_start().starts_with(&format!("{name} "))
                    || line.trim_start().starts_with(&format!("{name}."))
                    || line.trim_start().starts_with(&format!("{name}="))),
            "the core crate depends on {name}"
        );
    }
}

#[test]
fn the_reference_scan_reads_groups_and_paths() {
    let source = "use crate::{model::Goal, store::{self, Store}, t};\nlet x = crate::data::Data::default(); // crate::ui\nlernstadt_core::map::x();";
    let names: Vec<String> = crate_references(source)
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(names, ["model", "store", "t", "data"]);
}
