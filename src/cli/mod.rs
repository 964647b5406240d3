//! The command line: `lernstadt [FILE]` opens the window; subcommands automate.
//!
//! Exit codes: 0 success, 1 refused input (a file that cannot be opened or written, or an
//! import that rejected rows — the good ones went in), 2 usage error. Messages go through
//! [`lernstadt_core::i18n`], like everything in the window.

use std::path::PathBuf;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use lernstadt_core::i18n::{self, Lang};

use lernstadt_core::store::Host;

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
#[command(name = "lernstadt", version)]
pub struct Cli {
    /// The project file to open in the window.
    pub file: Option<PathBuf>,
    /// The language of messages.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Start the project's first presentation full screen.
    #[arg(long)]
    pub present: bool,
    /// How to draw the window: auto (the one that worked last, else wgpu, falling back to
    /// the other), wgpu or glow.
    #[arg(long, value_enum, default_value = "auto")]
    pub renderer: RendererArg,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// A renderer on the command line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum RendererArg {
    #[default]
    Auto,
    Wgpu,
    Glow,
}

/// A language on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum LangArg {
    De,
    En,
}

mod copies;
mod derive;
mod export;
mod fetch;
mod import;
mod project;
mod protect;
mod regions;
mod repair;
mod report;
mod social_index;
mod undo;

pub use copies::{DiffCommand, MergeCommand, ShareCopyCommand};
pub use export::ExportCommand;
pub use import::ImportCommand;
pub use project::{CheckCommand, DemoCommand, InfoCommand, NewCommand, UpgradeCommand};
pub use report::ReportCommand;

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
    Repair(repair::RepairCommand),
    Import(ImportCommand),
    Fetch(fetch::FetchCommand),
    Refresh(fetch::RefreshCommand),
    Login(fetch::LoginCommand),
    Export(ExportCommand),
    ShareCopy(ShareCopyCommand),
    Diff(DiffCommand),
    Merge(MergeCommand),
    Report(ReportCommand),
    Derive(derive::DeriveCommand),
    SocialIndex(social_index::SocialIndexCommand),
    Protect(protect::ProtectCommand),
    Regions(regions::RegionsCommand),
    Undo(undo::UndoCommand),
    Redo(undo::UndoCommand),
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

/// On Windows: attaches to the console the program was started from, if there is one (a
/// release build is a window program and has none of its own).
#[cfg(windows)]
#[allow(unsafe_code)] // The one Windows call for it.
pub fn attach_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole takes a process id and touches no memory of ours; when there is
    // no console to attach to (started from the desktop) it fails, which is fine.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

/// Runs the program: parses the command line and runs a command or opens the window.
#[must_use]
pub fn main() -> ExitCode {
    crate::logging::init(&crate::settings::data_dir());
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
    if cli.command.is_some()
        && let Some(problem) = &settings.problem
    {
        eprintln!("{problem}");
    }
    match run(cli, &settings, &host) {
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

/// Runs a command, or opens the window with the settings already read.
fn run(cli: Cli, settings: &crate::settings::Settings, host: &Host) -> anyhow::Result<ExitCode> {
    let Cli {
        file,
        lang: _,
        present,
        renderer,
        command,
    } = cli;
    match command {
        None => {
            let renderer = match renderer {
                RendererArg::Auto => None,
                RendererArg::Wgpu => Some(crate::settings::Renderer::Wgpu),
                RendererArg::Glow => Some(crate::settings::Renderer::Glow),
            };
            crate::app::run(file, present, renderer, settings).map(|()| ExitCode::SUCCESS)
        }
        Some(Command::New(command)) => command.run(host),
        Some(Command::Demo(command)) => command.run(host),
        Some(Command::Info(command)) => command.run(host),
        Some(Command::Check(command)) => command.run(host),
        Some(Command::Upgrade(command)) => command.run(host),
        Some(Command::Repair(command)) => command.run(host),
        Some(Command::Import(command)) => command.run(host),
        Some(Command::Fetch(command)) => command.run(host),
        Some(Command::Refresh(command)) => command.run(host),
        Some(Command::Login(command)) => command.run(),
        Some(Command::Export(command)) => command.run(host),
        Some(Command::ShareCopy(command)) => command.run(host),
        Some(Command::Diff(command)) => command.run(host),
        Some(Command::Merge(command)) => command.run(host),
        Some(Command::Report(command)) => command.run(host),
        Some(Command::Derive(command)) => command.run(host),
        Some(Command::SocialIndex(command)) => command.run(host),
        Some(Command::Protect(command)) => command.run(host),
        Some(Command::Regions(command)) => command.run(host),
        Some(Command::Undo(command)) => command.run(host, true),
        Some(Command::Redo(command)) => command.run(host, false),
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

    /// `--lang` anywhere on the line; a file alone opens the window.
    #[test]
    fn lang_goes_before_or_after_the_command() {
        for args in [
            ["lernstadt", "--lang", "de", "info", "p.lernstadt"],
            ["lernstadt", "info", "p.lernstadt", "--lang", "de"],
            ["lernstadt", "info", "--lang", "de", "p.lernstadt"],
        ] {
            let cli = Cli::try_parse_from(args).expect("parsed");
            assert!(matches!(cli.command, Some(Command::Info(_))), "{args:?}");
            assert!(matches!(cli.lang, Some(LangArg::De)), "{args:?}");
        }
        let cli = Cli::try_parse_from(["lernstadt", "--present", "p.lernstadt"]).expect("parsed");
        assert!(cli.command.is_none() && cli.present);
        assert_eq!(
            cli.file.as_deref(),
            Some(std::path::Path::new("p.lernstadt"))
        );
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
