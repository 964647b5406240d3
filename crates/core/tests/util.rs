//! A project in a temporary directory, made and changed through `lernstadt_core` the way
//! the command line does it (the root's `tests/util.rs` runs the binary instead).

use std::path::{Path, PathBuf};

use lernstadt_core::i18n::{self, Lang};
use lernstadt_core::store::{Host, OpenMode, Store, TrustCache};
use serde_json::Value as Json;

pub use crate::read_back::{assert_no_sidecars, cell, outcome, read_csv, symbol, value};

/// Who the change log names for the actions of these tests.
pub const AUTHOR: &str = "Testautorin Lernstadt";

/// The author and no trust: every open runs the full check.
pub fn host() -> Host {
    Host::new(AUTHOR, TrustCache::none())
}

/// A temporary directory; the test's thread speaks English (as the command line under
/// `LANG=C` does).
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        i18n::set_thread_lang(Lang::En);
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A new, empty project named Teststadt.
    pub fn new_project(&self, name: &str) -> PathBuf {
        let path = self.path(name);
        let new = lernstadt_core::store::project::NewProject::named("Teststadt");
        Store::create_for(&path, &new, &host())
            .unwrap()
            .close()
            .unwrap();
        path
    }

    /// A new, empty project `name` for `region_key` (my region) and `municipality`, as
    /// `lernstadt new NAME --name … --region … --municipality …` makes it.
    pub fn new_project_for(
        &self,
        name: &str,
        project: &str,
        region_key: &str,
        municipality: &str,
    ) -> PathBuf {
        let path = self.path(name);
        let new = lernstadt_core::store::project::NewProject {
            name: project.to_owned(),
            region_key: region_key.to_owned(),
            municipality: municipality.to_owned(),
        };
        Store::create_for(&path, &new, &host())
            .unwrap()
            .close()
            .unwrap();
        path
    }

    /// The demo project.
    pub fn demo(&self) -> PathBuf {
        let path = self.path("demo.lernstadt");
        lernstadt_core::demo::create(&path, &host())
            .unwrap()
            .close()
            .unwrap();
        path
    }
}

pub fn open(path: &Path) -> Store {
    Store::open(path, OpenMode::ReadWrite, &host()).unwrap()
}

/// A file of the root's `tests/fixtures`, which the command-line tests share.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// Imports the boundaries in `file` into `project` with `options` as one action, as
/// `lernstadt import` does, and leaves no sidecar file; the report as JSON.
pub fn import_boundaries(
    project: &Path,
    file: &Path,
    options: &lernstadt_core::import::boundaries::BoundaryOptions,
) -> Json {
    let mut store = open(project);
    let report = lernstadt_core::import::boundaries::import_boundaries(&mut store, file, options)
        .unwrap_or_else(|e| panic!("import of {} refused: {e}", file.display()));
    store.close().unwrap();
    assert_no_sidecars(project);
    serde_json::to_value(&report).unwrap()
}

/// Import options with the column roles `roles` (`lernstadt import --map ROLES`).
pub fn roles(roles: &str) -> lernstadt_core::import::Options {
    lernstadt_core::import::Options {
        map: lernstadt_core::import::sheet::parse_map(roles).unwrap(),
        ..Default::default()
    }
}

/// Import options for an entity list (`lernstadt import --entity NAME`).
pub fn entity_list(name: &str) -> lernstadt_core::import::Options {
    lernstadt_core::import::Options {
        entity: Some(lernstadt_core::export::entity_by_name(name).unwrap()),
        ..Default::default()
    }
}

/// How [`export`] writes, as `lernstadt export`'s flags say; the default is the command
/// without flags under `LANG=C`.
pub struct ExportAs {
    /// `--dialect`.
    pub dialect: lernstadt_core::export::Dialect,
    /// `--wide`.
    pub wide: bool,
    /// Not `--unprotected`.
    pub protected: bool,
    /// `--with-sources`.
    pub with_sources: bool,
}

impl Default for ExportAs {
    fn default() -> ExportAs {
        ExportAs {
            dialect: lernstadt_core::export::Dialect::Rfc4180,
            wide: false,
            protected: true,
            with_sources: false,
        }
    }
}

/// Writes `what` of `project` (observations or a list) to `out` as `lernstadt export`
/// does; what it wrote as JSON (what `lernstadt export --json` prints).
pub fn export(project: &Path, what: &str, out: &Path, how: &ExportAs) -> Json {
    let store = Store::open(project, OpenMode::ReadOnly, &host()).unwrap();
    let written = lernstadt_core::export::export_named(
        &store,
        what,
        how.wide,
        how.protected,
        how.with_sources,
        out,
        how.dialect,
    )
    .unwrap();
    store.close().unwrap();
    serde_json::to_value(&written).unwrap()
}

/// What `lernstadt diff A B --json` prints.
pub fn diff(a: &Path, b: &Path) -> Json {
    serde_json::to_value(compared(a, b)).unwrap()
}

/// What `lernstadt diff A B` prints: the comparison's lines, indented.
pub fn diff_text(a: &Path, b: &Path) -> String {
    let mut text = String::new();
    for line in compared(a, b).lines() {
        text.push_str(&"  ".repeat(line.indent));
        text.push_str(&line.text);
        text.push('\n');
    }
    text
}

fn compared(a: &Path, b: &Path) -> lernstadt_core::copies::diff::Diff {
    let a = Store::open(a, OpenMode::ReadOnly, &host()).unwrap();
    let b = Store::open(b, OpenMode::ReadOnly, &host()).unwrap();
    lernstadt_core::copies::diff::diff(&a, &b).unwrap()
}

/// Imports `file` into `project` with `options` as one action, as `lernstadt import` does
/// (boundaries too, with `options`' dry run), and leaves no sidecar file; the report as
/// JSON (what `lernstadt import --json` prints).
pub fn import(project: &Path, file: &Path, options: &lernstadt_core::import::Options) -> Json {
    use lernstadt_core::import::boundaries;
    if boundaries::is_boundaries(file) {
        let options = boundaries::BoundaryOptions {
            key_property: None,
            layer: None,
            dry_run: options.dry_run,
        };
        return import_boundaries(project, file, &options);
    }
    let mut store = open(project);
    let progress = std::sync::Arc::new(lernstadt_core::import::Progress::default());
    let report = lernstadt_core::import::import_file(&mut store, file, options, &progress)
        .unwrap_or_else(|e| panic!("import of {} refused: {e}", file.display()));
    store.close().unwrap();
    assert_no_sidecars(project);
    serde_json::to_value(&report).unwrap()
}

/// Makes or changes the computed indicator `code`, named `name`, with `formula` (and
/// `unit`), as one action, as `lernstadt derive` does: a source that only says the formula follows
/// it, in the project's language. What it computed.
pub fn derive(
    project: &Path,
    code: &str,
    name: &str,
    formula: &str,
    unit: Option<&str>,
) -> lernstadt_core::store::derive::Derived {
    let mut store = open(project);
    let indicators = lernstadt_core::store::indicators::list(store.conn()).unwrap();
    lernstadt_core::model::formula::check_in(&indicators, code, formula).unwrap();
    let existing = indicators.iter().find(|i| i.code == code).cloned();
    let mut indicator = existing
        .clone()
        .unwrap_or_else(|| lernstadt_core::model::Indicator::new(code, ""));
    name.clone_into(&mut indicator.name);
    if let Some(unit) = unit {
        unit.clone_into(&mut indicator.unit);
    }
    let before = std::mem::replace(&mut indicator.formula, formula.trim().to_owned());
    let lang = lernstadt_core::store::project::language(store.conn()).unwrap();
    indicator.follow_formula(&before, lang);
    let label = lernstadt_core::t!("derive.action", code = indicator.code);
    let derived = lernstadt_core::store::derive::save(
        &mut store,
        &indicator,
        existing.is_none(),
        &label,
        &|| false,
    )
    .unwrap();
    store.close().unwrap();
    derived
}

/// Undoes the last action of `project`; fails the test when there is none.
pub fn undo(project: &Path) {
    let mut store = open(project);
    store.undo().unwrap().expect("an action to undo");
    store.close().unwrap();
}

/// Redoes the last undone action of `project`; fails the test when there is none.
pub fn redo(project: &Path) {
    let mut store = open(project);
    store.redo().unwrap().expect("an action to redo");
    store.close().unwrap();
}

/// `lernstadt check`: the file is sound (what the command answers with exit code 0).
#[track_caller]
pub fn check(project: &Path) {
    let report = lernstadt_core::store::inspect::check(project, &host()).unwrap();
    assert!(
        report.ok,
        "check fails on {}: {:?}",
        project.display(),
        report.problems
    );
}

/// What `lernstadt info --json` prints.
pub fn info(project: &Path) -> Json {
    serde_json::to_value(lernstadt_core::store::inspect::info(project, &host()).unwrap()).unwrap()
}

/// A copy of `src` at `dst`, as `lernstadt share-copy` makes it; its report as JSON.
pub fn share_copy(
    src: &Path,
    dst: &Path,
    options: lernstadt_core::copies::share::ShareOptions,
) -> Json {
    let report = lernstadt_core::copies::share::share_copy(
        src,
        dst,
        options,
        &host(),
        &lernstadt_core::progress::Progress::default(),
    )
    .unwrap();
    serde_json::to_value(&report).unwrap()
}

/// How [`merge`] merges, as `lernstadt merge`'s flags say.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// Applies what the other copy brings; conflicts keep ours.
    Apply,
    /// Applies nothing (`--dry-run`).
    DryRun,
}

/// Merges `other` into `target` as `lernstadt merge` does and leaves no sidecar file; the
/// report as JSON (what `lernstadt merge --json` prints).
pub fn merge(target: &Path, other: &Path, how: Merge) -> Json {
    use lernstadt_core::copies::merge::MergeOptions;
    let mut ours = open(target);
    let theirs = Store::open(other, OpenMode::ReadOnly, &host()).unwrap();
    let options = MergeOptions {
        dry_run: how == Merge::DryRun,
        ..Default::default()
    };
    let report = lernstadt_core::copies::merge::merge(&mut ours, &theirs, &options).unwrap();
    theirs.close().unwrap();
    ours.close().unwrap();
    assert_no_sidecars(target);
    serde_json::to_value(&report).unwrap()
}

/// Writes the report of `project` to `out` (its extension picks HTML or Word) in `lang`, as
/// `lernstadt report` does; the summary as JSON (what `lernstadt report --json` prints).
pub fn report(
    project: &Path,
    out: &Path,
    lang: Lang,
    options: &lernstadt_core::report::ReportOptions,
) -> Json {
    let store = Store::open(project, OpenMode::ReadOnly, &host()).unwrap();
    let summary = i18n::in_lang(lang, || {
        lernstadt_core::report::write_report(&store, out, options)
    })
    .unwrap();
    store.close().unwrap();
    serde_json::to_value(&summary).unwrap()
}
