//! `lernstadt import`: a table, an entity list, a workbook or a boundary file into the
//! project, as one action; what was read and what came of it.

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

use super::UsageError;

/// `lernstadt import FILE CSV [--map …] [--encoding …] [--delimiter …] [--decimal …]
/// [--dry-run] [--json]`.
#[derive(Debug, clap::Args)]
pub struct ImportCommand {
    pub file: PathBuf,
    pub csv: PathBuf,
    /// Import an entity list instead of observations.
    #[arg(long)]
    pub entity: Option<String>,
    #[arg(long)]
    pub map: Option<String>,
    /// Use the column roles saved under this name.
    #[arg(long)]
    pub mapping: Option<String>,
    /// Save the column roles used under this name, with the file's header.
    #[arg(long)]
    pub save_mapping: Option<String>,
    /// The period of every row, for a file without a period column.
    #[arg(long)]
    pub period: Option<String>,
    /// Keep region cells whole (`91 Berg Fidel` as a key, not key and name).
    #[arg(long)]
    pub keep_region_cells: bool,
    /// For a workbook: the sheet to import (default: the first that holds a table; of a
    /// workbook Lernstadt exported, every sheet of values in one step).
    #[arg(long)]
    pub sheet: Option<String>,
    /// For boundaries: the property (attribute, column) holding the region key.
    #[arg(long)]
    pub key_property: Option<String>,
    /// For boundaries: the `GeoPackage`'s layer, or the Shapefile in a `.zip`.
    #[arg(long)]
    pub layer: Option<String>,
    #[arg(long)]
    pub encoding: Option<String>,
    #[arg(long)]
    pub delimiter: Option<String>,
    #[arg(long, value_parser = ["comma", "point"])]
    pub decimal: Option<String>,
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

impl ImportCommand {
    fn options(&self) -> anyhow::Result<lernstadt_core::import::Options> {
        let usage = |message: String| anyhow::Error::new(UsageError(message));
        let encoding = match &self.encoding {
            Some(name) => Some(
                lernstadt_core::import::sniff::Encoding::from_code(name)
                    .ok_or_else(|| usage(t!("cli.import.bad_encoding", value = name)))?,
            ),
            None => None,
        };
        let delimiter = match &self.delimiter {
            Some(name) => Some(
                lernstadt_core::import::sniff::delimiter_from_name(name)
                    .ok_or_else(|| usage(t!("cli.import.bad_delimiter", value = name)))?,
            ),
            None => None,
        };
        let decimal = self.decimal.as_deref().map(|d| {
            if d == "comma" {
                lernstadt_core::import::values::Decimal::Comma
            } else {
                lernstadt_core::import::values::Decimal::Point
            }
        });
        let map = match &self.map {
            Some(text) => lernstadt_core::import::sheet::parse_map(text).map_err(usage)?,
            None => Vec::new(),
        };
        let entity = match self.entity.as_deref() {
            None | Some("observations") => None,
            Some(name) => Some(lernstadt_core::export::entity_by_name(name).ok_or_else(|| {
                usage(t!(
                    "cli.export.unknown",
                    what = name,
                    names = lernstadt_core::export::entity_names().join(", ")
                ))
            })?),
        };
        Ok(lernstadt_core::import::Options {
            encoding,
            delimiter,
            decimal,
            map,
            dry_run: self.dry_run,
            entity,
            save_mapping: self.save_mapping.clone(),
            period: self.period.clone(),
            keep_region_cells: self.keep_region_cells,
            sheet: self.sheet.clone(),
            source: None,
        })
    }

    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self {
            file, csv, json, ..
        } = self;
        let mut options = self.options()?;
        let mut store = Store::open(file, OpenMode::ReadWrite, host)?;
        if let Some(reason) = store.read_only() {
            anyhow::bail!(reason.message(file));
        }
        if let Some(name) = &self.mapping {
            // A saved mapping's roles; roles given with --map come first and win.
            let Some(mapping) = lernstadt_core::store::mappings::by_name(store.conn(), name)?
            else {
                let names: Vec<String> = lernstadt_core::store::mappings::list(store.conn())?
                    .into_iter()
                    .map(|m| m.name)
                    .collect();
                return Err(anyhow::Error::new(UsageError(t!(
                    "cli.import.unknown_mapping",
                    name = name,
                    names = if names.is_empty() {
                        t!("cli.import.no_mappings").to_owned()
                    } else {
                        names.join(", ")
                    }
                ))));
            };
            let saved = lernstadt_core::import::sheet::parse_map(&mapping.roles)
                .map_err(|e| anyhow::Error::new(UsageError(e)))?;
            options.map.extend(saved);
        }
        let progress = std::sync::Arc::new(lernstadt_core::import::Progress::default());
        let report = if lernstadt_core::import::boundaries::is_boundaries(csv) {
            lernstadt_core::import::boundaries::import_boundaries(
                &mut store,
                csv,
                &lernstadt_core::import::boundaries::BoundaryOptions {
                    key_property: self.key_property.clone(),
                    layer: self.layer.clone(),
                    dry_run: self.dry_run,
                },
            )?
        } else {
            lernstadt_core::import::import_file(&mut store, csv, &options, &progress)?
        };
        store.close()?;
        if *json {
            out!("{}", serde_json::to_string_pretty(&report)?);
            return Ok(exit_code(&report));
        }
        match (&report.detected, &report.sheet) {
            (Some(detected), Some(sheet)) => out!(
                "{}",
                t!(
                    "cli.import.detected_sheet",
                    sheet = sheet,
                    shape = detected.shape.label(),
                    decimal = detected.decimal.label()
                )
            ),
            (Some(detected), None) => out!("{}", detected.describe()),
            _ => {}
        }
        if let Some(values) = &report.values {
            out!("{values}");
        }
        out!("{}", report.summary(&csv.display()));
        for problem in &report.problems {
            out!("  {}", problem.describe());
        }
        if report.more_problems > 0 {
            out!("  {}", t!("cli.import.more", count = report.more_problems));
        }
        out!("{}", report.verdict());
        Ok(exit_code(&report))
    }
}

/// 1 when the import rejected a row (or a GeoJSON feature), dry run or not: the rows that
/// were good went in (or would have), the others wait to be corrected; else 0.
fn exit_code(report: &lernstadt_core::import::Report) -> ExitCode {
    if report.rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
