//! The command line: `lernstadt [FILE]` opens the window; subcommands automate.
//!
//! Exit codes: 0 success, 1 refused input (a file that cannot be opened or written),
//! 2 usage error. Messages go through [`lernstadt_core::i18n`], like everything in the window.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use lernstadt_core::i18n::{self, Lang};
use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

/// Prints a line to standard output. When the reader has gone (`lernstadt diff … | head`),
/// the program ends quietly, as command-line tools do, instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(141);
        }
    }};
}

/// The command line.
#[derive(Debug, Parser)]
#[command(name = "lernstadt", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// The project file to open in the window.
    pub file: Option<PathBuf>,
    /// The language of messages.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Start the project's first presentation full screen.
    #[arg(long)]
    pub present: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A language on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    De,
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::De => Lang::De,
            LangArg::En => Lang::En,
        }
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    New(NewCommand),
    Demo(DemoCommand),
    Info(InfoCommand),
    Check(CheckCommand),
    Upgrade(UpgradeCommand),
    Import(ImportCommand),
    Export(ExportCommand),
    ShareCopy(ShareCopyCommand),
    Diff(DiffCommand),
    Merge(MergeCommand),
    Report(ReportCommand),
}

/// `lernstadt report FILE --out PATH [--goal UUID …] [--json]`.
#[derive(Debug, clap::Args)]
pub struct ReportCommand {
    pub file: PathBuf,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long)]
    pub goal: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

/// `lernstadt share-copy SRC DST [--without-personal-data] [--without-history] [--json]`.
#[derive(Debug, clap::Args)]
pub struct ShareCopyCommand {
    pub src: PathBuf,
    pub dst: PathBuf,
    #[arg(long)]
    pub without_personal_data: bool,
    #[arg(long)]
    pub without_history: bool,
    #[arg(long)]
    pub json: bool,
}

/// `lernstadt diff A B [--json]`.
#[derive(Debug, clap::Args)]
pub struct DiffCommand {
    pub a: PathBuf,
    pub b: PathBuf,
    #[arg(long)]
    pub json: bool,
}

/// `lernstadt merge TARGET OTHER [--json] [--dry-run]`.
#[derive(Debug, clap::Args)]
pub struct MergeCommand {
    pub target: PathBuf,
    pub other: PathBuf,
    #[arg(long)]
    pub json: bool,
    #[arg(long)]
    pub dry_run: bool,
}

/// `lernstadt export FILE WHAT --out PATH [--dialect rfc4180|excel-de] [--wide]`.
#[derive(Debug, clap::Args)]
pub struct ExportCommand {
    pub file: PathBuf,
    pub what: String,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value = "rfc4180", value_parser = ["rfc4180", "excel-de"])]
    pub dialect: String,
    #[arg(long)]
    pub wide: bool,
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
    /// For GeoJSON boundaries: the property holding the region key.
    #[arg(long)]
    pub key_property: Option<String>,
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

/// `lernstadt new FILE [--name NAME]`.
#[derive(Debug, clap::Args)]
pub struct NewCommand {
    pub file: PathBuf,
    #[arg(long)]
    pub name: Option<String>,
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

/// The clap command with every help text in the current language.
#[must_use]
pub fn localized_command() -> clap::Command {
    let mut command = Cli::command().about(t!("cli.about")).long_about(None);
    for arg in Cli::command().get_arguments() {
        let id = arg.get_id().as_str().to_owned();
        if id == "help" || id == "version" {
            continue;
        }
        command = command.mut_arg(id.clone(), |a| a.help(i18n::tr(&format!("cli.arg.{id}"))));
    }
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        command = command.mut_subcommand(name.clone(), |sub| {
            let mut sub = sub.about(i18n::tr(&format!("cli.{name}.about")));
            let ids: Vec<String> = sub
                .get_arguments()
                .map(|a| a.get_id().as_str().to_owned())
                .collect();
            for id in ids {
                if id == "help" || id == "version" || id == "lang" {
                    continue;
                }
                let key = format!("cli.{name}.{id}");
                sub = sub.mut_arg(id, |a| a.help(i18n::tr(&key)));
            }
            sub
        });
    }
    command
}

/// Every translation key the command line's help uses.
#[must_use]
pub fn help_keys() -> Vec<String> {
    let mut keys = vec!["cli.about".to_owned()];
    let command = Cli::command();
    for arg in command.get_arguments() {
        let id = arg.get_id().as_str();
        if id != "help" && id != "version" {
            keys.push(format!("cli.arg.{id}"));
        }
    }
    for sub in command.get_subcommands() {
        let name = sub.get_name();
        keys.push(format!("cli.{name}.about"));
        for arg in sub.get_arguments() {
            let id = arg.get_id().as_str();
            if id != "help" && id != "version" && id != "lang" {
                keys.push(format!("cli.{name}.{id}"));
            }
        }
    }
    keys
}

/// Runs the program: parses the command line and runs a command or opens the window.
#[must_use]
pub fn main() -> ExitCode {
    let settings = crate::settings::Settings::load();
    i18n::set_lang(settings.effective_language());
    // The language flag has to be known before the help is built.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(lang) = lang_from_args(&args) {
        i18n::set_lang(lang);
    }
    let matches = localized_command().get_matches_from(args);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    if let Some(lang) = cli.lang {
        i18n::set_lang(lang.into());
    }
    let host = settings.host();
    match run(cli, &host) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{}: {error:#}", t!("cli.error"));
            if error.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn lang_from_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    args.iter().enumerate().find_map(|(index, arg)| {
        if let Some(value) = arg.strip_prefix("--lang=") {
            Lang::from_code(value)
        } else if arg == "--lang" {
            args.get(index + 1).and_then(|value| Lang::from_code(value))
        } else {
            None
        }
    })
}

fn run(cli: Cli, host: &Host) -> anyhow::Result<ExitCode> {
    let Cli {
        file,
        lang: _,
        present,
        command,
    } = cli;
    match command {
        None => crate::app::run(file, present).map(|()| ExitCode::SUCCESS),
        Some(Command::New(command)) => command.run(host),
        Some(Command::Demo(command)) => command.run(host),
        Some(Command::Info(command)) => command.run(host),
        Some(Command::Check(command)) => command.run(host),
        Some(Command::Upgrade(command)) => command.run(host),
        Some(Command::Import(command)) => command.run(host),
        Some(Command::Export(command)) => command.run(host),
        Some(Command::ShareCopy(command)) => command.run(host),
        Some(Command::Diff(command)) => command.run(host),
        Some(Command::Merge(command)) => command.run(host),
        Some(Command::Report(command)) => command.run(host),
    }
}

impl NewCommand {
    fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self { file, name } = self;
        let name = name.clone().unwrap_or_else(|| default_name(file));
        let store = Store::create(file, &name, host)?;
        store.close()?;
        out!("{}", t!("cli.new.done", name = name, path = file.display()));
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
    fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
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
    fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
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
        let municipality = if info.region_key.is_empty() {
            info.municipality.clone()
        } else {
            format!("{} ({})", info.municipality, info.region_key)
        };
        out!("{}", info.name);
        let lines = [
            (t!("info.municipality"), municipality),
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
    fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
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
    fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
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
        })
    }

    fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self {
            file, csv, json, ..
        } = self;
        let options = self.options()?;
        let mut store = Store::open(file, OpenMode::ReadWrite, host)?;
        if let Some(reason) = store.read_only() {
            anyhow::bail!(reason.message(file));
        }
        let progress = std::sync::Arc::new(lernstadt_core::import::Progress::default());
        let report = if lernstadt_core::import::boundaries::is_geojson(csv) {
            lernstadt_core::import::boundaries::import_geojson(
                &mut store,
                csv,
                self.key_property.as_deref(),
                self.dry_run,
            )?
        } else {
            lernstadt_core::import::import_file(&mut store, csv, &options, &progress)?
        };
        store.close()?;
        if *json {
            out!("{}", serde_json::to_string_pretty(&report)?);
            return Ok(ExitCode::SUCCESS);
        }
        if let Some(detected) = &report.detected {
            out!("{}", detected.describe());
        }
        out!("{}", report.summary(&csv.display()));
        for problem in &report.problems {
            out!("  {}", problem.describe());
        }
        if report.more_problems > 0 {
            out!("  {}", t!("cli.import.more", count = report.more_problems));
        }
        Ok(ExitCode::SUCCESS)
    }
}

impl ExportCommand {
    fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
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
        let dialect = lernstadt_core::export::Dialect::from_code(dialect)
            .unwrap_or(lernstadt_core::export::Dialect::Rfc4180);
        let store = Store::open(file, OpenMode::ReadOnly, host)?;
        let written = if what == "observations" {
            if *wide {
                lernstadt_core::export::export_observations_wide(store.conn(), out, dialect)?
            } else {
                lernstadt_core::export::export_observations_long(store.conn(), out, dialect)?
            }
        } else if let Some(def) = lernstadt_core::export::entity_by_name(what) {
            lernstadt_core::export::export_entities(store.conn(), def, out, dialect)?
        } else {
            return Err(anyhow::Error::new(UsageError(t!(
                "cli.export.unknown",
                what = what,
                names = lernstadt_core::export::entity_names().join(", ")
            ))));
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
        }
        Ok(ExitCode::SUCCESS)
    }
}

impl ShareCopyCommand {
    fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let options = lernstadt_core::exchange::share::ShareOptions {
            without_personal_data: self.without_personal_data,
            without_history: self.without_history,
        };
        let report =
            lernstadt_core::exchange::share::share_copy(&self.src, &self.dst, options, host)?;
        if self.json {
            out!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            out!(
                "{}",
                t!(
                    "cli.share-copy.done",
                    path = report.path.display(),
                    size = i18n::format_bytes(report.bytes)
                )
            );
            if self.without_personal_data {
                out!(
                    "{}",
                    t!(
                        "cli.share-copy.personal",
                        values = report.personal_values_removed,
                        people = report.people_renamed
                    )
                );
            }
            if self.without_history {
                out!(
                    "{}",
                    t!("cli.share-copy.history", actions = report.actions_removed)
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    }
}

impl DiffCommand {
    fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let a = Store::open(&self.a, OpenMode::ReadOnly, host)?;
        let b = Store::open(&self.b, OpenMode::ReadOnly, host)?;
        let diff = lernstadt_core::exchange::diff::diff(&a, &b)?;
        if self.json {
            out!("{}", serde_json::to_string_pretty(&diff)?);
            return Ok(ExitCode::SUCCESS);
        }
        for line in diff.lines() {
            out!("{}{}", "  ".repeat(line.indent), line.text);
        }
        Ok(ExitCode::SUCCESS)
    }
}

impl MergeCommand {
    fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let mut target = Store::open(&self.target, OpenMode::ReadWrite, host)?;
        let other = Store::open(&self.other, OpenMode::ReadOnly, host)?;
        let options = lernstadt_core::exchange::merge::MergeOptions {
            dry_run: self.dry_run,
            ..Default::default()
        };
        let report = lernstadt_core::exchange::merge::merge(&mut target, &other, &options)?;
        other.close()?;
        target.close()?;
        if self.json {
            out!("{}", serde_json::to_string_pretty(&report)?);
            return Ok(ExitCode::SUCCESS);
        }
        let key = if self.dry_run {
            "cli.merge.dry_run_done"
        } else {
            "cli.merge.done"
        };
        out!(
            "{}",
            i18n::trf(
                key,
                &[
                    ("applied", &report.applied.len()),
                    ("observations", &report.observations_applied),
                    ("kept", &report.kept.len()),
                    ("conflicts", &report.conflicts.len()),
                ]
            )
        );
        for item in &report.applied {
            out!(
                "  + {} {}{}",
                item.entity.name,
                item.field.as_deref().map_or_else(
                    || i18n::tr(&format!("cli.merge.{}", item.change)).to_owned(),
                    |f| crate::ui::form::field_label(f).to_owned()
                ),
                item.value.as_ref().map_or_else(String::new, |v| format!(
                    " = {}",
                    lernstadt_core::exchange::value_text(v)
                ))
            );
        }
        for conflict in &report.conflicts {
            out!(
                "  ! {}",
                t!(
                    "cli.merge.conflict",
                    name = conflict.entity.name,
                    field = crate::ui::form::field_label(&conflict.field),
                    base = lernstadt_core::exchange::value_text(&conflict.base),
                    ours = lernstadt_core::exchange::value_text(&conflict.ours),
                    theirs = lernstadt_core::exchange::value_text(&conflict.theirs)
                )
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}

impl ReportCommand {
    fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let mut goals = Vec::new();
        for goal in &self.goal {
            let uuid = uuid::Uuid::parse_str(goal.trim()).map_err(|_| {
                anyhow::Error::new(UsageError(t!("cli.report.bad_goal", goal = goal)))
            })?;
            goals.push(uuid);
        }
        let store = Store::open(&self.file, OpenMode::ReadOnly, host)?;
        for goal in &goals {
            if lernstadt_core::store::entity::id_of(
                store.conn(),
                lernstadt_core::model::meta::EntityKind::Goal,
                &goal.to_string(),
            )?
            .is_none()
            {
                return Err(anyhow::Error::new(UsageError(t!(
                    "cli.report.unknown_goal",
                    goal = goal
                ))));
            }
        }
        let summary = lernstadt_core::report::write_report(
            &store,
            &self.out,
            &lernstadt_core::report::ReportOptions { goals },
        )?;
        store.close()?;
        if self.json {
            out!("{}", serde_json::to_string_pretty(&summary)?);
        } else {
            out!(
                "{}",
                t!(
                    "cli.report.done",
                    path = summary.path.display(),
                    size = i18n::format_bytes(summary.bytes),
                    goals = summary.goals,
                    charts = summary.charts
                )
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}

impl ExportCommand {
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
        if !(16..=8000).contains(&self.width) || !(16..=8000).contains(&self.height) {
            return Err(anyhow::Error::new(UsageError(
                t!("cli.export.chart_size").to_owned(),
            )));
        }
        let store = Store::open(&self.file, OpenMode::ReadOnly, host)?;
        if kind == lernstadt_core::render::figure::Kind::Map {
            let shapes: Vec<lernstadt_core::model::RegionShape> =
                lernstadt_core::store::entity::list(store.conn())?;
            if shapes.is_empty() {
                anyhow::bail!(t!("cli.export.no_boundaries"));
            }
        }
        let request = lernstadt_core::render::figure::Request {
            indicator: indicator.clone(),
            regions: self.region.clone(),
            kind,
            period: self.period.clone(),
            width: self.width,
            height: self.height,
            text_scale: 1.0,
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

/// A usage error found after parsing (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
        localized_command().debug_assert();
    }

    #[test]
    fn lang_is_found_before_parsing() {
        let args: Vec<std::ffi::OsString> = ["lernstadt", "info", "x", "--lang", "de"]
            .iter()
            .map(Into::into)
            .collect();
        assert_eq!(lang_from_args(&args), Some(Lang::De));
        let args: Vec<std::ffi::OsString> =
            ["lernstadt", "--lang=en"].iter().map(Into::into).collect();
        assert_eq!(lang_from_args(&args), Some(Lang::En));
    }
}
