//! `lernstadt export`: the project's data as CSV or a workbook, entity lists, and charts,
//! maps and district profiles as PNG.

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
