//! `undo` and `redo`: the window's Undo and Redo from the command line (a script that
//! imported the wrong file takes it back the same way, as one new step of the history).

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

/// `lernstadt undo|redo FILE [--json]`.
#[derive(Debug, clap::Args)]
pub struct UndoCommand {
    pub file: PathBuf,
    #[arg(long)]
    pub json: bool,
}

impl UndoCommand {
    /// Undoes (`undo`) or redoes the last step; exit code 1 when there is none.
    pub(super) fn run(&self, host: &Host, undo: bool) -> anyhow::Result<ExitCode> {
        let mut store = Store::open(&self.file, OpenMode::ReadWrite, host)?;
        let done = if undo { store.undo()? } else { store.redo()? };
        store.close()?;
        let Some(action) = done else {
            let nothing = if undo {
                t!("cli.undo.nothing")
            } else {
                t!("cli.redo.nothing")
            };
            if self.json {
                out!("{}", serde_json::json!({ "done": null }));
            } else {
                eprintln!("{nothing}");
            }
            return Ok(ExitCode::from(1));
        };
        if self.json {
            out!(
                "{}",
                serde_json::json!({
                    "done": if undo { "undo" } else { "redo" },
                    "label": action.label,
                    "kind": action.kind.code(),
                    "author": action.author,
                    "at": lernstadt_core::i18n::local_rfc3339(&action.at),
                })
            );
        } else if undo {
            out!("{}", t!("app.undone", label = action.label));
        } else {
            out!("{}", t!("app.redone", label = action.label));
        }
        Ok(ExitCode::SUCCESS)
    }
}
