//! The Gemeindeverzeichnis: each Gemeinde's area and population (total, men, women) under
//! its ARS, the record type saying the level.

use super::super::ImportError;
use super::cells::{Cell, Rows};
use super::grid::Grid;
use super::keys::{SplitKey, parts_of_record};
use super::layout::Layout;
use super::out::Out;

/// The Gemeindeverzeichnis's value columns: what each holds.
pub(super) struct Directory {
    pub(super) name: usize,
    pub(super) period: String,
    pub(super) source: String,
    /// (column, indicator code, indicator name, unit, breakdown)
    pub(super) values: Vec<(
        usize,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )>,
}

pub(super) fn directory(grid: &Grid, layout: &Layout, header: &[String]) -> Option<Directory> {
    let find = |what: &dyn Fn(&str) -> bool| header.iter().position(|h| what(&h.to_lowercase()));
    let name = find(&|h| h.starts_with("gemeindename") || h == "name")?;
    let mut values = Vec::new();
    if let Some(area) = find(&|h| h.starts_with("fläche")) {
        values.push((area, "GV_FLAECHE", "Fläche", "km²", ""));
    }
    for (word, breakdown) in [
        ("insgesamt", ""),
        ("männlich", "Geschlecht=männlich"),
        ("weiblich", "Geschlecht=weiblich"),
    ] {
        if let Some(column) =
            find(&|h| h.starts_with("bevölkerung") && h.split_whitespace().any(|w| w == word))
        {
            values.push((
                column,
                "GV_BEVOELKERUNG",
                "Bevölkerung",
                "Personen",
                breakdown,
            ));
        }
    }
    if values.is_empty() {
        return None;
    }
    // The reference date the header names (`31.12.2022 (Jahr)`).
    let date = values.iter().find_map(|(column, ..)| {
        header[*column]
            .split_whitespace()
            .find_map(super::super::values::official_period_code)
    })?;
    let edition = grid.rows[..*layout.header.start()]
        .iter()
        .chain(&grid.rows[layout.header.clone()])
        .flatten()
        .filter_map(Cell::text)
        .find_map(|t| {
            t.find("Gebietsstand am ")
                .map(|at| t[at..].to_owned())
                .or_else(|| {
                    t.rsplit_once(" am ")
                        .map(|(_, date)| format!("Gebietsstand {date}"))
                })
        })
        .unwrap_or_default();
    let source = format!(
        "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis (GV-ISys){}",
        if edition.is_empty() {
            String::new()
        } else {
            format!(", {edition}")
        }
    );
    Some(Directory {
        name,
        period: date,
        source,
        values,
    })
}

impl Out<'_> {
    /// The Gemeindeverzeichnis: one record per value, under the ARS.
    pub(super) fn directory<'a>(
        &mut self,
        grid: &Grid<'a>,
        rows: &mut Rows<'a>,
        layout: &Layout,
        directory: &Directory,
        split: &SplitKey,
    ) -> Result<(), ImportError> {
        let header_row = grid.top + *layout.header.start() as u32;
        self.record(
            [
                "region",
                "region_name",
                "indicator",
                "indicator_name",
                "unit",
                "source",
                "period",
                "breakdown",
                "value",
            ],
            header_row,
        )?;
        let first_part = grid.left + split.parts[0].0 as u32;
        let name_column = grid.left + directory.name as u32;
        self.converted.columns = vec![first_part; 9];
        self.converted.columns[1] = name_column;
        let mut value_columns = vec![first_part];
        grid.each_row(layout.data.start, rows, |i, row| {
            let Some(record) = split.record.and_then(|r| row.get(r)) else {
                return Ok(true);
            };
            if parts_of_record(self.render.text(record, None)).is_none() {
                return Ok(true);
            }
            let key = self.render.key(row, split);
            let name = self
                .render
                .text(row.get(directory.name).unwrap_or(&Cell::Empty), None)
                .to_owned();
            for &(column, code, indicator, unit, breakdown) in &directory.values {
                let cell = row.get(column).unwrap_or(&Cell::Empty);
                if cell.is_empty() {
                    continue;
                }
                let value = self.render.text(cell, None).to_owned();
                self.record(
                    [
                        key.as_str(),
                        &name,
                        code,
                        indicator,
                        unit,
                        &directory.source,
                        &directory.period,
                        breakdown,
                        &value,
                    ],
                    grid.top + i as u32,
                )?;
                value_columns.push(grid.left + column as u32);
            }
            Ok(self.wants_more())
        })?;
        self.converted.value_columns = Some((8, value_columns));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::testing::*;
    use crate::import::Options;

    use rust_xlsxwriter::{Format, Workbook};

    /// The Gemeindeverzeichnis's layout: the ARS split over Land, RB, Kreis, VB, Gem (keys as
    /// text and as numbers), the record type giving the level; each Gemeinde's area and
    /// population with men and women under its ARS.
    #[test]
    fn keys_split_over_columns_are_joined_into_the_ars() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gv.xlsx");
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Onlineprodukt_Gemeinden").unwrap();
        let plain = Format::new();
        sheet
            .write_string(0, 0, "Gemeinden in Deutschland am 30.06.2024 (2. Quartal)")
            .unwrap();
        sheet.merge_range(2, 0, 4, 0, "Satz-art", &plain).unwrap();
        sheet
            .merge_range(2, 1, 4, 1, "Text-kenn-zeichen", &plain)
            .unwrap();
        sheet
            .merge_range(2, 2, 2, 6, "Amtlicher Regionalschlüssel (ARS)", &plain)
            .unwrap();
        for (j, part) in ["Land", "RB", "Kreis", "VB", "Gem"].iter().enumerate() {
            sheet.write_string(3, 2 + j as u16, *part).unwrap();
        }
        sheet
            .merge_range(
                4,
                2,
                4,
                6,
                "Gebietsstand am 30.06.2024 (2. Quartal)",
                &plain,
            )
            .unwrap();
        sheet
            .merge_range(2, 7, 3, 7, "Gemeindename", &plain)
            .unwrap();
        sheet
            .merge_range(2, 8, 3, 8, "Fläche km2 1)", &plain)
            .unwrap();
        sheet.write_string(4, 8, "31.12.2022 (Jahr)").unwrap();
        sheet
            .merge_range(2, 9, 2, 11, "Bevölkerung2)", &plain)
            .unwrap();
        for (j, part) in ["insgesamt", "männlich", "weiblich"].iter().enumerate() {
            sheet.write_string(3, 9 + j as u16, *part).unwrap();
        }
        sheet
            .merge_range(4, 9, 4, 11, "am 31.12.2022 (Jahr)", &plain)
            .unwrap();
        let rows: [&[&str]; 5] = [
            &["10", "", "03", "", "", "", "", "Niedersachsen"],
            &["40", "44", "03", "1", "59", "", "", "Göttingen"],
            &["50", "50", "03", "1", "59", "0016", "", "Göttingen, Stadt"],
            &[
                "60",
                "63",
                "03",
                "1",
                "59",
                "0016",
                "016",
                "Göttingen, Stadt",
                "117,02",
                "118946",
                "57751",
                "61195",
            ],
            // Keys stored as numbers lose their zeros: restored to each part's width.
            &[
                "60",
                "64",
                "3",
                "1",
                "59",
                "16",
                "5",
                "Adelebsen",
                "75,2",
                "6351",
                "3100",
                "3251",
            ],
        ];
        for (i, row) in rows.iter().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let at = (6 + i as u32, j as u16);
                if i == 4 && (2..=6).contains(&j) || j >= 9 {
                    sheet
                        .write_number(at.0, at.1, cell.parse::<f64>().unwrap())
                        .unwrap();
                } else {
                    sheet.write_string(at.0, at.1, *cell).unwrap();
                }
            }
        }
        sheet
            .write_string(12, 0, "1) Fläche nach Katasterangaben")
            .unwrap();
        workbook.save(&path).unwrap();
        let mut store = store();
        let report = run(&mut store, &path, &Options::default());
        assert_eq!(report.rejected, 0, "{:#?}", report.problems);
        assert_eq!(
            observations(&store),
            sorted(&[
                "GV_BEVOELKERUNG|031590016005|2022-12-31||6351.0||",
                "GV_BEVOELKERUNG|031590016005|2022-12-31|Geschlecht=männlich|3100.0||",
                "GV_BEVOELKERUNG|031590016005|2022-12-31|Geschlecht=weiblich|3251.0||",
                "GV_BEVOELKERUNG|031590016016|2022-12-31||118946.0||",
                "GV_BEVOELKERUNG|031590016016|2022-12-31|Geschlecht=männlich|57751.0||",
                "GV_BEVOELKERUNG|031590016016|2022-12-31|Geschlecht=weiblich|61195.0||",
                "GV_FLAECHE|031590016005|2022-12-31||75.2||",
                "GV_FLAECHE|031590016016|2022-12-31||117.02||",
            ])
        );
        let level: String = store
            .conn()
            .query_row(
                "SELECT level FROM region WHERE key = '031590016016'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(level, "municipality");
    }

    /// The real Gemeindeverzeichnis, where `../shared/data/official/` holds it: every
    /// Gemeinde's area and population (with men and women) under its ARS.
    #[test]
    fn the_real_gemeindeverzeichnis_gives_every_gemeinde() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/official/gemeindeverzeichnis_2024q2.xlsx");
        if !path.exists() {
            eprintln!("skipped: {} is not here", path.display());
            return;
        }
        let mut store = store();
        let report = run(&mut store, &path, &Options::default());
        assert_eq!(
            report.rejected,
            0,
            "{:#?}",
            &report.problems[..report.problems.len().min(5)]
        );
        let (gemeinden, populations): (i64, i64) = store
        .conn()
        .query_row(
            "SELECT count(DISTINCT r.key), count(*) FROM observation o JOIN region r ON r.id = o.region_id
             JOIN indicator i ON i.id = o.indicator_id WHERE i.code = 'GV_BEVOELKERUNG' AND o.breakdown_id =
             (SELECT id FROM breakdown WHERE key = '')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
        assert!(gemeinden > 10_000, "{gemeinden} Gemeinden");
        assert_eq!(gemeinden, populations);
        let göttingen: Vec<String> = observations(&store)
            .into_iter()
            .filter(|o| o.contains("|031590016016|"))
            .collect();
        assert_eq!(
            göttingen,
            sorted(&[
                "GV_BEVOELKERUNG|031590016016|2022-12-31||118946.0||",
                "GV_BEVOELKERUNG|031590016016|2022-12-31|Geschlecht=männlich|57751.0||",
                "GV_BEVOELKERUNG|031590016016|2022-12-31|Geschlecht=weiblich|61195.0||",
                "GV_FLAECHE|031590016016|2022-12-31||117.02||",
            ])
        );
        // In the official tree: the Länder, Regierungsbezirke, Kreise and Gemeindeverbände,
        // whose rows carry no values, made from the shipped list.
        let count = |level: &str| -> i64 {
            store
                .conn()
                .query_row(
                    "SELECT count(*) FROM region WHERE level = ?1 AND length(key) = ?2",
                    rusqlite::params![level, if level == "state" { 2 } else { 5 }],
                    |r| r.get(0),
                )
                .unwrap()
        };
        assert_eq!(count("state"), 16);
        assert_eq!(count("county"), 400);
        let chain: Vec<String> = {
            let mut chain = Vec::new();
            let mut key = "031590016016".to_owned();
            while let Ok(parent) = store.conn().query_row(
                "SELECT p.key FROM region r JOIN region p ON p.id = r.parent_id WHERE r.key = ?1",
                [&key],
                |r| r.get::<_, String>(0),
            ) {
                chain.push(parent.clone());
                key = parent;
            }
            chain
        };
        assert_eq!(chain, ["031590016", "03159", "031", "03"]);
    }
}
