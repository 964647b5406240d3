//! `protect`: the project's rule for small counts, from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::store::{ActionKind, Host, OpenMode, Store};
use lernstadt_core::t;

use super::UsageError;

/// `lernstadt protect FILE --min-count N --indicator CODE… | --off [--json]`.
#[derive(Debug, clap::Args)]
pub struct ProtectCommand {
    pub file: PathBuf,
    #[arg(long, default_value_t = 3)]
    pub min_count: i64,
    #[arg(long)]
    pub indicator: Vec<String>,
    #[arg(long)]
    pub off: bool,
    #[arg(long)]
    pub json: bool,
}

impl ProtectCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        if !self.off && self.min_count < 2 {
            return Err(anyhow::Error::new(UsageError(
                t!("cli.protect.too_small", min = self.min_count).clone(),
            )));
        }
        let mut store = Store::open(&self.file, OpenMode::ReadWrite, host)?;
        let indicators = lernstadt_core::store::indicators::list(store.conn())?;
        if let Some(unknown) = self
            .indicator
            .iter()
            .find(|code| !indicators.iter().any(|i| &i.code == *code))
        {
            return Err(anyhow::Error::new(UsageError(t!(
                "cli.protect.unknown",
                code = unknown
            ))));
        }
        let mut project = lernstadt_core::store::project::get(store.conn())?.project;
        project.protect_min_count = (!self.off).then_some(self.min_count);
        let label = if self.off {
            t!("protect.action_off").to_owned()
        } else {
            t!("protect.action", min = self.min_count)
        };
        // One step: the rule and the indicators marked as counts.
        store.transact(ActionKind::Edit, &label, |tx| {
            tx.update(&project)?;
            for code in &self.indicator {
                if let Some(indicator) = indicators.iter().find(|i| &i.code == code)
                    && !indicator.counts
                {
                    let mut marked = indicator.clone();
                    marked.counts = true;
                    tx.update(&marked)?;
                }
            }
            Ok(())
        })?;
        let counts: Vec<String> = lernstadt_core::store::indicators::list(store.conn())?
            .into_iter()
            .filter(|i| i.counts)
            .map(|i| i.code)
            .collect();
        store.close()?;
        if self.json {
            out!(
                "{}",
                serde_json::json!({
                    "min_count": project.protect_min_count,
                    "counts": counts,
                })
            );
        } else if let Some(min) = project.protect_min_count {
            out!(
                "{}",
                t!(
                    "cli.protect.done",
                    min = min,
                    count = counts.len(),
                    codes = counts.join(", ")
                )
            );
        } else {
            out!("{}", t!("cli.protect.removed"));
        }
        Ok(ExitCode::SUCCESS)
    }
}
