//! Commands that bring data in and out: `import` and `export` (CSV, entity lists, charts
//! and maps as PNG).

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::i18n;
use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

use super::UsageError;

/// `lernstadt export FILE WHAT --out PATH [--dialect rfc4180|excel-de] [--wide]` (the dialect
/// by default as the system's spreadsheet reads it).
#[derive(Debug, clap::Args)]
#[allow(clippy::struct_excessive_bools)] // Reason: independent switches of the command line.
pub struct ExportCommand {
    pub file: PathBuf,
    pub what: String,
    #[arg(long)]
    pub out: PathBuf,
    /// The CSV dialect; default: what the system's spreadsheet reads by double-click
    /// (`excel-de` where the regional format writes a decimal comma, else `rfc4180`).
    #[arg(long, value_parser = ["rfc4180", "excel-de"])]
    pub dialect: Option<String>,
    #[arg(long)]
    pub wide: bool,
    /// Write the stored values even where the protection rule would hide them.
    #[arg(long)]
    pub unprotected: bool,
    /// For `observations`: name each indicator's source on every row (long form) instead
    /// of once in a sources file beside the export (`OUT.sources.csv`).
    #[arg(long)]
    pub with_sources: bool,
    #[arg(long)]
    pub json: bool,
    /// For `chart`: the indicator's code.
    #[arg(long)]
    pub indicator: Option<String>,
    /// For `chart`: region keys (repeatable).
    #[arg(long)]
    pub region: Vec<String>,
    /// For `chart`: line, bars or breakdown.
    #[arg(long, default_value = "line", value_parser = ["line", "bars", "breakdown"])]
    pub kind: String,
    /// For `chart` with bars: the period.
    #[arg(long)]
    pub period: Option<String>,
    /// For `profile`: only the indicators of this goal (a UUID) and the goals below it.
    #[arg(long)]
    pub goal: Option<String>,
    /// For `profile`: only the indicators of goals of this education area.
    #[arg(long)]
    pub area: Option<String>,
    /// For `slides`: the presentation's title or UUID (default: the first).
    #[arg(long)]
    pub presentation: Option<String>,
    #[arg(long, default_value_t = 1920)]
    pub width: u32,
    #[arg(long, default_value_t = 1080)]
    pub height: u32,
}

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

impl ExportCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self {
            file,
            what,
            out,
            dialect,
            wide,
            json,
            ..
        } = self;
        if what == "chart" {
            return self.picture(
                lernstadt_core::render::figure::Kind::from_code(&self.kind).unwrap_or_default(),
                host,
            );
        }
        if what == "map" {
            return self.picture(lernstadt_core::render::figure::Kind::Map, host);
        }
        if what == "slides" {
            return self.slides(host);
        }
        if what == "profile" {
            return self.profile(host);
        }
        if what == "boundaries" {
            return self.boundaries(host);
        }
        let dialect = dialect
            .as_deref()
            .and_then(lernstadt_core::export::Dialect::from_code)
            .unwrap_or_else(lernstadt_core::export::Dialect::for_system);
        let store = Store::open(file, OpenMode::ReadOnly, host)?;
        let written = match lernstadt_core::export::export_named(
            &store,
            what,
            *wide,
            !self.unprotected,
            self.with_sources,
            out,
            dialect,
        ) {
            Err(error @ lernstadt_core::export::ExportError::Unknown { .. }) => {
                return Err(anyhow::Error::new(UsageError(error.to_string())));
            }
            result => result?,
        };
        store.close()?;
        if *json {
            out!("{}", serde_json::to_string_pretty(&written)?);
        } else {
            out!(
                "{}",
                t!(
                    "cli.export.done",
                    rows = i18n::format_int(written.rows as i64),
                    path = out.display(),
                    size = i18n::format_bytes(written.bytes)
                )
            );
            if let Some(sources) = &written.sources {
                out!("{}", t!("cli.export.sources", path = sources.display()));
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}

impl ExportCommand {
    /// `export FILE profile --region KEY [--goal UUID | --area CODE] --out F.png`: a
    /// district against its city, as a picture.
    fn profile(&self, host: &Host) -> anyhow::Result<ExitCode> {
        self.check_size()?;
        lernstadt_core::store::output::check_extension(&self.out, &["png"])?;
        let store = Store::open(&self.file, OpenMode::ReadOnly, host)?;
        store.refuse_damaged()?;
        let mut data = lernstadt_core::snapshot::Snapshot::default();
        data.refresh(&store)?;
        let Some(key) = self.region.first() else {
            return Err(anyhow::Error::new(UsageError(
                t!("cli.export.profile_needs_region").to_owned(),
            )));
        };
        let Some(district) = data.regions.iter().find(|r| &r.key == key).cloned() else {
            return Err(anyhow::Error::new(UsageError(t!(
                "cli.export.unknown_region",
                key = key
            ))));
        };
        let goal = match &self.goal {
            Some(text) => Some(
                text.parse::<uuid::Uuid>()
                    .ok()
                    .filter(|g| data.goal(*g).is_some())
                    .ok_or_else(|| {
                        anyhow::Error::new(UsageError(t!("cli.report.unknown_goal", goal = text)))
                    })?,
            ),
            None => None,
        };
        let area = match &self.area {
            Some(code) => Some(
                lernstadt_core::model::EducationArea::from_code(code).ok_or_else(|| {
                    anyhow::Error::new(UsageError(t!(
                        "cli.report.unknown_area",
                        area = code,
                        areas = lernstadt_core::model::EducationArea::codes().join(", ")
                    )))
                })?,
            ),
            None => None,
        };
        // The indicators of the goal (and those below it), else of the area, else all.
        let chosen = match (goal, area) {
            (Some(goal), _) => lernstadt_core::render::profile::Scope::Goal(goal),
            (None, Some(area)) => lernstadt_core::render::profile::Scope::Area(area),
            (None, None) => lernstadt_core::render::profile::Scope::All,
        };
        let indicators = chosen.indicators(&data);
        let scope = chosen.label(&data);
        // A picture for others: values as the protection rule lets them be shown.
        let rule = lernstadt_core::published::rule(store.conn())?;
        let rows =
            lernstadt_core::render::profile::rows(&data, &district, &indicators, &mut |code| {
                lernstadt_core::published::observations(store.conn(), code, rule.as_ref())
            })?;
        if rows.is_empty() {
            anyhow::bail!(t!("cli.export.profile_empty", region = district.name));
        }
        let svg = lernstadt_core::render::profile::figure(
            &data,
            &district,
            &scope,
            &rows,
            lernstadt_core::render::canvas::Canvas {
                width: self.width,
                height: self.height,
                text_scale: 1.0,
            },
        );
        let bytes = lernstadt_core::render::raster::png(&svg)?;
        lernstadt_core::render::raster::write_beside(&self.out, &bytes)?;
        store.close()?;
        out!(
            "{}",
            t!(
                "cli.export.chart_done",
                path = self.out.display(),
                width = self.width,
                height = self.height,
                size = i18n::format_bytes(bytes.len() as u64)
            )
        );
        Ok(ExitCode::SUCCESS)
    }

    /// A picture's size must be 16 to 8000 pixels each way.
    fn check_size(&self) -> anyhow::Result<()> {
        if !(16..=8000).contains(&self.width) || !(16..=8000).contains(&self.height) {
            return Err(anyhow::Error::new(UsageError(
                t!("cli.export.chart_size").to_owned(),
            )));
        }
        Ok(())
    }

    /// `export FILE slides --out DIR`: every slide of a presentation as a PNG.
    fn slides(&self, host: &Host) -> anyhow::Result<ExitCode> {
        self.check_size()?;
        let store = Store::open(&self.file, OpenMode::ReadOnly, host)?;
        let written = lernstadt_core::render::slide::export_slides(
            &store,
            self.presentation.as_deref(),
            &self.out,
            [self.width, self.height],
            None,
        )?;
        store.close()?;
        if self.json {
            out!("{}", serde_json::to_string_pretty(&written)?);
        } else {
            out!(
                "{}",
                t!(
                    "cli.export.slides_done",
                    count = written.files.len(),
                    presentation = written.presentation,
                    dir = self.out.display(),
                    size = i18n::format_bytes(written.bytes)
                )
            );
            out!(
                "  {}",
                t!("cli.export.slides_text", path = written.text.display())
            );
            for why in &written.skipped {
                out!("  {}", t!("cli.export.slides_skipped", why = why));
            }
            if !written.removed.is_empty() {
                out!(
                    "  {}",
                    t!("cli.export.slides_removed", count = written.removed.len())
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    }

    /// `export FILE boundaries`: the regions' boundaries as a GeoJSON `FeatureCollection`.
    fn boundaries(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let store = Store::open(&self.file, OpenMode::ReadOnly, host)?;
        let written = lernstadt_core::export::boundaries::write_geojson(&store, &self.out)?;
        store.close()?;
        if self.json {
            out!("{}", serde_json::to_string_pretty(&written)?);
        } else {
            out!(
                "{}",
                t!(
                    "cli.export.boundaries_done",
                    count = i18n::format_int(written.rows as i64),
                    path = self.out.display(),
                    size = i18n::format_bytes(written.bytes)
                )
            );
        }
        Ok(ExitCode::SUCCESS)
    }

    /// `export FILE chart|map`: a figure as PNG.
    fn picture(
        &self,
        kind: lernstadt_core::render::figure::Kind,
        host: &Host,
    ) -> anyhow::Result<ExitCode> {
        let Some(indicator) = &self.indicator else {
            return Err(anyhow::Error::new(UsageError(
                t!("cli.export.chart_needs_indicator").to_owned(),
            )));
        };
        self.check_size()?;
        let store = Store::open(&self.file, OpenMode::ReadOnly, host)?;
        if kind == lernstadt_core::render::figure::Kind::Map
            && !lernstadt_core::snapshot::has_boundaries(store.conn())?
        {
            anyhow::bail!(t!("cli.export.no_boundaries"));
        }
        let request = lernstadt_core::render::figure::Request {
            indicator: indicator.clone(),
            regions: self.region.clone(),
            kind,
            period: self.period.clone(),
            width: self.width,
            height: self.height,
            text_scale: 1.0,
            title: None,
        };
        let bytes = lernstadt_core::render::figure::export_png(&store, &request, &self.out)?;
        store.close()?;
        if self.json {
            out!(
                "{}",
                serde_json::json!({ "path": self.out, "bytes": bytes, "width": self.width, "height": self.height })
            );
        } else {
            out!(
                "{}",
                t!(
                    "cli.export.chart_done",
                    path = self.out.display(),
                    width = self.width,
                    height = self.height,
                    size = i18n::format_bytes(bytes)
                )
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}
