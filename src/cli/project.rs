//! Commands on a project file as a whole: `new`, `demo`, `info`, `check`, `upgrade`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lernstadt_core::i18n;
use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

/// `lernstadt new FILE [--name NAME]`.
#[derive(Debug, clap::Args)]
pub struct NewCommand {
    pub file: PathBuf,
    #[arg(long)]
    pub name: Option<String>,
    /// The official key of the project's region (my region).
    #[arg(long)]
    pub region: Option<String>,
    /// The municipality's name.
    #[arg(long)]
    pub municipality: Option<String>,
}

/// `lernstadt demo FILE`.
#[derive(Debug, clap::Args)]
pub struct DemoCommand {
    pub file: PathBuf,
}

/// `lernstadt info FILE [--json]`.
#[derive(Debug, clap::Args)]
pub struct InfoCommand {
    pub file: PathBuf,
    #[arg(long)]
    pub json: bool,
}

/// `lernstadt check FILE [--json]`.
#[derive(Debug, clap::Args)]
pub struct CheckCommand {
    pub file: PathBuf,
    #[arg(long)]
    pub json: bool,
}

/// `lernstadt upgrade FILE`.
#[derive(Debug, clap::Args)]
pub struct UpgradeCommand {
    pub file: PathBuf,
}

impl NewCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self {
            file,
            name,
            region,
            municipality,
        } = self;
        let name = name.clone().unwrap_or_else(|| default_name(file));
        let region = region.as_deref().map(str::trim).unwrap_or_default();
        if let Some(problem) = lernstadt_core::model::validate::region_key(region) {
            anyhow::bail!("{problem}");
        }
        let new = lernstadt_core::store::project::NewProject {
            name: name.clone(),
            region_key: region.to_owned(),
            municipality: municipality.clone().unwrap_or_default(),
        };
        let store = Store::create_for(file, &new, host)?;
        store.close()?;
        out!("{}", t!("cli.new.done", name = name, path = file.display()));
        if let Some(official) = lernstadt_core::model::official_regions::name(region) {
            out!(
                "{}",
                t!(
                    "cli.new.done_region_official",
                    name = official,
                    key = region
                )
            );
        } else if !region.is_empty() {
            out!("{}", t!("cli.new.done_region", key = region));
        }
        Ok(ExitCode::SUCCESS)
    }
}

fn default_name(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| t!("project.untitled").to_owned())
}

impl DemoCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self { file } = self;
        let store = lernstadt_core::demo::create(file, host)?;
        let counts = lernstadt_core::store::counts::counts(store.conn())?;
        store.close()?;
        out!(
            "{}",
            t!(
                "cli.demo.done",
                path = file.display(),
                observations = i18n::format_int(counts.observations)
            )
        );
        Ok(ExitCode::SUCCESS)
    }
}

impl InfoCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self { file, json } = self;
        let info = lernstadt_core::store::inspect::info(file, host)?;
        if let Some(message) = &info.read_only {
            eprintln!("{message}");
        }
        if *json {
            out!("{}", serde_json::to_string_pretty(&info)?);
            return Ok(ExitCode::SUCCESS);
        }
        let c = &info.counts;
        out!("{}", info.name);
        let region = match (&info.region_name, info.region_key.as_str()) {
            (_, "") => t!("info.region_none").to_owned(),
            (Some(name), key) => format!("{name} ({key})"),
            (None, key) => match lernstadt_core::model::official_regions::name(key) {
                Some(name) => t!("info.region_official", name = name, key = key),
                None => t!("info.region_not_yet", key = key),
            },
        };
        let lines = [
            (t!("info.municipality"), info.municipality.clone()),
            (t!("info.region"), region),
            (t!("info.file"), info.path.display().to_string()),
            (
                t!("info.file_size"),
                i18n::format_bytes(info.file_size_bytes),
            ),
            (t!("info.schema_version"), info.schema_version.to_string()),
            (
                t!("info.modified"),
                format!(
                    "{} ({})",
                    i18n::format_timestamp(&info.modified_at),
                    info.modified_by
                ),
            ),
            (t!("entity.stakeholder"), i18n::format_int(c.stakeholders)),
            (
                t!("entity.working_group"),
                i18n::format_int(c.working_groups),
            ),
            (t!("entity.goal"), i18n::format_int(c.goals)),
            (t!("entity.measure"), i18n::format_int(c.measures)),
            (t!("entity.indicator"), i18n::format_int(c.indicators)),
            (t!("entity.region"), i18n::format_int(c.regions)),
            (t!("entity.period"), i18n::format_int(c.periods)),
            (t!("info.observations"), i18n::format_int(c.observations)),
            (t!("info.actions"), i18n::format_int(c.actions)),
        ];
        let held = (c.held_for_redo > 0).then(|| {
            (
                t!("info.held_for_redo").to_owned(),
                i18n::format_int(c.held_for_redo),
            )
        });
        let lines: Vec<(String, String)> = lines
            .into_iter()
            .map(|(label, value)| (label.to_string(), value))
            .chain(held)
            .filter(|(_, value)| !value.is_empty())
            .collect();
        let width = lines
            .iter()
            .map(|(label, _)| label.chars().count())
            .max()
            .unwrap_or(0);
        for (label, value) in lines {
            out!("  {label:<width$}  {value}");
        }
        Ok(ExitCode::SUCCESS)
    }
}

impl CheckCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self { file, json } = self;
        let report = lernstadt_core::store::inspect::check(file, host)?;
        if *json {
            out!("{}", serde_json::to_string_pretty(&report)?);
        } else if report.ok {
            out!(
                "{}",
                t!(
                    "check.ok",
                    path = file.display(),
                    version = report.schema_version,
                    stakeholders = i18n::format_int(report.counts.stakeholders),
                    indicators = i18n::format_int(report.counts.indicators),
                    observations = i18n::format_int(report.counts.observations)
                )
            );
        } else {
            eprintln!("{}", t!("check.failed", path = file.display()));
            for problem in &report.problems {
                eprintln!("  {problem}");
            }
        }
        Ok(if report.ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        })
    }
}

impl UpgradeCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self { file } = self;
        let store = Store::open(file, OpenMode::ReadWrite, host)?;
        if let Some(reason) = store.read_only() {
            anyhow::bail!(reason.message(file));
        }
        let notes = store.notes().clone();
        store.close()?;
        if let (Some(from), Some(backup)) = (notes.migrated_from, notes.backup) {
            out!(
                "{}",
                t!(
                    "cli.upgrade.done",
                    path = file.display(),
                    from = from,
                    to = lernstadt_core::store::SCHEMA_VERSION,
                    backup = backup.display()
                )
            );
        } else {
            out!(
                "{}",
                t!(
                    "cli.upgrade.current",
                    path = file.display(),
                    version = lernstadt_core::store::SCHEMA_VERSION
                )
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}
