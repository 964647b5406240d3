//! Running the program: the language known before the help is built, the command line
//! parsed, a command run or the window opened, the exit code; on Windows the console the
//! program was started from attached.

use std::process::ExitCode;

use clap::FromArgMatches;

use lernstadt_core::i18n::{self, Lang};
use lernstadt_core::store::Host;
use lernstadt_core::t;

use super::{Cli, Command, RendererArg, UsageError, localized_command};

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
            eprintln!("{}: {}", t!("cli.error"), said(&error));
            if error.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// An error and its causes on one line, each said once: a message that already gives its
/// cause's words (`x.csv could not be read: No such file …`) is not followed by them again.
fn said(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let words = cause.to_string();
        if !text.contains(&words) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&words);
        }
    }
    text
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cause_is_said_once() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        let read = lernstadt_core::import::ImportError::Read {
            path: "x.csv".into(),
            source: missing,
        };
        let text = said(&anyhow::Error::new(read));
        let cause = std::io::Error::from(std::io::ErrorKind::NotFound).to_string();
        assert_eq!(text.matches(&cause).count(), 1, "{text}");
        let wrapped = anyhow::anyhow!("inner").context("outer");
        assert_eq!(
            said(&wrapped),
            "outer: inner",
            "a context and its cause both said"
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
