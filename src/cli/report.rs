//! `report`: the education report as one HTML file.

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::i18n;
use lernstadt_core::store::{Host, OpenMode, Store};
use lernstadt_core::t;

use super::UsageError;

/// `lernstadt report FILE --out PATH [--goal UUID …] [--area CODE …] [--order goals|areas]
/// [--without-stakeholders] [--profiles] [--all-regions] [--json]`.
#[derive(Debug, clap::Args)]
#[allow(clippy::struct_excessive_bools)] // Reason: independent switches of the command line.
pub struct ReportCommand {
    pub file: PathBuf,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long)]
    pub goal: Vec<String>,
    #[arg(long)]
    pub area: Vec<String>,
    #[arg(long, value_enum, default_value = "goals")]
    pub order: OrderArg,
    #[arg(long)]
    pub without_stakeholders: bool,
    #[arg(long)]
    pub profiles: bool,
    #[arg(long)]
    pub all_regions: bool,
    #[arg(long)]
    pub json: bool,
}

/// The report's order on the command line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OrderArg {
    #[default]
    Goals,
    Areas,
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
        let mut areas = Vec::new();
        for area in &self.area {
            let code = area.trim();
            areas.push(
                lernstadt_core::model::EducationArea::from_code(code).ok_or_else(|| {
                    anyhow::Error::new(UsageError(t!(
                        "cli.report.unknown_area",
                        area = code,
                        areas = lernstadt_core::model::EducationArea::codes().join(", ")
                    )))
                })?,
            );
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
                areas,
                order: match self.order {
                    OrderArg::Goals => lernstadt_core::report::ReportOrder::Goals,
                    OrderArg::Areas => lernstadt_core::report::ReportOrder::Areas,
                },
                without_stakeholders: self.without_stakeholders,
                profiles: self.profiles,
                all_regions: self.all_regions,
                progress: None,
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
