//! The command line: `lernstadt [FILE]` opens the window; subcommands automate.
//!
//! Exit codes: 0 success, 1 refused input (a file that cannot be opened or written, or an
//! import that rejected rows — the good ones went in), 2 usage error. Messages go through
//! [`lernstadt_core::i18n`], like everything in the window.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use lernstadt_core::i18n::Lang;

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
mod help;
mod import;
mod project;
mod protect;
mod regions;
mod repair;
mod report;
mod run;
mod social_index;
mod undo;

pub use copies::{DiffCommand, MergeCommand, ShareCopyCommand};
pub use export::ExportCommand;
pub use help::{help_keys, localized_command};
pub use import::ImportCommand;
pub use project::{CheckCommand, DemoCommand, InfoCommand, NewCommand, UpgradeCommand};
pub use report::ReportCommand;
#[cfg(windows)]
pub use run::attach_console;
pub use run::main;

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

/// A usage error found after parsing (exit code 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

#[cfg(test)]
mod tests {
    use super::*;

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
}
