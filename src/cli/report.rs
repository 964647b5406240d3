//! `report`: the education report as one HTML file.

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::i18n;
use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

use super::UsageError;

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

impl ReportCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
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
            &lernstadt_core::report::ReportOptions {
                goals,
                ..lernstadt_core::report::ReportOptions::default()
            },
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
