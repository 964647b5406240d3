//! The command line's help in the user's language: every text of the clap command through
//! the catalogue, and the keys it uses (for the catalogue test).

use clap::CommandFactory;

use lernstadt_core::i18n;
use lernstadt_core::t;

use super::Cli;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
        localized_command().debug_assert();
    }
}
