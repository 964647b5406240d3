//! `repair`: what the window offers for a file it opens read-only (a cycle in the goal or
//! region tree, a formula that cannot be computed), from the command line — all of it in one
//! step of the history, each change said in words.

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::store::Host;
use lernstadt_core::t;

/// `lernstadt repair FILE [--dry-run] [--json]`.
#[derive(Debug, clap::Args)]
pub struct RepairCommand {
    pub file: PathBuf,
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

impl RepairCommand {
    /// Repairs the file (or, with `--dry-run`, lists what it would change) and prints each
    /// change with the problem it takes away.
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let Self {
            file,
            dry_run,
            json,
        } = self;
        let repaired = lernstadt_core::store::repair::repair(file, host, *dry_run)?;
        if *json {
            out!(
                "{}",
                serde_json::json!({ "dry_run": dry_run, "repairs": repaired })
            );
            return Ok(ExitCode::SUCCESS);
        }
        if repaired.is_empty() {
            out!("{}", t!("cli.repair.nothing", path = file.display()));
            return Ok(ExitCode::SUCCESS);
        }
        if *dry_run {
            out!("{}", t!("cli.repair.would", path = file.display()));
        } else {
            out!("{}", t!("cli.repair.done", path = file.display()));
        }
        for repair in &repaired {
            out!("  {}", repair.done);
            out!("    {}", t!("cli.repair.because", problem = repair.problem));
        }
        Ok(ExitCode::SUCCESS)
    }
}
