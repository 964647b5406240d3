//! A model test: what an import brings (its values and every label) does not depend on
//! which tables came before it. Random subsets of tables shaped like the real downloads —
//! sharing dimension names (`Geschlecht`), members (`weiblich` in a classic table and in a
//! flat export with codes), the same caption at different header depths, a classification
//! column — imported in random orders, each import compared with the same table imported
//! alone. A failing case prints its seed and the shortest order found that still fails;
//! `LERNSTADT_ORDER_SEED=<seed>` runs one case.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Options, Progress, import_file};
use crate::store::Store;

/// `21111-02-06-4`: no captions, the certificates and the sexes named by the title.
const LEAVERS: &str = "GENESIS-Tabelle: 21111-02-06-4
Absolvierende/Abgehende allgemeinbildender Schulen nach;;;;;;
Geschlecht und Abschlussarten - Schuljahr - regionale Tiefe:;;;;;;
Kreise und krfr. Städte;;;;;;
Absolvierende/Abgehende (Anzahl);;;;;;
;;;Absolvierende/Abgehende;Absolvierende/Abgehende;Absolvierende/Abgehende;Absolvierende/Abgehende
;;;Insgesamt;Insgesamt;ohne Hauptschulabschluss;ohne Hauptschulabschluss
;;;Insgesamt;weiblich;Insgesamt;weiblich
2023;DG;Deutschland;782423;381434;55708;22043
2023;05999;      Musterstadt, kreisfreie Stadt;812;401;x;.
__________
Stand: 13.03.2025 / 16:40:08
";

/// `21121-02-02-4`: captions at two depths, a `davon mit` caption, `nachrichtl.` columns
/// whose header ends after the sex.
const VOCATIONAL: &str = "GENESIS-Tabelle: 21121-02-02-4
Absolvierende/Abgehende beruflicher Schulen nach Geschlecht und Abschlussarten - Schuljahr - regionale Tiefe: Kreise und krfr. Städte;;;;;;;;
Statistik der beruflichen Schulen;;;;;;;;
;;;Absolvierende/Abgehende;Absolvierende/Abgehende;Absolvierende/Abgehende;Absolvierende/Abgehende;nachrichtl.: schul. Teil d. FHR;nachrichtl.: schul. Teil d. FHR
;;;Geschlecht;Geschlecht;davon mit;davon mit;Geschlecht;Geschlecht
;;;Insgesamt;weiblich;mit Hauptschulabschluss;mit Hauptschulabschluss;Insgesamt;weiblich
;;;;;Geschlecht;Geschlecht;;
;;;;;Insgesamt;weiblich;;
;;;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl
2023;DG;Deutschland;222742;108314;41403;16612;21475;10216
2023;05999;      Musterstadt, kreisfreie Stadt;690;297;126;57;39;-
__________
Stand: 12.03.2025 / 08:15:24
";

/// `21111-01-03-4`: a classification column without a header cell, one caption a column.
const SCHOOLS: &str = "GENESIS-Tabelle: 21111-01-03-4
Schulen, Schülerinnen und Schüler nach Schularten -;;;;;;;
Stichtag: Schuljahresbeginn - regionale Tiefe: Kreise und;;;;;;;
krfr. Städte;;;;;;;
;;;;Allgemeinbildende Schulen;Schülerinnen und Schüler;Schülerinnen und Schüler;Schülerinnen und Schüler
;;;;;Geschlecht;Geschlecht;Nationalität
;;;;;Insgesamt;weiblich;ausländisch
;;;;Anzahl;Anzahl;Anzahl;Anzahl
2023;DG;Deutschland;Grundschulen;15531;3098664;1529357;507817
2023;DG;Deutschland;Insgesamt;32000;8500000;4200000;1200000
2023;05999;      Musterstadt, kreisfreie Stadt;Grundschulen;31;9123;4456;/
__________
Stand: 13.03.2025 / 16:39:14
";

/// `12411-01-01-4`: the period in header rows, the sexes without a value variable row.
const POPULATION: &str = "GENESIS-Tabelle: 12411-01-01-4
Bevölkerung nach Geschlecht - Stichtag 31.12. - regionale;;;
Tiefe: Kreise und krfr. Städte;;;
Bevölkerungsstand (Anzahl);;;
;;Stichtag;Stichtag;Stichtag
;;31.12.2018;31.12.2018;31.12.2018
;;Insgesamt;männlich;weiblich
DG;Deutschland;83019213;40966691;42052522
05999;      Musterstadt, kreisfreie Stadt;250000;122560;127440
__________
Stand: 01.02.2020 / 10:00:00
";

/// A flat export whose members carry codes (`GES`/`GESW`) and the same labels.
const FLAT: &str = "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;2_variable_attribute_code;2_variable_attribute_label;value;value_unit;value_variable_code;value_variable_label;value_q
21111;Allgemeinbildende Schulen;JAHR;Jahr;2023;KREISE;Kreise und kreisfreie Städte;05999;Musterstadt, kreisfreie Stadt;GES;Geschlecht;GESW;weiblich;4456;Anzahl;SCH001;Schüler/-innen;
21111;Allgemeinbildende Schulen;JAHR;Jahr;2023;KREISE;Kreise und kreisfreie Städte;05999;Musterstadt, kreisfreie Stadt;GES;Geschlecht;;Insgesamt;9123;Anzahl;SCH001;Schüler/-innen;
";

const TABLES: &[(&str, &str)] = &[
    ("leavers.csv", LEAVERS),
    ("vocational.csv", VOCATIONAL),
    ("schools.csv", SCHOOLS),
    ("population.csv", POPULATION),
    ("flat.csv", FLAT),
];

/// One observation as an import left it: indicator code, name and unit; region key;
/// period; breakdown key; its dimensions' and members' labels; value and symbol.
type Seen = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<f64>,
    Option<String>,
);

fn write(dir: &Path) -> Vec<PathBuf> {
    TABLES
        .iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text).expect("the temporary folder takes files");
            path
        })
        .collect()
}

/// Imports `order` (indexes into the tables) into a new project: what each import left,
/// in the order given.
fn import_all(files: &[PathBuf], order: &[usize]) -> Result<Vec<Vec<Seen>>, String> {
    let mut store: Store = crate::store::testing::store();
    let progress = Arc::new(Progress::default());
    let mut seen = Vec::new();
    for &index in order {
        let report = import_file(&mut store, &files[index], &Options::default(), &progress)
            .map_err(|e| format!("{}: {e}", TABLES[index].0))?;
        if report.rejected > 0 {
            return Err(format!(
                "{}: {} rows rejected: {:?}",
                TABLES[index].0, report.rejected, report.problems
            ));
        }
        let import_id: i64 = store
            .conn()
            .query_row("SELECT max(id) FROM import", [], |row| row.get(0))
            .map_err(|e| e.to_string())?;
        seen.push(observations(&store, import_id).map_err(|e| e.to_string())?);
    }
    Ok(seen)
}

fn observations(store: &Store, import_id: i64) -> rusqlite::Result<Vec<Seen>> {
    let mut statement = store.conn().prepare(
        "SELECT i.code, i.name, i.unit, r.key, p.code, b.key,
                coalesce((SELECT group_concat(label, ' · ') FROM (
                    SELECT d.label || ': ' || m.label AS label
                    FROM breakdown_member bm
                    JOIN dimension_member m ON m.id = bm.member_id
                    JOIN dimension d ON d.id = m.dimension_id
                    WHERE bm.breakdown_id = b.id ORDER BY d.label)), ''),
                o.value, o.symbol
         FROM observation o
         JOIN indicator i ON i.id = o.indicator_id
         JOIN region r ON r.id = o.region_id
         JOIN period p ON p.id = o.period_id
         JOIN breakdown b ON b.id = o.breakdown_id
         WHERE o.import_id = ?1
         ORDER BY 1, 4, 5, 6",
    )?;
    let rows = statement.query_map([import_id], |row| {
        Ok((
            row.get(0)?,
            row.get(1)?,
            row.get(2)?,
            row.get(3)?,
            row.get(4)?,
            row.get(5)?,
            row.get(6)?,
            row.get(7)?,
            row.get(8)?,
        ))
    })?;
    rows.collect()
}

/// What is wrong with importing `order`, if anything: an import that fails or leaves
/// other values or labels than the same table alone.
fn check(files: &[PathBuf], alone: &[Vec<Seen>], order: &[usize]) -> Option<String> {
    let seen = match import_all(files, order) {
        Ok(seen) => seen,
        Err(error) => return Some(error),
    };
    order.iter().zip(seen).find_map(|(&index, got)| {
        (got != alone[index]).then(|| {
            format!(
                "{} after {:?} left\n{got:#?}\nbut alone\n{:#?}",
                TABLES[index].0,
                order.iter().map(|&i| TABLES[i].0).collect::<Vec<_>>(),
                alone[index]
            )
        })
    })
}

/// A random non-empty subset of the tables in a random order.
fn order(seed: u64) -> Vec<usize> {
    let mut rng = crate::model::testing::Lcg(seed);
    let mut order: Vec<usize> = (0..TABLES.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i as u64 + 1) as usize);
    }
    order.truncate(1 + rng.below(TABLES.len() as u64) as usize);
    order
}

#[test]
fn what_an_import_brings_does_not_depend_on_the_tables_before_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let files = write(dir.path());
    let alone: Vec<Vec<Seen>> = (0..TABLES.len())
        .map(|i| match import_all(&files, &[i]) {
            Ok(mut seen) => seen.remove(0),
            Err(error) => panic!("{error}"),
        })
        .collect();
    assert!(alone.iter().all(|seen| !seen.is_empty()));
    let seeds: Vec<u64> = match std::env::var("LERNSTADT_ORDER_SEED") {
        Ok(seed) => vec![seed.parse().expect("LERNSTADT_ORDER_SEED is a number")],
        Err(_) => (0..40).collect(),
    };
    for seed in seeds {
        let mut failing = order(seed);
        let Some(mut why) = check(&files, &alone, &failing) else {
            continue;
        };
        // Shrink: leave out tables while it still fails.
        let mut shrunk = true;
        while shrunk {
            shrunk = false;
            for i in 0..failing.len() {
                let mut shorter = failing.clone();
                shorter.remove(i);
                if let Some(reason) = check(&files, &alone, &shorter) {
                    (failing, why, shrunk) = (shorter, reason, true);
                    break;
                }
            }
        }
        panic!("seed {seed}: the shortest failing order {failing:?}: {why}");
    }
}
