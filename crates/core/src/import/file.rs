//! One file, to import or to preview: a workbook goes to `workbook`, which hands its sheets
//! on as text; any other file is read as text (`text`, `preview`).

use std::path::Path;

use super::preview::Preview;
use super::{ImportError, Options, Progress, Report};
use crate::store::Store;

/// Imports a file into the project as one action. See the module documentation. A
/// workbook's sheet ([`Options::sheet`]) is read as its cells' text ([`workbook`]).
pub fn import_file(
    store: &mut Store,
    path: &Path,
    options: &Options,
    progress: &std::sync::Arc<Progress>,
) -> Result<Report, ImportError> {
    if super::workbook::is_workbook(path) {
        return super::workbook::import(store, path, options, progress);
    }
    super::text::import_text(store, path, options, progress)
}

/// The first `limit` values of a file as they will be stored (without a project: period
/// and value are checked, keys are not yet matched), and the columns' roles; of a
/// workbook, those of its sheet ([`Options::sheet`]), lines being the sheet's rows.
pub fn preview(path: &Path, options: &Options, limit: usize) -> Result<Preview, ImportError> {
    if super::workbook::is_workbook(path) {
        return super::workbook::preview(path, options, limit);
    }
    super::preview::preview_text(path, options, limit)
}

/// An import as one action of the project: taken back whole by undo, brought back by
/// redo, the official tree it links going with it, its report's counts and problems.
#[cfg(test)]
mod tests {
    use crate::import::*;
    use std::fmt::Write as _;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::Ordering;

    use crate::store::Store;

    fn csv(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn values(store: &Store) -> Vec<(String, Option<f64>)> {
        let mut statement = store
            .conn()
            .prepare("SELECT r.key || '/' || p.code, o.value FROM observation o JOIN region r ON r.id = o.region_id JOIN period p ON p.id = o.period_id ORDER BY 1")
            .unwrap();
        statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    fn observation_count(store: &Store) -> i64 {
        crate::store::counts::counts(store.conn())
            .unwrap()
            .observations
    }

    /// The parents an import links official regions to go with the import's undo and come
    /// back with its redo.
    #[test]
    fn the_official_tree_is_undone_and_redone_with_its_import() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let progress = std::sync::Arc::new(Progress::default());
        let file = csv(
            dir.path(),
            "kreise.csv",
            "Kennzahl;Gebiet;Name;Jahr;Wert\nA;01001;Flensburg;2020;1\nA;01;Schleswig-Holstein;2020;2\nA;DG;Deutschland;2020;3\n",
        );
        let options = Options {
            map: sheet::parse_map("region_name=Name").unwrap(),
            ..Options::default()
        };
        import_file(&mut store, &file, &options, &progress).unwrap();
        let tree = |store: &Store| -> Vec<(String, Option<String>)> {
            let mut statement = store
                .conn()
                .prepare("SELECT r.key, p.key FROM region r LEFT JOIN region p ON p.id = r.parent_id ORDER BY r.key")
                .unwrap();
            statement
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .unwrap()
                .map(Result::unwrap)
                .collect()
        };
        let linked = vec![
            ("01".to_owned(), Some("DG".to_owned())),
            ("01001".to_owned(), Some("01".to_owned())),
            ("DG".to_owned(), None),
        ];
        assert_eq!(
            tree(&store),
            linked,
            "a child before its parent in the file"
        );
        store.undo().unwrap();
        assert!(tree(&store).is_empty());
        store.redo().unwrap();
        assert_eq!(tree(&store), linked);
        assert!(
            crate::store::integrity::integrity_check(store.conn())
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn an_import_is_one_undo_step_and_redo_brings_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let progress = std::sync::Arc::new(Progress::default());
        let first = csv(
            dir.path(),
            "a.csv",
            "Kennzahl;Gebiet;Jahr;Wert\nA;01;2020;1\nA;02;2020;2\n",
        );
        let second = csv(
            dir.path(),
            "b.csv",
            "Kennzahl;Gebiet;Jahr;Wert\nA;01;2020;10\nA;03;2020;3\n",
        );
        import_file(&mut store, &first, &Options::default(), &progress).unwrap();
        let after_first = values(&store);
        let report = import_file(&mut store, &second, &Options::default(), &progress).unwrap();
        assert_eq!((report.inserted, report.updated), (1, 1));
        let after_second = values(&store);
        assert_eq!(
            after_second,
            vec![
                ("01/2020".into(), Some(10.0)),
                ("02/2020".into(), Some(2.0)),
                ("03/2020".into(), Some(3.0))
            ]
        );
        assert_eq!(observation_count(&store), 3);

        assert!(store.undo().unwrap().unwrap().label.contains("b.csv"));
        assert_eq!(values(&store), after_first);
        assert_eq!(observation_count(&store), 2);
        store.undo().unwrap();
        assert!(values(&store).is_empty());
        assert_eq!(observation_count(&store), 0);
        let indicators: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM indicator", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            indicators, 0,
            "the indicator the import created is gone too"
        );

        store.redo().unwrap();
        assert_eq!(values(&store), after_first);
        store.redo().unwrap();
        assert_eq!(values(&store), after_second);
        assert_eq!(observation_count(&store), 3);
        assert!(
            crate::store::counts::verify(store.conn())
                .unwrap()
                .is_none()
        );
    }

    /// Conflicts and repeated rows inside and across batches of the bulk insert.
    #[test]
    fn conflicts_are_found_inside_batches() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let mut text = String::from("Kennzahl;Gebiet;Jahr;Wert\n");
        for index in 0..300 {
            let _ = writeln!(text, "A;{index:03};2020;{index}");
        }
        text.push_str("A;005;2020;999\n"); // Conflicts with line 7 (an earlier batch).
        text.push_str("A;010;2020;10\n"); // Repeats line 12 exactly.
        text.push_str("A;005;2020;5\n"); // Repeats a conflicted key.
        let file = csv(dir.path(), "batch.csv", &text);
        let progress = std::sync::Arc::new(Progress::default());
        let report = import_file(&mut store, &file, &Options::default(), &progress).unwrap();
        assert_eq!(
            (report.inserted, report.unchanged, report.rejected),
            (299, 1, 3),
            "{report:?}"
        );
        let lines: Vec<u64> = report.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![7, 302, 304]);
        assert_eq!(observation_count(&store), 299);
        assert!(
            crate::store::counts::verify(store.conn())
                .unwrap()
                .is_none()
        );
        let again = import_file(&mut store, &file, &Options::default(), &progress).unwrap();
        assert_eq!((again.inserted, again.updated), (0, 0), "{again:?}");
    }

    #[test]
    fn a_conflict_inside_one_batch_keeps_neither_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let mut text = String::from("Kennzahl;Gebiet;Jahr;Wert\nA;XX;2020;1\nA;XX;2020;2\n");
        for index in 0..100 {
            let _ = writeln!(text, "A;{index:03};2020;{index}");
        }
        text.push_str("A;XX;2020;1\n");
        let file = csv(dir.path(), "batch.csv", &text);
        let progress = std::sync::Arc::new(Progress::default());
        let report = import_file(&mut store, &file, &Options::default(), &progress).unwrap();
        assert_eq!((report.inserted, report.rejected), (100, 3), "{report:?}");
        assert_eq!(observation_count(&store), 100);
    }

    #[test]
    fn a_cancelled_import_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::testing::store();
        let file = csv(
            dir.path(),
            "a.csv",
            "Kennzahl;Gebiet;Jahr;Wert\nA;01;2020;1\nA;02;2020;2\n",
        );
        let progress = std::sync::Arc::new(Progress::default());
        progress.cancel.store(true, Ordering::Relaxed);
        assert!(matches!(
            import_file(&mut store, &file, &Options::default(), &progress),
            Err(ImportError::Cancelled)
        ));
        assert!(values(&store).is_empty());
        assert!(store.undo_target().unwrap().is_none());
    }
}
