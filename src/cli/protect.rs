//! `protect`: the project's rule for small counts, from the command line.

use std::path::PathBuf;
use std::process::ExitCode;

use lernstadt_core::published::{self, Rule, UnknownSum};
use lernstadt_core::store::{ActionKind, Host, OpenMode, Store};
use lernstadt_core::t;

use super::UsageError;

/// `lernstadt protect FILE --min-count N --indicator CODE… [--link-sums] | --off [--json]`.
#[derive(Debug, clap::Args)]
pub struct ProtectCommand {
    pub file: PathBuf,
    #[arg(long, default_value_t = 3)]
    pub min_count: i64,
    #[arg(long)]
    pub indicator: Vec<String>,
    #[arg(long)]
    pub off: bool,
    #[arg(long, conflicts_with = "off")]
    pub link_sums: bool,
    #[arg(long)]
    pub json: bool,
}

impl ProtectCommand {
    pub(super) fn run(&self, host: &Host) -> anyhow::Result<ExitCode> {
        let range = lernstadt_core::model::protect::MIN_COUNT_RANGE;
        if !self.off && self.min_count < *range.start() {
            return Err(anyhow::Error::new(UsageError(
                t!("cli.protect.too_small", min = self.min_count).clone(),
            )));
        }
        if !self.off && self.min_count > *range.end() {
            return Err(anyhow::Error::new(UsageError(t!(
                "cli.protect.too_large",
                min = self.min_count,
                max = range.end()
            ))));
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
        let stored_min = project.protect_min_count;
        project.protect_min_count = (!self.off).then_some(self.min_count);
        let rule_changes = stored_min != project.protect_min_count
            || indicators
                .iter()
                .any(|i| !i.counts && self.indicator.contains(&i.code));
        // The sums the tree does not know, among the indicators counted after this step.
        let rule = Rule {
            min: self.min_count,
            counts: indicators
                .iter()
                .filter(|i| i.counts || self.indicator.contains(&i.code))
                .map(|i| i.code.clone())
                .collect(),
        };
        let found = if self.off {
            Vec::new()
        } else {
            published::unknown_sums(store.conn(), &rule)?
        };
        let linked: &[UnknownSum] = if self.link_sums { &found } else { &[] };
        let rule_label = if self.off {
            t!("protect.action_off").to_owned()
        } else {
            t!("protect.action", min = self.min_count)
        };
        // The history names what the step changes: the rule, the regions linked, or both.
        let label = (rule_changes || linked.is_empty())
            .then_some(rule_label)
            .into_iter()
            .chain(linked.iter().map(UnknownSum::action_label))
            .collect::<Vec<_>>()
            .join("; ");
        // One step: the rule, the indicators marked as counts and the regions linked.
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
            for sum in linked {
                let parts: Vec<uuid::Uuid> = sum.parts.iter().map(|p| p.uuid).collect();
                lernstadt_core::store::regions::make_parts(tx, sum.total.uuid, &parts)?;
            }
            Ok(())
        })?;
        let counts: Vec<String> = lernstadt_core::store::indicators::list(store.conn())?
            .into_iter()
            .filter(|i| i.counts)
            .map(|i| i.code)
            .collect();
        let left = match published::rule(store.conn())? {
            Some(rule) => published::unknown_sums(store.conn(), &rule)?,
            None => Vec::new(),
        };
        store.close()?;
        if self.json {
            out!(
                "{}",
                serde_json::json!({
                    "min_count": project.protect_min_count,
                    "counts": counts,
                    "sums": left.iter().map(sum_json).collect::<Vec<_>>(),
                    "linked": linked.iter().map(sum_json).collect::<Vec<_>>(),
                })
            );
            return Ok(ExitCode::SUCCESS);
        }
        if let Some(min) = project.protect_min_count {
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
        for sum in linked {
            out!(
                "{}",
                t!(
                    "cli.protect.linked",
                    total = sum.total.name,
                    parts = sum.parts.len()
                )
            );
        }
        if self.link_sums && linked.is_empty() {
            out!("{}", t!("cli.protect.no_sums"));
        }
        for sum in &left {
            out!("{}", sum.question());
            out!(
                "  {}",
                t!("cli.protect.sum_hint", file = self.file.display())
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// A found sum for `--json`: the total's key and name, the parts' keys, and each
/// indicator's periods.
fn sum_json(sum: &UnknownSum) -> serde_json::Value {
    serde_json::json!({
        "total": sum.total.key,
        "total_name": sum.total.name,
        "parts": sum.parts.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(),
        "indicators": sum.indicators.iter().map(|s| serde_json::json!({
            "code": s.code,
            "periods_held": s.periods_held,
            "periods": s.periods,
        })).collect::<Vec<_>>(),
    })
}
